"""What the quarantine screens and the `today` command read: the day's figures and the lists behind them.

A village has tens, at most a few hundred, cases at once, so these are plain peewee queries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar, cast

import peewee
from peewee import SQL, fn

from db.models import Case, CaseEvent, FeverAction, FollowUp, Grid, Household, Person, Reading
from db.models.quarantine import ALERT_CONDITION, SLOTS, CaseKind, CaseStatus
from db.rules.search_keys import normalize_query

#: A case's status as the screens say it; the township's lists say it so too (forms.isolation_export),
#: except that a running case is 隔离中 there, the forms' own word.
STATUS_WORDS = {
    CaseStatus.ACTIVE.value: "在管",
    CaseStatus.RELEASED.value: "已解除",
    CaseStatus.HOSPITAL.value: "转运送医",
    CaseStatus.MISSING.value: "失联外出",
}
#: The marks a list puts on a row (in words, beside its colour): due for release today, past it, gone.
DUE_TODAY, OVERDUE, LOST = "今日到期", "已超期", "失联"


def slot_at(moment: datetime) -> str:
    """The reading slot a moment falls in: 上午 until noon, then 下午."""
    return SLOTS[0] if moment.hour < 12 else SLOTS[1]


@dataclass(frozen=True)
class CaseLine:
    """One case as the lists show it."""

    id: int
    person_id: int
    name: str
    id_number: str | None
    phone: str
    grid: str
    address: str
    kind: str
    status: str
    start_date: date
    first_day: date
    last_day: date
    release_due: date
    grid_worker: str
    note: str = ""
    site: str = ""  # 隔离点 (and room) of a case kept at a site now
    #: The case's own columns as stored, for a list column a definition adds (read, never changed).
    values: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def day_number(self, on: date) -> str:
        """ "第3/14天" on day 3 of 14; what a list shows as 第几天 (nothing once the case has ended)."""
        if self.status not in (CaseStatus.ACTIVE.value, CaseStatus.MISSING.value):
            return ""
        total = (self.last_day - self.first_day).days + 1
        n = (on - self.first_day).days + 1
        if n < 1:
            return "未开始"
        return f"第{n}/{total}天" if n <= total else f"满{total}天"

    def mark(self, on: date) -> str:
        """今日到期, 已超期 or 失联 ("" for none): what the row is marked with on the day."""
        if self.status == CaseStatus.MISSING.value:
            return LOST
        if self.status != CaseStatus.ACTIVE.value:
            return ""
        if self.release_due == on:
            return DUE_TODAY
        return OVERDUE if self.release_due < on else ""


@dataclass(frozen=True)
class AlertLine:
    """A fever or symptom reading not yet handled."""

    reading_id: int
    case: CaseLine
    on: date
    slot: str
    value: float | None
    symptoms: str


@dataclass(frozen=True)
class NeedLine:
    """A need (supplies, medicine, a doctor) a follow-up found and nobody has met yet."""

    follow_up_id: int
    case: CaseLine
    on: date
    need_kind: str
    needs: str


_Row = TypeVar("_Row", bound=peewee.Model)


def _with_case(query: peewee.ModelSelect[_Row]) -> peewee.ModelSelect[_Row]:
    """A query joined to Case, joined on to its person, household and grid (what _line reads)."""
    return query.join(Person).join(Household).join(Grid)


def _case_query() -> peewee.ModelSelect[Case]:
    return _with_case(Case.select(Case, Person, Household, Grid)).order_by(
        Grid.sort_order, Household.number, Person.sort_key, Case.id
    )


def _line(case: Case) -> CaseLine:
    person = case.person
    household = person.household
    return CaseLine(
        id=case.id,
        person_id=person.id,
        name=person.name,
        id_number=person.id_number,
        phone=case.phone or person.phone,
        grid=household.grid.name,
        address=case.address,
        kind=case.kind,
        status=case.status,
        start_date=case.start_date,
        first_day=case.first_day,
        last_day=case.last_day,
        release_due=case.release_due,
        grid_worker=case.grid_worker,
        note=case.note,
        values=case.__data__,
        site=(
            " ".join(part for part in (case.site, f"{case.room}房间" if case.room else "") if part)
            if case.kind == CaseKind.CENTRAL.value
            else ""
        ),
    )


def _like(column: peewee.ColumnBase, pattern: str) -> peewee.Expression:
    return peewee.NodeList((column, SQL("LIKE"), pattern, SQL("ESCAPE '\\'")))  # type: ignore[return-value]


def case_lines(
    statuses: tuple[str, ...] | None = (CaseStatus.ACTIVE.value,),
    kind: str | None = None,
    grid_id: int | None = None,
    due_by: date | None = None,
    ids: list[int] | None = None,
    text: str = "",
) -> list[CaseLine]:
    """Cases for the ledger's filters (None: any). `text` is searched as the roster's search box does (name,
    pinyin initials or full pinyin, ID number, phone, address: the person's stored search keys), and in the
    户号 (typed with or without its dash, as the search text is kept without)."""
    query = _case_query()
    needle = normalize_query(text)
    if needle:
        like = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(_like(Person.search_text, like) | _like(fn.REPLACE(Household.number, "-", ""), like))
    if statuses is not None:
        query = query.where(Case.status.in_(statuses))
    if kind:
        query = query.where(Case.kind == kind)
    if grid_id is not None:
        query = query.where(Household.grid == grid_id)
    if due_by is not None:
        query = query.where(Case.release_due <= due_by)
    if ids is not None:
        query = query.where(Case.id.in_(ids))
    return [_line(c) for c in query]


NO_PEOPLE, NO_CASES = "no_people", "no_cases"


def first_step() -> str | None:
    """What a new ledger lacks first: NO_PEOPLE (no roster yet), NO_CASES (no case ever), or None."""
    if not Person.select(Person.id).exists():
        return NO_PEOPLE
    if not Case.select(Case.id).exists():
        return NO_CASES
    return None


@dataclass(frozen=True)
class Figure:
    """One figure of 首页 (and of the `today` command). The count and the list behind it come from the
    same condition, so a figure always opens exactly the rows it counted."""

    key: str
    label: str
    #: The condition on the figure's table for a day and slot.
    where: Callable[[date, str], peewee.Expression]
    #: "case", "alert" or "need": which table the rows come from.
    table: str = "case"
    warning: bool = False


def _active() -> peewee.Expression:
    return Case.status == CaseStatus.ACTIVE.value


def _running(on: date) -> peewee.Expression:
    """在管 on the day: a case counts from its start (one registered ahead is on no list of the day either)."""
    return _active() & (Case.start_date <= on)


def _reading_taken(on: date, slot: str) -> peewee.Expression:
    """EXISTS per case (the (case, on, slot) index answers it), not IN a list of every reading of the slot."""
    taken = Reading.select(SQL("1")).where(
        (Reading.case == Case.id) & (Reading.on == on) & (Reading.slot == slot) & Reading.value.is_null(False)
    )
    return cast(peewee.Expression, fn.EXISTS(taken))


def _not_handled() -> peewee.Expression:
    """No action recorded for the reading: checked before any join (and the alert index serves the rest)."""
    return cast(peewee.Expression, ~fn.EXISTS(FeverAction.select(SQL("1")).where(FeverAction.reading == Reading.id)))


FIGURES = (
    Figure("home", CaseKind.HOME.value, lambda on, slot: _running(on) & (Case.kind == CaseKind.HOME.value)),
    Figure("central", CaseKind.CENTRAL.value, lambda on, slot: _running(on) & (Case.kind == CaseKind.CENTRAL.value)),
    Figure("monitor", CaseKind.MONITOR.value, lambda on, slot: _running(on) & (Case.kind == CaseKind.MONITOR.value)),
    Figure("new_today", "今日新增", lambda on, slot: _active() & (Case.start_date == on)),
    Figure("due_today", "今日应解除", lambda on, slot: _running(on) & (Case.release_due <= on)),
    Figure("due_tomorrow", "明日应解除", lambda on, slot: _running(on) & (Case.release_due == on + timedelta(days=1))),
    Figure(
        "readings_missing", "本时段未报体温", lambda on, slot: _running(on) & ~_reading_taken(on, slot), warning=True
    ),
    Figure(
        "alerts", "发热或有症状 未处置", lambda on, slot: ALERT_CONDITION & _not_handled(), table="alert", warning=True
    ),
    Figure(
        "needs",
        "生活需求 未解决",
        lambda on, slot: (FollowUp.needs != "") & (FollowUp.met == False),  # noqa: E712 - SQL, not Python
        table="need",
        warning=True,
    ),
    Figure("missing_people", "失联外出", lambda on, slot: Case.status == CaseStatus.MISSING.value, warning=True),
)
FIGURES_BY_KEY = {f.key: f for f in FIGURES}
ACTIVE_KINDS = ("home", "central", "monitor")


@dataclass
class Today:
    """首页's figures for one day and reading slot, counted in SQL."""

    on: date
    slot: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def active(self) -> int:
        return sum(self.counts[k] for k in ACTIVE_KINDS)


def today(now: datetime | None = None) -> Today:
    """The figures of 首页 at this moment: counts only (the lists are read when one is opened)."""
    now = now or datetime.now()
    result = Today(on=now.date(), slot=slot_at(now))
    for figure in FIGURES:
        condition = figure.where(result.on, result.slot)
        query: peewee.ModelSelect[Any]
        if figure.table == "alert":
            query = Reading.select(Reading.id).where(condition)
        elif figure.table == "need":
            query = FollowUp.select(FollowUp.id).where(condition)
        else:
            query = Case.select(Case.id).where(condition)
        result.counts[figure.key] = query.count()
    return result


def figure_lines(key: str, figures: Today) -> list[CaseLine] | list[AlertLine] | list[NeedLine]:
    """The rows behind one figure."""
    figure = FIGURES_BY_KEY[key]
    condition = figure.where(figures.on, figures.slot)
    if figure.table == "alert":
        return _alert_lines(condition)
    if figure.table == "need":
        return _need_lines(condition)
    return [_line(c) for c in _case_query().where(condition)]


def _alert_lines(condition: peewee.Expression) -> list[AlertLine]:
    """Fever or symptom readings with no action recorded, oldest first."""
    query = (
        _with_case(Reading.select(Reading, Case, Person, Household, Grid).join(Case))
        .where(condition)
        .order_by(Reading.on, Reading.slot, Reading.id)  # 上午 sorts before 下午
    )
    return [AlertLine(r.id, _line(r.case), r.on, r.slot, r.value, r.symptoms) for r in query]


def _need_lines(condition: peewee.Expression) -> list[NeedLine]:
    query = (
        _with_case(FollowUp.select(FollowUp, Case, Person, Household, Grid).join(Case))
        .where(condition)
        .order_by(FollowUp.on, FollowUp.id)
    )
    return [NeedLine(f.id, _line(f.case), f.on, f.need_kind, f.needs) for f in query]


def readings_of(case_ids: list[int], on: date, slot: str) -> dict[int, Reading]:
    """The readings already entered for this slot, by case id."""
    query = Reading.select().where(Reading.case.in_(case_ids) & (Reading.on == on) & (Reading.slot == slot))
    return {r.case_id: r for r in query}


def case_defaults(person_id: int) -> dict[str, object]:
    """What a new case of this person starts with: where they live, their grid worker, their phone."""
    person = Person.select(Person, Household, Grid).join(Household).join(Grid).where(Person.id == person_id).get()
    household, grid = person.household, person.household.grid
    return {
        "address": grid.name + household.door_no,
        "phone": person.phone or household.phone,
        "grid_worker": grid.worker,
        "grid_worker_phone": grid.worker_phone,
    }


@dataclass
class CaseFile:
    """Everything the case file dialog shows of one case, read in one go."""

    case: Case
    line: CaseLine
    events: list[CaseEvent]
    readings: list[Reading]
    follow_ups: list[FollowUp]
    actions: dict[int, FeverAction]


def case_file(case_id: int) -> CaseFile:
    case = _case_query().where(Case.id == case_id).get()
    readings = list(Reading.select().where(Reading.case == case_id).order_by(Reading.on, Reading.slot))
    actions = {a.reading_id: a for a in FeverAction.select().where(FeverAction.reading.in_([r.id for r in readings]))}
    return CaseFile(
        case=case,
        line=_line(case),
        events=list(CaseEvent.select().where(CaseEvent.case == case_id).order_by(CaseEvent.on, CaseEvent.id)),
        readings=readings,
        follow_ups=list(FollowUp.select().where(FollowUp.case == case_id).order_by(FollowUp.on, FollowUp.id)),
        actions=actions,
    )
