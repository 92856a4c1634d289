"""The keys a roster import recognises households by, on both sides: what the roster already holds, looked
up once per import, and the file's group and door names brought to the form the roster stores them in.

Why apart from the planner (forms.roster_plan): these are the rules of naming (1组 is 一组, "东风村一组12号"
in a 门牌 column is 12号, a sheet called 三组花名册 is of 三组), testable and readable without the row walk.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from db.models import Grid, Household, Person, Village
from db.rules.group_names import group_named_in, group_number
from forms.import_steps import DEFAULT_GRID

_GENERIC_SHEET_NAMES = ("sheet", "工作表", "")
_SHEET_SUFFIX = re.compile(r"(户籍人口|户籍|人口|村民|居民|人员)?(花名册|名册|名单|登记表|台账|信息表|统计表|表)$")


class Existing:
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
        self.head_of: dict[int, str] = {}
        households = Household.select(Household.id, Grid.name, Household.number, Household.door_no, Household.head_name)
        rows: Iterable[tuple[int, str, str, str, str]] = (
            households.join(Grid).order_by(Household.id).tuples()  # type: ignore[assignment]
        )
        for household_id, grid, number, door, head in rows:
            self.head_of[household_id] = head
            keys: tuple[tuple[str, ...], ...] = (("number", grid, number), ("door", grid, door), ("head", grid, head))
            for key in keys:
                if key[2]:
                    self.households[key].append(household_id)
        #: People without an ID number are recognised by name within their household.
        unnumbered: Iterable[tuple[int, int, str]] = (
            Person.select(Person.id, Person.household, Person.name).where(Person.id_number.is_null()).tuples()  # type: ignore[assignment]
        )
        self.unnumbered = {(household_id, name): person_id for person_id, household_id, name in unnumbered}
        grids: Iterable[tuple[str]] = Grid.select(Grid.name).order_by(Grid.sort_order, Grid.id).tuples()  # type: ignore[assignment]
        self.grids = [name for (name,) in grids]


class GroupNames:
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


def sheet_grid(sheet: str, village_name: str = "") -> str:
    """The group a sheet without a 组别 column names ("一组", "东风村三组花名册" → 三组), else 未分组."""
    lowered = sheet.strip().lower()
    if any(lowered.startswith(g) and lowered[len(g) :].isdigit() for g in _GENERIC_SHEET_NAMES if g):
        return DEFAULT_GRID
    name = _SHEET_SUFFIX.sub("", sheet.strip())
    if village_name and name.startswith(village_name):
        name = name[len(village_name) :]  # (the village's own name alone is no group)
    return name or DEFAULT_GRID


def short_door(door: str, village_name: str, grid_name: str) -> str:
    """ "东风村一组12号" in a 门牌 column is stored as "12号": the village and group are known already (the group
    spelled any way: 东风村1组12号 in 一组 too)."""
    if village_name and door.startswith(village_name) and len(door) > len(village_name):
        door = door[len(village_name) :]
    named = group_named_in(door)
    prefix = grid_name if door.startswith(grid_name) else named if named and door.startswith(named) else None
    if prefix and len(door) > len(prefix) and (prefix == grid_name or group_number(prefix) == group_number(grid_name)):
        door = door[len(prefix) :]
    return door
