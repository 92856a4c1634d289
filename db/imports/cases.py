"""A quarantine-ledger import's plan (the cases a village's own Excel ledger would open) and its apply.

forms.case_import reads the ledger and makes the plan without writing, so the dialog can preview it;
apply_case_plan backs the database file up and writes the whole plan in one transaction through
db.changes, so a cancel or a crash leaves the ledger as it was. Each case opens as 登记管控 opens one
(db.quarantine_actions.open_case_in); a visitor the roster lacks is added as 暂住 in the 外来暂住人员
household of their grid.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db import changes
from db.bulk import collector_paused
from db.connection import backup_open_database
from db.imports.rows import RowAccount, RowIssue, RowsRead, in_file_order, refused_accounts
from db.models import Grid, Household, Person
from db.models.household import HouseholdKind
from db.models.quarantine import STATUS_AFTER, CaseStatus, EventKind
from db.progress import Progress, check_cancelled
from db.quarantine_actions import next_seal_number, open_case_in
from db.queries.village import taken_household_numbers
from db.rules.household_numbers import NumberAllocator
from db.session import Can

VISITOR_HEAD = "外来暂住人员"
VISITOR_DOOR = "暂住"
ALREADY_REGISTERED = "已登记，跳过"
END_REASON = "按原台账导入"


@dataclass
class PlannedCase:
    """One case to open: whose (a roster person or a visitor to add), under which policy, its end if over."""

    sheet: str
    row: int
    name: str
    values: dict[str, Any]
    policy_id: int
    policy_name: str
    stages: str
    count_from: str
    person_id: int | None = None
    #: A visitor's roster fields, and the grid whose 外来暂住人员 household takes them.
    visitor: dict[str, Any] | None = None
    grid: str = ""
    #: (event, date) for a case the ledger says is already over.
    ended: tuple[EventKind, date] | None = None

    @property
    def status(self) -> str:
        return (STATUS_AFTER[self.ended[0]] if self.ended else CaseStatus.ACTIVE).value


@dataclass
class CaseImportPlan(RowsRead):
    """What importing a quarantine ledger would do, worked out without writing (forms.case_import)."""

    cases: list[PlannedCase] = field(default_factory=list)
    refused: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    #: Rows already in the ledger (same person, same start date).
    skipped: int = 0
    new_grids: list[str] = field(default_factory=list)
    #: The words of choice columns that were not our values, counted (forms.choice_words.ChoiceTally, set by
    #: the planner: forms.choice_words.choice_groups reads it for the preview; applying does not need it).
    choices: Any = None
    #: (sheet, row, name) of the rows already in the ledger.
    unchanged_rows: list[tuple[str, int, str]] = field(default_factory=list)
    #: changes.ledger_version() when planning began: apply_case_plan writes the plan only if it is still so.
    ledger_version: int | None = None

    @property
    def new_cases(self) -> int:
        return len(self.cases)

    @property
    def new_people(self) -> int:
        return sum(1 for c in self.cases if c.visitor is not None)

    @property
    def ended(self) -> int:
        return sum(1 for c in self.cases if c.ended is not None)

    @property
    def refused_rows(self) -> int:
        return len({(i.sheet, i.row) for i in self.refused})

    @property
    def accounted(self) -> list[RowAccount]:
        """Every non-blank row read, with its outcome, in the file's order."""
        rows = [RowAccount(c.sheet, c.row, "created", name=c.name) for c in self.cases]
        rows += [
            RowAccount(sheet, row, "unchanged", ALREADY_REGISTERED, name) for sheet, row, name in self.unchanged_rows
        ]
        rows += refused_accounts(self.refused)
        rows += [RowAccount(sheet, row, "skipped", reason) for sheet, row, reason in self.skipped_rows]
        return in_file_order(rows, self.sheets)

    def outcome_counts(self) -> Counter[str]:
        return Counter(
            {
                "created": len(self.cases),
                "unchanged": len(self.unchanged_rows),
                "refused": self.refused_rows,
                "skipped": len(self.skipped_rows),
            }
        )

    @property
    def policies(self) -> dict[str, int]:
        """Policy name → how many of the new cases it counts."""
        return dict(Counter(c.policy_name for c in self.cases))

    def preview(self) -> str:
        """What importing would do, in one sentence for the dialog."""
        ended = f"（其中已结束 {self.ended} 个）" if self.ended else ""
        policies = "、".join(f"{name} {n} 人" for name, n in self.policies.items())
        grids = f"；新建网格：{'、'.join(self.new_grids)}" if self.new_grids else ""
        return (
            f"{self.describe_rows()}。\n将新建 {self.new_cases} 个管控对象{ended}、"
            f"加入花名册 {self.new_people} 人（暂住）；"
            f"已登记跳过 {self.skipped} 行；未导入 {self.refused_rows} 行；提示 {len(self.warnings)} 条"
            + (f"；按政策：{policies}" if policies else "")
            + grids
            + "。"
            + "".join(f"\n注意：{note}" for note in self.notes)
        )


@dataclass
class CaseImportResult:
    """What apply_case_plan wrote, with the plan it wrote (its rows' accounting, for the report)."""

    created_cases: int
    created_people: int
    skipped: int
    refused_rows: int
    plan: CaseImportPlan

    def summary(self) -> str:
        return (
            f"新建 {self.created_cases} 个管控对象、加入花名册 {self.created_people} 人（暂住）、"
            f"未导入 {self.refused_rows} 行"
        )


class VisitorHouseholds:
    """The 外来暂住人员 household of each grid, found or made (with its grid) inside the import's transaction."""

    def __init__(self, cs: changes.ChangeSet) -> None:
        self.cs = cs
        self.ids: dict[str, int] = {}
        self.numbers = NumberAllocator(taken_household_numbers())

    def of(self, grid_name: str) -> int:
        if grid_name not in self.ids:
            grid = Grid.get_or_none(Grid.name == grid_name)
            if grid is None:
                order = (Grid.select(Grid.sort_order).order_by(Grid.sort_order.desc()).scalar() or 0) + 1
                grid = self.cs.create(Grid, {"name": grid_name, "sort_order": order})
            household = Household.get_or_none(
                (Household.grid == grid.id)
                & (Household.head_name == VISITOR_HEAD)
                & (Household.door_no == VISITOR_DOOR)
            )
            if household is None:
                household = self.cs.create(
                    Household,
                    {
                        "number": self.numbers.next(grid.sort_order),
                        "grid": grid.id,
                        "door_no": VISITOR_DOOR,
                        "head_name": VISITOR_HEAD,
                        "kind": HouseholdKind.RENTED.value,
                    },
                )
            self.ids[grid_name] = household.id
        return self.ids[grid_name]


class _SealNumbers:
    """Seal numbers as open_case gives them (after the year's highest, "2026-0007"), handed out here so that
    two new cases never share one, nor one a number the file gives another."""

    def __init__(self, given: Iterable[str]) -> None:
        self.given = set(given)
        self.last: dict[int, int] = {}

    def next(self, year: int) -> str:
        if year not in self.last:
            self.last[year] = int(next_seal_number(year).split("-")[1]) - 1
        n = self.last[year] + 1
        while f"{year}-{n:04d}" in self.given:
            n += 1
        self.last[year] = n
        return f"{year}-{n:04d}"


@collector_paused()
def apply_case_plan(plan: CaseImportPlan, source: str, progress: Progress | None = None) -> CaseImportResult:
    """Back up the file, then write the plan in one transaction; a cancel leaves nothing written.

    The plan itself is not changed, so after a cancel it can be applied again (or planned afresh). A plan
    made before the ledger last changed is refused with PlanOutdated before anything is written: it may
    open a case twice or give two cases one seal number.
    """
    if not plan.cases:
        return CaseImportResult(0, 0, plan.skipped, plan.refused_rows, plan)
    if plan.ledger_version is not None:
        changes.require_unchanged(plan.ledger_version)  # early, so an outdated plan makes no backup
    backup_open_database("before-import")
    with changes.transaction(f"导入隔离台账：{source}", needs=Can.IMPORT, unchanged_since=plan.ledger_version) as cs:
        households = VisitorHouseholds(cs)
        seals = _SealNumbers(c.values["seal_no"] for c in plan.cases if c.values.get("seal_no"))
        people = 0
        for done, planned in enumerate(plan.cases, start=1):
            check_cancelled(progress)
            person_id = planned.person_id
            if person_id is None:
                visitor = {**(planned.visitor or {}), "household": households.of(planned.grid)}
                person_id = cs.create(Person, visitor).id
                people += 1
            terms = {"policy": planned.policy_id, "stages": planned.stages, "count_from": planned.count_from}
            open_case_in(cs, person_id, {**planned.values, **terms}, planned.ended, END_REASON, seals.next)
            if progress is not None:
                progress.update(done, len(plan.cases))
        check_cancelled(progress)
        cs.note(
            "import",
            "case",
            {
                "source": source,
                "cases": len(plan.cases),
                "people": people,
                "skipped": plan.skipped,
                "refused_rows": plan.refused_rows,
                "policies": plan.policies,
            },
        )
    return CaseImportResult(len(plan.cases), people, plan.skipped, plan.refused_rows, plan)
