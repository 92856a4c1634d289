"""Households (一户一档) and the people in them."""

from __future__ import annotations

from enum import StrEnum

import peewee

from db.base import BaseModel
from db.models.village import Grid


class HouseholdKind(StrEnum):
    """户别 as the census lists it; stored as the Chinese word, so the file reads without the program."""

    RESIDENT = "常住"
    RENTED = "出租"
    NOMINAL = "空挂户"


class PersonStatus(StrEnum):
    """Where a person stands; 迁出 and 死亡 leave the lists but never the file (不漏一人)."""

    PRESENT = "在村"
    AWAY = "外出"
    RETURNED = "返乡"
    TEMPORARY = "暂住"
    MOVED_OUT = "迁出"
    DECEASED = "死亡"


#: Statuses of people who have left the roster for good; they are kept, never deleted.
LEFT_STATUSES = frozenset({PersonStatus.MOVED_OUT, PersonStatus.DECEASED})

#: Census relation list (户主 first); the index is the sort rank inside a household.
RELATIONS = ("户主", "配偶", "子女", "父母", "岳父母或公婆", "祖父母", "媳婿", "孙子女", "兄弟姐妹", "其他")


class Household(BaseModel):
    """A household: 户号, address (grid + door number), head and kind."""

    number = peewee.CharField()
    grid = peewee.ForeignKeyField(Grid, backref="households", on_delete="RESTRICT")
    door_no = peewee.CharField(default="")
    head_name = peewee.CharField(default="")
    phone = peewee.CharField(default="")
    kind = peewee.CharField(default=HouseholdKind.RESIDENT.value)
    note = peewee.TextField(default="")

    class Meta:
        #: 户号 are given per group: 一组 and 六组 may both have 001.
        indexes = ((("grid", "number"), True),)


class Person(BaseModel):
    """A person in the roster; sex and birth date follow the ID number when there is one."""

    household = peewee.ForeignKeyField(Household, backref="members", on_delete="RESTRICT")
    household_id: int  # the key without loading the household (peewee's accessor), declared for the type checker
    name = peewee.CharField()
    sex = peewee.CharField(default="")
    id_number = peewee.CharField(null=True, unique=True)
    birth_date = peewee.DateField(null=True)
    phone = peewee.CharField(default="")
    relation = peewee.CharField(default="其他")
    status = peewee.CharField(default=PersonStatus.PRESENT.value)
    chronic = peewee.BooleanField(default=False)
    pregnant = peewee.BooleanField(default=False)
    disabled = peewee.BooleanField(default=False)
    lives_alone = peewee.BooleanField(default=False)
    note = peewee.TextField(default="")
    # Kept by the save path (db.changes) so search never computes pinyin at query time.
    pinyin_initials = peewee.CharField(default="")
    pinyin_full = peewee.CharField(default="")
    search_text = peewee.TextField(default="")
    sort_key = peewee.CharField(default="", index=True)

    #: The columns above that only the save path writes: no list shows them and no form asks for them.
    SEARCH_COLUMNS = ("pinyin_initials", "pinyin_full", "search_text", "sort_key")
