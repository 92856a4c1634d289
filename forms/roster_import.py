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

import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from db import changes
from db.bulk import collector_paused
from db.choice_memory import remembered
from db.connection import backup_open_database
from db.errors import LedgerError, PlanOutdated
from db.models import Grid, Household, Person, Village
from db.models.household import RELATIONS
from db.progress import Progress, check_cancelled
from db.queries.village import taken_household_numbers
from db.rules import id_number, search_keys
from db.rules.group_names import group_named_in, group_number
from db.rules.household_numbers import NumberAllocator
from db.session import Can
from forms.choice_words import ChoiceTally, reading_choices
from forms.definitions import HOUSEHOLD, PERSON
from forms.excel.formula_cells import cell_issues, with_cell_issues
from forms.excel.mapping import (
    Target,
    column_letters,
    columns_by_field,
    describe_mapping,
    header_words,
    missing_required,
)
from forms.excel.reader import SheetTable, read_tables
from forms.parsing.names import shown_name
from forms.roster_fields import HOUSEHOLD_KEYS, ROSTER_TARGETS
from forms.row_accounting import RowAccount, RowsRead, in_file_order, refused_accounts
from forms.types import Issue

HEAD = RELATIONS[0]
DEFAULT_GRID = "未分组"
#: Fields that say who a person is and which household the row is of: a cell of one that holds a formula
#: without a result, or an error, refuses the row (it would come in blank: a person without an ID number, or in
#: the household above); in any other field the person is taken with that field blank, and a warning.
DECISIVE = ("name", "id_number", "relation", "number", "grid_name", "door_no", "head_name")
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
    #: Households of the ledger it may be when its door or head is shared: chosen by its members (_Planner.finish).
    candidates: list[int] = field(default_factory=list)

    @property
    def to_write(self) -> bool:
        """An existing household is updated; a new one is created only if someone new lives in it."""
        return self.existing_id is not None or any(p.existing_id is None for p in self.members)


#: How a new household was recognised (the first part of its key in plan_import), for the summary.
RECOGNISED_BY = {"number": "按户号", "door": "按组别+门牌号", "head": "按组别+户主", "row": "按“户主”行"}


@dataclass
class ImportPlan(RowsRead):
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
    #: The words of choice columns that were not our values, counted: forms.choice_words.choice_groups.
    choices: ChoiceTally = field(default_factory=ChoiceTally)
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
            for h in self.households for p in h.members
        ]
        rows += [RowAccount(sheet, row, "merged", "与表中前面的行是同一人", name) for sheet, row, name in self.merged_rows]
        rows += refused_accounts(self.refused)
        rows += [RowAccount(sheet, row, "skipped", reason) for sheet, row, reason in self.skipped_rows]
        return in_file_order(rows, self.sheets)

    def outcome_counts(self) -> Counter[str]:
        updated = sum(1 for h in self.households for p in h.members if p.existing_id is not None)
        return Counter({
            "created": self.new_people, "updated": updated, "merged": len(self.merged_rows),
            "refused": self.refused_rows, "skipped": len(self.skipped_rows),
        })

    def households_recognised(self) -> str:
        """How the households were told apart, in one sentence."""
        parts = [f"{RECOGNISED_BY[k]} {n} 户" for k, n in self.recognised.items() if n]
        text = "户的识别：" + ("、".join(parts) if parts else "无")
        if self.rows_with_household_above:
            text += f"；{self.rows_with_household_above} 行没有户号、门牌号和户主，归入上一行的户"
        return text


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
            f"未导入 {self.refused_rows} 行；跳过 {len(self.plan.skipped_rows)} 行（不是数据）"
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
    return table.guess_mapping(ROSTER_TARGETS)


def mapping_problems(mapping: dict[int, str]) -> list[str]:
    """Chinese messages for columns the import needs but the mapping lacks."""
    problems = [f"找不到“{t.label}”列" for t in missing_required(mapping, ROSTER_TARGETS)]
    if not set(mapping.values()) & set(HOUSEHOLD_KEYS):
        problems.append("找不到能确定所属户的列（户号、门牌号、户主姓名或与户主关系，至少需要一列）")
    return problems


def table_mapping(
    plan: RowsRead,
    table: SheetTable,
    mappings: dict[str, dict[int, str]] | None,
    guess: Callable[[SheetTable], dict[int, str]],
    problems_of: Callable[[dict[int, str]], list[str]],
) -> dict[int, str]:
    """The table's mapping as the clerk confirmed it, else as guessed; refused when a needed column lacks. Two
    columns of one name are said in the plan's notes: which one is read."""
    mapping = (mappings or {}).get(table.key) or guess(table)
    problems = problems_of(mapping)
    if problems:
        raise MappingError(f"工作表“{table.label}”：" + "；".join(problems))
    repeated: dict[str, list[int]] = {}
    for col in table.repeated_filled():
        repeated.setdefault(table.headers[col], []).append(col)
    for header, cols in repeated.items():
        read = [column_letters(c) for c in cols if c in mapping]
        others = "、".join(column_letters(c) for c in cols if c not in mapping)
        if read and others:
            plan.notes.append(f"工作表“{table.label}”有几列都叫“{header}”：按 {read[0]} 列导入（填了数据的一列），{others} 列未导入")
    return mapping


# --- planning -----------------------------------------------------------------------------------


class _Existing:
    """What the database already holds, looked up once per import."""

    def __init__(self) -> None:
        village = Village.select(Village.name).first()
        self.village_name = village.name if village else ""
        self.person_by_id_number: dict[str, int] = {}
        #: The household of each person with an ID number: a household a file cannot tell apart by its door
        #: or head is found by its members.
        self.household_of: dict[int, int] = {}
        query = Person.select(Person.id_number, Person.id, Person.household).where(Person.id_number.is_null(False))
        numbered: Iterable[tuple[str, int, int]] = query.tuples()  # type: ignore[assignment]
        for number, person_id, household_id in numbered:
            self.person_by_id_number[number] = person_id
            self.household_of[person_id] = household_id
        #: Households by the keys an import recognises them by: (grid, 户号), (grid, door) and (grid, head),
        #: each with every household that has it, oldest first (two households of a group may share a door,
        #: or heads of one name).
        self.households: dict[tuple[str, ...], list[int]] = defaultdict(list)
        households = Household.select(Household.id, Grid.name, Household.number, Household.door_no, Household.head_name)
        self.head_of: dict[int, str] = {}
        rows: Iterable[tuple[int, str, str, str, str]] = households.join(Grid).order_by(Household.id).tuples()  # type: ignore[assignment,attr-defined]
        for household_id, grid, number, door, head in rows:
            self.head_of[household_id] = head
            keys: tuple[tuple[str, ...], ...] = (("number", grid, number), ("door", grid, door), ("head", grid, head))
            for key in keys:
                if key[2]:
                    self.households[key].append(household_id)
        #: People without an ID number are recognised by name within their household.
        self.unnumbered = {
            (household_id, name): person_id
            for person_id, household_id, name in Person.select(Person.id, Person.household, Person.name)
            .where(Person.id_number.is_null()).tuples()
        }
        self.grids = [name for (name,) in Grid.select(Grid.name).order_by(Grid.sort_order, Grid.id).tuples()]


_SHEET_SUFFIX = re.compile(r"(户籍人口|户籍|人口|村民|居民|人员)?(花名册|名册|名单|登记表|台账|信息表|统计表|表)$")


class _GroupNames:
    """The name a group of the file is stored as: the grid of the village, or the group named earlier in the
    file, with the same number (1组 is 一组), else as written."""

    def __init__(self, grids: Iterable[str]) -> None:
        self.by_number: dict[int, str] = {}
        for grid in grids:
            number = group_number(grid)
            if number is not None:
                self.by_number.setdefault(number, grid)
        self.names: dict[str, str] = {}

    def stored_as(self, name: str) -> str:
        stored = self.names.get(name)
        if stored is None:
            number = group_number(name)
            stored = self.names[name] = name if number is None else self.by_number.setdefault(number, name)
        return stored

    def renamed(self) -> list[tuple[str, str]]:
        return [(written, stored) for written, stored in self.names.items() if written != stored]


def _sheet_grid(sheet: str, village_name: str = "") -> str:
    """The group a sheet without a 组别 column names ("一组", "东风村三组花名册" → 三组), else 未分组."""
    lowered = sheet.strip().lower()
    if any(lowered.startswith(g) and lowered[len(g) :].isdigit() for g in _GENERIC_SHEET_NAMES if g):
        return DEFAULT_GRID
    name = _SHEET_SUFFIX.sub("", sheet.strip())
    if village_name and name.startswith(village_name):
        name = name[len(village_name) :]  # (the village's own name alone is no group)
    return name or DEFAULT_GRID


def _parse_table(
    table: SheetTable, mapping: dict[int, str]
) -> Iterator[tuple[dict[str, Any], dict[str, Any], list[Issue], list[Issue]]]:
    """(household values, person values, household issues, person issues) of each row, column by column.

    Blank cells and unticked flags are left out: they never overwrite anything when merging, new
    records get the model's defaults for them, and a big import holds fewer values.
    """
    count = len(table.rows)

    def columns(form_name: str) -> dict[str, list[object]]:
        return {name: table.column(cols) for name, cols in columns_by_field(mapping, form_name).items()}

    # Household columns are optional per row (blank under merged cells): partial.
    households = HOUSEHOLD.parse_columns(columns(HOUSEHOLD.name), count, partial=True, lenient=True)
    people = PERSON.parse_columns(columns(PERSON.name), count, lenient=True)
    h_unread = cell_issues(table, mapping, HOUSEHOLD, DECISIVE)
    p_unread = cell_issues(table, mapping, PERSON, DECISIVE)
    for index, (h, p) in enumerate(zip(households, people, strict=True)):
        h_issues, p_issues = h.issues, p.issues
        if h_unread or p_unread:  # (cells holding a formula without a result, or an error: formula_cells)
            h_issues = with_cell_issues(h_issues, h_unread.get(index))
            p_issues = with_cell_issues(p_issues, p_unread.get(index))
        # (A person's values are text, dates and flags: falsy is blank or unticked.)
        yield h.values, {k: v for k, v in p.values.items() if v}, h_issues, p_issues


@collector_paused()
def plan_import(
    tables: Iterable[SheetTable],
    mappings: dict[str, dict[int, str]] | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Work out, without writing, what importing these tables would do (mappings: by SheetTable.key)."""
    tables = list(tables)
    version = changes.ledger_version()  # before the ledger is read: a change after it makes the plan outdated
    planner = _Planner(progress, sum(len(t.rows) for t in tables) or 1)
    plan = planner.plan
    plan.ledger_version = version
    # Choice cells read with the clerk's earlier corrections; what was not our words is counted for the preview.
    with reading_choices(remembered(), plan.choices):
        for table in tables:
            if plan.read(table):
                planner.table(table, table_mapping(plan, table, mappings, guess_roster_mapping, mapping_problems))
    planner.finish()
    if progress is not None:
        progress.update(planner.total, planner.total)
    existing = planner.existing
    plan.notes.extend(f"组别“{written}”与“{stored}”是同一个组，按“{stored}”导入" for written, stored in planner.groups.renamed())
    plan.new_grids = sorted(
        {h.values["grid_name"] for h in plan.households if h.to_write and h.values["grid_name"] not in existing.grids}
    )
    return plan


class _Planner:
    """Decides, row by row, whose household a row is, and whether its person is new or merged."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.plan = ImportPlan()
        self.existing = _Existing()
        self.groups = _GroupNames(self.existing.grids)
        self.by_key: dict[tuple[str, ...], PlannedHousehold] = {}
        self.claimed: set[int] = set()  # the ledger's households a planned one already is
        self.by_id_number: dict[str, PlannedPerson] = {}
        self.progress, self.total, self.done = progress, total, 0

    def table(self, table: SheetTable, mapping: dict[int, str]) -> None:
        plan, existing = self.plan, self.existing
        mapped_keys = set(mapping.values())
        relation_mapped = "person.relation" in mapped_keys
        name_col = next(col for col, key in mapping.items() if key == "person.name")
        fallback_grid = self._fallback_grid(table, "household.grid_name" in mapped_keys)
        previous: dict[str, Any] | None = None
        current: PlannedHousehold | None = None
        # The household cells of the row that last looked its household up, as read and as completed.
        same_as: dict[str, Any] | None = None
        looked_up: dict[str, Any] | None = None
        parsed_rows = _parse_table(table, mapping)
        for (row_no, cells), (h_values, p_values, h_issues, p_issues) in zip(table.rows, parsed_rows, strict=True):
            self._tick()
            name = p_values.get("name") or shown_name(cells[name_col])
            refused = False
            if h_issues or p_issues:
                for issue in (*h_issues, *p_issues):
                    target = plan.refused if issue.severity == "error" else plan.warnings
                    target.append(RowIssue(table.sheet, row_no, name, issue.label, issue.message, issue.severity))
                if any(i.severity == "error" for i in h_issues):
                    continue
                # A person refused still says which household the rows below (merged cells) belong to.
                refused = any(i.severity == "error" for i in p_issues)
            starts_household = p_values.get("relation") == HEAD
            has_key = bool(h_values.get("number") or h_values.get("door_no") or h_values.get("head_name"))
            if h_values.get("grid_name"):
                h_values["grid_name"] = self.groups.stored_as(h_values["grid_name"])
            else:
                # A blank group cell under a group merged down, or no group column: the row above's, else the sheet's.
                inherited = previous.get("grid_name") if previous and "household.grid_name" in mapped_keys else None
                h_values["grid_name"] = inherited or fallback_grid
            head_row = p_values if starts_household and not refused else None
            if (
                has_key and previous is looked_up and h_values == same_as and current is not None
                and not (head_row is not None and _another_head(current, head_row, True))
            ):
                h_values, household = looked_up, current  # the row above's household cells again: its household
            elif not has_key and not starts_household:
                if current is None or previous is None or previous["grid_name"] != h_values["grid_name"]:
                    if not refused:
                        why = "，且与上一行不是同一个组" if current is not None else "，上面也没有可归入的户"
                        plan.refused.append(
                            RowIssue(table.sheet, row_no, name, "户号", "无法确定所属户：户号、门牌号、户主都为空" + why)
                        )
                    continue
                h_values, household = previous, current  # nothing to tell it by: the household above
                plan.rows_with_household_above += 1
            else:
                raw = dict(h_values) if has_key else None
                if not has_key:
                    h_values["head_name"] = name  # (a 户主 row: it starts a household of its own)
                if h_values.get("door_no"):
                    h_values["door_no"] = _short_door(h_values["door_no"], existing.village_name, h_values["grid_name"])
                household = self.household_for(h_values, table.sheet, row_no, head_row, current)
                same_as, looked_up = raw, h_values
            previous, current = h_values, household
            if refused:
                continue
            if starts_household:
                household.values["head_name"] = household.values.get("head_name") or name
            elif not relation_mapped and household.values.get("head_name") == name:
                p_values["relation"] = HEAD
            _add_person(PlannedPerson(table.sheet, row_no, p_values), household, self.by_id_number, existing, plan)

    def household_for(
        self, h_values: dict[str, Any], sheet: str, row_no: int, head_row: dict[str, Any] | None,
        current: PlannedHousehold | None,
    ) -> PlannedHousehold:
        """The household of a row: the one planned under its key, else a new one (with the ledger's household of
        that key, when there is one); head_row is the row's person when it is a 户主 row."""
        grid, door, head = h_values["grid_name"], h_values.get("door_no"), h_values.get("head_name")
        if h_values.get("number"):
            key: tuple[str, ...] = ("number", grid, h_values["number"])
        elif door:
            key = ("door", grid, door)
        elif head:
            key = ("head", grid, head)
        else:
            key = ("row", sheet, str(row_no))
        household = self.by_key.get(key)
        if household is not None and key[0] != "number" and (
            (key[0] == "door" and head and household.values.get("head_name") not in (None, "", head))
            or (head_row is not None and _another_head(household, head_row, household is current))
        ):
            household = None  # the same door or head's name, another household
        if household is None:
            household = PlannedHousehold(dict(h_values))
            candidates = [c for c in self.existing.households.get(key, ()) if c not in self.claimed]
            if key[0] == "door" and head:  # the same door, another head: another household (分户)
                candidates = [c for c in candidates if self.existing.head_of[c] in ("", head)]
            if key[0] == "number" and candidates:  # (户号 is unique in a group)
                household.existing_id = candidates[0]
                self.claimed.add(candidates[0])
            else:
                household.candidates = candidates  # chosen by their members once all rows are read
            self.by_key[key] = household
            self.plan.households.append(household)
            self.plan.recognised[key[0]] += 1
        else:
            for k, v in h_values.items():
                if v not in ("", None) and not household.values.get(k):
                    household.values[k] = v
        return household

    def finish(self) -> None:
        """Match the households told by door or head to the ledger's, by who lives in them: most members in
        common first, each of the ledger's households taken once; so a roster imported again finds each of its
        households, even two heads called 张伟 in one group. A household with none in common is the only one of
        its key, else new."""
        existing, waiting = self.existing, [h for h in self.plan.households if h.candidates]

        def in_common(h: PlannedHousehold, candidate: int) -> int:
            return sum(
                1 for p in h.members
                if (existing.household_of.get(p.existing_id) == candidate if p.existing_id is not None
                    else not p.values.get("id_number") and (candidate, p.values["name"]) in existing.unnumbered)
            )

        pairs = sorted(
            ((-n, index, c) for index, h in enumerate(waiting) for c in h.candidates if (n := in_common(h, c))),
        )
        for _, index, candidate in pairs:
            if waiting[index].existing_id is None and candidate not in self.claimed:
                waiting[index].existing_id = candidate
                self.claimed.add(candidate)
        for h in waiting:
            if h.existing_id is None and len(h.candidates) == 1 and h.candidates[0] not in self.claimed:
                h.existing_id = h.candidates[0]
                self.claimed.add(h.existing_id)
            if h.existing_id is None:
                continue
            for p in h.members:
                if p.existing_id is None and not p.values.get("id_number"):
                    p.existing_id = existing.unnumbered.get((h.existing_id, p.values["name"]))
                    self.plan.merged += p.existing_id is not None

    def _fallback_grid(self, table: SheetTable, grid_mapped: bool) -> str:
        """The group of rows whose group cell is blank: the one the table's title or the sheet names."""
        titled = group_named_in(table.title)
        grid = self.groups.stored_as(titled or _sheet_grid(table.sheet, self.existing.village_name))
        if not grid_mapped:
            self.plan.notes.append(
                f"工作表“{table.label}”没有组别列，工作表名也不是组名：这一页的人都归入“{DEFAULT_GRID}”，"
                "请在“导入为”中指定组别列，或导入后在花名册中移到所属的组"
                if grid == DEFAULT_GRID
                else f"工作表“{table.label}”没有组别列：按{'表的标题' if titled else '工作表名'}归入“{grid}”"
            )
        return grid

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None and self.done % 1000 == 0:
            check_cancelled(self.progress)
            self.progress.update(self.done, self.total)


def _short_door(door: str, village_name: str, grid_name: str) -> str:
    """"东风村一组12号" in a 门牌 column is stored as "12号": the village and group are known already (the group
    spelled any way: 东风村1组12号 in 一组 too)."""
    if village_name and door.startswith(village_name) and len(door) > len(village_name):
        door = door[len(village_name) :]
    named = group_named_in(door)
    prefix = grid_name if door.startswith(grid_name) else named if named and door.startswith(named) else None
    if prefix and len(door) > len(prefix) and (prefix == grid_name or group_number(prefix) == group_number(grid_name)):
        door = door[len(prefix) :]
    return door


def _another_head(household: PlannedHousehold, person: dict[str, Any], next_to_it: bool) -> bool:
    """A 户主 row for a household that has its head already: another household under the same key (张伟 twice
    in 一组, two households behind one door), unless it is that head's row again (by ID number; without one,
    the same name right below the household's rows)."""
    heads = [m.values for m in household.members if m.values.get("relation") == HEAD]
    number = person.get("id_number")
    for head in heads:
        if number and head.get("id_number"):
            if number == head["id_number"]:
                return False
        elif head["name"] == person["name"] and next_to_it and all(
            not head.get(k) or not person.get(k) or head[k] == person[k] for k in ("birth_date", "sex")
        ):
            return False
    return bool(heads)


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
        plan.merged_rows.append((person.sheet, person.row, person.values["name"]))
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
    after a cancel, plan again. A plan made before the ledger last changed (another window's or program's
    import, a save) is refused with PlanOutdated before anything is written: it may add people twice.
    """
    if plan.ledger_version is not None:
        changes.require_unchanged(plan.ledger_version)  # early, so an outdated plan makes no backup
    backup_open_database("before-import")
    with changes.transaction(f"导入花名册：{source}", needs=Can.IMPORT, unchanged_since=plan.ledger_version) as cs:
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
                household = Household.get_by_id(h.existing_id)
                h.values["number"] = household.number  # (found by its door or head: the file may give none)
                cs.update(household, values)
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
def import_roster(
    path: Path, progress: Progress | None = None, sheet: str | None = None, say: Callable[[str], None] | None = None
) -> ImportResult:
    """The headless import: the same reading, column guess, plan and single transaction as the dialog; say
    (print, for the console) is told the mapping used and what the plan holds before anything is written."""
    return applied_once_more(lambda: _plan_file(path, progress, sheet, say),
                             lambda plan: apply_plan(plan, path.name, progress), say)


P = TypeVar("P")
R = TypeVar("R")


def applied_once_more(plan: Callable[[], P], apply: Callable[[P], R], say: Callable[[str], None] | None) -> R:
    """A headless import's plan, applied; made once more from the file if another writer changed the ledger
    in between (nobody is there to re-check a preview). A second change in between is told as PlanOutdated."""
    try:
        return apply(plan())
    except PlanOutdated:
        if say is not None:
            say("注意：制定导入计划后台账被另一个程序修改，重新读取并核对一次。")
        return apply(plan())


def _plan_file(
    path: Path, progress: Progress | None, sheet: str | None, say: Callable[[str], None] | None
) -> ImportPlan:
    """Read, guess the columns and plan (the raw cells are let go on return: the plan holds what is needed)."""
    tables = read_roster(path, progress)
    if sheet is not None:
        tables = [t for t in tables if t.sheet == sheet]
        if not tables:
            raise MappingError(f"找不到工作表“{sheet}”")
    mappings = {t.key: guess_roster_mapping(t) for t in tables if t.rows}
    plan = plan_import(tables, mappings, progress=progress)
    if say is not None:
        tell_plan(say, tables, mappings, ROSTER_TARGETS, plan.notes)
    return plan


def tell_plan(
    say: Callable[[str], None], tables: list[SheetTable], mappings: dict[str, dict[int, str]], targets: list[Target],
    notes: list[str],
) -> None:
    """The columns each table is read by, and the plan's remarks, as the dialog shows them."""
    for table in tables:
        if table.key in mappings:
            say(f"工作表“{table.label}”（表头在第 {table.header_row} 行，{len(table.rows)} 行数据）的列：")
            for line in describe_mapping(table.headers, mappings[table.key], targets):
                say(f"  {line}")
    for note in notes:
        say(f"注意：{note}")
