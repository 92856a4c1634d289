"""Schema version 11: lists pushed down by the township (issue 17): sources with their remembered column
mapping, batches as received, their items and each item's signed steps (frozen; never edit)."""

from __future__ import annotations

import peewee

STATEMENTS = (
    'CREATE TABLE "pushed_source" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "mapping"'
    " TEXT NOT NULL)",
    'CREATE UNIQUE INDEX "pushed_source_name" ON "pushed_source" ("name")',
    'CREATE TABLE "pushed_batch" ("id" INTEGER NOT NULL PRIMARY KEY, "source_id" INTEGER NOT NULL, "issuer" '
    'VARCHAR(255) NOT NULL, "batch_no" VARCHAR(255) NOT NULL, "issued_on" DATE, "deadline" DATETIME NOT NULL,'
    ' "received_at" DATETIME NOT NULL, "file_name" VARCHAR(255) NOT NULL, "file_sha256" VARCHAR(255) NOT '
    'NULL, "sheet_name" VARCHAR(255) NOT NULL, "header_lines" TEXT NOT NULL, "columns" TEXT NOT NULL, '
    '"mapping" TEXT NOT NULL, "note" TEXT NOT NULL, FOREIGN KEY ("source_id") REFERENCES "pushed_source" '
    '("id") ON DELETE RESTRICT)',
    'CREATE INDEX "pushed_batch_source_id" ON "pushed_batch" ("source_id")',
    'CREATE INDEX "pushed_batch_file_sha256" ON "pushed_batch" ("file_sha256")',
    'CREATE TABLE "pushed_item" ("id" INTEGER NOT NULL PRIMARY KEY, "batch_id" INTEGER NOT NULL, "row_no" '
    'INTEGER NOT NULL, "cells" TEXT NOT NULL, "name" VARCHAR(255) NOT NULL, "id_number" VARCHAR(255) NOT '
    'NULL, "phone" VARCHAR(255) NOT NULL, "birth_date" DATE, "origin" VARCHAR(255) NOT NULL, "arrived_on" '
    'DATE, "person_id" INTEGER, "match_reason" VARCHAR(255) NOT NULL, "match_strength" INTEGER NOT NULL, '
    '"match_confirmed" INTEGER NOT NULL, "candidates" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, "result"'
    ' VARCHAR(255) NOT NULL, "current_address" VARCHAR(255) NOT NULL, "verified_phone" VARCHAR(255) NOT NULL,'
    ' "measure" VARCHAR(255) NOT NULL, "method" VARCHAR(255) NOT NULL, "checker" VARCHAR(255) NOT NULL, '
    '"checked_at" DATETIME, "case_id" INTEGER, "visit_id" INTEGER, "note" TEXT NOT NULL, FOREIGN KEY '
    '("batch_id") REFERENCES "pushed_batch" ("id") ON DELETE RESTRICT, FOREIGN KEY ("person_id") REFERENCES '
    '"person" ("id") ON DELETE RESTRICT, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE RESTRICT,'
    ' FOREIGN KEY ("visit_id") REFERENCES "visit" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "pushed_item_batch_id" ON "pushed_item" ("batch_id")',
    'CREATE INDEX "pushed_item_id_number" ON "pushed_item" ("id_number")',
    'CREATE INDEX "pushed_item_person_id" ON "pushed_item" ("person_id")',
    'CREATE INDEX "pushed_item_status" ON "pushed_item" ("status")',
    'CREATE INDEX "pushed_item_case_id" ON "pushed_item" ("case_id")',
    'CREATE INDEX "pushed_item_visit_id" ON "pushed_item" ("visit_id")',
    'CREATE UNIQUE INDEX "pushed_item_batch_id_row_no" ON "pushed_item" ("batch_id", "row_no")',
    'CREATE TABLE "item_step" ("id" INTEGER NOT NULL PRIMARY KEY, "item_id" INTEGER NOT NULL, "status" '
    'VARCHAR(255) NOT NULL, "at" DATETIME NOT NULL, "operator" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, '
    'FOREIGN KEY ("item_id") REFERENCES "pushed_item" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "item_step_item_id" ON "item_step" ("item_id")',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
