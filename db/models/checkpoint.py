"""Checkpoints at the village's roads (卡点) and who passed them (09-checkpoint.md: 卡点出入登记表).

A gate entry is one person passing one checkpoint once, in or out. People in one vehicle (or one party on
foot) are typed in one go and written together: each has an entry of their own (sheet A has a row per
occupant), linked to the party's lead entry (GateEntry.party; the driver when they came by car) and, when
they came by car, to one Vehicle row (sheet B). Why an entry needs action is kept as words (flags), judged
when it was written (fever, symptoms, a key area on that day), so the register shows what the gate saw.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import peewee

from db.base import BaseModel
from db.models.household import Person
from db.models.quarantine import Case


class CheckpointHours(StrEnum):
    """A township counts 24-hour checkpoints apart from ordinary ones (09, P-YS)."""

    ALL_DAY = "24小时"
    ORDINARY = "普通"


class Direction(StrEnum):
    """进出, in the register's words (KJ: 进入登记 / 外出登记)."""

    IN = "进入"
    OUT = "外出"


class TravelMode(StrEnum):
    """出行方式 at the gate."""

    WALK = "步行"
    DRIVE = "驾车"
    RIDE = "骑车"
    OTHER = "其他"


class GateOutcome(StrEnum):
    """处理结果 (P-HS, P-ZP): 劝返 is a person turned back, 转发热门诊 a fever sent to the clinic."""

    PASSED = "放行"
    TURNED_BACK = "劝返"
    HOME_WATCH = "登记后放行并告知居家观察"
    FEVER_CLINIC = "转发热门诊"


class VehicleType(StrEnum):
    """车辆类型 of sheet B."""

    CAR = "小客车"
    TRUCK = "货车"
    COACH = "客运"
    MOTORBIKE = "摩托车"
    OTHER = "其他"


class Checkpoint(BaseModel):
    """A checkpoint: its name, where it is, its hours, the post (unit) it belongs to and who leads it."""

    name = peewee.CharField(unique=True)
    place = peewee.CharField(default="")
    hours = peewee.CharField(default=CheckpointHours.ORDINARY.value)
    post = peewee.CharField(default="")
    leader = peewee.CharField(default="")
    leader_phone = peewee.CharField(default="")
    active = peewee.BooleanField(default=True)
    sort_order = peewee.IntegerField(default=0)
    note = peewee.TextField(default="")


class Vehicle(BaseModel):
    """A vehicle passing a checkpoint once (sheet B); its occupants are the entries naming it."""

    checkpoint = peewee.ForeignKeyField(Checkpoint, on_delete="RESTRICT")
    checkpoint_id: int
    at = peewee.DateTimeField(index=True)
    direction = peewee.CharField(default=Direction.IN.value)
    plate = peewee.CharField(index=True)
    vehicle_type = peewee.CharField(default=VehicleType.CAR.value)
    disinfected = peewee.BooleanField(default=False)
    outcome = peewee.CharField(default=GateOutcome.PASSED.value)
    note = peewee.TextField(default="")


class GateEntry(BaseModel):
    """One person passing a checkpoint: sheet A's row.

    person: the roster's person when known (found by ID number, or picked by the clerk); from_area_code: the
    region code of from_place when the words name one (judged against the key areas on the entry's day);
    party: the lead entry of the people typed together (None for the lead and for one alone); flags: why
    the entry needs action ("发热 38.1℃；咳嗽；来自重点地区（武汉市）", "" for none); case: the quarantine
    case opened from it.
    """

    checkpoint = peewee.ForeignKeyField(Checkpoint, on_delete="RESTRICT")
    checkpoint_id: int
    at = peewee.DateTimeField(index=True)
    direction = peewee.CharField(default=Direction.IN.value)
    name = peewee.CharField()
    id_number = peewee.CharField(null=True)
    phone = peewee.CharField(default="")
    address = peewee.CharField(default="")
    is_villager = peewee.BooleanField(default=False)
    person = peewee.ForeignKeyField(Person, null=True, on_delete="RESTRICT")
    person_id: int | None
    from_place = peewee.CharField(default="")
    from_area_code = peewee.CharField(null=True)
    to_place = peewee.CharField(default="")
    reason = peewee.CharField(default="")
    local_contact = peewee.CharField(default="")
    temperature = peewee.FloatField(null=True)
    symptoms = peewee.CharField(default="")
    travel_mode = peewee.CharField(default=TravelMode.WALK.value)
    plate = peewee.CharField(default="")
    vehicle = peewee.ForeignKeyField(Vehicle, null=True, backref="occupants", on_delete="RESTRICT")
    vehicle_id: int | None
    party = peewee.ForeignKeyField("self", null=True, backref="companions", on_delete="RESTRICT")
    party_id: int | None
    outcome = peewee.CharField(default=GateOutcome.PASSED.value)
    recorder = peewee.CharField(default="")
    note = peewee.TextField(default="")
    flags = peewee.CharField(default="")
    case = peewee.ForeignKeyField(Case, null=True, on_delete="RESTRICT")
    case_id: int | None
    #: The name's pinyin initials, so the fill-in finds earlier entries of outsiders by "zsf" (written by
    #: db.checkpoint_actions with every entry).
    pinyin_initials = peewee.CharField(default="")
    created_at = peewee.DateTimeField(default=lambda: datetime.now().replace(microsecond=0))

    class Meta:
        #: A checkpoint's register of a day is read in time order; the fill-in reads the latest entries of an ID
        #: number, a name or initials from the index alone (db.queries.checkpoints.lookup).
        indexes = (
            (("checkpoint", "at"), False),
            (("id_number", "at"), False),
            (("name", "at"), False),
            (("pinyin_initials", "at"), False),
        )
