"""A screening workbook's rows as the screening import plans them, and what the roster says about them.

Why apart from the planner (forms.screening_import): reading a row (its values, issues and which finding
columns it filled) and looking the roster up once (people by ID number and name, households by group and
door or head) are the same whichever way the rows are then grouped into visits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from db.imports.cases import VISITOR_DOOR, VISITOR_HEAD
from db.models import Grid, Household, Person, Village
from db.models.household import LEFT_STATUSES
from db.rules.group_names import group_named_in, group_number
from db.rules.regions import area_code_of
from forms.excel.formula_cells import cell_issues, with_cell_issues
from forms.excel.mapping import columns_by_field
from forms.excel.reader import SheetTable
from forms.kinds import is_blank
from forms.parsing.names import shown_name
from forms.roster_keys import short_door
from forms.screening_fields import FINDING_COLUMNS, SCREENING_ROW
from forms.types import Issue

#: Fields that say who a row is: a formula cell without a result here refuses the row.
DECISIVE = ("name", "id_number", "grid_name", "door_no", "head_name", "address")
LEFT = {s.value for s in LEFT_STATUSES}
#: A place column saying "nowhere".
NO_AREA = frozenset({"无", "否", "没有", "本地", "未外出", "无外出", "未离开", "/", "-", "—"})
#: Train, flight and plate numbers inside a 交通方式 cell ("自驾 鄂A12345", "火车G507", "飞机 CA1234").
_NUMBER = re.compile(r"[\u4e00-\u9fff][A-Z][A-Z0-9]{5,6}|\b[A-Z0-9]{2}\d{3,4}\b|\b[GDKTZCYL]\d{1,4}\b")
#: Where a place starts inside a 行程类别 ("本地人去湖北返回", "途经武汉").
_PLACE_AFTER = re.compile(r"(?:去|经|自|从|到)")


@dataclass
class ScreeningRow:
    """One data row: where it is, the name it gives, its values (blanks left out), issues, and the finding
    columns whose cells were filled (a "否" is an answer; a blank is none)."""

    sheet: str
    row: int
    name: str
    values: dict[str, Any]
    issues: list[Issue]
    answered: frozenset[str]
    travel_words: str = ""


def parse_table(table: SheetTable, mapping: dict[int, str]) -> Iterator[ScreeningRow]:
    """Each row's values and issues, parsed column by column."""
    fields = columns_by_field(mapping, SCREENING_ROW.name)
    columns = {name: table.column(cols) for name, cols in fields.items()}
    name_col = fields["name"][0]
    parsed = SCREENING_ROW.parse_columns(columns, len(table.rows), lenient=True)
    unread = cell_issues(table, mapping, SCREENING_ROW, DECISIVE)
    finding_columns = [(n, columns[n]) for n in FINDING_COLUMNS if n in columns]
    travel = columns.get("travel_means")
    for index, ((row_no, cells), p) in enumerate(zip(table.rows, parsed, strict=True)):
        values = {k: v for k, v in p.values.items() if v not in ("", None)}
        answered = frozenset(n for n, cells_of in finding_columns if not is_blank(cells_of[index]))
        name = values.get("name") or shown_name(cells[name_col])
        words = "" if travel is None or is_blank(travel[index]) else str(travel[index]).strip()
        issues = with_cell_issues(p.issues, unread.get(index))
        yield ScreeningRow(table.sheet, row_no, name, values, issues, answered, words)


def travel_number_in(words: str) -> str:
    """The train, flight or plate number a 交通方式 cell also gives ("自驾 鄂A12345" → 鄂A12345), else ""."""
    found = _NUMBER.search(words.upper())
    return found.group(0) if found else ""


def area_of(text: str) -> tuple[str | None, str | None]:
    """(region code or None, the words as written) of a place cell; (None, None) for "无" / "本地"."""
    words = text.strip()
    if not words or words in NO_AREA:
        return None, None
    code = area_code_of(words)
    if code is None:
        for found in _PLACE_AFTER.finditer(words):
            code = area_code_of(words[found.end() :])
            if code is not None:
                break
    return code, words[:100]


@dataclass(frozen=True)
class HouseholdInfo:
    """A household as the import names it to the clerk and looks its visit up."""

    id: int
    grid_id: int
    grid: str
    door_no: str
    head_name: str

    @property
    def label(self) -> str:
        return f"{self.grid}{self.door_no} {self.head_name}".strip()


@dataclass
class Roster:
    """What the roster holds about the village's households and people, looked up once per import."""

    village_name: str = ""
    grids: dict[str, int] = field(default_factory=dict)
    households: dict[int, HouseholdInfo] = field(default_factory=dict)
    by_door: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    by_head: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    #: ID number → (person id, name, status, household id)
    by_number: dict[str, tuple[int, str, str, int]] = field(default_factory=dict)
    #: name → [(person id, household id)] of the people present (not moved out or dead)
    present_by_name: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    #: grid id → its 外来暂住人员 household, where one exists
    visitor_households: dict[int, int] = field(default_factory=dict)

    @classmethod
    def load(cls, rows: Iterable[ScreeningRow]) -> Roster:
        rows = list(rows)
        village = Village.select(Village.name).first()
        found = cls(village_name=village.name if village else "")
        grid_rows = cast(Iterable[tuple[int, str]], Grid.select(Grid.id, Grid.name).tuples())
        found.grids = {name: gid for gid, name in grid_rows}
        names_of = {gid: name for name, gid in found.grids.items()}
        query = Household.select(Household.id, Household.grid, Household.door_no, Household.head_name)
        for hid, gid, door, head in cast(Iterable[tuple[int, int, str, str]], query.tuples()):
            found.households[hid] = HouseholdInfo(hid, gid, names_of.get(gid, ""), door or "", head or "")
            if door:
                found.by_door.setdefault((gid, door), []).append(hid)
            if head:
                found.by_head.setdefault((gid, head), []).append(hid)
            if head == VISITOR_HEAD and door == VISITOR_DOOR:
                found.visitor_households.setdefault(gid, hid)
        numbers = sorted({r.values["id_number"] for r in rows if r.values.get("id_number")})
        names = sorted({r.values["name"] for r in rows if r.values.get("name")})
        people = Person.select(Person.id, Person.id_number, Person.name, Person.status, Person.household)
        numbered = cast(Iterable[tuple[int, str, str, str, int]], people.where(Person.id_number.in_(numbers)).tuples())
        found.by_number = {n: (pid, name, status, hid) for pid, n, name, status, hid in numbered}
        present = Person.select(Person.id, Person.name, Person.household).where(
            Person.name.in_(names) & Person.status.not_in(sorted(LEFT))
        )
        for pid, name, hid in cast(Iterable[tuple[int, str, int]], present.tuples()):
            found.present_by_name.setdefault(name, []).append((pid, hid))
        return found

    def grid_name(self, grid_id: int) -> str:
        return next(name for name, gid in self.grids.items() if gid == grid_id)

    def grid_named(self, text: str) -> int | None:
        """The grid a group cell names: by name, else by number (1组 is 一组)."""
        text = text.strip()
        if text in self.grids:
            return self.grids[text]
        number = group_number(text)
        if number is None:
            return None
        return next((gid for name, gid in self.grids.items() if group_number(name) == number), None)

    def household_of(self, values: dict[str, Any]) -> tuple[list[int], int | None]:
        """(households the row's 组别 / 门牌号 / 户主 / 家庭住址 point to, the grid they name)."""
        address = str(values.get("address", ""))
        if self.village_name and address.startswith(self.village_name):
            address = address[len(self.village_name) :]
        grid_id = self.grid_named(str(values["grid_name"])) if values.get("grid_name") else None
        door = str(values.get("door_no", ""))
        if grid_id is None and address:
            by_length = sorted(self.grids, key=len, reverse=True)
            named = next((g for g in by_length if address.startswith(g)), None) or group_named_in(address)
            if named and address.startswith(named):
                grid_id = self.grid_named(named)
                door = door or address[len(named) :]
        if grid_id is None:
            return [], None
        grid = self.grid_name(grid_id)
        head = str(values.get("head_name", ""))
        if door:
            door = short_door(door, self.village_name, grid)
            found = self.by_door.get((grid_id, door), [])
            if head and len(found) > 1:
                found = [h for h in found if self.households[h].head_name == head]
            if found:
                return found, grid_id
        return (self.by_head.get((grid_id, head), []) if head else []), grid_id
