"""The ledger as it stood at a moment: a report for a past day reads this, so later edits never change it.

Every change goes through the one save path (db.changes), which writes its audit entry in the same
transaction; walking the entries after the moment backwards (an update's fields set back, a created row or a
bulk-created range removed, a deleted row put back) turns a copy of today's file into the file of that moment.
The copy lives in memory and serves this thread only: peewee keeps its connection per thread, so the window
and other work go on reading the live file meanwhile.
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
    changes were walked back. Read only: nothing written here reaches the file."""
    db = database.obj
    entries = list(
        AuditEntry.select()
        .where((AuditEntry.at >= moment) & (AuditEntry.action.not_in(NOTES_CHANGING_NOTHING)))
        .order_by(AuditEntry.id.desc())
    )
    if not entries:
        with db.atomic():  # one read transaction: the figures and lists see one state of the file
            yield 0
        return
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    db.connection().backup(copy)
    try:
        for entry in entries:
            _walk_back(copy, entry)
        copy.commit()
        state = db._state
        saved = (state.conn, state.closed, state.ctx, state.transactions, state.commit_callbacks)
        state.set_connection(copy)
        try:
            yield len(entries)
        finally:
            state.conn, state.closed, state.ctx, state.transactions, state.commit_callbacks = saved
    finally:
        copy.close()


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
