"""A report's figures for a day, computed from the ledgers as they stood at the day's cut-off (the end of the
day): a report for a past day comes out the same after later edits (db.reports.as_of), and never typed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from db.base import database
from db.errors import LedgerError
from db.reports.as_of import ledger_as_of
from db.reports.sources import SOURCES
from db.reports.spec import DAY_MEASURES, MEASURE_LABELS, MEASURES, Category, ReportSpec, problems

T = TypeVar("T")


@dataclass(frozen=True)
class FigureRow:
    """One row of the report: its block and label, a figure per measure it has (None: the column is blank)."""

    block: str
    label: str
    category: int
    """Index into the definition's categories."""
    value: str | None
    """The split value this row counts (None: the whole category)."""
    figures: dict[str, int | None]


@dataclass(frozen=True)
class Figures:
    """A report's rows for a day, and the moment they were read at."""

    day: date
    cutoff: datetime
    rows: tuple[FigureRow, ...]
    walked_back: int
    """Changes made after the cut-off and left out (0: the ledger as it is now)."""

    @property
    def zero(self) -> bool:
        """Nothing new and nothing ended on the day: the report is a 零报告."""
        return all(not (r.figures.get(m) or 0) for r in self.rows for m in DAY_MEASURES)


def cutoff_of(day: date) -> datetime:
    """The moment a day's report is taken at: the end of the day."""
    return datetime.combine(day + timedelta(days=1), time(0))


@contextmanager
def as_reported(day: date) -> Iterator[int]:
    """The ledger as a report of `day` reads it (yields how many later changes are left out)."""
    with ledger_as_of(cutoff_of(day)) as walked_back:
        yield walked_back


def compute(spec: ReportSpec, day: date) -> Figures:
    """当日新增 and 当日减少 count the records that started (ended) by the day and had not by the day before, each
    day read as the ledger stood at its own cut-off: a record typed in late (yesterday's visit entered this
    morning) counts as new on the day it became known, never nowhere; a person found with fever again, or
    quarantined a second time, is new again. Each counts what the category counts (people, households)
    once. 现有 and 累计 are today's stock."""
    if found := problems(spec):  # a definition's names reach the SQL only once they are all known
        raise LedgerError("报表定义有误：" + "；".join(found))
    yesterday = day - timedelta(days=1)
    # The day before is read at the same time, on a connection of its own; not from inside a transaction of
    # this thread's, whose lock that reading would wait for.
    alone = database.obj.in_transaction()
    with ThreadPoolExecutor(max_workers=1) as beside:
        before_job = None if alone else beside.submit(_in_own_connection, _stocks, spec, yesterday)
        with as_reported(day) as walked_back:
            now = [_stock(c, day) for c in spec.categories]
        before = _stocks(spec, yesterday) if before_job is None else before_job.result()
    rows = []
    for n, category in enumerate(spec.categories):
        values: list[str | None] = [None]
        if category.split is not None:
            values = [*sorted(v for v in now[n] if v is not None)]
        for value in values:
            today, last = now[n].get(value, _EMPTY), before[n].get(value, _EMPTY)
            counted = {
                "new": _count_since(today.started, last.started),
                "ended": _count_since(today.ended, last.ended),
                "current": len(set(today.current.values())),
                "total": len(set(today.started.values())),
            }
            label = category.label.replace("{value}", value or "")
            figures = {m: counted[m] if m in category.measures else None for m in spec.columns}
            rows.append(FigureRow(category.block, label, n, value, figures))
    return Figures(day, cutoff_of(day), tuple(rows), walked_back)


def _stocks(spec: ReportSpec, day: date) -> list[dict[str | None, _Stock]]:
    with as_reported(day):
        return [_stock(c, day) for c in spec.categories]


def _in_own_connection(work: Callable[..., T], *args: Any) -> T:
    """work(*args) in a worker thread, on the connection peewee opens for it, closed when done."""
    try:
        return work(*args)
    finally:
        if not database.obj.is_closed():
            database.obj.close()  # this thread's connection only


def _count_since(today: dict[Any, Any], yesterday: dict[Any, Any]) -> int:
    """The keys counted of the records in today's set and not in yesterday's."""
    return len({key for record, key in today.items() if record not in yesterday})


@dataclass(frozen=True)
class _Stock:
    """What a category holds on a day: of the records that have started, ended, and last, each record's id and
    the key it counts (a person, a household, itself)."""

    started: dict[Any, Any]
    ended: dict[Any, Any]
    current: dict[Any, Any]


_EMPTY = _Stock({}, {}, {})


def _where(category: Category, params: dict[str, Any]) -> str:
    parts = []
    for k, f in enumerate(category.filters):
        names = []
        for j, value in enumerate(f.values):
            params[f"f{k}_{j}"] = value
            names.append(f":f{k}_{j}")
        inside = f"{f.field} IN ({', '.join(names)})" if names else "0"
        parts.append(f"NOT ({inside})" if f.negate else inside)
    return " AND ".join(parts) or "1"


def _stock(category: Category, day: date) -> dict[str | None, _Stock]:
    """The category's stock on the day, by split value (None without a split). Each split's records come
    back as one JSON array, not a row at a time: compute reads two cut-offs side by side, and a row at a
    time would have them take turns for Python's lock."""
    source = SOURCES[category.source]
    params: dict[str, Any] = {"day": day.isoformat()}
    where = _where(category, params)
    record = f'json_array(id, {category.count}, "end" <= :day, {MEASURES["current"]})'
    sql = (
        f"SELECT {category.split or 'NULL'}, json_group_array({record}) FROM ({source.sql}) "
        f"WHERE {where} AND start <= :day AND {category.count} IS NOT NULL GROUP BY 1"
    )
    found: dict[str | None, _Stock] = {}
    for value, packed in database.connection().execute(sql, params):
        if category.split is not None and (value is None or value == ""):
            continue
        stock = found.setdefault(None if category.split is None else str(value), _Stock({}, {}, {}))
        for record_id, key, ended, current in json.loads(packed):
            stock.started[record_id] = key
            if ended:
                stock.ended[record_id] = key
            if current:
                stock.current[record_id] = key
    return found


def day_counts(category: Category, measure: str, days: tuple[date, ...]) -> list[int]:
    """The category's measure on each day by the days records are dated (start, end), from the ledger as it
    is: one query for all the days."""
    source = SOURCES[category.source]
    params: dict[str, Any] = {f"d{n}": d.isoformat() for n, d in enumerate(days)}
    where = _where(category, params)
    parts = ", ".join(
        f"COUNT(DISTINCT CASE WHEN {MEASURES[measure].replace(':day', f':d{n}')} THEN {category.count} END)"
        for n in range(len(days))
    )
    row = database.connection().execute(f"SELECT {parts} FROM ({source.sql}) WHERE {where}", params).fetchone()
    return [int(v or 0) for v in row]


@dataclass(frozen=True)
class Listing:
    """The records behind a row's figures, each with what it is on the day (本日: 新增 / 减少 / 现有)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def listing(spec: ReportSpec, row: FigureRow, day: date, measure: str | None = None) -> Listing:
    """The records behind a row (one measure's, or every day measure the row has but 累计), read as its
    figures were: new and ended against the day before, so the township can check each figure."""
    return listings(spec, [row], day, measure)[0]


def listings(spec: ReportSpec, rows: list[FigureRow], day: date, measure: str | None = None) -> list[Listing]:
    """listing() of several rows, the ledger read at the two cut-offs once for all of them."""
    before = day - timedelta(days=1)
    with as_reported(before):
        yesterdays = [_stock(spec.categories[r.category], before).get(r.value, _EMPTY) for r in rows]
    with as_reported(day):
        return [
            _behind(spec.categories[r.category], r.value, y, day, measure)
            for r, y in zip(rows, yesterdays, strict=True)
        ]


def _behind(category: Category, value: str | None, yesterday: _Stock, day: date, measure: str | None) -> Listing:
    wanted = [m for m in (measure,) if m] or [m for m in ("new", "ended", "current") if m in category.measures]
    today = _stock(category, day).get(value, _EMPTY)
    said: dict[Any, str] = {}
    for m, ids in (
        ("current", set(today.current)),
        ("ended", set(today.ended) - set(yesterday.ended)),
        ("new", set(today.started) - set(yesterday.started)),
    ):
        if m in wanted:
            said.update(dict.fromkeys(ids, MEASURE_LABELS[m].removeprefix("当日")))
    source = SOURCES[category.source]
    params: dict[str, Any] = {"day": day.isoformat()}
    columns = ", ".join(expr for _header, expr in source.list_columns)
    sql = f"SELECT id, {columns} FROM ({source.sql}) WHERE {_where(category, params)} AND start <= :day"
    found = [(said[r[0]], *r[1:]) for r in database.connection().execute(sql, params) if r[0] in said]
    return Listing(("本日", *(header for header, _expr in source.list_columns)), tuple(found))
