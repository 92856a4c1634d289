"""Schema version 9: an audit entry cannot be replaced either.

`INSERT OR REPLACE` with an existing id deletes the old entry without firing the DELETE trigger (SQLite
fires delete triggers on REPLACE only under recursive_triggers), so the trail could be rewritten in place.
Refusing any insert whose id is already taken closes that door for every client, not only this program.
"""

from __future__ import annotations

import peewee

STATEMENTS = (
    (
        'CREATE TRIGGER "audit_entry_not_replaced" BEFORE INSERT ON "audit_entry"'
        " BEGIN SELECT RAISE(ABORT, '操作记录不能改写')"
        ' WHERE EXISTS (SELECT 1 FROM "audit_entry" WHERE "id" = NEW."id"); END'
    ),
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
