"""Schema version 14: duty rosters (issue 18): who stands duty and who not together, the posts with their
shift pattern, the shifts generated, who is on each (with attendance) and each shift's duty log (frozen;
never edit)."""

from __future__ import annotations

import peewee

STATEMENTS = (
    'CREATE TABLE "duty_person" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "phone" '
    'VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "organisation" VARCHAR(255) NOT NULL, "person_id" '
    'INTEGER, "can_lead" INTEGER NOT NULL, "weekdays" VARCHAR(255) NOT NULL, "away" TEXT NOT NULL, "no_night"'
    ' INTEGER NOT NULL, "max_per_week" INTEGER, "active" INTEGER NOT NULL, "note" TEXT NOT NULL, FOREIGN KEY '
    '("person_id") REFERENCES "person" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "duty_person_person_id" ON "duty_person" ("person_id")',
    'CREATE TABLE "duty_apart" ("id" INTEGER NOT NULL PRIMARY KEY, "first_id" INTEGER NOT NULL, "second_id" '
    'INTEGER NOT NULL, FOREIGN KEY ("first_id") REFERENCES "duty_person" ("id") ON DELETE RESTRICT, FOREIGN '
    'KEY ("second_id") REFERENCES "duty_person" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "duty_apart_first_id" ON "duty_apart" ("first_id")',
    'CREATE INDEX "duty_apart_second_id" ON "duty_apart" ("second_id")',
    'CREATE UNIQUE INDEX "duty_apart_first_id_second_id" ON "duty_apart" ("first_id", "second_id")',
    'CREATE TABLE "duty_post" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "kind" '
    'VARCHAR(255) NOT NULL, "checkpoint_id" INTEGER, "pattern" TEXT NOT NULL, "per_shift" INTEGER NOT NULL, '
    '"needs_leader" INTEGER NOT NULL, "head" VARCHAR(255) NOT NULL, "head_phone" VARCHAR(255) NOT NULL, '
    '"active" INTEGER NOT NULL, "sort_order" INTEGER NOT NULL, "note" TEXT NOT NULL, FOREIGN KEY '
    '("checkpoint_id") REFERENCES "checkpoint" ("id") ON DELETE RESTRICT)',
    'CREATE UNIQUE INDEX "duty_post_name" ON "duty_post" ("name")',
    'CREATE INDEX "duty_post_checkpoint_id" ON "duty_post" ("checkpoint_id")',
    'CREATE TABLE "duty_shift" ("id" INTEGER NOT NULL PRIMARY KEY, "post_id" INTEGER NOT NULL, "day" DATE NOT'
    ' NULL, "seq" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "starts" DATETIME NOT NULL, "ends" '
    'DATETIME NOT NULL, "is_night" INTEGER NOT NULL, "needs" INTEGER NOT NULL, "needs_leader" INTEGER NOT '
    'NULL, "open_reason" TEXT NOT NULL, FOREIGN KEY ("post_id") REFERENCES "duty_post" ("id") ON DELETE '
    "RESTRICT)",
    'CREATE INDEX "duty_shift_post_id" ON "duty_shift" ("post_id")',
    'CREATE UNIQUE INDEX "duty_shift_post_id_day_seq" ON "duty_shift" ("post_id", "day", "seq")',
    'CREATE INDEX "duty_shift_starts" ON "duty_shift" ("starts")',
    'CREATE TABLE "duty_assignment" ("id" INTEGER NOT NULL PRIMARY KEY, "shift_id" INTEGER NOT NULL, '
    '"person_id" INTEGER NOT NULL, "leader" INTEGER NOT NULL, "fixed" INTEGER NOT NULL, "signed_in" DATETIME,'
    ' "signed_out" DATETIME, "note" TEXT NOT NULL, FOREIGN KEY ("shift_id") REFERENCES "duty_shift" ("id") ON'
    ' DELETE RESTRICT, FOREIGN KEY ("person_id") REFERENCES "duty_person" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "duty_assignment_shift_id" ON "duty_assignment" ("shift_id")',
    'CREATE INDEX "duty_assignment_person_id" ON "duty_assignment" ("person_id")',
    'CREATE UNIQUE INDEX "duty_assignment_shift_id_person_id" ON "duty_assignment" ("shift_id", "person_id")',
    'CREATE TABLE "duty_log" ("id" INTEGER NOT NULL PRIMARY KEY, "shift_id" INTEGER NOT NULL, "registered" '
    'INTEGER NOT NULL, "vehicles" INTEGER NOT NULL, "turned_back" INTEGER NOT NULL, "fevers" TEXT NOT NULL, '
    '"calls" TEXT NOT NULL, "handover" TEXT NOT NULL, "handed_by" VARCHAR(255) NOT NULL, "taken_by" '
    'VARCHAR(255) NOT NULL, "written_at" DATETIME NOT NULL, FOREIGN KEY ("shift_id") REFERENCES "duty_shift" '
    '("id") ON DELETE RESTRICT)',
    'CREATE UNIQUE INDEX "duty_log_shift_id" ON "duty_log" ("shift_id")',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
