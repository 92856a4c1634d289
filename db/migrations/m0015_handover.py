"""Schema version 15: 上报记录 (issue 19), one row per hand-over of a day's reports on a USB stick (frozen;
never edit)."""

from __future__ import annotations

import peewee

STATEMENTS = (
    'CREATE TABLE "hand_over" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "who" VARCHAR(255) NOT'
    ' NULL, "day" DATE NOT NULL, "drive_label" VARCHAR(255) NOT NULL, "folder" TEXT NOT NULL, "files" TEXT NOT'
    ' NULL, "ok" INTEGER NOT NULL, "note" TEXT NOT NULL)',
    'CREATE INDEX "hand_over_at" ON "hand_over" ("at")',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
