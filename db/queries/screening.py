"""What a screening round's screens and commands read: its coverage, its gaps and the abnormal findings.

Coverage is counted in SQL, grouped by grid: a round over 30,000 households must not walk them in Python.
A household is due when it is in one of the round's grids; its people are due when they live in the
village now (在村 / 返乡 / 暂住) and the household has not moved away (已搬离).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import peewee
from peewee import fn

from db.models import Case, Finding, Grid, Household, KeyArea, Person, RoundGrid, ScreeningRound, Visit
from db.models.quarantine import FEVER_AT, CaseStatus
from db.models.screening import DONE_OUTCOMES, DUE_STATUSES, LINKED_REASON, Contact, VisitOutcome
from db.rules.key_areas import is_abnormal, key_area_of, within_days
from db.rules.search_keys import natural_key
from db.settings_values import key_area_days

#: A household without a visit, in the words the gap list shows.
NOT_VISITED = "未走访"


@dataclass(frozen=True)
class Coverage:
    """One grid's (or the whole round's) coverage: households and people screened against those due."""

    grid_id: int | None
    grid: str
    worker: str
    households_due: int
    visited: int  # 已排查 or 已搬离: nothing left to do
    waiting: int  # 无人在家待复查
    refused: int  # 拒绝配合
    people_due: int
    screened: int  # due people with a finding

    @property
    def not_visited(self) -> int:
        return self.households_due - self.visited - self.waiting - self.refused

    def line(self) -> str:
        """The coverage as one line of the clerk's words."""
        return (
            f"已排查 {self.visited}/{self.households_due} 户（未走访 {self.not_visited}，"
            f"待复查 {self.waiting}，拒绝 {self.refused}），已查 {self.screened}/{self.people_due} 人"
        )


@dataclass(frozen=True)
class RoundCoverage:
    """A round's coverage per grid (in the village's grid order) and in total."""

    grids: list[Coverage]
    total: Coverage


@dataclass(frozen=True)
class RoundLine:
    """A round as the list of rounds shows it."""

    id: int
    name: str
    starts_on: date
    ends_on: date
    status: str
    closed_on: date | None
    grids: tuple[str, ...]
    coverage: Coverage


@dataclass(frozen=True)
class GapLine:
    """A household the round has not finished: not visited, nobody at home, or refused."""

    household_id: int
    grid: str
    number: str
    head_name: str
    door_no: str
    outcome: str  # NOT_VISITED or the visit's outcome
    on: date | None
    worker: str

    def line(self) -> str:
        when = f" {self.on:%m-%d}" if self.on else ""
        return f"{self.grid}{self.door_no} {self.head_name}（户号 {self.number}）：{self.outcome}{when}"


@dataclass(frozen=True)
class AbnormalLine:
    """A finding that needs action, with the reasons judged on its visit day; handled_*: how the clerk settled
    it without a case of its own (blank while open); running_case_id: the person's running case (在管), if any."""

    finding_id: int
    round_id: int
    round_name: str
    person_id: int
    name: str
    address: str
    on: date
    reasons: tuple[str, ...]
    measure: str
    case_id: int | None
    handled_on: date | None = None
    handled_by: str = ""
    handled_reason: str = ""
    handled_note: str = ""
    running_case_id: int | None = None

    @property
    def is_open(self) -> bool:
        """Still to be acted on: no case named and not settled otherwise."""
        return self.case_id is None and self.handled_on is None

    def handling(self) -> str:
        """How the finding was settled, in the clerk's words ("" while open or when its case was opened from it)."""
        return handling_words(self.handled_on, self.handled_by, self.handled_reason, self.handled_note)


def handling_words(on: date | None, by: str, reason: str, note: str) -> str:
    """ "无需管控：复测体温正常（11月21日 李文书）：…" or "并入已有管控（11月21日 李文书）": a finding's handling
    as the lists and the register say it ("" while open)."""
    if on is None:
        return ""
    when = f"（{on.month}月{on.day}日 {by}）"
    said = f"{reason}{when}" if reason == LINKED_REASON else f"无需管控：{reason}{when}"
    return f"{said}：{note}" if note else said


def tuple_rows(query: peewee.ModelSelect[Any]) -> list[tuple[Any, ...]]:
    """A query's rows as plain tuples (what the screening lists are built from)."""
    return cast(list[tuple[Any, ...]], list(query.tuples()))


def is_due() -> peewee.Expression:
    """A person a round expects to meet: living in the village now (DUE_STATUSES)."""
    return Person.status.in_([s.value for s in DUE_STATUSES])


def _count_if(condition: peewee.Expression) -> peewee.Function:
    return fn.COALESCE(fn.SUM(peewee.Case(None, ((condition, 1),), 0)), 0)


def coverage(round_id: int) -> RoundCoverage:
    """Households and people due, visited and screened, per grid of the round and for all of them."""
    visit_on = (Visit.household == Household.id) & (Visit.round == RoundGrid.round)
    households = (
        RoundGrid.select(
            RoundGrid.grid,
            fn.COUNT(Household.id),
            _count_if(Visit.outcome.in_([o.value for o in DONE_OUTCOMES])),
            _count_if(Visit.outcome == VisitOutcome.NOBODY_HOME.value),
            _count_if(Visit.outcome == VisitOutcome.REFUSED.value),
        )
        .join(Household, on=(Household.grid == RoundGrid.grid))
        .join(Visit, peewee.JOIN.LEFT_OUTER, on=visit_on)
        .where(RoundGrid.round == round_id)
        .group_by(RoundGrid.grid)
    )
    moved = Visit.outcome == VisitOutcome.MOVED_AWAY.value
    people = (
        RoundGrid.select(RoundGrid.grid, fn.COUNT(Person.id), fn.COUNT(Finding.id))
        .join(Household, on=(Household.grid == RoundGrid.grid))
        .join(Person, on=(Person.household == Household.id))
        .join(Visit, peewee.JOIN.LEFT_OUTER, on=visit_on)
        .join(Finding, peewee.JOIN.LEFT_OUTER, on=(Finding.visit == Visit.id) & (Finding.person == Person.id))
        .where((RoundGrid.round == round_id) & is_due() & (Visit.id.is_null() | ~moved))
        .group_by(RoundGrid.grid)
    )
    by_grid = {row[0]: row[1:] for row in tuple_rows(households)}
    people_by_grid = {row[0]: row[1:] for row in tuple_rows(people)}
    grids = (
        RoundGrid.select(RoundGrid.grid, Grid.name, RoundGrid.worker)
        .join(Grid)
        .where(RoundGrid.round == round_id)
        .order_by(Grid.sort_order, Grid.id)
    )
    lines = [
        Coverage(grid_id, name, worker, *by_grid.get(grid_id, (0, 0, 0, 0)), *people_by_grid.get(grid_id, (0, 0)))
        for grid_id, name, worker in tuple_rows(grids)
    ]
    sums = [sum(getattr(c, f) for c in lines) for f in ("households_due", "visited", "waiting", "refused")]
    people_sums = [sum(c.people_due for c in lines), sum(c.screened for c in lines)]
    return RoundCoverage(lines, Coverage(None, "全村", "", *sums, *people_sums))


def rounds() -> list[RoundLine]:
    """Every round, newest first, each with its grids and its coverage in total."""
    found = []
    for r in ScreeningRound.select().order_by(ScreeningRound.starts_on.desc(), ScreeningRound.id.desc()):
        cov = coverage(r.id)
        found.append(
            RoundLine(
                r.id, r.name, r.starts_on, r.ends_on, r.status, r.closed_on, tuple(c.grid for c in cov.grids), cov.total
            )
        )
    return found


def gaps(round_id: int) -> list[GapLine]:
    """The round's households not visited yet, or waiting for a revisit, or refused, in grid and 户号 order."""
    visit_on = (Visit.household == Household.id) & (Visit.round == RoundGrid.round)
    query = (
        RoundGrid.select(
            Household.id,
            Grid.name,
            Household.number,
            Household.head_name,
            Household.door_no,
            Visit.outcome,
            Visit.on,
            fn.COALESCE(Visit.worker, RoundGrid.worker),
            Grid.sort_order,
        )
        .join(Grid)
        .switch(RoundGrid)
        .join(Household, on=(Household.grid == RoundGrid.grid))
        .join(Visit, peewee.JOIN.LEFT_OUTER, on=visit_on)
        .where(
            (RoundGrid.round == round_id)
            & (Visit.id.is_null() | Visit.outcome.not_in([o.value for o in DONE_OUTCOMES]))
        )
    )
    rows = sorted(tuple_rows(query), key=lambda r: (r[8], r[1], natural_key(r[2]), r[0]))
    return [GapLine(r[0], r[1], r[2], r[3], r[4], r[5] or NOT_VISITED, r[6], r[7]) for r in rows]


def due_members(household_id: int) -> list[int]:
    """Ids of the household's people a round expects to meet, in the household's order."""
    query = (
        Person.select(Person.id)
        .where((Person.household == household_id) & is_due())
        .order_by(Person.sort_key, Person.id)
    )
    return [pid for (pid,) in tuple_rows(query)]


def abnormal_findings(round_id: int | None = None, open_only: bool = False) -> list[AbnormalLine]:
    """Findings with a fever, a symptom, key-area travel (as listed on the visit day, within the days the
    setting says) or a contact; all rounds when round_id is None, only those not yet turned into a case nor
    settled without one (handled_on) when open_only. SQL keeps the candidates; the rule (db.rules.key_areas)
    judges them."""
    maybe = (
        (Finding.temperature >= FEVER_AT)
        | (Finding.symptoms != "")
        | Finding.area_code.is_null(False)
        | (Finding.contact != Contact.NONE.value)
    )
    query = (
        Finding.select(Finding, Visit, ScreeningRound, Person, Household, Grid)
        .join(Visit)
        .join(ScreeningRound)
        .switch(Finding)
        .join(Person)
        .join(Household)
        .join(Grid)
        .where(maybe)
        .order_by(Visit.on, Grid.sort_order, Person.sort_key, Finding.id)
    )
    if round_id is not None:
        query = query.where(Visit.round == round_id)
    if open_only:
        query = query.where(Finding.case.is_null() & Finding.handled_on.is_null())
    running = running_cases()
    areas = list(KeyArea.select())
    days = key_area_days()
    found = []
    for f in query:
        reasons = is_abnormal(f, areas, f.visit.on, days)
        if reasons:
            person, visit = f.person, f.visit
            address = person.household.grid.name + person.household.door_no
            found.append(
                AbnormalLine(
                    f.id,
                    visit.round_id,
                    visit.round.name,
                    person.id,
                    person.name,
                    address,
                    visit.on,
                    tuple(reasons),
                    f.measure,
                    cast("int | None", f.__data__.get("case")),
                    f.handled_on,
                    f.handled_by,
                    f.handled_reason,
                    f.handled_note,
                    running.get(person.id),
                )
            )
    return found


def running_cases() -> dict[int, int]:
    """Person id → their running case's id (在管; one at a time per person)."""
    query = Case.select(Case.person, Case.id).where(Case.status == CaseStatus.ACTIVE.value)
    return {person_id: case_id for person_id, case_id in tuple_rows(query)}


@dataclass(frozen=True)
class RegisterLine:
    """One row of the round's register: a finding with its person, household and visit, or (person_id None)
    a household visited without findings (nobody at home, refused, moved away).

    key_area: the listed key area the finding's region falls in on the visit day (None: not a key area then);
    recent: the return counts as within the setting's days of the visit (an unknown date does, on the safe side);
    handling: how the clerk settled the finding without a case of its own, in words ("" otherwise).
    """

    finding_id: int | None
    grid_id: int
    grid: str
    household_id: int
    household_number: str
    door_no: str
    head_name: str
    household_phone: str
    on: date
    worker: str
    outcome: str
    visit_note: str
    person_id: int | None = None
    name: str = ""
    sex: str = ""
    id_number: str = ""
    phone: str = ""
    birth_date: date | None = None
    temperature: float | None = None
    symptoms: str = ""
    area_name: str = ""
    returned_on: date | None = None
    travel_means: str = ""
    travel_number: str = ""
    contact: str = Contact.NONE.value
    measure: str = ""
    note: str = ""
    case_id: int | None = None
    case_worker: str = ""
    case_worker_phone: str = ""
    key_area: str | None = None
    recent: bool = False
    handling: str = ""


def register(round_id: int) -> list[RegisterLine]:
    """Every visit of the round as register rows, in grid, 户号 and household order: one per finding, or one
    for a household visited without findings. One query; the key areas are judged on each visit day."""
    rows = sorted(
        tuple_rows(_register_query(round_id)),
        key=lambda r: (r[31], r[1], natural_key(r[4]), r[3], r[32] or "", r[12] or 0),
    )
    areas = list(KeyArea.select())
    days = key_area_days()
    found = []
    for r in rows:
        if r[12] is None:  # a visit without findings: the household's own row
            found.append(RegisterLine(None, *r[1:12]))
            continue
        area = key_area_of(r[30], areas, r[8])
        recent = area is not None and within_days(r[21], r[8], days)
        values: list[Any] = [*r[:30], area.name if area is not None else None, recent, handling_words(*r[33:37])]
        found.append(RegisterLine(*values))
    return found


def _register_query(round_id: int) -> peewee.ModelSelect[Any]:
    """The register's columns in RegisterLine's order, then the area code, the two sort keys and the handling."""
    return (
        Visit.select(
            Finding.id,
            Grid.id,
            Grid.name,
            Household.id,
            Household.number,
            Household.door_no,
            Household.head_name,
            Household.phone,
            Visit.on,
            Visit.worker,
            Visit.outcome,
            Visit.note,
            Person.id,
            Person.name,
            Person.sex,
            fn.COALESCE(Person.id_number, ""),
            Person.phone,
            Person.birth_date,
            Finding.temperature,
            Finding.symptoms,
            fn.COALESCE(Finding.area_name, ""),
            Finding.returned_on,
            Finding.travel_means,
            Finding.travel_number,
            Finding.contact,
            Finding.measure,
            Finding.note,
            Case.id,
            fn.COALESCE(Case.grid_worker, ""),
            fn.COALESCE(Case.grid_worker_phone, ""),
            Finding.area_code,
            Grid.sort_order,
            Person.sort_key,
            Finding.handled_on,
            Finding.handled_by,
            Finding.handled_reason,
            Finding.handled_note,
        )
        .join(Household)
        .join(Grid)
        .switch(Visit)
        .join(Finding, peewee.JOIN.LEFT_OUTER, on=(Finding.visit == Visit.id))
        .join(Person, peewee.JOIN.LEFT_OUTER, on=(Finding.person == Person.id))
        .join(Case, peewee.JOIN.LEFT_OUTER, on=(Finding.case == Case.id))
        .where(Visit.round == round_id)
    )
