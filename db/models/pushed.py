"""Lists pushed down by the township (上级推送核查名单): their sources, batches, items and each item's steps.

A batch keeps the township's sheet as it came (the lines above the header, the header, every row's cells), so
the feedback goes back with the township's own columns untouched and the village's findings to the right.
An item's status only moves through dated, signed steps (ItemStep), like a case's events: the item shows
where it stands, the steps who did what when.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import peewee

from db.base import BaseModel
from db.models.household import Person
from db.models.quarantine import Case
from db.models.screening import Visit


class ItemStatus(StrEnum):
    """Where a pushed name stands; the last five close it (核查闭环)."""

    PENDING = "待核查"
    CONTACTED = "已联系"
    REGISTERED = "已登记"
    CONTROLLED = "已纳入管控"
    NOT_FOUND = "查无此人"
    NOT_HERE = "不在本村"
    LEFT = "已离开"


CLOSED_STATUSES = (
    ItemStatus.REGISTERED,
    ItemStatus.CONTROLLED,
    ItemStatus.NOT_FOUND,
    ItemStatus.NOT_HERE,
    ItemStatus.LEFT,
)


class MatchReason(StrEnum):
    """Why a pushed name is taken to be a roster person, strongest first."""

    ID = "身份证号一致"
    ID_TYPO = "身份证号差一位，姓名相同"
    NAME_PHONE = "姓名、电话相同"
    NAME_BIRTH = "姓名、出生日期相同"
    PINYIN_PHONE_TAIL = "姓名同音、电话尾号相同"


class PushedSource(BaseModel):
    """Where lists come from (铁路、大数据比对、群众举报 …), with the column mapping its last list was read with."""

    name = peewee.CharField(unique=True)
    #: JSON {normalised header: field key}: the next list from this source maps itself.
    mapping = peewee.TextField(default="{}")


class PushedBatch(BaseModel):
    """One list as received: who sent it, its batch number, dates, and the sheet's own lines and columns.

    header_lines: JSON list of the rows above the column header (each a list of cell values, as read);
    columns: JSON list of the township's column headers in order; mapping: JSON {column index: field key}.
    """

    source = peewee.ForeignKeyField(PushedSource, backref="batches", on_delete="RESTRICT")
    source_id: int
    issuer = peewee.CharField(default="")
    batch_no = peewee.CharField(default="")
    issued_on = peewee.DateField(null=True)
    deadline = peewee.DateTimeField()
    received_at = peewee.DateTimeField(default=lambda: datetime.now().replace(microsecond=0))
    file_name = peewee.CharField(default="")
    file_sha256 = peewee.CharField(index=True)
    sheet_name = peewee.CharField(default="")
    header_lines = peewee.TextField(default="[]")
    columns = peewee.TextField(default="[]")
    mapping = peewee.TextField(default="{}")
    note = peewee.TextField(default="")


class PushedItem(BaseModel):
    """One pushed name: the township's row as it came, what it was matched to, and what the village found.

    cells: JSON list of the row's cell values in the township's column order (dates tagged, see
    forms.pushed_cells); name … origin: read from the cells through the batch's mapping, for matching and lists.
    person with match_reason / match_strength: the roster person proposed; match_confirmed once the clerk
    (or an exact ID number) says it is them. result … checked_at: the feedback columns of form 10.
    """

    batch = peewee.ForeignKeyField(PushedBatch, backref="items", on_delete="RESTRICT")
    batch_id: int
    row_no = peewee.IntegerField()
    cells = peewee.TextField(default="[]")
    name = peewee.CharField(default="")
    id_number = peewee.CharField(default="", index=True)
    phone = peewee.CharField(default="")
    birth_date = peewee.DateField(null=True)
    origin = peewee.CharField(default="")
    arrived_on = peewee.DateField(null=True)
    person = peewee.ForeignKeyField(Person, null=True, on_delete="RESTRICT")
    person_id: int | None
    match_reason = peewee.CharField(default="")
    match_strength = peewee.IntegerField(default=0)
    match_confirmed = peewee.BooleanField(default=False)
    #: JSON list of other roster people that fit the same key as well (the clerk picks one).
    candidates = peewee.TextField(default="[]")
    status = peewee.CharField(default=ItemStatus.PENDING.value, index=True)
    result = peewee.CharField(default="")
    current_address = peewee.CharField(default="")
    verified_phone = peewee.CharField(default="")
    measure = peewee.CharField(default="")
    method = peewee.CharField(default="")
    checker = peewee.CharField(default="")
    checked_at = peewee.DateTimeField(null=True)
    case = peewee.ForeignKeyField(Case, null=True, on_delete="RESTRICT")
    case_id: int | None
    visit = peewee.ForeignKeyField(Visit, null=True, on_delete="RESTRICT")
    note = peewee.TextField(default="")

    class Meta:
        indexes = ((("batch", "row_no"), True),)


class ItemStep(BaseModel):
    """A dated, signed move of a pushed item (待核查 → 已联系 → …), with what was said."""

    item = peewee.ForeignKeyField(PushedItem, backref="steps", on_delete="RESTRICT")
    item_id: int
    status = peewee.CharField()
    at = peewee.DateTimeField()
    operator = peewee.CharField(default="")
    note = peewee.TextField(default="")


#: 核查结果 as form 10 writes it (F1); the clerk's own words are kept as typed.
RESULTS = (
    "已核实在本村",
    "漏排(新发现，补登记)",
    "前期已排查(重复)",
    "已离开本地",
    "不在本村居住",
    "查无此人",
    "信息有误(号码或身份不符)",
    "超过排查期",
    "途经未停留",
)
#: The result an item's closing status gives when the clerk has chosen none.
RESULT_OF_STATUS = {
    ItemStatus.REGISTERED: "漏排(新发现，补登记)",
    ItemStatus.CONTROLLED: "已核实在本村",
    ItemStatus.NOT_FOUND: "查无此人",
    ItemStatus.NOT_HERE: "不在本村居住",
    ItemStatus.LEFT: "已离开本地",
}
#: 核查方式 (F14).
METHODS = ("电话", "入户", "电话+入户")
