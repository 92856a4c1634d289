"""The village itself and its grids / village groups (网格、村民小组)."""

from __future__ import annotations

import peewee

from db.base import BaseModel

#: What a PC is for (Village.mode), asked at first start: a village's own ledger, or the township's roll-up
#: of its villages' data packages (乡镇汇总).
VILLAGE_MODE = "村（社区）台账"
TOWNSHIP_MODE = "乡镇汇总"


class Village(BaseModel):
    """One row: the village this database belongs to (in township mode, the township)."""

    name = peewee.CharField()
    township = peewee.CharField(default="")
    county = peewee.CharField(default="")
    office_phone = peewee.CharField(default="")
    clerk = peewee.CharField(default="")
    #: 统计用区划代码 (12 digits): how the township tells its villages apart in their data packages.
    code = peewee.CharField(default="")
    reviewer = peewee.CharField(default="")
    mode = peewee.CharField(default=VILLAGE_MODE)


class Grid(BaseModel):
    """A grid or village group; households belong to one."""

    name = peewee.CharField(unique=True)
    worker = peewee.CharField(default="")
    worker_phone = peewee.CharField(default="")
    sort_order = peewee.IntegerField(default=0)
