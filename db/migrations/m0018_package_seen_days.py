"""Schema version 18: each sequence number a township has seen keeps the day and the package that carried it,
so a number carried again by another day's package (the village's counter gone back: a backup restored, the
program reinstalled) shows (frozen; never edit)."""

from __future__ import annotations

import peewee

STATEMENTS = (
    'ALTER TABLE "package_seen" ADD COLUMN "day" DATE',
    'ALTER TABLE "package_seen" ADD COLUMN "package_id" VARCHAR(255)',
    # The numbers seen before: the day and package still held under them (a replaced package's are gone).
    'UPDATE "package_seen" SET "day" = (SELECT p."day" FROM "village_package" p WHERE p."village_code" ='
    ' "package_seen"."village_code" AND p."sequence" = "package_seen"."sequence"), "package_id" = (SELECT'
    ' p."package_id" FROM "village_package" p WHERE p."village_code" = "package_seen"."village_code" AND'
    ' p."sequence" = "package_seen"."sequence")',
    'DROP INDEX "package_seen_village_code_sequence"',
    'CREATE UNIQUE INDEX "package_seen_village_code_sequence_package_id"'
    ' ON "package_seen" ("village_code", "sequence", "package_id")',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
