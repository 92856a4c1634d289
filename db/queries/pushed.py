"""What the pushed lists' screens, 首页 and the feedback export read: batches, items, what is overdue."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import peewee

from db.base import database
from db.models import Household, Person, PushedBatch, PushedItem, PushedSource
from db.models.pushed import CLOSED_STATUSES, ItemStatus
from db.queries.screening import tuple_rows
from db.rules.person_match import RosterEntry, RosterIndex

_CLOSED = [s.value for s in CLOSED_STATUSES]


def roster_index() -> RosterIndex:
    """Everyone on the roster (moved out and deceased too: a pushed name may be one who left). The ID
    numbers are read at once, in one plain statement (a list of 40,000 is mostly matched by them); the
    other keys only when a name needs them."""
    numbers = database.execute_sql("SELECT upper(id_number), id FROM person WHERE id_number IS NOT NULL")

    def entries() -> Iterator[RosterEntry]:
        columns = (Person.id, Person.name, Person.id_number, Person.phone, Person.birth_date, Person.pinyin_full)
        for i, n, num, ph, b, py in tuple_rows(Person.select(*columns)):
            yield RosterEntry(i, n, num or "", ph or "", b, py or "")

    return RosterIndex(dict(numbers.fetchall()), entries)


@dataclass(frozen=True)
class BatchLine:
    """A batch as the list of batches shows it."""

    id: int
    source: str
    issuer: str
    batch_no: str
    issued_on: date | None
    deadline: datetime
    received_at: datetime
    items: int
    open: int
    unconfirmed: int

    def title(self) -> str:
        return f"{self.source} {self.batch_no}".strip() or f"批次 {self.id}"

    def overdue_hours(self, now: datetime) -> int:
        """Whole hours past the deadline (0 when not past, or when nothing is open)."""
        if not self.open or now <= self.deadline:
            return 0
        return int((now - self.deadline).total_seconds() // 3600)


def batches() -> list[BatchLine]:
    is_open = PushedItem.status.not_in(_CLOSED)
    query = (
        PushedBatch.select(
            PushedBatch.id,
            PushedSource.name,
            PushedBatch.issuer,
            PushedBatch.batch_no,
            PushedBatch.issued_on,
            PushedBatch.deadline,
            PushedBatch.received_at,
            peewee.fn.COUNT(PushedItem.id),
            peewee.fn.SUM(peewee.Case(None, [(is_open, 1)], 0)),
            peewee.fn.SUM(
                peewee.Case(None, [((PushedItem.person.is_null(False)) & (PushedItem.match_confirmed == 0), 1)], 0)
            ),
        )
        .join(PushedSource, on=PushedBatch.source == PushedSource.id)
        .switch(PushedBatch)
        .join(PushedItem, peewee.JOIN.LEFT_OUTER, on=PushedItem.batch == PushedBatch.id)
        .group_by(PushedBatch.id)
        .order_by(PushedBatch.received_at.desc(), PushedBatch.id.desc())
    )
    return [
        BatchLine(bid, src, issuer, no, issued, deadline, received, n, opened or 0, unconfirmed or 0)
        for bid, src, issuer, no, issued, deadline, received, n, opened, unconfirmed in tuple_rows(query)
    ]


@dataclass(frozen=True)
class ItemLine:
    """A pushed name as the item list shows it: what the township sent, who we think it is, where it stands."""

    id: int
    row_no: int
    name: str
    id_number: str
    phone: str
    origin: str
    arrived_on: date | None
    person_id: int | None
    person_name: str
    person_place: str
    person_status: str
    match_reason: str
    match_strength: int
    match_confirmed: bool
    candidates: tuple[int, ...]
    status: str
    result: str
    checker: str
    checked_at: datetime | None
    case_id: int | None

    @property
    def closed(self) -> bool:
        return self.status in _CLOSED

    @property
    def needs_confirmation(self) -> bool:
        return self.person_id is not None and not self.match_confirmed


def items(batch_id: int, only: Collection[int] | None = None) -> list[ItemLine]:
    """The batch's names in row order; `only`: just these items (the page re-reads the names it changed)."""
    query = (
        PushedItem.select(
            PushedItem.id,
            PushedItem.row_no,
            PushedItem.name,
            PushedItem.id_number,
            PushedItem.phone,
            PushedItem.origin,
            PushedItem.arrived_on,
            PushedItem.person,
            Person.name,
            Household.door_no,
            Household.head_name,
            Person.status,
            PushedItem.match_reason,
            PushedItem.match_strength,
            PushedItem.match_confirmed,
            PushedItem.candidates,
            PushedItem.status,
            PushedItem.result,
            PushedItem.checker,
            PushedItem.checked_at,
            PushedItem.case,
        )
        .join(Person, peewee.JOIN.LEFT_OUTER, on=PushedItem.person == Person.id)
        .join(Household, peewee.JOIN.LEFT_OUTER, on=Person.household == Household.id)
        .where(
            PushedItem.batch == batch_id
            if only is None
            else (PushedItem.batch == batch_id) & PushedItem.id.in_(list(only))
        )
        .order_by(PushedItem.row_no)
    )
    lines = []
    for row in tuple_rows(query):
        (iid, row_no, name, number, phone, origin, arrived, pid, pname, door, head, pstatus, *rest) = row
        reason, strength, confirmed, candidates, status, result, checker, checked_at, case_id = rest
        place = f"{door} {head}户".strip() if pid is not None else ""
        lines.append(
            ItemLine(
                iid,
                row_no,
                name,
                number,
                phone,
                origin,
                arrived,
                pid,
                pname or "",
                place,
                pstatus or "",
                reason,
                strength,
                bool(confirmed),
                tuple(json.loads(candidates or "[]")),
                status,
                result,
                checker,
                checked_at,
                case_id,
            )
        )
    return lines


@dataclass(frozen=True)
class OverdueLine:
    """An open pushed name past its batch's deadline, for 首页."""

    item_id: int
    batch_id: int
    batch: str
    name: str
    status: str
    deadline: datetime
    hours_overdue: int


def overdue(now: datetime) -> list[OverdueLine]:
    """Open items whose batch's deadline has passed, longest overdue first."""
    query = (
        PushedItem.select(
            PushedItem.id,
            PushedBatch.id,
            PushedSource.name,
            PushedBatch.batch_no,
            PushedItem.name,
            PushedItem.status,
            PushedBatch.deadline,
        )
        .join(PushedBatch, on=PushedItem.batch == PushedBatch.id)
        .join(PushedSource, on=PushedBatch.source == PushedSource.id)
        .where(PushedItem.status.not_in(_CLOSED) & (PushedBatch.deadline < now))
        .order_by(PushedBatch.deadline, PushedItem.row_no)
    )
    return [
        OverdueLine(iid, bid, f"{src} {no}".strip(), name, status, dl, int((now - dl).total_seconds() // 3600))
        for iid, bid, src, no, name, status, dl in tuple_rows(query)
    ]


def remembered_mapping(source: str) -> dict[str, str]:
    """The {normalised header: field key} the source's last list was read with ({} for a new source)."""
    found: PushedSource | None = PushedSource.get_or_none(PushedSource.name == source.strip())
    return {} if found is None else dict(json.loads(found.mapping))


def sources() -> list[str]:
    return [name for (name,) in tuple_rows(PushedSource.select(PushedSource.name).order_by(PushedSource.name))]


def status_counts(batch_id: int) -> dict[str, int]:
    """Items by status, every status present (0 when none), in the workflow's order."""
    query = PushedItem.select(PushedItem.status, peewee.fn.COUNT(PushedItem.id)).where(PushedItem.batch == batch_id)
    counts: dict[str, int] = dict(tuple_rows(query.group_by(PushedItem.status)))
    return {s.value: counts.get(s.value, 0) for s in ItemStatus}


def batch_sheet(batch_id: int) -> tuple[PushedBatch, list[PushedItem]]:
    """The batch as received and its items in row order, for the feedback workbook."""
    batch = PushedBatch.get_by_id(batch_id)
    rows: list[Any] = list(PushedItem.select().where(PushedItem.batch == batch_id).order_by(PushedItem.row_no))
    return batch, rows
