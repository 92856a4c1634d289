"""Schema version 16: the village's 统计用区划代码, its 审核人, and what this PC is for — a village's ledger
or the township's roll-up (issue 19; frozen, never edit)."""

from __future__ import annotations

import peewee

STATEMENTS = (
    'ALTER TABLE "village" ADD COLUMN "code" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "village" ADD COLUMN "reviewer" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "village" ADD COLUMN "mode" VARCHAR(255) NOT NULL DEFAULT \'村（社区）台账\'',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
