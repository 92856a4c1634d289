"""The village, its grids and households, as the tree and the forms need them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

import peewee

from db.models import Grid, Household, Person, Setting, Village
from db.models.household import LEFT_STATUSES
from db.rules.household_numbers import NumberAllocator
from db.rules.search_keys import natural_key

#: Setting of a database holding a demo village, written by db.demo in the demo's own transaction.
PRACTICE_KEY = "practice.demo_village"

_PRESENT = Person.status.not_in([s.value for s in LEFT_STATUSES])


def _tuples(query: peewee.ModelSelect[Any]) -> Iterator[tuple[Any, ...]]:
    """A query's rows as tuples (peewee's stubs type .tuples() as the model's own rows)."""
    return cast(Iterator[tuple[Any, ...]], iter(query.tuples()))


def _dict(query: peewee.ModelSelect[Any]) -> dict[str, Any]:
    """The query's one row as a dict (DoesNotExist if there is none)."""
    return cast(dict[str, Any], query.dicts().get())


@dataclass(frozen=True)
class GridRow:
    """A grid as the roster's tree shows it, with its counts."""

    id: int
    name: str
    worker: str
    households: int
    people: int


@dataclass(frozen=True)
class HouseholdRow:
    """A household as the roster's tree shows it, with its member count."""

    id: int
    number: str
    door_no: str
    head_name: str
    people: int


def village() -> Village | None:
    found: Village | None = Village.select().first()
    return found


def is_practice() -> bool:
    """Whether the open database holds a demo village (invented people), not a village's real ledger."""
    row = Setting.get_or_none(Setting.key == PRACTICE_KEY)
    return row is not None and json.loads(row.value) is True


def grid_rows() -> list[GridRow]:
    households: dict[int, int] = dict(
        _tuples(Household.select(Household.grid, peewee.fn.COUNT(Household.id)).group_by(Household.grid))
    )
    people: dict[int, int] = dict(
        _tuples(
            Person.select(Household.grid, peewee.fn.COUNT(Person.id))
            .join(Household)
            .where(_PRESENT)
            .group_by(Household.grid)
        )
    )
    return [
        GridRow(g.id, g.name, g.worker, households.get(g.id, 0), people.get(g.id, 0))
        for g in Grid.select().order_by(Grid.sort_order, Grid.id)
    ]


def grid_choices() -> list[tuple[int, str]]:
    """(id, name) of each grid in the village's order, for a filter."""
    return [(grid_id, name) for grid_id, name in _tuples(Grid.select(Grid.id, Grid.name).order_by(Grid.sort_order))]


def grid_names() -> tuple[str, ...]:
    return tuple(name for (name,) in _tuples(Grid.select(Grid.name).order_by(Grid.sort_order, Grid.id)))


def household_rows(grid_id: int) -> list[HouseholdRow]:
    counts = (
        Person.select(Person.household, peewee.fn.COUNT(Person.id).alias("n"))
        .where(_PRESENT)
        .group_by(Person.household)
    )
    query = (
        Household.select(
            Household.id, Household.number, Household.door_no, Household.head_name, peewee.fn.COALESCE(counts.c.n, 0)
        )
        .join(counts, peewee.JOIN.LEFT_OUTER, on=(counts.c.household_id == Household.id))
        .where(Household.grid == grid_id)
    )
    rows = [HouseholdRow(*row) for row in _tuples(query)]
    return sorted(rows, key=lambda r: natural_key(r.number))


def totals() -> tuple[int, int]:
    """(households, people present or away) in the whole village."""
    return Household.select().count(), Person.select().where(_PRESENT).count()


def household_values(household_id: int) -> dict[str, Any]:
    """A household's fields plus its grid's name (the form edits the grid by name)."""
    query = Household.select(Household, Grid.name.alias("grid_name")).join(Grid).where(Household.id == household_id)
    return _dict(query)


def household_grid_id(household_id: int) -> int | None:
    grid_id: int | None = Household.select(Household.grid).where(Household.id == household_id).scalar()
    return grid_id


def person_values(person_id: int) -> dict[str, Any]:
    return _dict(Person.select().where(Person.id == person_id))


def person_with_id_number(number: str, exclude_id: int | None = None) -> str | None:
    """A short description of the person already holding this ID number, if any."""
    query = Person.select(Person.name, Household.number).join(Household).where(Person.id_number == number)
    if exclude_id is not None:
        query = query.where(Person.id != exclude_id)
    row = query.tuples().first()
    return f"{row[0]}（户号 {row[1]}）" if row else None


def grid_id_by_name(name: str) -> int | None:
    grid = Grid.get_or_none(Grid.name == name)
    return grid.id if grid else None


def household_number_taken(number: str, grid_id: int | None, exclude_id: int | None = None) -> bool:
    """户号 are unique within a group (一组 and 六组 may both have 001)."""
    query = Household.select().where((Household.number == number) & (Household.grid == grid_id))
    if exclude_id is not None:
        query = query.where(Household.id != exclude_id)
    return query.exists()


def taken_household_numbers() -> set[str]:
    return {n for (n,) in _tuples(Household.select(Household.number))}


def next_household_number(grid_id: int) -> str:
    """A free 户号 in the grid's pattern, after the grid's existing households."""
    grid = Grid.get_by_id(grid_id)
    existing = Household.select().where(Household.grid == grid_id).count()
    return NumberAllocator(taken_household_numbers()).next(grid.sort_order, start=existing + 1)


def households_for_choice(grid_id: int | None = None) -> list[tuple[int, str]]:
    """(id, "户号 户主 门牌") for a household picker."""
    query = Household.select(Household.id, Household.number, Household.head_name, Household.door_no, Grid.name).join(
        Grid
    )
    if grid_id is not None:
        query = query.where(Household.grid == grid_id)
    rows = [(hid, f"{num}  {head}  {grid}{door}") for hid, num, head, door, grid in _tuples(query)]
    return sorted(rows, key=lambda r: natural_key(r[1]))


def present_members(household_id: int) -> list[int]:
    """Ids of the household's people who have not moved out or died."""
    query = Person.select(Person.id).where((Person.household == household_id) & _PRESENT)
    return [pid for (pid,) in _tuples(query)]
