"""What the quarantine documents print about one case, as plain values (the db side fills it in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

HOME_ISOLATION = "居家隔离医学观察"
CENTRAL_ISOLATION = "集中隔离医学观察"
HOME_MONITORING = "居家健康监测"
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

    def stage_on(self, day: date) -> str:
        """The kind of observation on that day (the case's kind where no stage covers it)."""
        for kind, first, last in self.stages:
            if first <= day <= last:
                return kind
        return self.kind
