"""Schema version 10: door-to-door screening rounds (issue 17): key areas, rounds and their grids, visits
and findings (frozen; never edit). No rows are filled in: the key-area list is the clerk's to make."""

from __future__ import annotations

import peewee

STATEMENTS = (
    'CREATE TABLE "key_area" ("id" INTEGER NOT NULL PRIMARY KEY, "region_code" VARCHAR(255) NOT NULL, "name" '
    'VARCHAR(255) NOT NULL, "counts_from" DATE NOT NULL, "until" DATE, "note" TEXT NOT NULL)',
    'CREATE INDEX "key_area_region_code" ON "key_area" ("region_code")',
    'CREATE TABLE "screening_round" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, '
    '"starts_on" DATE NOT NULL, "ends_on" DATE NOT NULL, "status" VARCHAR(255) NOT NULL, "closed_on" DATE, '
    '"closing_note" TEXT NOT NULL, "created_at" DATETIME NOT NULL)',
    'CREATE TABLE "round_grid" ("id" INTEGER NOT NULL PRIMARY KEY, "round_id" INTEGER NOT NULL, "grid_id" '
    'INTEGER NOT NULL, "worker" VARCHAR(255) NOT NULL, FOREIGN KEY ("round_id") REFERENCES "screening_round" '
    '("id") ON DELETE RESTRICT, FOREIGN KEY ("grid_id") REFERENCES "grid" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "round_grid_round_id" ON "round_grid" ("round_id")',
    'CREATE INDEX "round_grid_grid_id" ON "round_grid" ("grid_id")',
    'CREATE UNIQUE INDEX "round_grid_round_id_grid_id" ON "round_grid" ("round_id", "grid_id")',
    'CREATE TABLE "visit" ("id" INTEGER NOT NULL PRIMARY KEY, "round_id" INTEGER NOT NULL, "household_id" '
    'INTEGER NOT NULL, "on" DATE NOT NULL, "worker" VARCHAR(255) NOT NULL, "outcome" VARCHAR(255) NOT NULL, '
    '"note" TEXT NOT NULL, FOREIGN KEY ("round_id") REFERENCES "screening_round" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("household_id") REFERENCES "household" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "visit_round_id" ON "visit" ("round_id")',
    'CREATE INDEX "visit_household_id" ON "visit" ("household_id")',
    'CREATE UNIQUE INDEX "visit_round_id_household_id" ON "visit" ("round_id", "household_id")',
    'CREATE TABLE "finding" ("id" INTEGER NOT NULL PRIMARY KEY, "visit_id" INTEGER NOT NULL, "person_id" '
    'INTEGER NOT NULL, "temperature" REAL, "symptoms" VARCHAR(255) NOT NULL, "area_code" VARCHAR(255), '
    '"area_name" VARCHAR(255), "returned_on" DATE, "travel_means" VARCHAR(255) NOT NULL, "travel_number" '
    'VARCHAR(255) NOT NULL, "contact" VARCHAR(255) NOT NULL, "measure" VARCHAR(255) NOT NULL, "case_id" '
    'INTEGER, "note" TEXT NOT NULL, FOREIGN KEY ("visit_id") REFERENCES "visit" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE RESTRICT, FOREIGN KEY ("case_id") '
    'REFERENCES "case" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "finding_visit_id" ON "finding" ("visit_id")',
    'CREATE INDEX "finding_person_id" ON "finding" ("person_id")',
    'CREATE INDEX "finding_case_id" ON "finding" ("case_id")',
    'CREATE UNIQUE INDEX "finding_visit_id_person_id" ON "finding" ("visit_id", "person_id")',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
