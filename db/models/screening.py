"""Door-to-door screening rounds (入户排查): rounds, their grids, visits and what was found per person.

A household has one current visit per round: a revisit (无人在家待复查 → 已排查) updates it through the
save path, so the audit trail keeps what the first visit said while the ledger shows where things stand.
Key areas are kept as dated rows, not a flag: a finding is judged against the list as it stood on the
visit day, and the list changes while a round runs.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import peewee

from db.base import BaseModel
from db.models.household import Household, Person, PersonStatus
from db.models.quarantine import Case
from db.models.village import Grid


class RoundStatus(StrEnum):
    """A round is open for visits until the clerk closes it (with the gaps said, if any)."""

    OPEN = "进行中"
    CLOSED = "已结束"


class VisitOutcome(StrEnum):
    """What the door-to-door visit of a household came to; the two middle ones are gaps of the round."""

    SCREENED = "已排查"
    NOBODY_HOME = "无人在家待复查"
    REFUSED = "拒绝配合"
    MOVED_AWAY = "已搬离"


class TravelMeans(StrEnum):
    """The forms' usual means of travel; other words the clerk types are kept as typed."""

    PLANE = "飞机"
    TRAIN = "火车"
    BUS = "大巴"
    CAR = "自驾车"
    OTHER = "其他"


class Contact(StrEnum):
    """Contact in the last days with a confirmed or suspected case, or with people from a key area."""

    NONE = "无"
    CASE = "确诊或疑似病例"
    KEY_AREA = "重点地区人员"


class Measure(StrEnum):
    """What was done about the person after the visit."""

    NONE = "无"
    MONITOR = "居家健康监测"
    HOME = "居家隔离"
    CENTRAL = "集中隔离"
    HOSPITAL = "送医"


#: Visits that leave nothing to do for the household in this round.
DONE_OUTCOMES = (VisitOutcome.SCREENED, VisitOutcome.MOVED_AWAY)
#: People a round expects to meet: those living in the village now (not away, moved out or dead).
DUE_STATUSES = (PersonStatus.PRESENT, PersonStatus.RETURNED, PersonStatus.TEMPORARY)
#: Symptoms the screening forms ask about, offered first; the clerk's own words are kept too.
SYMPTOMS = ("发热", "咳嗽", "乏力", "咽痛", "腹泻", "干咳", "肌痛", "寒战", "呼吸困难", "头疼", "鼻塞", "其他")
#: Reasons offered for an abnormal finding that needs no case (无需管控; the clerk may type another); 其他 needs a note.
HANDLED_REASONS = ("复测体温正常", "已排除（非重点地区）", "已送医", "其他")
OTHER_REASON = "其他"
#: The reason a finding linked to the person's running case (并入已有管控) is recorded with.
LINKED_REASON = "并入已有管控"


class KeyArea(BaseModel):
    """A province, city or county listed as a key area from a day on (and until a day, once it stops).

    Several rows may name the same region over time (listed, dropped, listed again); until is the first
    day it no longer counts.
    """

    region_code = peewee.CharField(index=True)
    name = peewee.CharField()
    counts_from = peewee.DateField()
    until = peewee.DateField(null=True)
    note = peewee.TextField(default="")


class ScreeningRound(BaseModel):
    """A round of door-to-door screening ("第二轮拉网排查") over some or all grids."""

    name = peewee.CharField()
    starts_on = peewee.DateField()
    ends_on = peewee.DateField()
    status = peewee.CharField(default=RoundStatus.OPEN.value)
    closed_on = peewee.DateField(null=True)
    #: The gaps the clerk accepted when closing, as listed then (households not visited or waiting).
    closing_note = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=lambda: datetime.now().replace(microsecond=0))


class RoundGrid(BaseModel):
    """A grid a round covers and the grid worker who screens it in that round."""

    round = peewee.ForeignKeyField(ScreeningRound, backref="grids", on_delete="RESTRICT")
    grid = peewee.ForeignKeyField(Grid, on_delete="RESTRICT")
    grid_id: int  # the foreign key's column, which peewee reads without a query
    worker = peewee.CharField(default="")

    class Meta:
        indexes = ((("round", "grid"), True),)


class Visit(BaseModel):
    """A household's current visit in a round: when, by whom, and what it came to."""

    round = peewee.ForeignKeyField(ScreeningRound, backref="visits", on_delete="RESTRICT")
    round_id: int
    household = peewee.ForeignKeyField(Household, on_delete="RESTRICT")
    household_id: int
    on = peewee.DateField()
    worker = peewee.CharField(default="")
    outcome = peewee.CharField()
    note = peewee.TextField(default="")

    class Meta:
        indexes = ((("round", "household"), True),)


class Finding(BaseModel):
    """What a visit found for one person: temperature, symptoms, travel, contact, and the measure taken.

    area_code / area_name: where the person came from or passed through (a region code of the ID table,
    and the words as written); case: the quarantine case opened from this finding, if any. handled_*: an
    abnormal finding the clerk settled without a case of its own (复测体温正常 …, or 并入已有管控 when case
    is the person's running case): the day, the operator, the reason and a note; blank while open.
    """

    visit = peewee.ForeignKeyField(Visit, backref="findings", on_delete="RESTRICT")
    visit_id: int
    person = peewee.ForeignKeyField(Person, on_delete="RESTRICT")
    person_id: int
    temperature = peewee.FloatField(null=True)
    symptoms = peewee.CharField(default="")
    area_code = peewee.CharField(null=True)
    area_name = peewee.CharField(null=True)
    returned_on = peewee.DateField(null=True)
    travel_means = peewee.CharField(default="")
    travel_number = peewee.CharField(default="")
    contact = peewee.CharField(default=Contact.NONE.value)
    measure = peewee.CharField(default=Measure.NONE.value)
    case = peewee.ForeignKeyField(Case, null=True, on_delete="RESTRICT")
    note = peewee.TextField(default="")
    handled_on = peewee.DateField(null=True)
    handled_by = peewee.CharField(default="")
    handled_reason = peewee.CharField(default="")
    handled_note = peewee.TextField(default="")

    class Meta:
        indexes = ((("visit", "person"), True),)
