"""Operator accounts: who may sign in to this database, and what their role lets them do."""

from __future__ import annotations

from enum import StrEnum

import peewee

from db.base import BaseModel


class Role(StrEnum):
    """What an operator may do; db.session.ROLE_CAN says it per action."""

    ADMIN = "管理员"
    ENTRY = "录入员"
    READONLY = "只读"


class Operator(BaseModel):
    """An account; never deleted (the audit trail names it), only switched off."""

    #: Columns the audit trail must not copy (it is readable by every administrator).
    audit_hidden = ("password_hash",)

    name = peewee.CharField(unique=True)
    role = peewee.CharField(default=Role.ENTRY.value)
    password_hash = peewee.CharField()
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField()
