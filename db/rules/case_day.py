"""Where a case stands on a day: the rule the township's daily lists follow (forms.isolation_export).

- A case is under observation on `day` from its start date while its status that day (the status_after
  of its latest event dated on or before it) is 在管 or 失联外出; a case released or sent to hospital
  stands on the day that happened (so the list can carry the date), not after. For a day still ahead, a
  running case stands only up to its last day.
- Where it is kept that day: the latest 转集中隔离 / 转居家 on or before the day; else, for a policy of
  several stages, the stage of that day (7天集中 + 7天居家健康监测: central on day 3, home on day 10);
  else the kind it was registered with.
- On the day of a transfer it stands in both places: where it went, and, moved out, where it left.

Pure: it reads a case and its events as given (db.models rows, or plain records in a test).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from db.models.quarantine import CaseKind, CaseStatus, EventKind
from db.rules import observation

ENDED = frozenset({CaseStatus.RELEASED.value, CaseStatus.HOSPITAL.value})
#: The events that change where a case is kept, and the kind each moves it to.
TRANSFERS = {EventKind.TO_CENTRAL.value: CaseKind.CENTRAL.value, EventKind.TO_HOME.value: CaseKind.HOME.value}


class CaseDays(Protocol):
    """What the rule reads of a case: its dates, its stages and the kind it was registered with."""

    @property
    def kind(self) -> str: ...
    @property
    def start_date(self) -> date: ...
    @property
    def last_day(self) -> date: ...
    @property
    def exposure_date(self) -> date | None: ...
    @property
    def stages(self) -> str: ...
    @property
    def count_from(self) -> str: ...


class DayEvent(Protocol):
    """What the rule reads of a case's event: its day, its kind and the status it left the case in."""

    @property
    def on(self) -> date: ...
    @property
    def kind(self) -> str: ...
    @property
    def status_after(self) -> str: ...


@dataclass(frozen=True)
class DayState:
    """A case on one day: where it is kept, since when and until when, and its status after the day's events."""

    kind: str
    since: date
    due: date  # the day it is due to leave this place (the day after the stage's or the period's last day)
    status: str
    status_since: date
    transferred: bool  # kind comes from a 转集中隔离 / 转居家 event


def state_on(case: CaseDays, events: Sequence[DayEvent], day: date, today: date) -> DayState | None:
    """The case on `day`, or None when it was not under observation then (events sorted by date, id)."""
    if day < case.start_date:
        return None
    past = [e for e in events if e.on <= day]
    status = past[-1].status_after if past else CaseStatus.ACTIVE.value
    status_since = past[-1].on if past else case.start_date
    if status in ENDED and status_since < day:
        return None
    if status not in ENDED and day > max(case.last_day, today):
        return None  # a day ahead, past the period: expected to be released by then
    period = observation.period_of(
        observation.parse_stages(case.stages), case.start_date, case.exposure_date, case.count_from
    )
    transfers = [e for e in past if e.kind in TRANSFERS]
    if transfers:
        return DayState(TRANSFERS[transfers[-1].kind], transfers[-1].on, period.release_due, status, status_since, True)
    if len(period.stages) > 1:
        kind, first, last = stage_span(period, day)
        return DayState(kind, max(first, case.start_date), last + timedelta(days=1), status, status_since, False)
    ever_moved = any(e.kind in TRANSFERS for e in events)  # case.kind is then where it went, not where it began
    kind = period.stages[0][0] if ever_moved else case.kind
    return DayState(kind, case.start_date, period.release_due, status, status_since, False)


def stage_span(period: observation.Period, day: date) -> tuple[str, date, date]:
    """The stage covering day; before the period its first stage, after it (release overdue) its last."""
    for stage in period.stages:
        if stage[1] <= day <= stage[2]:
            return stage
    return period.stages[0] if day < period.first_day else period.stages[-1]


def on_list(
    case: CaseDays, events: Sequence[DayEvent], kinds: Collection[str], day: date, today: date
) -> tuple[DayState, DayState | None] | None:
    """Whether the case is on the list of places of these kinds that day: (its state, None); on the day it
    was moved out of one of them, (its state the day before, where it went); None when it is not."""
    state = state_on(case, events, day, today)
    if state is None:
        return None
    if state.kind in kinds:
        return state, None
    if state.transferred and state.since == day:  # moved out of this list's place today
        before = state_on(case, events, day - timedelta(days=1), today)
        if before is not None and before.kind in kinds:
            return before, state
    return None
