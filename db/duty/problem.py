"""The duty-roster problem as plain frozen dataclasses: people, posts with their daily shift pattern, the shifts
of a date range, assignments fixed (served, swapped by hand) and the previous plan.

A shift belongs to the day it starts on (a 20:00–08:00 night shift of 3月4日 ends on 3月5日). A person must be
available on every day a shift touches. Weeks are calendar weeks, Monday to Sunday, counted by a shift's day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from db.rules.chinese_dates import short_date

LEADER_KINDS = frozenset({"村干部", "下沉干部"})
"""Kinds of people who may lead a shift (带班干部)."""

ALL_WEEKDAYS = frozenset(range(7))
WEEKDAY_NAMES = "一二三四五六日"
DEFAULT_REST_HOURS = 12.0
"""Hours off between the end of one shift and the start of the next: 12, so that a 12-hour shift is followed by
at least as long a rest, and an 8-hour pattern lets a person take the same shift every day."""
NIGHT_HOURS = (time(0, 0), time(6, 0))
"""A shift working any part of 00:00–06:00 is a night shift unless its pattern says otherwise."""


def can_lead(kind: str) -> bool:
    """Whether people of this kind may lead a shift (村干部, 下沉干部)."""
    return kind in LEADER_KINDS


@dataclass(frozen=True)
class Person:
    """Someone who takes duty, with the limits the clerk recorded."""

    id: int
    name: str
    kind: str = "志愿者"
    is_leader: bool = False
    weekdays: frozenset[int] = ALL_WEEKDAYS
    """Weekdays the person can serve, 0 = Monday."""
    days: frozenset[date] | None = None
    """When given, the only days the person can serve."""
    away: frozenset[date] = frozenset()
    """Days the person cannot serve."""
    no_night: bool = False
    max_per_week: int | None = None
    not_with: frozenset[int] = frozenset()
    """People (by id) this person must not share a shift with; either side's word is enough."""

    def free_on(self, day: date) -> bool:
        """Whether the person can serve on this day at all."""
        if day in self.away or day.weekday() not in self.weekdays:
            return False
        return self.days is None or day in self.days


@dataclass(frozen=True)
class ShiftTime:
    """One shift of a post's daily pattern: 白班 08:00 for 12 hours, needing two people and a leading cadre."""

    name: str
    start: time
    hours: float
    needs: int = 2
    needs_leader: bool = True
    is_night: bool | None = None
    """None: a night shift when it works any part of 00:00–06:00."""


@dataclass(frozen=True)
class Post:
    """A checkpoint (卡点) or other duty post and the shifts it has every day."""

    id: int
    name: str
    shifts: tuple[ShiftTime, ...]


ShiftKey = tuple[int, date, int]
"""(post id, day, index in the post's pattern)."""


@dataclass(frozen=True)
class Shift:
    """One shift on one day at one post."""

    post: int
    post_name: str
    day: date
    index: int
    name: str
    start: datetime
    end: datetime
    is_night: bool
    needs: int
    needs_leader: bool

    @property
    def key(self) -> ShiftKey:
        return (self.post, self.day, self.index)

    @property
    def label(self) -> str:
        """3月4日 东口卡点 夜班."""
        return f"{short_date(self.day)} {self.post_name} {self.name}"

    def days_touched(self) -> list[date]:
        """The days the shift works on (a night shift ending at 08:00 touches the next day too)."""
        last = (self.end - timedelta(microseconds=1)).date()
        days, day = [], self.start.date()
        while day <= last:
            days.append(day)
            day += timedelta(days=1)
        return days


def make_shift(post: Post, day: date, index: int) -> Shift:
    """The shift of `post`'s pattern entry `index` on `day`."""
    pattern = post.shifts[index]
    start = datetime.combine(day, pattern.start)
    end = start + timedelta(hours=pattern.hours)
    is_night = pattern.is_night
    if is_night is None:
        is_night = works_at_night(start, end)
    return Shift(
        post.id, post.name, day, index, pattern.name, start, end, is_night, pattern.needs, pattern.needs_leader
    )


def works_at_night(start: datetime, end: datetime) -> bool:
    """Whether [start, end) covers any part of 00:00–06:00 of some day."""
    day = start.date()
    while datetime.combine(day, NIGHT_HOURS[0]) < end:
        night_start = datetime.combine(day, NIGHT_HOURS[0])
        night_end = datetime.combine(day, NIGHT_HOURS[1])
        if night_start < end and start < night_end:
            return True
        day += timedelta(days=1)
    return False


@dataclass(frozen=True)
class Assignment:
    """A person on a shift."""

    shift: ShiftKey
    person: int


def week_of(day: date) -> date:
    """The Monday of the day's calendar week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Problem:
    """A roster to make for first_day..last_day (both included).

    `fixed` are kept as they are (shifts served, swaps made by hand); they may lie before first_day, where they
    count for the rest and the weekly limits. `previous` is the plan made before: the solver changes as few of its
    future assignments as it can.
    """

    first_day: date
    last_day: date
    people: tuple[Person, ...]
    posts: tuple[Post, ...]
    fixed: tuple[Assignment, ...] = ()
    previous: tuple[Assignment, ...] = ()
    rest_hours: float = DEFAULT_REST_HOURS

    def days(self) -> Iterator[date]:
        day = self.first_day
        while day <= self.last_day:
            yield day
            day += timedelta(days=1)

    @cached_property
    def shifts(self) -> tuple[Shift, ...]:
        """Every shift of the range, day by day, post by post, in pattern order."""
        return tuple(
            make_shift(post, day, index)
            for day in self.days()
            for post in self.posts
            for index in range(len(post.shifts))
        )

    @cached_property
    def shift_by_key(self) -> dict[ShiftKey, Shift]:
        return {s.key: s for s in self.shifts}

    def shift(self, key: ShiftKey) -> Shift:
        """Any shift of the posts' patterns, inside the range or not (a fixed one served before it)."""
        found = self.shift_by_key.get(key)
        if found is not None:
            return found
        return make_shift(self.post_by_id[key[0]], key[1], key[2])

    @cached_property
    def post_by_id(self) -> dict[int, Post]:
        return {p.id: p for p in self.posts}

    @cached_property
    def person_by_id(self) -> dict[int, Person]:
        return {p.id: p for p in self.people}

    def apart(self, a: int, b: int) -> bool:
        """Whether a and b must not share a shift (either one said so)."""
        pa, pb = self.person_by_id.get(a), self.person_by_id.get(b)
        return (pa is not None and b in pa.not_with) or (pb is not None and a in pb.not_with)

    def in_range(self, key: ShiftKey) -> bool:
        return self.first_day <= key[1] <= self.last_day
