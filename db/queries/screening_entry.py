"""What the screening entry screen (入户排查) reads: a round's households in the field sheet's order, one
household's people with what this round found for them, and the abnormal reasons of typed values.

The order is the field sheet's (db.queries.field_sheet): grids in the village's order, then 户号, so the
paper that comes back is typed in as it is read. People shown are those due (在村 / 返乡 / 暂住) and anyone
the round's visit already has a finding for (a person marked 迁出 after the visit stays on it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import peewee

from db.models import Finding, Grid, Household, KeyArea, Person, RoundGrid, ScreeningRound, Visit
from db.models.screening import DUE_STATUSES, RoundStatus
from db.queries.screening import is_due, tuple_rows
from db.rules.age import age_on
from db.rules.id_number import mask_id_number
from db.rules.key_areas import KeyAreaRow, is_abnormal, key_area_of
from db.rules.regions import region_codes
from db.rules.search_keys import natural_key
from db.settings_values import key_area_days


@dataclass(frozen=True)
class EntryRound:
    """A round as the screen's chooser shows it."""

    id: int
    name: str
    starts_on: date
    ends_on: date
    open: bool


@dataclass(frozen=True)
class EntryHousehold:
    """A household of the round, with its visit so far (outcome None: not visited yet)."""

    household_id: int
    grid_id: int
    grid: str
    number: str
    door_no: str
    head_name: str
    worker: str  # the round's grid worker
    outcome: str | None = None
    on: date | None = None
    visit_worker: str = ""

    def label(self) -> str:
        return f"{self.grid}{self.door_no} {self.head_name}（户号 {self.number}）".strip()


@dataclass(frozen=True)
class EntryMember:
    """A person on the household's rows, with this round's finding for them (values: the finding's fields)."""

    person_id: int
    name: str
    sex: str
    age: int | None
    relation: str
    status: str
    id_number: str  # masked
    due: bool
    finding_id: int | None = None
    case_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Judged:
    """A FindingLike of typed values, for db.rules.key_areas.is_abnormal."""

    temperature: float | None
    symptoms: str
    area_code: str | None
    returned_on: date | None
    contact: str


def _household(r: tuple[Any, ...]) -> EntryHousehold:
    return EntryHousehold(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9] or "")


def entry_rounds() -> list[EntryRound]:
    """Open rounds first (newest first), then closed ones (viewed, not changed)."""
    query = ScreeningRound.select().order_by(ScreeningRound.starts_on.desc(), ScreeningRound.id.desc())
    found = [EntryRound(r.id, r.name, r.starts_on, r.ends_on, r.status == RoundStatus.OPEN.value) for r in query]
    return sorted(found, key=lambda r: not r.open)


def _households_query(round_id: int) -> peewee.ModelSelect[Any]:
    """The round's households with their grid, the round's worker for it and the visit so far."""
    visit_on = (Visit.household == Household.id) & (Visit.round == round_id)
    return (
        RoundGrid.select(
            Household.id,
            Grid.id,
            Grid.name,
            Household.number,
            Household.door_no,
            Household.head_name,
            RoundGrid.worker,
            Visit.outcome,
            Visit.on,
            Visit.worker,
            Grid.sort_order,
        )
        .join(Grid)
        .switch(RoundGrid)
        .join(Household, on=(Household.grid == RoundGrid.grid))
        .join(Visit, peewee.JOIN.LEFT_OUTER, on=visit_on)
    )


def entry_households(round_id: int) -> list[EntryHousehold]:
    """The round's households in the field sheet's order (grid order, then 户号), each with its visit."""
    rows = tuple_rows(_households_query(round_id).where(RoundGrid.round == round_id))
    rows.sort(key=lambda r: (r[10], r[1], natural_key(r[3]), r[0]))
    return [_household(r) for r in rows]


def entry_households_by_id(round_id: int, household_ids: list[int]) -> list[EntryHousehold]:
    """Some of the round's households (a refreshed line after a save), in no particular order."""
    query = _households_query(round_id).where((RoundGrid.round == round_id) & Household.id.in_(household_ids))
    return [_household(r) for r in tuple_rows(query)]


_VALUE_FIELDS = (
    "temperature",
    "symptoms",
    "area_code",
    "area_name",
    "returned_on",
    "travel_means",
    "travel_number",
    "contact",
    "measure",
    "note",
)


def entry_members(round_id: int, household_id: int, on: date) -> list[EntryMember]:
    """The household's people due, and anyone this round's visit has a finding for, in the household's order;
    ages on `on` (the visit day), ID numbers masked. One query: it runs on every move to a household."""
    visit_ids = Visit.select(Visit.id).where((Visit.round == round_id) & (Visit.household == household_id))
    rows = tuple_rows(
        Person.select(
            Person.id,
            Person.name,
            Person.sex,
            Person.birth_date,
            Person.relation,
            Person.status,
            Person.id_number,
            Finding.id,
            Finding.case,
            *(getattr(Finding, name) for name in _VALUE_FIELDS),
        )
        .join(Finding, peewee.JOIN.LEFT_OUTER, on=(Finding.person == Person.id) & Finding.visit.in_(visit_ids))
        .where((Person.household == household_id) & (is_due() | Finding.id.is_null(False)))
        .order_by(Person.sort_key, Person.id)
    )
    due = {s.value for s in DUE_STATUSES}
    members = []
    for pid, name, sex, birth, relation, status, id_number, finding_id, case_id, *values in rows:
        members.append(
            EntryMember(
                pid,
                name,
                sex,
                age_on(birth, on),
                relation,
                status,
                mask_id_number(id_number or ""),
                status in due,
                finding_id,
                case_id,
                dict(zip(_VALUE_FIELDS, values, strict=True)) if finding_id is not None else {},
            )
        )
    return members


def key_areas() -> list[KeyArea]:
    """The key-area rows, all of them (each finding is judged on its own day): read once per household shown."""
    return list(KeyArea.select())


def key_area_code(text: str, on: date, areas: Sequence[KeyAreaRow] | None = None) -> str | None:
    """The region code a typed place names: a 6-digit code as typed; else the region of the ID table the
    words name ("武汉", "湖北武汉" → 420100), one that is a key area on the day when several share the name;
    else the listed key area whose name holds the words; None when the words name no region for sure."""
    text = text.strip()
    if not text:
        return None
    if len(text) == 6 and text.isdigit():
        return text
    listed = key_areas() if areas is None else list(areas)
    codes = region_codes(text)
    if codes:
        key = next((c for c in codes if key_area_of(c, listed, on) is not None), None)
        return key or (codes[0] if len(codes) == 1 else None)
    counting = sorted(listed, key=lambda a: not (a.counts_from <= on and (a.until is None or on < a.until)))
    for area in counting:
        if text in area.name or area.name in text:
            return str(area.region_code)
    return None


def reasons_for(
    values: Mapping[str, Any], on: date, areas: Sequence[KeyAreaRow] | None = None, days: int | None = None
) -> list[str]:
    """Why typed values would make an abnormal finding on the visit day ([] for a normal one); areas: the
    key-area rows (key_areas()), days: the setting's (key_area_days()), read here when not given."""
    judged = _Judged(
        values.get("temperature"),
        str(values.get("symptoms") or ""),
        values.get("area_code"),
        values.get("returned_on"),
        str(values.get("contact") or "无"),
    )
    if days is None:
        days = key_area_days()
    return is_abnormal(judged, key_areas() if areas is None else areas, on, days)
