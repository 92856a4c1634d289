"""Schema version 17: 乡镇汇总 (issue 19), the village data packages loaded on a township's PC and every
sequence number seen per village (frozen; never edit)."""

from __future__ import annotations

import peewee

STATEMENTS = (
    'CREATE TABLE "village_package" ("id" INTEGER NOT NULL PRIMARY KEY, "village_code" VARCHAR(255) NOT NULL,'
    ' "village_name" VARCHAR(255) NOT NULL, "day" DATE NOT NULL, "package_id" VARCHAR(255) NOT NULL,'
    ' "sequence" INTEGER NOT NULL, "zero" INTEGER NOT NULL, "written_at" DATETIME NOT NULL,'
    ' "received_at" DATETIME NOT NULL, "program_version" VARCHAR(255) NOT NULL, "schema_version" INTEGER NOT NULL,'
    ' "sha256" VARCHAR(255) NOT NULL, "figures" TEXT NOT NULL, "lists" TEXT NOT NULL)',
    'CREATE INDEX "village_package_village_code" ON "village_package" ("village_code")',
    'CREATE INDEX "village_package_day" ON "village_package" ("day")',
    'CREATE UNIQUE INDEX "village_package_package_id" ON "village_package" ("package_id")',
    'CREATE UNIQUE INDEX "village_package_village_code_day" ON "village_package" ("village_code", "day")',
    'CREATE TABLE "package_seen" ("id" INTEGER NOT NULL PRIMARY KEY, "village_code" VARCHAR(255) NOT NULL,'
    ' "sequence" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX "package_seen_village_code_sequence" ON "package_seen" ("village_code", "sequence")',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
