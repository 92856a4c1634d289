"""The ledger as it stood at a moment: a report for a past day reads this, so later edits never change it.

Every change goes through the one save path (db.changes), which writes its audit entry in the same
transaction; walking the entries after the moment backwards (an update's fields set back, a created row or a
bulk-created range removed, a deleted row put back) inside a transaction that is always rolled back turns
today's file into the file of that moment for this thread's queries, and nothing of it reaches the file. The
connection is made read-only meanwhile, so a save by mistake in there fails instead of being rolled back
with the rest. Other threads (peewee keeps a connection per thread) go on reading the live file; their saves
wait the moment it takes, so the callers read inside and write their files outside.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import peewee

from db.base import database
from db.changes import NOTES_CHANGING_NOTHING
from db.models import ALL_MODELS, AuditEntry


@contextmanager
def ledger_as_of(moment: datetime) -> Iterator[int]:
    """Within it, this thread's queries read the ledger as it stood just before `moment`; yields how many
    changes were walked back. Read only."""
    db = database.obj
    later = (AuditEntry.at >= moment) & (AuditEntry.action.not_in(NOTES_CHANGING_NOTHING))
    # One transaction: the figures and lists see one state of the file. One that walks back takes the write
    # lock first (a save elsewhere waits): upgrading a read to a write fails once another connection has saved.
    lock = "IMMEDIATE" if AuditEntry.select().where(later).exists() else None
    with db.atomic(lock_type=lock) as transaction:
        entries = list(AuditEntry.select().where(later).order_by(AuditEntry.id.desc()))
        if not entries:
            yield 0
            return
        conn = db.connection()
        try:
            for entry in entries:
                _walk_back(conn, entry)
            conn.execute("PRAGMA query_only = 1")
            yield len(entries)
        finally:
            conn.execute("PRAGMA query_only = 0")
            transaction.rollback()  # and a new, empty transaction for atomic() to close


_MODELS = {m._meta.table_name: m for m in ALL_MODELS}


def _walk_back(conn: sqlite3.Connection, entry: AuditEntry) -> None:
    model = _MODELS.get(entry.table)
    if model is None or model is AuditEntry:
        return
    table = f'"{model._meta.table_name}"'
    if entry.action == "bulk_create":
        first, last = json.loads(entry.after or "{}")["ids"]
        conn.execute(f'DELETE FROM {table} WHERE "id" BETWEEN ? AND ?', (first, last))
    elif entry.record_id is None:
        return  # a note, or a record without an id (a setting): not in any report
    elif entry.action == "create":
        conn.execute(f'DELETE FROM {table} WHERE "id" = ?', (entry.record_id,))
    elif entry.action == "delete":
        values = _columns(model, json.loads(entry.before or "{}"))
        names = ", ".join(f'"{c}"' for c in values)
        conn.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(values))})", list(values.values()))
    elif entry.before is not None:
        values = _columns(model, json.loads(entry.before or "{}"))
        if values:
            sets = ", ".join(f'"{c}" = ?' for c in values)
            conn.execute(f'UPDATE {table} SET {sets} WHERE "id" = ?', [*values.values(), entry.record_id])


def _columns(model: type[peewee.Model], values: dict[str, Any]) -> dict[str, Any]:
    """Audit values (field names, ISO dates) as the file stores them (column names, peewee's formats)."""
    fields = model._meta.fields
    found = {}
    for name, value in values.items():
        field = fields.get(name)
        if field is None or value == "******":
            continue
        if isinstance(value, str) and isinstance(field, peewee.DateTimeField):
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(field, peewee.DateField):
            value = date.fromisoformat(value)
        found[field.column_name] = field.db_value(value)
    return found
