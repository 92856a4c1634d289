"""Schema version 13: checkpoints (issue 18): checkpoints, the vehicles that passed them and every person's
gate entry (frozen; never edit). No rows are filled in: the checkpoints are the clerk's to name."""

from __future__ import annotations

import peewee

STATEMENTS = (
    'CREATE TABLE "checkpoint" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "place" '
    'VARCHAR(255) NOT NULL, "hours" VARCHAR(255) NOT NULL, "post" VARCHAR(255) NOT NULL, "leader" '
    'VARCHAR(255) NOT NULL, "leader_phone" VARCHAR(255) NOT NULL, "active" INTEGER NOT NULL, '
    '"sort_order" INTEGER NOT NULL, "note" TEXT NOT NULL)',
    'CREATE UNIQUE INDEX "checkpoint_name" ON "checkpoint" ("name")',
    'CREATE TABLE "vehicle" ("id" INTEGER NOT NULL PRIMARY KEY, "checkpoint_id" INTEGER NOT NULL, "at" '
    'DATETIME NOT NULL, "direction" VARCHAR(255) NOT NULL, "plate" VARCHAR(255) NOT NULL, "vehicle_type" '
    'VARCHAR(255) NOT NULL, "disinfected" INTEGER NOT NULL, "outcome" VARCHAR(255) NOT NULL, "note" TEXT '
    'NOT NULL, FOREIGN KEY ("checkpoint_id") REFERENCES "checkpoint" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "vehicle_checkpoint_id" ON "vehicle" ("checkpoint_id")',
    'CREATE INDEX "vehicle_at" ON "vehicle" ("at")',
    'CREATE INDEX "vehicle_plate" ON "vehicle" ("plate")',
    'CREATE TABLE "gate_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "checkpoint_id" INTEGER NOT NULL, '
    '"at" DATETIME NOT NULL, "direction" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, '
    '"id_number" VARCHAR(255), "phone" VARCHAR(255) NOT NULL, "address" VARCHAR(255) NOT NULL, '
    '"is_villager" INTEGER NOT NULL, "person_id" INTEGER, "from_place" VARCHAR(255) NOT NULL, '
    '"from_area_code" VARCHAR(255), "to_place" VARCHAR(255) NOT NULL, "reason" VARCHAR(255) NOT NULL, '
    '"local_contact" VARCHAR(255) NOT NULL, "temperature" REAL, "symptoms" VARCHAR(255) NOT NULL, '
    '"travel_mode" VARCHAR(255) NOT NULL, "plate" VARCHAR(255) NOT NULL, "vehicle_id" INTEGER, '
    '"party_id" INTEGER, "outcome" VARCHAR(255) NOT NULL, "recorder" VARCHAR(255) NOT NULL, "note" TEXT '
    'NOT NULL, "flags" VARCHAR(255) NOT NULL, "case_id" INTEGER, "pinyin_initials" VARCHAR(255) NOT '
    'NULL, "created_at" DATETIME NOT NULL, FOREIGN KEY ("checkpoint_id") REFERENCES "checkpoint" ("id") '
    'ON DELETE RESTRICT, FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("vehicle_id") REFERENCES "vehicle" ("id") ON DELETE RESTRICT, FOREIGN KEY ("party_id") '
    'REFERENCES "gate_entry" ("id") ON DELETE RESTRICT, FOREIGN KEY ("case_id") REFERENCES "case" ("id") '
    "ON DELETE RESTRICT)",
    'CREATE INDEX "gate_entry_checkpoint_id" ON "gate_entry" ("checkpoint_id")',
    'CREATE INDEX "gate_entry_at" ON "gate_entry" ("at")',
    'CREATE INDEX "gate_entry_person_id" ON "gate_entry" ("person_id")',
    'CREATE INDEX "gate_entry_vehicle_id" ON "gate_entry" ("vehicle_id")',
    'CREATE INDEX "gate_entry_party_id" ON "gate_entry" ("party_id")',
    'CREATE INDEX "gate_entry_case_id" ON "gate_entry" ("case_id")',
    'CREATE INDEX "gate_entry_checkpoint_id_at" ON "gate_entry" ("checkpoint_id", "at")',
    'CREATE INDEX "gate_entry_id_number_at" ON "gate_entry" ("id_number", "at")',
    'CREATE INDEX "gate_entry_name_at" ON "gate_entry" ("name", "at")',
    'CREATE INDEX "gate_entry_pinyin_initials_at" ON "gate_entry" ("pinyin_initials", "at")',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
