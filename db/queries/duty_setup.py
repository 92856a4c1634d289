"""Who stands duty and the posts, as the setup screens list them (值班人员, 岗位); the roster itself is
db.queries.duty."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from db.models import DutyApart, DutyAssignment, DutyPerson, DutyPost
from db.models.checkpoint import Checkpoint
from db.models.duty import DutyKind

_KIND_ORDER = {k.value: n for n, k in enumerate(DutyKind)}


@dataclass(frozen=True)
class PersonLine:
    """One who stands duty, with the names of those they are not put on a shift with."""

    id: int
    name: str
    phone: str
    kind: str
    organisation: str
    person_id: int | None
    can_lead: bool
    weekdays: str
    away: tuple[date, ...]
    no_night: bool
    max_per_week: int | None
    active: bool
    note: str
    apart_ids: tuple[int, ...]
    apart_names: tuple[str, ...]

    def values(self) -> dict[str, Any]:
        """The fields by their names in forms.definitions.duty_person (apart: the names, 、-joined)."""
        return {
            "name": self.name,
            "phone": self.phone,
            "kind": self.kind,
            "organisation": self.organisation,
            "can_lead": self.can_lead,
            "weekdays": self.weekdays,
            "away": list(self.away),
            "no_night": self.no_night,
            "max_per_week": self.max_per_week,
            "apart": "、".join(self.apart_names),
            "note": self.note,
        }


def _apart_by_person() -> dict[int, list[int]]:
    pairs: dict[int, list[int]] = {}
    for pair in DutyApart.select(DutyApart.first, DutyApart.second):
        first, second = pair.first_id, pair.second_id
        pairs.setdefault(first, []).append(second)
        pairs.setdefault(second, []).append(first)
    return pairs


def people(include_inactive: bool = False) -> list[PersonLine]:
    """Everyone who stands duty, by kind (村干部 first) and then as entered; the stopped ones last, if asked."""
    rows = list(DutyPerson.select())
    names = {p.id: p.name for p in rows}
    pairs = _apart_by_person()
    lines = [
        PersonLine(
            p.id,
            p.name,
            p.phone,
            p.kind,
            p.organisation,
            p.person_id,
            p.can_lead,
            p.weekdays,
            tuple(sorted(date.fromisoformat(d) for d in json.loads(p.away or "[]"))),
            p.no_night,
            p.max_per_week,
            p.active,
            p.note,
            tuple(sorted(pairs.get(p.id, []))),
            tuple(names[i] for i in sorted(pairs.get(p.id, []))),
        )
        for p in rows
        if include_inactive or p.active
    ]
    return sorted(lines, key=lambda line: (not line.active, _KIND_ORDER.get(line.kind, 99), line.id))


def person_line(person_id: int) -> PersonLine | None:
    return next((line for line in people(include_inactive=True) if line.id == person_id), None)


def shifts_served(person_id: int) -> int:
    """How many shifts name this person (the reason a person is stopped, never deleted)."""
    return int(DutyAssignment.select().where(DutyAssignment.person == person_id).count())


@dataclass(frozen=True)
class PostLine:
    """A post as the posts table and its dialog show it."""

    id: int
    name: str
    kind: str
    checkpoint_id: int | None
    checkpoint_name: str
    pattern: str
    per_shift: int
    needs_leader: bool
    head: str
    head_phone: str
    active: bool
    sort_order: int
    note: str

    def values(self) -> dict[str, Any]:
        """The fields by their names in forms.definitions.duty_post (checkpoint: its name)."""
        return {
            "name": self.name,
            "kind": self.kind,
            "pattern": self.pattern,
            "per_shift": self.per_shift,
            "needs_leader": self.needs_leader,
            "checkpoint": self.checkpoint_name,
            "head": self.head,
            "head_phone": self.head_phone,
            "note": self.note,
        }


def posts(include_inactive: bool = False) -> list[PostLine]:
    """The posts in their order (sort_order, then as entered); the stopped ones last, if asked."""
    checkpoint_names: dict[int, str] = {c.id: c.name for c in Checkpoint.select(Checkpoint.id, Checkpoint.name)}
    lines = [
        PostLine(
            p.id,
            p.name,
            p.kind,
            p.checkpoint_id,
            checkpoint_names.get(p.checkpoint_id, "") if p.checkpoint_id is not None else "",
            p.pattern,
            p.per_shift,
            p.needs_leader,
            p.head,
            p.head_phone,
            p.active,
            p.sort_order,
            p.note,
        )
        for p in DutyPost.select()
        if include_inactive or p.active
    ]
    return sorted(lines, key=lambda line: (not line.active, line.sort_order, line.id))


def post_line(post_id: int) -> PostLine | None:
    return next((line for line in posts(include_inactive=True) if line.id == post_id), None)


def next_sort_order() -> int:
    """A new post goes last."""
    return max((p.sort_order for p in posts(include_inactive=True)), default=0) + 1
