"""The village itself and its grids / village groups (网格、村民小组)."""

from __future__ import annotations

import peewee

from db.base import BaseModel


class Village(BaseModel):
    """One row: the village this database belongs to."""

    name = peewee.CharField()
    township = peewee.CharField(default="")
    county = peewee.CharField(default="")
    office_phone = peewee.CharField(default="")
    clerk = peewee.CharField(default="")


class Grid(BaseModel):
    """A grid or village group; households belong to one."""

    name = peewee.CharField(unique=True)
    worker = peewee.CharField(default="")
    worker_phone = peewee.CharField(default="")
    sort_order = peewee.IntegerField(default=0)
