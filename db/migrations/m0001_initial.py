"""Schema version 1: village, grids, households, people, audit trail, settings (frozen; never edit)."""

from __future__ import annotations

import peewee

STATEMENTS = (
    'CREATE TABLE "village" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL,'
    ' "township" VARCHAR(255) NOT NULL, "county" VARCHAR(255) NOT NULL,'
    ' "office_phone" VARCHAR(255) NOT NULL, "clerk" VARCHAR(255) NOT NULL)',
    'CREATE TABLE "grid" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL,'
    ' "worker" VARCHAR(255) NOT NULL, "worker_phone" VARCHAR(255) NOT NULL, "sort_order" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX "grid_name" ON "grid" ("name")',
    'CREATE TABLE "household" ("id" INTEGER NOT NULL PRIMARY KEY, "number" VARCHAR(255) NOT NULL,'
    ' "grid_id" INTEGER NOT NULL, "door_no" VARCHAR(255) NOT NULL, "head_name" VARCHAR(255) NOT NULL,'
    ' "phone" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL,'
    ' FOREIGN KEY ("grid_id") REFERENCES "grid" ("id") ON DELETE RESTRICT)',
    'CREATE UNIQUE INDEX "household_number" ON "household" ("number")',
    'CREATE INDEX "household_grid_id" ON "household" ("grid_id")',
    'CREATE TABLE "person" ("id" INTEGER NOT NULL PRIMARY KEY, "household_id" INTEGER NOT NULL,'
    ' "name" VARCHAR(255) NOT NULL, "sex" VARCHAR(255) NOT NULL, "id_number" VARCHAR(255),'
    ' "birth_date" DATE, "phone" VARCHAR(255) NOT NULL, "relation" VARCHAR(255) NOT NULL,'
    ' "status" VARCHAR(255) NOT NULL, "chronic" INTEGER NOT NULL, "pregnant" INTEGER NOT NULL,'
    ' "disabled" INTEGER NOT NULL, "lives_alone" INTEGER NOT NULL, "note" TEXT NOT NULL,'
    ' FOREIGN KEY ("household_id") REFERENCES "household" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "person_household_id" ON "person" ("household_id")',
    'CREATE UNIQUE INDEX "person_id_number" ON "person" ("id_number")',
    'CREATE INDEX "person_status" ON "person" ("status")',
    'CREATE TABLE "audit_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL,'
    ' "who" VARCHAR(255) NOT NULL, "action" VARCHAR(255) NOT NULL, "table" VARCHAR(255) NOT NULL,'
    ' "record_id" INTEGER, "summary" TEXT NOT NULL, "before" TEXT, "after" TEXT)',
    'CREATE INDEX "audit_entry_at" ON "audit_entry" ("at")',
    'CREATE TABLE "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
