"""Bring a roster workbook in: read, map columns, plan (what would be created or merged), then apply.

The plan is computed without writing, so the dialog can preview it; apply writes the whole plan in one
transaction through db.changes, so cancel or a crash leaves the database as it was.

How rows become households: a row belongs to the household named by its 户号, else by its 门牌号 in its
group, else by its 户主; a row with none of these (cells merged down a household block come out blank)
belongs to the household of the row above, unless it is itself a 户主, which starts a new household.
A person with the same ID number as one already in the roster, or as an earlier row, is merged: the
row's non-empty values update that person.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db import changes
from db.bulk import collector_paused
from db.connection import backup_open_database
from db.errors import LedgerError
from db.models import Grid, Household, Person, Village
from db.models.household import RELATIONS
from db.progress import Progress, check_cancelled
from db.queries.village import taken_household_numbers
from db.rules import id_number, search_keys
from db.rules.household_numbers import NumberAllocator
from db.session import Can
from forms.definitions import HOUSEHOLD, PERSON
from forms.excel.mapping import guess_mapping, header_words, missing_required
from forms.excel.reader import SheetTable, read_tables
from forms.parsing.names import shown_name
from forms.roster_fields import HOUSEHOLD_KEYS, ROSTER_TARGETS
from forms.types import Issue

HEAD = RELATIONS[0]
DEFAULT_GRID = "未分组"
_GENERIC_SHEET_NAMES = ("sheet", "工作表", "")


class MappingError(LedgerError):
    """The workbook lacks a column the import cannot do without; the message names it."""


@dataclass(frozen=True)
class RowIssue:
    """A problem found in one row of the workbook."""

    sheet: str
    row: int
    name: str
    field: str
    reason: str
    severity: str = "error"


@dataclass(slots=True)
class PlannedPerson:
    sheet: str
    row: int
    values: dict[str, Any]
    existing_id: int | None = None


@dataclass(slots=True)
class PlannedHousehold:
    values: dict[str, Any]
    existing_id: int | None = None
    members: list[PlannedPerson] = field(default_factory=list)

    @property
    def to_write(self) -> bool:
        """An existing household is updated; a new one is created only if someone new lives in it."""
        return self.existing_id is not None or any(p.existing_id is None for p in self.members)


@dataclass
class ImportPlan:
    households: list[PlannedHousehold] = field(default_factory=list)
    refused: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    merged: int = 0
    new_grids: list[str] = field(default_factory=list)
    rows_read: int = 0

    @property
    def new_households(self) -> int:
        return sum(1 for h in self.households if h.existing_id is None and h.to_write)

    @property
    def new_people(self) -> int:
        return sum(1 for h in self.households for p in h.members if p.existing_id is None)

    @property
    def refused_rows(self) -> int:
        return len({(i.sheet, i.row) for i in self.refused})


@dataclass
class ImportResult:
    created_households: int
    created_people: int
    merged: int
    refused_rows: int
    plan: ImportPlan

    def summary(self) -> str:
        return (
            f"新建 {self.created_households} 户、{self.created_people} 人；合并 {self.merged} 人；"
            f"未导入 {self.refused_rows} 行"
        )


# --- reading and mapping ------------------------------------------------------------------------


@collector_paused()
def read_roster(path: Path, progress: Progress | None = None) -> list[SheetTable]:
    threading.Thread(target=_load_rules, name="load-rules", daemon=True).start()
    return read_tables(path, header_words(ROSTER_TARGETS), progress)


def _load_rules() -> None:
    """Load what checking and keying every row will need (pinyin readings, region codes) while the file is
    read: calamine leaves the interpreter free for it."""
    search_keys.load()
    id_number.load()


def guess_roster_mapping(table: SheetTable) -> dict[int, str]:
    return guess_mapping(table.headers, ROSTER_TARGETS)


def mapping_problems(mapping: dict[int, str]) -> list[str]:
    """Chinese messages for columns the import needs but the mapping lacks."""
    problems = [f"找不到“{t.label}”列" for t in missing_required(mapping, ROSTER_TARGETS)]
    if not set(mapping.values()) & set(HOUSEHOLD_KEYS):
        problems.append("找不到能确定所属户的列（户号、门牌号、户主姓名或与户主关系，至少需要一列）")
    return problems


# --- planning -----------------------------------------------------------------------------------


class _Existing:
    """What the database already holds, looked up once per import."""

    def __init__(self) -> None:
        village = Village.select(Village.name).first()
        self.village_name = village.name if village else ""
        self.person_by_id_number = dict(
            Person.select(Person.id_number, Person.id).where(Person.id_number.is_null(False)).tuples()
        )
        self.household_by_number = dict(Household.select(Household.number, Household.id).tuples())
        #: People without an ID number are recognised by name within their household.
        self.unnumbered = {
            (household_id, name): person_id
            for person_id, household_id, name in Person.select(Person.id, Person.household, Person.name)
            .where(Person.id_number.is_null()).tuples()
        }
        self.grids = {name for (name,) in Grid.select(Grid.name).tuples()}


def _sheet_grid(sheet: str) -> str:
    lowered = sheet.strip().lower()
    if any(lowered.startswith(g) and lowered[len(g) :].isdigit() for g in _GENERIC_SHEET_NAMES if g):
        return DEFAULT_GRID
    return sheet.strip() or DEFAULT_GRID


def _split_mapping(mapping: dict[int, str]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(column, field) pairs for the household part and the person part of a row."""
    household: list[tuple[int, str]] = []
    person: list[tuple[int, str]] = []
    for col, key in sorted(mapping.items()):
        form_name, name = key.split(".", 1)
        (household if form_name == HOUSEHOLD.name else person).append((col, name))
    return household, person


def _parse_table(table: SheetTable, mapping: dict[int, str]) -> Iterator[tuple[dict[str, Any], dict[str, Any], list[Issue]]]:
    """(household values, person values, issues) of each row, parsed column by column.

    Blank cells and unticked flags are left out: they never overwrite anything when merging, new
    records get the model's defaults for them, and a big import holds fewer values.
    """
    household_columns, person_columns = _split_mapping(mapping)

    def columns(pairs: list[tuple[int, str]]) -> dict[str, list[object]]:
        return {name: [cells[col] for _row, cells in table.rows] for col, name in pairs}

    count = len(table.rows)
    # Household columns are optional per row (blank under merged cells): partial.
    households = HOUSEHOLD.parse_columns(columns(household_columns), count, partial=True)
    people = PERSON.parse_columns(columns(person_columns), count)
    for h, p in zip(households, people, strict=True):
        # (A person's values are text, dates and flags: falsy is blank or unticked.)
        yield h.values, {k: v for k, v in p.values.items() if v}, h.issues + p.issues if h.issues else p.issues


@collector_paused()
def plan_import(
    tables: Iterable[SheetTable],
    mappings: dict[str, dict[int, str]] | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Work out, without writing, what importing these tables would do."""
    tables = list(tables)
    existing = _Existing()
    plan = ImportPlan()
    by_key: dict[tuple[str, ...], PlannedHousehold] = {}
    by_id_number: dict[str, PlannedPerson] = {}
    total = sum(len(t.rows) for t in tables) or 1
    done = 0
    for table in tables:
        mapping = (mappings or {}).get(table.sheet) or guess_roster_mapping(table)
        problems = mapping_problems(mapping)
        if problems:
            raise MappingError(f"工作表“{table.sheet or '数据'}”：" + "；".join(problems))
        mapped_keys = set(mapping.values())
        relation_mapped = "person.relation" in mapped_keys
        plan.rows_read += len(table.rows)
        parsed_rows = _parse_table(table, mapping)
        name_col = next(col for col, key in mapping.items() if key == "person.name")
        fallback_grid = _sheet_grid(table.sheet)
        previous: dict[str, Any] | None = None
        current: PlannedHousehold | None = None
        # The household cells of the row that last looked its household up, as read and as completed.
        same_as: dict[str, Any] | None = None
        looked_up: dict[str, Any] | None = None
        for (row_no, cells), (h_values, p_values, issues) in zip(table.rows, parsed_rows, strict=True):
            done += 1
            if progress is not None and done % 1000 == 0:
                check_cancelled(progress)
                progress.update(done, total)
            name = p_values.get("name") or shown_name(cells[name_col])
            if issues:
                for issue in issues:
                    target = plan.refused if issue.severity == "error" else plan.warnings
                    target.append(RowIssue(table.sheet, row_no, name, issue.label, issue.message, issue.severity))
                if any(i.severity == "error" for i in issues):
                    continue
            starts_household = p_values.get("relation") == HEAD
            has_key = bool(h_values.get("number") or h_values.get("door_no") or h_values.get("head_name"))
            if has_key and previous is looked_up and h_values == same_as and current is not None:
                h_values, household = looked_up, current  # the row above's household cells again: its household
            elif not has_key and not starts_household:
                if previous is None or current is None:
                    plan.refused.append(
                        RowIssue(table.sheet, row_no, name, "户号", "无法确定所属户：户号、门牌号、户主都为空")
                    )
                    continue
                household = current
            else:
                raw = dict(h_values) if has_key else None
                if not h_values.get("grid_name"):
                    inherited = previous.get("grid_name") if previous and "household.grid_name" in mapped_keys else None
                    h_values["grid_name"] = inherited or fallback_grid
                if not has_key and starts_household:
                    h_values["head_name"] = name
                if h_values.get("door_no"):
                    h_values["door_no"] = _short_door(h_values["door_no"], existing.village_name, h_values["grid_name"])
                household = _household_for(h_values, table.sheet, row_no, by_key, existing, plan)
                same_as, looked_up = raw, h_values
            if starts_household:
                household.values["head_name"] = household.values.get("head_name") or name
            elif not relation_mapped and household.values.get("head_name") == name:
                p_values["relation"] = HEAD
            person = PlannedPerson(table.sheet, row_no, p_values)
            _add_person(person, household, by_id_number, existing, plan)
            previous, current = h_values, household
    if progress is not None:
        progress.update(total, total)
    plan.new_grids = sorted(
        {h.values["grid_name"] for h in plan.households if h.to_write and h.values["grid_name"] not in existing.grids}
    )
    return plan


def _short_door(door: str, village_name: str, grid_name: str) -> str:
    """"东风村一组12号" in a 门牌 column is stored as "12号": the village and group are known already."""
    for prefix in (village_name, grid_name):
        if prefix and door.startswith(prefix) and len(door) > len(prefix):
            door = door[len(prefix) :]
    return door


def _household_for(
    h_values: dict[str, Any],
    sheet: str,
    row_no: int,
    by_key: dict[tuple[str, ...], PlannedHousehold],
    existing: _Existing,
    plan: ImportPlan,
) -> PlannedHousehold:
    grid = h_values["grid_name"]
    if h_values.get("number"):
        key: tuple[str, ...] = ("number", h_values["number"])
    elif h_values.get("door_no"):
        key = ("door", grid, h_values["door_no"])
    elif h_values.get("head_name"):
        key = ("head", grid, h_values["head_name"])
    else:
        key = ("row", sheet, str(row_no))
    household = by_key.get(key)
    if household is None:
        household = PlannedHousehold(dict(h_values), existing.household_by_number.get(h_values.get("number", "")))
        by_key[key] = household
        plan.households.append(household)
    else:
        for k, v in h_values.items():
            if v not in ("", None) and not household.values.get(k):
                household.values[k] = v
    return household


def _add_person(
    person: PlannedPerson,
    household: PlannedHousehold,
    by_id_number: dict[str, PlannedPerson],
    existing: _Existing,
    plan: ImportPlan,
) -> None:
    number = person.values.get("id_number")
    twin = by_id_number.get(number) if number else None
    if twin is None and not number:
        twin = next(
            (m for m in household.members if not m.values.get("id_number") and m.values["name"] == person.values["name"]),
            None,
        )
    if twin is not None:
        twin.values.update(person.values)
        plan.warnings.append(
            RowIssue(person.sheet, person.row, person.values["name"], "公民身份号码",
                     f"与第 {twin.row} 行是同一人，已合并", "warning")
        )
        plan.merged += 1
        return
    if number:
        person.existing_id = existing.person_by_id_number.get(number)
        by_id_number[number] = person
    elif household.existing_id is not None:
        person.existing_id = existing.unnumbered.get((household.existing_id, person.values["name"]))
    if person.existing_id is not None:
        plan.merged += 1
    household.members.append(person)


# --- applying ------------------------------------------------------------------------------------


@collector_paused()
def apply_plan(plan: ImportPlan, source: str, progress: Progress | None = None) -> ImportResult:
    """Back up the file, then write the plan in one transaction; a cancel leaves nothing written.

    The plan is completed in place as it is written (households' new ids and numbers), so it is spent:
    after a cancel, plan again.
    """
    backup_open_database("before-import")
    with changes.transaction(f"导入花名册：{source}", needs=Can.IMPORT) as cs:
        grid_ids = {name: gid for gid, name in Grid.select(Grid.id, Grid.name).tuples()}
        grid_order = dict(Grid.select(Grid.name, Grid.sort_order).tuples())
        for name in plan.new_grids:
            order = max(grid_order.values(), default=0) + 1
            grid_ids[name], grid_order[name] = cs.create(Grid, {"name": name, "sort_order": order}).id, order
        households = [h for h in plan.households if h.to_write]
        numbers = NumberAllocator(taken_household_numbers())
        new_households: list[PlannedHousehold] = []
        for h in households:
            values = {k: v for k, v in h.values.items() if k != "grid_name" and v not in ("", None)}
            values["grid"] = grid_ids[h.values["grid_name"]]
            if h.existing_id is not None:
                cs.update(Household.get_by_id(h.existing_id), values)
                continue
            h.values["number"] = h.values.get("number") or numbers.next(grid_order[h.values["grid_name"]])
            new_households.append(h)
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
        cs.note("import", "person", {
            "source": source,
            "households": len(household_ids),
            "people": len(people_ids),
            "merged": plan.merged,
            "refused_rows": plan.refused_rows,
        })
    return ImportResult(len(household_ids), len(people_ids), plan.merged, plan.refused_rows, plan)


def _new_people(
    households: list[PlannedHousehold], grid_order: dict[str, int], progress: Progress | None
) -> Iterator[dict[str, Any]]:
    """Rows for the people to create, with their stored search columns; generated as they are written, and
    let go once written (the plan's own values stay as they are: a big import holds 25 MB less)."""
    ranks = {relation: search_keys.relation_rank(relation, RELATIONS) for relation in RELATIONS}
    for index, h in enumerate(households):
        if index % 1000 == 0:
            check_cancelled(progress)
        grid = h.values["grid_name"]
        keys = search_keys.HouseholdKeys(h.values["number"], grid + h.values.get("door_no", ""), grid_order[grid])
        for p in h.members:
            if p.existing_id is not None:
                continue
            row = p.values
            yield {**row, "household": h.existing_id, **keys.person(
                row["name"], row.get("id_number"), row.get("phone", ""), ranks.get(row.get("relation", ""), len(RELATIONS))
            )}


@collector_paused()  # over all three steps: each one's objects would otherwise be walked between them
def import_roster(path: Path, progress: Progress | None = None, sheet: str | None = None) -> ImportResult:
    """The headless import: the same reading, column guess, plan and single transaction as the dialog."""
    tables = read_roster(path, progress)
    if sheet is not None:
        tables = [t for t in tables if t.sheet == sheet]
        if not tables:
            raise MappingError(f"找不到工作表“{sheet}”")
    plan = plan_import(tables, progress=progress)
    del tables  # the plan holds what is needed; let the raw cells go before writing
    return apply_plan(plan, path.name, progress)
