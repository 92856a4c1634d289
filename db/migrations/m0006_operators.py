"""Schema version 6: operator accounts, and an audit trail that the database itself keeps append-only.

The triggers refuse any UPDATE or DELETE of an audit entry, whoever asks: no screen, command or stray
SQL in this program can rewrite what happened.
"""

from __future__ import annotations

import peewee

STATEMENTS = (
    'CREATE TABLE "operator" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "role" '
    'VARCHAR(255) NOT NULL, "password_hash" VARCHAR(255) NOT NULL, "active" INTEGER NOT NULL, '
    '"created_at" DATETIME NOT NULL)',
    'CREATE UNIQUE INDEX "operator_name" ON "operator" ("name")',
    'CREATE TRIGGER "audit_entry_kept" BEFORE UPDATE ON "audit_entry"'
    " BEGIN SELECT RAISE(ABORT, '操作记录不能修改'); END",
    'CREATE TRIGGER "audit_entry_not_deleted" BEFORE DELETE ON "audit_entry"'
    " BEGIN SELECT RAISE(ABORT, '操作记录不能删除'); END",
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
