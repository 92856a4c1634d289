"""What the checkpoint screen and its exports read: the fill-in lookup, a day's register, its vehicles, and
the day's statistics per checkpoint (counted in SQL aggregates, one query for the day).

The lookup reads what was typed as an ID number (digits, perhaps ending in X), pinyin initials (letters) or
the start of a name, and finds it among the earlier gate entries (at any checkpoint, the latest first: they
hold where the person came from, their plate …) and the roster's people (not moved out or dead), each
person once. The entries are read from the indexes (ID number, at), (name, at), (initials, at) alone; a key
that matches most of them (the village's region code) from the latest entries backwards. The roster's ID
numbers have their index; its names and initials have none, and are read in roster order until enough are
found. On 100,000 entries a keystroke costs 0.3–12 ms (tests/bench/bench_checkpoints.py).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from db.base import database
from db.models.checkpoint import Checkpoint, Direction, GateOutcome
from db.models.household import LEFT_STATUSES, PersonStatus
from db.rules.id_number import mask_id_number

#: Candidates the fill-in offers at most.
LOOKUP_LIMIT = 8
ROSTER = "花名册"
EARLIER = "卡点登记"

_ID_PREFIX = re.compile(r"[0-9]{4,17}[0-9X]?")
_INITIALS = re.compile(r"[a-z]{1,12}")
_LEFT = tuple(s.value for s in LEFT_STATUSES)


@dataclass(frozen=True)
class Candidate:
    """A person the typed text may be, with what the fill-in fills: identity from the roster when the person
    is in it (else as last typed at a gate), the journey as last registered (blank for someone never seen).

    source: ROSTER (in the roster, never registered) or EARLIER (registered before; person_id set when also in
    the roster); last_at / last_checkpoint: the latest entry's moment and gate."""

    source: str
    name: str
    id_number: str | None
    phone: str
    address: str
    is_villager: bool
    person_id: int | None = None
    last_at: datetime | None = None
    last_checkpoint: str = ""
    last_direction: str = ""
    from_place: str = ""
    from_area_code: str | None = None
    to_place: str = ""
    reason: str = ""
    local_contact: str = ""
    travel_mode: str = ""
    plate: str = ""

    @property
    def shown_id_number(self) -> str:
        """The ID number masked, as the fill-in list shows it."""
        return mask_id_number(self.id_number) if self.id_number else ""

    def values(self) -> dict[str, Any]:
        """The entry fields this candidate fills (GateEntry's names), for register_entry."""
        filled: dict[str, Any] = {
            "name": self.name,
            "id_number": self.id_number,
            "phone": self.phone,
            "address": self.address,
            "is_villager": self.is_villager,
        }
        if self.person_id is not None:
            filled["person"] = self.person_id
        journey = ("from_place", "to_place", "reason", "local_contact", "travel_mode", "plate")
        filled.update({k: getattr(self, k) for k in journey if getattr(self, k)})
        return filled


def _execute(sql: str, params: Sequence[Any]) -> list[sqlite3.Row]:
    cursor: sqlite3.Cursor = database.execute_sql(sql, list(params))
    cursor.row_factory = sqlite3.Row
    return cursor.fetchall()


def _after(prefix: str) -> str:
    """The first text after every text starting with prefix (prefix 张 → 弡): a range over an index."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def lookup_key(text: str) -> tuple[str, str]:
    """What the typed text is looked up by: ("id_number" | "pinyin_initials" | "name", the prefix); ("", "")
    for text too short to look up (fewer than 4 digits, nothing)."""
    text = re.sub(r"\s+", "", text or "")
    if not text:
        return "", ""
    if _ID_PREFIX.fullmatch(text.upper()):
        return "id_number", text.upper()
    if text.isdigit():
        return "", ""
    if _INITIALS.fullmatch(text.lower()):
        return "pinyin_initials", text.lower()
    return "name", text


#: Earlier entries the typed key's own index (key, at) is read for, latest first, from the index alone; a key
#: matching more than DENSE entries (the village's region code, a common surname) is read from the latest
#: entries backwards instead, where its matches are close together.
DENSE = 5000
#: Entries looked at for the people to offer (each person's latest; a person passes a gate many times).
TOP = 400
_COUNT = "SELECT COUNT(*) FROM (SELECT 1 FROM gate_entry WHERE {column} >= ? AND {column} < ? LIMIT ?)"
_BY_KEY = (
    "SELECT id FROM gate_entry INDEXED BY gate_entry_{column}_at WHERE {column} >= ? AND {column} < ?"
    " ORDER BY at DESC, id DESC LIMIT ?"
)
_LATEST = (
    "SELECT id FROM gate_entry INDEXED BY gate_entry_at WHERE {column} >= ? AND {column} < ?"
    " ORDER BY at DESC, id DESC LIMIT ?"
)
_WHO = "SELECT id, person_id, id_number, name, phone FROM gate_entry WHERE id IN ({ids})"
_ENTRY_SQL = (
    "SELECT e.id, e.name, e.id_number, e.phone, e.address, e.is_villager, e.person_id, e.at AS last_at,"
    " c.name AS checkpoint, e.direction, e.from_place, e.from_area_code, e.to_place, e.reason, e.local_contact,"
    " e.travel_mode, e.plate FROM gate_entry e JOIN checkpoint c ON c.id = e.checkpoint_id WHERE e.id IN ({ids})"
)
_ROSTER_SQL = (
    "SELECT p.id, p.name, p.id_number, p.phone, p.status, g.name || h.door_no AS address FROM person p"
    " JOIN household h ON h.id = p.household_id JOIN grid g ON g.id = h.grid_id"
    " WHERE p.{column} >= ? AND p.{column} < ? AND p.status NOT IN ({left}) ORDER BY p.sort_key, p.id LIMIT ?"
)


def lookup(text: str, limit: int = LOOKUP_LIMIT) -> list[Candidate]:
    """The people the typed text may be (ID number, pinyin initials or the start of a name): those registered
    before, latest first, then the roster's others; each person once, at most limit."""
    column, prefix = lookup_key(text)
    if not column:
        return []
    bounds = (prefix, _after(prefix))
    entries = _latest_entries(column, bounds, limit)
    roster_sql = _ROSTER_SQL.format(column=column, left=", ".join("?" * len(_LEFT)))
    roster = _execute(roster_sql, [*bounds, *_LEFT, limit])
    by_person = {r["id"]: r for r in roster}
    by_number = {r["id_number"]: r for r in roster if r["id_number"]}
    found: list[Candidate] = []
    seen: set[int] = set()
    for row in entries:
        person = by_person.get(row["person_id"]) or by_number.get(row["id_number"])
        candidate = _from_entry(row)
        if person is not None:
            seen.add(person["id"])
            candidate = replace(candidate, **_identity(person))
        elif row["person_id"] is not None:
            seen.add(row["person_id"])
        found.append(candidate)
    for person in roster:
        if person["id"] not in seen:
            found.append(Candidate(ROSTER, **_identity(person)))
    return found[:limit]


def _latest_entries(column: str, bounds: tuple[str, str], limit: int) -> list[sqlite3.Row]:
    """The latest entry of each person (by roster id, else ID number, else name and phone) the key matches,
    the latest first, at most limit: a bounded read whether the key matches few entries or most of them."""
    matched = database.execute_sql(_COUNT.format(column=column), [*bounds, DENSE + 1]).fetchone()[0]
    if not matched:
        return []
    order = (_LATEST if matched > DENSE else _BY_KEY).format(column=column)
    ids = [r[0] for r in database.execute_sql(order, [*bounds, TOP])]
    who = {r["id"]: r for r in _execute(_WHO.format(ids=", ".join("?" * len(ids))), ids)}
    latest: dict[Any, int] = {}
    for entry_id in ids:
        row = who[entry_id]
        key = row["person_id"] or row["id_number"] or (row["name"], row["phone"])
        if key not in latest:
            latest[key] = entry_id
            if len(latest) == limit:
                break
    chosen = list(latest.values())
    rows = {r["id"]: r for r in _execute(_ENTRY_SQL.format(ids=", ".join("?" * len(chosen))), chosen)}
    return [rows[i] for i in chosen]


def _identity(person: sqlite3.Row) -> dict[str, Any]:
    return {
        "name": person["name"],
        "id_number": person["id_number"],
        "phone": person["phone"],
        "address": person["address"],
        "is_villager": person["status"] != PersonStatus.TEMPORARY.value,
        "person_id": person["id"],
    }


def _from_entry(row: sqlite3.Row) -> Candidate:
    return Candidate(
        EARLIER,
        row["name"],
        row["id_number"],
        row["phone"],
        row["address"],
        bool(row["is_villager"]),
        row["person_id"],
        datetime.fromisoformat(row["last_at"]),
        row["checkpoint"],
        row["direction"],
        row["from_place"],
        row["from_area_code"],
        row["to_place"],
        row["reason"],
        row["local_contact"],
        row["travel_mode"],
        row["plate"],
    )


# --- checkpoints ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckpointLine:
    """A checkpoint as its list and the register's header show it."""

    id: int
    name: str
    place: str
    hours: str
    post: str
    leader: str
    leader_phone: str
    active: bool
    note: str


def checkpoints(include_inactive: bool = False) -> list[CheckpointLine]:
    """The checkpoints in their order (those no longer staffed only when asked)."""
    query = Checkpoint.select().order_by(Checkpoint.sort_order, Checkpoint.id)
    if not include_inactive:
        query = query.where(Checkpoint.active == True)  # noqa: E712 - peewee's expression
    return [
        CheckpointLine(c.id, c.name, c.place, c.hours, c.post, c.leader, c.leader_phone, c.active, c.note)
        for c in query
    ]


def checkpoint_id_by_name(name: str) -> int | None:
    found: Checkpoint | None = Checkpoint.get_or_none(Checkpoint.name == name.strip())
    return None if found is None else found.id


# --- a day's statistics --------------------------------------------------------------------------


@dataclass(frozen=True)
class GateCounts:
    """One checkpoint's day (or the village's, checkpoint_id None): people in and out, vehicles, entries
    flagged, people turned back, entries in all."""

    checkpoint_id: int | None
    checkpoint: str
    hours: str
    people_in: int
    people_out: int
    vehicles: int
    flagged: int
    turned_back: int
    entries: int

    def line(self) -> str:
        """ "进 12 人，出 8 人，车辆 5 辆，异常 1 人，劝返 2 人"."""
        return (
            f"进 {self.people_in} 人，出 {self.people_out} 人，车辆 {self.vehicles} 辆，"
            f"异常 {self.flagged} 人，劝返 {self.turned_back} 人"
        )


@dataclass(frozen=True)
class DayStatistics:
    """A day at the gates: each checkpoint (every staffed one, and any other with entries that day), then the
    village's total."""

    day: date
    checkpoints: list[GateCounts]
    total: GateCounts


#: Every checkpoint with its counts of the day (zeros for none): the aggregate over the day's entries (a range
#: of the index on their moment) joined to the checkpoints, in one statement.
_COUNTS_SQL = (
    "SELECT c.id, c.name, c.hours, c.active, n.people_in, n.people_out, n.vehicles, n.flagged, n.turned_back,"
    " n.entries FROM checkpoint c LEFT JOIN (SELECT checkpoint_id, SUM(direction = ?) AS people_in,"
    " SUM(direction = ?) AS people_out, COUNT(DISTINCT vehicle_id) AS vehicles, SUM(flags <> '') AS flagged,"
    " SUM(outcome = ?) AS turned_back, COUNT(*) AS entries FROM gate_entry WHERE at >= ? AND at < ?"
    " GROUP BY checkpoint_id) n ON n.checkpoint_id = c.id{where} ORDER BY c.sort_order, c.id"
)


def _day_bounds(first: date, last: date) -> tuple[str, str]:
    """The text range of the stored moments of the days first..last (stored as "2026-12-03 08:15:00")."""
    return first.isoformat(), (last + timedelta(days=1)).isoformat()


def day_statistics(day: date, checkpoint_id: int | None = None) -> DayStatistics:
    """The day's counts per checkpoint (every staffed one, and any other with entries that day) and in total,
    or one checkpoint's only, in one SQL aggregate."""
    where = " WHERE c.id = ?" if checkpoint_id is not None else " WHERE c.active OR n.entries"
    params: list[Any] = [Direction.IN.value, Direction.OUT.value, GateOutcome.TURNED_BACK.value]
    params += _day_bounds(day, day)
    if checkpoint_id is not None:
        params.append(checkpoint_id)
    lines = [
        GateCounts(row[0], row[1], row[2], *(n or 0 for n in row[4:]))
        for row in database.execute_sql(_COUNTS_SQL.format(where=where), params)
    ]
    sums = [sum(getattr(line, f) for line in lines) for f in _COUNT_FIELDS]
    name = lines[0].checkpoint if checkpoint_id is not None and lines else "合计"
    return DayStatistics(day, lines, GateCounts(checkpoint_id, name, "", *sums))


_COUNT_FIELDS = ("people_in", "people_out", "vehicles", "flagged", "turned_back", "entries")

_DAILY_SQL = (
    "SELECT substr(at, 1, 10) AS day, SUM(direction = ?), SUM(direction = ?), COUNT(DISTINCT vehicle_id),"
    " SUM(flags <> ''), SUM(outcome = ?), COUNT(*) FROM gate_entry WHERE at >= ? AND at < ?{where}"
    " GROUP BY day ORDER BY day"
)


def daily_totals(first: date, last: date, checkpoint_id: int | None = None) -> list[tuple[date, GateCounts]]:
    """Each day's totals from first to last (days without entries too), for the 首页 trend and the screen."""
    where = "" if checkpoint_id is None else " AND checkpoint_id = ?"
    params: list[Any] = [Direction.IN.value, Direction.OUT.value, GateOutcome.TURNED_BACK.value]
    params += _day_bounds(first, last)
    if checkpoint_id is not None:
        params.append(checkpoint_id)
    counted = {row[0]: row[1:] for row in database.execute_sql(_DAILY_SQL.format(where=where), params)}
    days = []
    day = first
    while day <= last:
        numbers = counted.get(day.isoformat(), (0, 0, 0, 0, 0, 0))
        days.append((day, GateCounts(checkpoint_id, "合计", "", *(int(n or 0) for n in numbers))))
        day += timedelta(days=1)
    return days


# --- a day's register ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryLine:
    """A gate entry as the register shows it (sheet A), with its links: the party's lead, the vehicle, the case."""

    id: int
    checkpoint_id: int
    checkpoint: str
    at: datetime
    direction: str
    name: str
    id_number: str | None
    phone: str
    address: str
    is_villager: bool
    person_id: int | None
    from_place: str
    from_area_code: str | None
    to_place: str
    reason: str
    local_contact: str
    temperature: float | None
    symptoms: str
    travel_mode: str
    plate: str
    vehicle_id: int | None
    party_id: int | None
    outcome: str
    recorder: str
    note: str
    flags: str
    case_id: int | None

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def shown_id_number(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else ""


_LINE_COLUMNS = (
    "e.id, e.checkpoint_id, c.name, e.at, e.direction, e.name, e.id_number, e.phone, e.address, e.is_villager,"
    " e.person_id, e.from_place, e.from_area_code, e.to_place, e.reason, e.local_contact, e.temperature,"
    " e.symptoms, e.travel_mode, e.plate, e.vehicle_id, e.party_id, e.outcome, e.recorder, e.note, e.flags,"
    " e.case_id"
)


def _line(row: Sequence[Any]) -> EntryLine:
    values = list(row)
    values[3] = datetime.fromisoformat(values[3])
    values[9] = bool(values[9])
    return EntryLine(*values)


def register_lines(
    day: date, checkpoint_id: int | None = None, flagged_only: bool = False, last_day: date | None = None
) -> list[EntryLine]:
    """The day's entries (to last_day: several days), by checkpoint, then time, a party's people together."""
    conditions = ["e.at >= ?", "e.at < ?"]
    params: list[Any] = list(_day_bounds(day, last_day or day))
    if checkpoint_id is not None:
        conditions.append("e.checkpoint_id = ?")
        params.append(checkpoint_id)
    if flagged_only:
        conditions.append("e.flags <> ''")
    sql = (
        f"SELECT {_LINE_COLUMNS} FROM gate_entry e JOIN checkpoint c ON c.id = e.checkpoint_id"
        f" WHERE {' AND '.join(conditions)} ORDER BY c.sort_order, c.id, e.at, COALESCE(e.party_id, e.id), e.id"
    )
    return [_line(row) for row in database.execute_sql(sql, params)]


def entry_line(entry_id: int) -> EntryLine | None:
    sql = f"SELECT {_LINE_COLUMNS} FROM gate_entry e JOIN checkpoint c ON c.id = e.checkpoint_id WHERE e.id = ?"
    row = database.execute_sql(sql, [entry_id]).fetchone()
    return None if row is None else _line(row)


def flagged_open(day: date, days: int = 1) -> list[EntryLine]:
    """Flagged entries of the last `days` days to day with no case opened from them (for 首页)."""
    lines = register_lines(day - timedelta(days=days - 1), flagged_only=True, last_day=day)
    return [line for line in lines if line.case_id is None]


@dataclass(frozen=True)
class VehicleLine:
    """A vehicle as sheet B shows it: its driver (the party's lead) and the others in it."""

    id: int
    checkpoint_id: int
    checkpoint: str
    at: datetime
    direction: str
    plate: str
    vehicle_type: str
    disinfected: bool
    outcome: str
    note: str
    driver: EntryLine | None
    passengers: tuple[EntryLine, ...]


def vehicle_lines(
    day: date, checkpoint_id: int | None = None, lines: list[EntryLine] | None = None
) -> list[VehicleLine]:
    """The day's vehicles in the register's order, each with its occupants (lines: the day's register_lines,
    read here when not given)."""
    if lines is None:
        lines = register_lines(day, checkpoint_id)
    occupants: dict[int, list[EntryLine]] = {}
    for line in lines:
        if line.vehicle_id is not None:
            occupants.setdefault(line.vehicle_id, []).append(line)
    conditions = ["v.at >= ?", "v.at < ?"]
    params: list[Any] = list(_day_bounds(day, day))
    if checkpoint_id is not None:
        conditions.append("v.checkpoint_id = ?")
        params.append(checkpoint_id)
    sql = (
        "SELECT v.id, v.checkpoint_id, c.name, v.at, v.direction, v.plate, v.vehicle_type, v.disinfected,"
        " v.outcome, v.note FROM vehicle v JOIN checkpoint c ON c.id = v.checkpoint_id"
        f" WHERE {' AND '.join(conditions)} ORDER BY c.sort_order, c.id, v.at, v.id"
    )
    found = []
    for row in database.execute_sql(sql, params):
        people = occupants.get(row[0], [])
        driver = next((p for p in people if p.party_id is None), None)
        others = tuple(p for p in people if p is not driver)
        at = datetime.fromisoformat(row[3])
        vehicle_id, gate_id, gate, _at, direction, plate, kind, disinfected, outcome, note = row
        found.append(
            VehicleLine(
                vehicle_id, gate_id, gate, at, direction, plate, kind, bool(disinfected), outcome, note, driver, others
            )
        )
    return found
