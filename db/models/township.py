"""乡镇汇总 (issue 19): the village data packages a township's PC has loaded, one row per village and day (the
newest package of that day); the figures and lists are kept as the package had them (JSON)."""

from __future__ import annotations

import peewee

from db.base import BaseModel


class VillagePackage(BaseModel):
    """A village's day as its package said it: `figures` [{"block", "label", "figures": {measure: n}}, …],
    `lists` {list name: {"headers": […], "rows": [[…], …]}}. The audit trail notes a package by its sequence
    and checksum, not a second copy of its lists (names and ID numbers, and megabytes of them)."""

    audit_hidden = ("figures", "lists")

    village_code = peewee.CharField(index=True)
    village_name = peewee.CharField()
    day = peewee.DateField(index=True)
    package_id = peewee.CharField(unique=True)
    sequence = peewee.IntegerField()
    zero = peewee.BooleanField()
    written_at = peewee.DateTimeField()
    received_at = peewee.DateTimeField()
    program_version = peewee.CharField()
    schema_version = peewee.IntegerField()
    sha256 = peewee.CharField()
    figures = peewee.TextField()
    lists = peewee.TextField()

    class Meta:
        indexes = ((("village_code", "day"), True),)


class PackageSeen(BaseModel):
    """Every sequence number a village's packages carried (also of those replaced since), with the day and
    the package that carried it: a gap shows, and so does a number carried by two days' packages."""

    village_code = peewee.CharField()
    sequence = peewee.IntegerField()
    day = peewee.DateField(null=True)
    package_id = peewee.CharField(null=True)
    """Null for the numbers seen before schema 18 whose package had been replaced."""

    class Meta:
        indexes = ((("village_code", "sequence", "package_id"), True),)
