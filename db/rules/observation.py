"""How an observation period is counted: the rule the notices, seals and due lists all follow.

The rule (also in the README):
- Day 1 is the day observation starts (policy count_from = "start"), or, for a policy counted from the
  exposure (count_from = "exposure"), the day after the last exposure or the arrival from the risk area;
  a case with no such date counts from its start.
- A stage of N days covers N calendar days; stages follow each other without a gap. "14 days" from
  1 November are 1–14 November.
- The last day is the last day of the last stage; the case is due for release the day after it (the
  morning of 15 November), which is the date the release notice carries.
- Counting from an exposure can put day 1 before the start (found late): the days already past count.
- A case moves into its next stage on the stage's first day, and only forward: once a stage change or a
  transfer is recorded, no earlier day undoes it (see scheduled_move).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

COUNT_FROM = {"start": "隔离开始之日", "exposure": "末次接触（或离开风险地区）次日"}


@dataclass(frozen=True)
class Stage:
    """One stage of a policy: N days of one kind (7天集中隔离, then 7天居家健康监测)."""

    kind: str
    days: int


@dataclass(frozen=True)
class Period:
    """A case's days laid out: when each stage starts and ends, and the last day of all."""

    first_day: date
    #: (kind, first day, last day) of each stage.
    stages: tuple[tuple[str, date, date], ...]

    @property
    def last_day(self) -> date:
        return self.stages[-1][2]

    @property
    def release_due(self) -> date:
        return self.last_day + timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def day_number(self, on: date) -> int | None:
        """1 on the first day … days on the last; None outside the period."""
        n = (on - self.first_day).days + 1
        return n if 1 <= n <= self.days else None

    def stage_on(self, on: date) -> str | None:
        return next((kind for kind, first, last in self.stages if first <= on <= last), None)


def parse_stages(text: str) -> tuple[Stage, ...]:
    """Stages from their stored JSON; ValueError (Chinese) for anything that is not a usable list."""
    try:
        raw = json.loads(text)
        stages = tuple(Stage(str(kind), int(days)) for kind, days in raw)
    except (ValueError, TypeError) as exc:
        raise ValueError("阶段格式不对") from exc
    if not stages:
        raise ValueError("至少要有一个阶段")
    if any(s.days < 1 or s.days > 60 for s in stages):
        raise ValueError("每个阶段的天数应在 1 到 60 之间")
    return stages


def stages_json(stages: tuple[Stage, ...] | list[tuple[str, int]]) -> str:
    pairs = [[s.kind, s.days] if isinstance(s, Stage) else [s[0], int(s[1])] for s in stages]
    return json.dumps(pairs, ensure_ascii=False)


def period_of(stages: tuple[Stage, ...], start: date, exposure: date | None, count_from: str) -> Period:
    first = exposure + timedelta(days=1) if count_from == "exposure" and exposure is not None else start
    spans = []
    day = first
    for stage in stages:
        last = day + timedelta(days=stage.days - 1)
        spans.append((stage.kind, day, last))
        day = last + timedelta(days=1)
    return Period(first, tuple(spans))


def scheduled_move(period: Period, on: date, kind: str, last_place_change: date | None) -> tuple[str, date] | None:
    """The stage (kind, first day) the schedule moves a case into on `on`, or None.

    Stages only go forward. A place recorded on or after the scheduled stage began (a stage change, dated by
    the schedule, or a transfer the clerk recorded) has already decided that stage, so a day earlier than the
    case's own history (a clock set back) neither moves a case back nor records a stage change a second time.
    """
    stage = next(((k, first) for k, first, last in period.stages if first <= on <= last), None)
    if stage is None or stage[0] == kind:
        return None
    if last_place_change is not None and last_place_change >= stage[1]:
        return None
    return stage


def describe_stages(stages: tuple[Stage, ...]) -> str:
    """ "7天集中隔离医学观察 + 7天居家健康监测"."""
    return " + ".join(f"{s.days}天{s.kind}" for s in stages)
