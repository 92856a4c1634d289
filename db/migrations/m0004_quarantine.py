"""Schema version 4: the quarantine ledger: policies, cases, events, readings, fever actions, follow-ups,
notice templates (frozen; never edit). Three policies the clerk can edit or retire are filled in."""

from __future__ import annotations

import json

import peewee

STATEMENTS = (
    'CREATE TABLE "policy" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "stages" '
    'TEXT NOT NULL, "count_from" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, "retired" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX "policy_name" ON "policy" ("name")',
    'CREATE TABLE "case" ("id" INTEGER NOT NULL PRIMARY KEY, "person_id" INTEGER NOT NULL, "kind" '
    'VARCHAR(255) NOT NULL, "reason" VARCHAR(255) NOT NULL, "source" VARCHAR(255) NOT NULL, "address" '
    'VARCHAR(255) NOT NULL, "site" VARCHAR(255) NOT NULL, "room" VARCHAR(255) NOT NULL, "exposure_date" '
    'DATE, "start_date" DATE NOT NULL, "policy_id" INTEGER, "stages" TEXT NOT NULL, "count_from" '
    'VARCHAR(255) NOT NULL, "first_day" DATE NOT NULL, "last_day" DATE NOT NULL, "release_due" DATE NOT '
    'NULL, "grid_worker" VARCHAR(255) NOT NULL, "grid_worker_phone" VARCHAR(255) NOT NULL, "doctor" '
    'VARCHAR(255) NOT NULL, "doctor_phone" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, '
    '"seal_no" VARCHAR(255) NOT NULL, "seal_posted_on" DATE, "status" VARCHAR(255) NOT NULL, "ended_on" '
    'DATE, "note" TEXT NOT NULL, "created_at" DATETIME NOT NULL, FOREIGN KEY ("person_id") REFERENCES '
    '"person" ("id") ON DELETE RESTRICT, FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE '
    "RESTRICT)",
    'CREATE INDEX "case_person_id" ON "case" ("person_id")',
    'CREATE INDEX "case_policy_id" ON "case" ("policy_id")',
    'CREATE INDEX "case_last_day" ON "case" ("last_day")',
    'CREATE INDEX "case_release_due" ON "case" ("release_due")',
    'CREATE INDEX "case_status" ON "case" ("status")',
    'CREATE TABLE "case_event" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, "on" DATE '
    'NOT NULL, "kind" VARCHAR(255) NOT NULL, "reason" TEXT NOT NULL, "status_after" VARCHAR(255) NOT '
    'NULL, "recorded_at" DATETIME NOT NULL, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE '
    "RESTRICT)",
    'CREATE INDEX "case_event_case_id" ON "case_event" ("case_id")',
    'CREATE TABLE "reading" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, "on" DATE NOT'
    ' NULL, "slot" VARCHAR(255) NOT NULL, "value" REAL, "symptoms" VARCHAR(255) NOT NULL, "reporter" '
    'VARCHAR(255) NOT NULL, "method" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, "recorded_at" DATETIME '
    'NOT NULL, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "reading_case_id" ON "reading" ("case_id")',
    'CREATE UNIQUE INDEX "reading_case_id_on_slot" ON "reading" ("case_id", "on", "slot")',
    'CREATE TABLE "fever_action" ("id" INTEGER NOT NULL PRIMARY KEY, "reading_id" INTEGER NOT NULL, '
    '"reported_to" VARCHAR(255) NOT NULL, "reported_at" DATETIME, "transfer_120" INTEGER NOT NULL, '
    '"result" TEXT NOT NULL, "recorded_at" DATETIME NOT NULL, FOREIGN KEY ("reading_id") REFERENCES '
    '"reading" ("id") ON DELETE RESTRICT)',
    'CREATE UNIQUE INDEX "fever_action_reading_id" ON "fever_action" ("reading_id")',
    'CREATE TABLE "follow_up" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, "on" DATE '
    'NOT NULL, "method" VARCHAR(255) NOT NULL, "findings" TEXT NOT NULL, "need_kind" VARCHAR(255) NOT '
    'NULL, "needs" TEXT NOT NULL, "met" INTEGER NOT NULL, "met_on" DATE, "recorded_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "follow_up_case_id" ON "follow_up" ("case_id")',
    'CREATE TABLE "template" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" VARCHAR(255) NOT NULL, "version" '
    'INTEGER NOT NULL, "body" TEXT NOT NULL, "note" TEXT NOT NULL, "created_at" DATETIME NOT NULL)',
    'CREATE UNIQUE INDEX "template_kind_version" ON "template" ("kind", "version")',
)

#: The 2020 rule (14 days at home) and a later one (central, then home monitoring).
DEFAULT_POLICIES = (
    ("14天居家隔离医学观察", [["居家隔离医学观察", 14]], "start"),
    ("7天集中隔离+7天居家健康监测", [["集中隔离医学观察", 7], ["居家健康监测", 7]], "start"),
    ("7天居家健康监测", [["居家健康监测", 7]], "start"),
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
    for name, stages, count_from in DEFAULT_POLICIES:
        db.execute_sql(
            'INSERT INTO "policy" (name, stages, count_from, note, retired) VALUES (?, ?, ?, ?, 0)',
            (name, json.dumps(stages, ensure_ascii=False), count_from, ""),
        )
