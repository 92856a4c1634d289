"""People lists for the roster screen and exports: scoped, searched and ordered in SQL.

The screen asks for one page at a time (LIMIT/OFFSET over the indexed sort key), so a 100,000-person
roster shows its first rows as fast as a bare query returns them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import peewee

from db.models import Grid, Household, Person
from db.models.household import LEFT_STATUSES
from db.rules.search_keys import normalize_query

PERSON_COLUMNS = (
    Person.id, Person.name, Person.sex, Person.id_number, Person.birth_date, Person.phone, Person.relation,
    Person.status, Person.chronic, Person.pregnant, Person.disabled, Person.lives_alone, Person.note,
    Person.household.alias("household"),
)
HOUSEHOLD_COLUMNS = (
    Household.number.alias("household_number"), Household.door_no, Household.head_name,
    Household.phone.alias("household_phone"), Household.kind, Household.note.alias("household_note"),
    Grid.id.alias("grid_id"), Grid.name.alias("grid_name"),
)


@dataclass(frozen=True)
class Scope:
    """Which part of the village a list shows: everyone, one grid, or one household."""

    grid_id: int | None = None
    household_id: int | None = None
    include_left: bool = False


def _where(query_text: str, scope: Scope) -> peewee.Expression:
    condition: peewee.Expression = Person.id > 0
    if not scope.include_left:
        condition &= Person.status.not_in([s.value for s in LEFT_STATUSES])
    if scope.household_id is not None:
        condition &= Person.household == scope.household_id
    elif scope.grid_id is not None:
        condition &= Person.household.in_(Household.select(Household.id).where(Household.grid == scope.grid_id))
    needle = normalize_query(query_text)
    if needle:
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        condition &= peewee.NodeList(
            (Person.search_text, peewee.SQL("LIKE"), f"%{escaped}%", peewee.SQL("ESCAPE '\\'"))
        )
    return condition


_FLAGS = ("chronic", "pregnant", "disabled", "lives_alone")


def _rows(query: peewee.ModelSelect) -> Iterator[dict[str, Any]]:
    """Rows as dicts, converted by hand: peewee's own row conversion costs more than the query itself
    for a page of the search list."""
    cursor = query.model._meta.database.execute_sql(*query.sql())
    names = [column[0] for column in cursor.description]
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        birth = row["birth_date"]
        row["birth_date"] = date.fromisoformat(birth) if birth else None
        for flag in _FLAGS:
            row[flag] = bool(row[flag])
        row["address"] = row["grid_name"] + row["door_no"]
        yield row


def _joined() -> peewee.ModelSelect:
    return Person.select(*PERSON_COLUMNS, *HOUSEHOLD_COLUMNS).join(Household).join(Grid)


def search_people(query_text: str, scope: Scope, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """One page of people matching the typed text (name, pinyin, ID, phone or address), in roster order."""
    query = _joined().where(_where(query_text, scope)).order_by(Person.sort_key, Person.id)
    return list(_rows(query.limit(limit).offset(offset)))


def count_people(query_text: str, scope: Scope) -> int:
    return Person.select().where(_where(query_text, scope)).count()


def count_households(scope: Scope) -> int:
    """Households with at least one person in scope."""
    return Person.select(peewee.fn.COUNT(Person.household.distinct())).where(_where("", scope)).scalar() or 0


def get_person_row(person_id: int) -> dict[str, Any] | None:
    return next(_rows(_joined().where(Person.id == person_id)), None)


def iter_roster(include_left: bool = False) -> Iterator[dict[str, Any]]:
    """Every person with their household, in roster order, streamed to keep memory flat."""
    query = _joined().where(_where("", Scope(include_left=include_left))).order_by(Person.sort_key, Person.id)
    return _rows(query)
