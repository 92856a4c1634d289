"""The audit trail: written only by db.changes, in the same transaction as the change it records."""

from __future__ import annotations

import peewee

from db.base import BaseModel


class AuditEntry(BaseModel):
    """Who did what to which record, with the values before and after (JSON)."""

    at = peewee.DateTimeField(index=True)
    who = peewee.CharField(default="")
    action = peewee.CharField()
    table = peewee.CharField()
    record_id = peewee.IntegerField(null=True)
    summary = peewee.TextField(default="")
    before = peewee.TextField(null=True)
    after = peewee.TextField(null=True)
