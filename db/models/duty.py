"""Duty rosters (值班排班, 12-duty-roster.md): who stands duty, the posts and their shifts, who is on each
shift, and what each shift logged.

A shift is a row of its own (post, day, index), written when a roster is generated for a date range, so a
shift that could not be filled stays visible with its reason (open_reason) and the printed grid, the
attendance and the duty log all name the same row. An assignment is fixed when the clerk put the person there
by hand (a swap): a new generation keeps it, as it keeps every shift already begun.
"""

from __future__ import annotations

from enum import StrEnum

import peewee

from db.base import BaseModel
from db.models.checkpoint import Checkpoint
from db.models.household import Person


class DutyKind(StrEnum):
    """Who stands duty, in the words of the seeds."""

    CADRE = "村干部"
    PARTY = "党员"
    VOLUNTEER = "志愿者"
    SENT_CADRE = "下沉干部"
    POLICE = "民警"
    DOCTOR = "村医"


#: The kinds that may lead a shift (带班干部) unless the clerk says otherwise for a person.
LEADING_KINDS = (DutyKind.CADRE, DutyKind.SENT_CADRE)


class PostKind(StrEnum):
    """What a post is for: a checkpoint, patrols, disinfection, deliveries to isolated households."""

    CHECKPOINT = "卡点值守"
    PATROL = "巡逻"
    DISINFECTION = "消杀"
    DELIVERY = "物资配送"


class DutyPerson(BaseModel):
    """One who stands duty: from the roster (person) or not.

    weekdays: the ISO weekdays they can serve ("1234567" every day, "67" weekends only); away: JSON list of
    ISO dates they cannot; max_per_week: at most this many shifts in a Monday-to-Sunday week (None: no limit).
    """

    name = peewee.CharField()
    phone = peewee.CharField(default="")
    kind = peewee.CharField(default=DutyKind.VOLUNTEER.value)
    organisation = peewee.CharField(default="")
    person = peewee.ForeignKeyField(Person, null=True, on_delete="RESTRICT")
    person_id: int | None
    can_lead = peewee.BooleanField(default=False)
    weekdays = peewee.CharField(default="1234567")
    away = peewee.TextField(default="[]")
    no_night = peewee.BooleanField(default=False)
    max_per_week = peewee.IntegerField(null=True)
    active = peewee.BooleanField(default=True)
    note = peewee.TextField(default="")


class DutyApart(BaseModel):
    """Two people who are not put on the same shift (first_id < second_id)."""

    first = peewee.ForeignKeyField(DutyPerson, on_delete="RESTRICT")
    first_id: int
    second = peewee.ForeignKeyField(DutyPerson, on_delete="RESTRICT")
    second_id: int

    class Meta:
        indexes = ((("first", "second"), True),)


class DutyPost(BaseModel):
    """A post to staff: a checkpoint, a patrol, disinfection, deliveries to isolated households.

    pattern: JSON list of the day's shifts, each {"name": "白班", "start": "08:00", "hours": 12};
    per_shift: people on each shift; needs_leader: whether each shift has a 带班干部 among them.
    """

    name = peewee.CharField(unique=True)
    kind = peewee.CharField(default=PostKind.CHECKPOINT.value)
    checkpoint = peewee.ForeignKeyField(Checkpoint, null=True, on_delete="RESTRICT")
    checkpoint_id: int | None
    pattern = peewee.TextField()
    per_shift = peewee.IntegerField(default=2)
    needs_leader = peewee.BooleanField(default=True)
    head = peewee.CharField(default="")
    head_phone = peewee.CharField(default="")
    active = peewee.BooleanField(default=True)
    sort_order = peewee.IntegerField(default=0)
    note = peewee.TextField(default="")


class DutyShift(BaseModel):
    """One shift of one post on one day (seq: its place in the pattern), as generated; open_reason says why
    places are left empty."""

    post = peewee.ForeignKeyField(DutyPost, backref="shifts", on_delete="RESTRICT")
    post_id: int
    day = peewee.DateField()
    seq = peewee.IntegerField()
    name = peewee.CharField()
    starts = peewee.DateTimeField()
    ends = peewee.DateTimeField()
    is_night = peewee.BooleanField(default=False)
    needs = peewee.IntegerField()
    needs_leader = peewee.BooleanField(default=False)
    open_reason = peewee.TextField(default="")

    class Meta:
        indexes = ((("post", "day", "seq"), True), (("starts",), False))


class DutyAssignment(BaseModel):
    """A person on a shift; leader: they lead it (带班); fixed: put there by hand, kept by a new generation.
    signed_in / signed_out: attendance (签到 / 签退)."""

    shift = peewee.ForeignKeyField(DutyShift, backref="assignments", on_delete="RESTRICT")
    shift_id: int
    person = peewee.ForeignKeyField(DutyPerson, on_delete="RESTRICT")
    person_id: int
    leader = peewee.BooleanField(default=False)
    fixed = peewee.BooleanField(default=False)
    signed_in = peewee.DateTimeField(null=True)
    signed_out = peewee.DateTimeField(null=True)
    note = peewee.TextField(default="")

    class Meta:
        indexes = ((("shift", "person"), True),)


class DutyLog(BaseModel):
    """值班日志 of a shift: the counts, fevers and what was done, calls, and the hand-over."""

    shift = peewee.ForeignKeyField(DutyShift, unique=True, on_delete="RESTRICT")
    shift_id: int
    registered = peewee.IntegerField(default=0)
    vehicles = peewee.IntegerField(default=0)
    turned_back = peewee.IntegerField(default=0)
    fevers = peewee.TextField(default="")
    calls = peewee.TextField(default="")
    handover = peewee.TextField(default="")
    handed_by = peewee.CharField(default="")
    taken_by = peewee.CharField(default="")
    written_at = peewee.DateTimeField()
