"""Schema version 12: an abnormal screening finding settled without a case of its own (issue 17): the day,
the operator, the reason (复测体温正常, 已排除（非重点地区）, 已送医 … or 并入已有管控) and a note. Blank
on every finding so far: they stay as open as they were (frozen; never edit)."""

from __future__ import annotations

import peewee

STATEMENTS = (
    'ALTER TABLE "finding" ADD COLUMN "handled_on" DATE',
    'ALTER TABLE "finding" ADD COLUMN "handled_by" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "finding" ADD COLUMN "handled_reason" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "finding" ADD COLUMN "handled_note" TEXT NOT NULL DEFAULT \'\'',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
