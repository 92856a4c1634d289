"""What the quarantine documents print about one case, as plain values (the db side fills it in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from forms.case_fields import AT_HOME, CENTRAL, HOME, MONITOR

#: The case kinds as the definitions name them (forms.case_fields): one term on every paper.
HOME_ISOLATION = HOME
CENTRAL_ISOLATION = CENTRAL
HOME_MONITORING = MONITOR
KINDS = (HOME_ISOLATION, CENTRAL_ISOLATION, HOME_MONITORING)


@dataclass(frozen=True)
class CasePrint:
    """One person under observation. Dates are inclusive: day 1 is `start`, the last day is `end`.

    stages: (kind, first day, last day) in order, e.g. one stage of 14 days, or 7 days 集中隔离医学观察
    followed by 7 days 居家健康监测.
    """

    case_id: int
    serial: str  # door-seal serial number, e.g. "2026-0012"
    person_name: str
    sex: str
    age: int | None
    id_number: str
    phone: str
    address: str  # where the person is observed: group + door number, or the central site and room
    kind: str  # one of KINDS
    stages: tuple[tuple[str, date, date], ...]
    start: date
    end: date
    release_due: date  # the day after `end`
    released_on: date | None
    grid_worker: str
    grid_worker_phone: str
    doctor: str
    doctor_phone: str
    supervision_phone: str  # the village committee's phone, printed on seals and notices
    village: str
    committee: str
    township: str
    printed_on: date
    #: The day the case's present kind began when a transfer or a stage change set it (None: as scheduled).
    since: date | None = None

    @property
    def days(self) -> int:
        """Length of the observation in days (start and end included)."""
        return (self.end - self.start).days + 1

    @property
    def release_date(self) -> date:
        """The day the observation ends for good: the actual release if there was one, else the due day."""
        return self.released_on or self.release_due

    def day(self, number: int) -> date:
        """The date of day `number` (day 1 is `start`)."""
        return self.start + timedelta(days=number - 1)

    @property
    def at_home(self) -> bool:
        """Observed at home: the door gets a seal; a central site's room never does."""
        return self.kind in AT_HOME

    @property
    def current_stage(self) -> tuple[str, date, date]:
        """(kind, first day, last day) of the observation the case is in now, which its papers announce:
        the second stage of 7+7 is 7 days of 居家健康监测, a transfer starts on the day it was recorded."""
        first = self.since
        if first is None:
            own = [(f, last) for kind, f, last in self.stages if kind == self.kind]
            now = [f for f, last in own if f <= self.printed_on <= last]
            first = now[0] if now else own[0][0] if own else self.start
        first = min(max(first, self.start), self.end)
        last = next((last for _kind, f, last in self.stages if f <= first <= last), self.end)
        return self.kind, first, last

    @property
    def stage_days(self) -> int:
        _kind, first, last = self.current_stage
        return (last - first).days + 1

    def stage_on(self, day: date) -> str:
        """The kind of observation on that day (the case's kind where no stage covers it)."""
        for kind, first, last in self.stages:
            if first <= day <= last:
                return kind
        return self.kind
