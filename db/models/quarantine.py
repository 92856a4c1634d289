"""The quarantine ledger (隔离管控台账): observation policies, cases (一人一档) and what happens in them.

A case is never overwritten when its status changes: each change is a dated, reasoned CaseEvent, and
the case's status is that of its latest event. Readings, follow-ups and fever actions are rows of
their own, so the case file shows everything that was recorded, by whom and when.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import peewee

from db.base import BaseModel
from db.models.household import Person


class CaseKind(StrEnum):
    """The three ways a person is observed, in the official terms the notices and seals print."""

    HOME = "居家隔离医学观察"
    CENTRAL = "集中隔离医学观察"
    MONITOR = "居家健康监测"


class CaseReason(StrEnum):
    """Why a person is observed; the ledger's own words are kept beside it (Case.reason_text)."""

    CLOSE_CONTACT = "密切接触者"
    SECONDARY_CONTACT = "次密接"
    RISK_AREA = "重点地区返回"
    INBOUND = "入境"
    OTHER = "其他"


class CaseSource(StrEnum):
    """How the village came to know of the case (the loop it closes: screening, a pushed list, a checkpoint …)."""

    SCREENING = "入户排查"
    PUSHED = "上级推送"
    CHECKPOINT = "卡点"
    SELF_REPORT = "自主申报"
    TIP_OFF = "群众举报"


class CaseStatus(StrEnum):
    """Where a case stands; only its events move it."""

    ACTIVE = "在管"
    RELEASED = "解除"
    HOSPITAL = "转运送医"
    MISSING = "失联外出"


class EventKind(StrEnum):
    """What a status change was; 转集中隔离 / 转居家 change where the case is kept, not whether it is."""

    OPENED = "开始"
    RELEASED = "解除"
    HOSPITAL = "转运送医"
    TO_CENTRAL = "转集中隔离"
    TO_HOME = "转居家"
    MISSING = "失联外出"
    FOUND = "找回"
    POLICY = "改用政策"
    STAGE = "转入下一阶段"


#: The status a case has after each kind of event.
STATUS_AFTER = {
    EventKind.OPENED: CaseStatus.ACTIVE,
    EventKind.RELEASED: CaseStatus.RELEASED,
    EventKind.HOSPITAL: CaseStatus.HOSPITAL,
    EventKind.TO_CENTRAL: CaseStatus.ACTIVE,
    EventKind.TO_HOME: CaseStatus.ACTIVE,
    EventKind.MISSING: CaseStatus.MISSING,
    EventKind.FOUND: CaseStatus.ACTIVE,
    EventKind.POLICY: CaseStatus.ACTIVE,
    EventKind.STAGE: CaseStatus.ACTIVE,
}

SLOTS = ("上午", "下午")
READING_METHODS = ("电话", "上门", "视频", "自报")
FOLLOW_UP_METHODS = ("电话", "上门", "视频", "微信")
SYMPTOMS = ("发热", "咳嗽", "乏力", "气促", "腹泻", "咽痛", "嗅味觉减退", "其他")
NEED_KINDS = ("代购", "药品", "就医", "心理疏导", "其他")
#: A reading at or above this (°C) is a fever.
FEVER_AT = 37.3


class Policy(BaseModel):
    """A named observation policy the clerk edits in settings: a sequence of stages.

    stages is JSON: [["集中隔离医学观察", 7], ["居家健康监测", 7]]. count_from says where day 1 is:
    "start" (the day observation starts) or "exposure" (the day after the last exposure or arrival).
    """

    name = peewee.CharField(unique=True)
    stages = peewee.TextField()
    count_from = peewee.CharField(default="start")
    note = peewee.TextField(default="")
    retired = peewee.BooleanField(default=False)


class Case(BaseModel):
    """One person's observation (一人一档). stages/count_from are copied from the policy when it starts,
    so editing the policy later moves no running case; first/last day and release date are derived by
    the save path (db.changes) from them."""

    person = peewee.ForeignKeyField(Person, backref="cases", on_delete="RESTRICT")
    kind = peewee.CharField()
    reason = peewee.CharField(default=CaseReason.OTHER.value)
    #: The ledger's own words for the reason when they are not exactly one of ours ("武汉返乡", "探亲").
    reason_text = peewee.CharField(default="")
    #: 来源地: where the person came from ("武汉"), as written or as the reason's words say.
    origin = peewee.CharField(default="")
    source = peewee.CharField(default=CaseSource.SCREENING.value)
    address = peewee.CharField(default="")
    site = peewee.CharField(default="")
    room = peewee.CharField(default="")
    exposure_date = peewee.DateField(null=True)
    start_date = peewee.DateField()
    policy = peewee.ForeignKeyField(Policy, null=True, on_delete="RESTRICT")
    stages = peewee.TextField()
    count_from = peewee.CharField(default="start")
    first_day = peewee.DateField()
    last_day = peewee.DateField(index=True)
    release_due = peewee.DateField(index=True)
    grid_worker = peewee.CharField(default="")
    grid_worker_phone = peewee.CharField(default="")
    doctor = peewee.CharField(default="")
    doctor_phone = peewee.CharField(default="")
    phone = peewee.CharField(default="")
    seal_no = peewee.CharField(default="")
    seal_posted_on = peewee.DateField(null=True)
    status = peewee.CharField(default=CaseStatus.ACTIVE.value, index=True)
    ended_on = peewee.DateField(null=True)
    note = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=lambda: datetime.now().replace(microsecond=0))


class CaseEvent(BaseModel):
    """A dated, reasoned change of a case's status or place."""

    case = peewee.ForeignKeyField(Case, backref="events", on_delete="RESTRICT")
    case_id: int  # the foreign key's column, which peewee reads without a query
    on = peewee.DateField()
    kind = peewee.CharField()
    reason = peewee.TextField(default="")
    status_after = peewee.CharField()
    recorded_at = peewee.DateTimeField(default=lambda: datetime.now().replace(microsecond=0))


class Reading(BaseModel):
    """A temperature reading in one slot (上午/下午) of one day; value None means "not taken"."""

    case = peewee.ForeignKeyField(Case, backref="readings", on_delete="RESTRICT")
    case_id: int  # the foreign key's column, which peewee reads without a query
    on = peewee.DateField()
    slot = peewee.CharField()
    value = peewee.FloatField(null=True)
    symptoms = peewee.CharField(default="")
    reporter = peewee.CharField(default="")
    method = peewee.CharField(default="电话")
    note = peewee.TextField(default="")
    recorded_at = peewee.DateTimeField(default=lambda: datetime.now().replace(microsecond=0))

    class Meta:
        indexes = ((("case", "on", "slot"), True),)


#: A reading that needs an action: a fever or any symptom. A partial index holds just these readings, so
#: 首页 finds the few unhandled ones among a season's readings without reading them all. The constants are
#: written into the SQL, not bound: with bound values SQLite cannot know the query's condition is the
#: index's when it plans the query, and counting the unhandled readings took 1.9 ms instead of 0.3 ms.
ALERT_CONDITION = (Reading.value >= peewee.SQL(repr(FEVER_AT))) | (Reading.symptoms != peewee.SQL("''"))
Reading.add_index(Reading.index(Reading.on, Reading.slot, Reading.id, where=ALERT_CONDITION, name="reading_alert"))


class FeverAction(BaseModel):
    """What was done about a fever or a symptom; a reading without one stays on 首页."""

    reading = peewee.ForeignKeyField(Reading, backref="actions", unique=True, on_delete="RESTRICT")
    reading_id: int  # the key without loading the reading (peewee's accessor), declared for the type checker
    reported_to = peewee.CharField(default="乡镇卫生院")
    reported_at = peewee.DateTimeField(null=True)
    transfer_120 = peewee.BooleanField(default=False)
    result = peewee.TextField(default="")
    recorded_at = peewee.DateTimeField(default=lambda: datetime.now().replace(microsecond=0))


class FollowUp(BaseModel):
    """A day's follow-up of a case: how, what was found, and what the household needs."""

    case = peewee.ForeignKeyField(Case, backref="follow_ups", on_delete="RESTRICT")
    on = peewee.DateField()
    method = peewee.CharField(default="电话")
    findings = peewee.TextField(default="")
    need_kind = peewee.CharField(default="")
    needs = peewee.TextField(default="")
    met = peewee.BooleanField(default=False)
    met_on = peewee.DateField(null=True)
    recorded_at = peewee.DateTimeField(default=lambda: datetime.now().replace(microsecond=0))


class Template(BaseModel):
    """A printed notice's wording, versioned: saving makes a new version, old ones stay for the record."""

    kind = peewee.CharField()
    version = peewee.IntegerField()
    body = peewee.TextField()
    note = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=lambda: datetime.now().replace(microsecond=0))

    class Meta:
        indexes = ((("kind", "version"), True),)
