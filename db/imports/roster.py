"""A roster import's plan (the households and people a workbook would create or update) and its apply.

forms.roster_import reads the workbook and makes the plan without writing, so the dialog can preview it;
apply_plan writes the whole plan in one transaction through db.changes, so a cancel or a crash leaves the
database as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from db import changes
from db.bulk import collector_paused
from db.connection import backup_open_database
from db.imports.rows import RowAccount, RowIssue, RowsRead, in_file_order, refused_accounts
from db.models import Grid, Household, Person
from db.progress import Progress, check_cancelled
from db.queries.village import taken_household_numbers
from db.rules.household_numbers import NumberAllocator
from db.session import Can

#: How a new household was recognised (the first part of its key in the plan), for the summary.
RECOGNISED_BY = {"number": "按户号", "door": "按组别+门牌号", "head": "按组别+户主", "row": "按“户主”行"}


@dataclass(slots=True)
class PlannedPerson:
    """A row's person: new, or the roster's person it is (existing_id), with the row's values."""

    sheet: str
    row: int
    values: dict[str, Any]
    existing_id: int | None = None


@dataclass(slots=True)
class PlannedHousehold:
    """A household of the file: new, or the roster's (existing_id), with the people of its rows."""

    values: dict[str, Any]
    existing_id: int | None = None
    members: list[PlannedPerson] = field(default_factory=list)
    #: Households of the ledger it may be when its door or head is shared: chosen by its members (forms' planner).
    candidates: list[int] = field(default_factory=list)

    @property
    def to_write(self) -> bool:
        """An existing household is updated; a new one is created only if someone new lives in it."""
        return self.existing_id is not None or any(p.existing_id is None for p in self.members)


@dataclass
class ImportPlan(RowsRead):
    """What importing a roster workbook would do, worked out without writing (forms.roster_import.plan_import)."""

    households: list[PlannedHousehold] = field(default_factory=list)
    refused: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    merged: int = 0
    new_grids: list[str] = field(default_factory=list)
    #: (sheet, row, name) of rows that are a person an earlier row of the file already names.
    merged_rows: list[tuple[str, int, str]] = field(default_factory=list)
    #: Households by how they were recognised (a key of RECOGNISED_BY), and rows that had nothing to tell
    #: their household by and went to the household of the row above.
    recognised: Counter[str] = field(default_factory=Counter)
    rows_with_household_above: int = 0
    #: The words of choice columns that were not our values, counted (forms.choice_words.ChoiceTally, set by
    #: the planner: forms.choice_words.choice_groups reads it for the preview; applying does not need it).
    choices: Any = None
    #: changes.ledger_version() when planning began: apply_plan writes the plan only if it is still so.
    ledger_version: int | None = None

    @property
    def new_households(self) -> int:
        return sum(1 for h in self.households if h.existing_id is None and h.to_write)

    @property
    def new_people(self) -> int:
        return sum(1 for h in self.households for p in h.members if p.existing_id is None)

    @property
    def refused_rows(self) -> int:
        return len({(i.sheet, i.row) for i in self.refused})

    @property
    def accounted(self) -> list[RowAccount]:
        """Every non-blank row read, with its outcome, in the file's order (made when asked, not held)."""
        rows = [
            RowAccount(p.sheet, p.row, "created" if p.existing_id is None else "updated", name=p.values["name"])
            for h in self.households
            for p in h.members
        ]
        rows += [
            RowAccount(sheet, row, "merged", "与表中前面的行是同一人", name) for sheet, row, name in self.merged_rows
        ]
        rows += refused_accounts(self.refused)
        rows += [RowAccount(sheet, row, "skipped", reason) for sheet, row, reason in self.skipped_rows]
        return in_file_order(rows, self.sheets)

    def outcome_counts(self) -> Counter[str]:
        updated = sum(1 for h in self.households for p in h.members if p.existing_id is not None)
        return Counter(
            {
                "created": self.new_people,
                "updated": updated,
                "merged": len(self.merged_rows),
                "refused": self.refused_rows,
                "skipped": len(self.skipped_rows),
            }
        )

    def households_recognised(self) -> str:
        """How the households were told apart, in one sentence."""
        parts = [f"{RECOGNISED_BY[k]} {n} 户" for k, n in self.recognised.items() if n]
        text = "户的识别：" + ("、".join(parts) if parts else "无")
        if self.rows_with_household_above:
            text += f"；{self.rows_with_household_above} 行没有户号、门牌号和户主，归入上一行的户"
        return text


@dataclass
class ImportResult:
    """What apply_plan wrote, with the plan it wrote (its rows' accounting, for the report)."""

    created_households: int
    created_people: int
    merged: int
    refused_rows: int
    plan: ImportPlan

    def summary(self) -> str:
        return (
            f"新建 {self.created_households} 户、{self.created_people} 人；合并 {self.merged} 人；"
            f"未导入 {self.refused_rows} 行；跳过 {len(self.plan.skipped_rows)} 行（不是数据）"
        )


@collector_paused()
def apply_plan(plan: ImportPlan, source: str, progress: Progress | None = None) -> ImportResult:
    """Back up the file, then write the plan in one transaction; a cancel leaves nothing written.

    The plan is completed in place as it is written (households' new ids and numbers), so it is spent:
    after a cancel, plan again. A plan made before the ledger last changed (another window's or program's
    import, a save) is refused with PlanOutdated before anything is written: it may add people twice.
    """
    if plan.ledger_version is not None:
        changes.require_unchanged(plan.ledger_version)  # early, so an outdated plan makes no backup
    backup_open_database("before-import")
    with changes.transaction(f"导入花名册：{source}", needs=Can.IMPORT, unchanged_since=plan.ledger_version) as cs:
        grid_ids, grid_order = _grids(cs, plan.new_grids)
        households = [h for h in plan.households if h.to_write]
        new_households = _update_households(cs, households, grid_ids, grid_order)
        check_cancelled(progress)
        household_rows = ({**h.values, "grid": grid_ids[h.values["grid_name"]]} for h in new_households)
        household_ids = cs.bulk_create(Household, household_rows)
        for h, new_id in zip(new_households, household_ids, strict=True):
            h.existing_id = new_id
        for p in (p for h in households for p in h.members if p.existing_id is not None):
            cs.update(Person.get_by_id(p.existing_id), p.values)
        check_cancelled(progress)
        people_ids = cs.bulk_create(Person, _new_people(households, grid_order, progress))
        check_cancelled(progress)
        cs.note(
            "import",
            "person",
            {
                "source": source,
                "households": len(household_ids),
                "people": len(people_ids),
                "merged": plan.merged,
                "refused_rows": plan.refused_rows,
            },
        )
    return ImportResult(len(household_ids), len(people_ids), plan.merged, plan.refused_rows, plan)


def _grids(cs: changes.ChangeSet, new_grids: Iterable[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Each grid's id and sort order by its name, the plan's new grids created (after the others)."""
    grid_rows: Iterable[tuple[int, str, int]] = Grid.select(Grid.id, Grid.name, Grid.sort_order).tuples()  # type: ignore[assignment]
    grid_ids: dict[str, int] = {}
    grid_order: dict[str, int] = {}
    for grid_id, name, order in grid_rows:
        grid_ids[name], grid_order[name] = grid_id, order
    for name in new_grids:
        order = max(grid_order.values(), default=0) + 1
        grid_ids[name], grid_order[name] = cs.create(Grid, {"name": name, "sort_order": order}).id, order
    return grid_ids, grid_order


def _update_households(
    cs: changes.ChangeSet, households: list[PlannedHousehold], grid_ids: dict[str, int], grid_order: dict[str, int]
) -> list[PlannedHousehold]:
    """Write the file's values into the roster's households the plan found; the new ones, numbered, are returned."""
    numbers = NumberAllocator(taken_household_numbers())
    new_households: list[PlannedHousehold] = []
    for h in households:
        values = {k: v for k, v in h.values.items() if k != "grid_name" and v not in ("", None)}
        values["grid"] = grid_ids[h.values["grid_name"]]
        if h.existing_id is not None:
            household = Household.get_by_id(h.existing_id)
            h.values["number"] = household.number  # (found by its door or head: the file may give none)
            cs.update(household, values)
            continue
        h.values["number"] = h.values.get("number") or numbers.next(grid_order[h.values["grid_name"]])
        new_households.append(h)
    return new_households


def _new_people(
    households: list[PlannedHousehold], grid_order: dict[str, int], progress: Progress | None
) -> Iterator[dict[str, Any]]:
    """Rows for the people to create, with their stored search columns; generated as they are written, and
    let go once written (the plan's own values stay as they are: a big import holds 25 MB less)."""
    for index, h in enumerate(households):
        if index % 1000 == 0:
            check_cancelled(progress)
        grid = h.values["grid_name"]
        keys = changes.MemberKeys(h.values["number"], grid, h.values.get("door_no", ""), grid_order[grid])
        for p in h.members:
            if p.existing_id is not None:
                continue
            yield {**p.values, "household": h.existing_id, **keys.of(p.values)}
