"""People lists for the roster screen and exports: scoped, searched and ordered in SQL.

The screen asks for one page at a time (LIMIT/OFFSET over the indexed sort key) and gets plain sqlite3
rows, turned into records only for the rows on screen, so a keystroke in a 100,000-person roster costs
little more than the bare query. The SQL is written out here because it is the whole of the work.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import peewee

from db.base import database
from db.models.household import LEFT_STATUSES, Household, Person
from db.rules.search_keys import normalize_query


def _select_list() -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The SELECT list of a people row, read from the models so that a field added to Person or Household
    (and to its definition) is in the screen's list and the export without a word here; a household
    column is named household_x where the person has an x (and its number household_number, as every
    list calls it). Also the flag and date columns, which sqlite returns as numbers and text."""
    person = [f for f in Person._meta.sorted_fields if f.name not in ("id", "household", *Person.SEARCH_COLUMNS)]
    names = {f.name for f in person}
    household = [f for f in Household._meta.sorted_fields if f.name not in ("id", "grid")]
    columns = ["p.id", *(f"p.{f.column_name}" for f in person), "p.household_id AS household"]
    for f in household:
        alias = f"household_{f.name}" if f.name in names or f.name == "number" else f.name
        columns.append(f"h.{f.column_name}" + ("" if alias == f.column_name else f" AS {alias}"))
    columns += ["g.id AS grid_id", "g.name AS grid_name", "g.name || h.door_no AS address"]
    flags = tuple(f.name for f in person if isinstance(f, peewee.BooleanField))
    dates = tuple(f.name for f in person if isinstance(f, peewee.DateField))
    return ", ".join(columns), flags, dates


_COLUMNS, _FLAGS, _DATES = _select_list()
_FROM = "FROM person p JOIN household h ON h.id = p.household_id JOIN grid g ON g.id = h.grid_id"
_LEFT = tuple(s.value for s in LEFT_STATUSES)


@dataclass(frozen=True)
class Scope:
    """Which part of the village a list shows: everyone, one grid, or one household."""

    grid_id: int | None = None
    household_id: int | None = None
    include_left: bool = False


@lru_cache(maxsize=32)
def _where_sql(by_household: bool, by_grid: bool, include_left: bool, searched: bool) -> str:
    conditions = ["1"]
    if not include_left:
        conditions.append(f"p.status NOT IN ({', '.join('?' * len(_LEFT))})")
    if by_household:
        conditions.append("p.household_id = ?")
    elif by_grid:
        conditions.append("p.household_id IN (SELECT id FROM household WHERE grid_id = ?)")
    if searched:
        conditions.append("p.search_text LIKE ? ESCAPE '\\'")
    return " AND ".join(conditions)


def _where(query_text: str, scope: Scope) -> tuple[str, list[Any]]:
    """The WHERE clause for a typed search within a scope, and its parameters."""
    params: list[Any] = [] if scope.include_left else list(_LEFT)
    by_household = scope.household_id is not None
    if by_household:
        params.append(scope.household_id)
    elif scope.grid_id is not None:
        params.append(scope.grid_id)
    needle = normalize_query(query_text)
    if needle:
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    sql = _where_sql(by_household, not by_household and scope.grid_id is not None, scope.include_left, bool(needle))
    return sql, params


def _execute(sql: str, params: list[Any]) -> sqlite3.Cursor:
    cursor: sqlite3.Cursor = database.execute_sql(sql, params)
    cursor.row_factory = sqlite3.Row
    return cursor


def search_people(query_text: str, scope: Scope, limit: int, offset: int = 0) -> list[sqlite3.Row]:
    """One page of people matching the typed text (name, pinyin, ID, phone or address), in roster order.

    Rows are sqlite3 rows (read by column name); `person_record` turns one into the values forms show.
    """
    where, params = _where(query_text, scope)
    sql = f"SELECT {_COLUMNS} {_FROM} WHERE {where} ORDER BY p.sort_key, p.id LIMIT ? OFFSET ?"
    return _execute(sql, [*params, limit, offset]).fetchall()


def person_record(row: sqlite3.Row) -> dict[str, Any]:
    """A row as the values the record definitions expect (dates as dates, flags as booleans)."""
    record = dict(zip(row.keys(), row, strict=True))
    for name in _DATES:
        record[name] = date.fromisoformat(record[name]) if record[name] else None
    for flag in _FLAGS:
        record[flag] = bool(record[flag])
    return record


def count_people(query_text: str, scope: Scope) -> int:
    where, params = _where(query_text, scope)
    return int(_execute(f"SELECT COUNT(*) FROM person p WHERE {where}", params).fetchone()[0])


def count_households(scope: Scope) -> int:
    """Households with at least one person in scope."""
    where, params = _where("", scope)
    return int(_execute(f"SELECT COUNT(DISTINCT p.household_id) FROM person p WHERE {where}", params).fetchone()[0])


def iter_roster(include_left: bool = False) -> Iterator[dict[str, Any]]:
    """Every person with their household, in roster order, streamed to keep memory flat."""
    where, params = _where("", Scope(include_left=include_left))
    cursor = _execute(f"SELECT {_COLUMNS} {_FROM} WHERE {where} ORDER BY p.sort_key, p.id", params)
    return (person_record(row) for row in cursor)
