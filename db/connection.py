"""Open the one SQLite file: pragmas for safety, then bring its schema to the latest version."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import peewee

from db import audit_guard, backups, file_identity
from db.base import database
from db.errors import DatabaseTooNew, StorageError
from db.migrations import LATEST_VERSION, STEPS
from db.system_reasons import system_reason

# Explicit adapters: Python 3.12 deprecates sqlite3's default ones; these store the same ISO text.
sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(datetime, lambda value: value.isoformat(" "))

#: The audit triggers the last `open_database` had to put back: the window and the commands tell the clerk.
restored_triggers: list[str] = []

PRAGMAS = {"foreign_keys": 1, "journal_mode": "wal", "synchronous": 2, "busy_timeout": 5000}


def schema_version(db: peewee.SqliteDatabase) -> int:
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def backup_open_database(label: str) -> Path | None:
    """Back up the bound database file before a risky bulk change (an import); None for in-memory ones."""
    db = database.obj
    if db is None or db.database in ("", ":memory:"):
        return None
    return backups.make_backup(Path(db.database), label)


def refuse_newer(version: int) -> None:
    if version > LATEST_VERSION:
        raise DatabaseTooNew(
            f"数据库文件由更新版本的程序创建（结构版本 {version}，本程序支持到 {LATEST_VERSION}），请升级程序后再打开。"
        )


def migrate_to_latest(db: peewee.SqliteDatabase, path: Path | None = None, target: int = LATEST_VERSION) -> int:
    """Run every missing step, each with its version bump in one transaction; returns the new version."""
    version = schema_version(db)
    refuse_newer(version)
    if 0 < version < target and path is not None:
        backups.make_backup(path, f"v{version}")
    for number in range(version + 1, target + 1):
        with db.atomic("IMMEDIATE"):  # the version read again under the write lock: another program may
            if schema_version(db) >= number:  # have opened the same old file at the same moment
                continue
            STEPS[number - 1].apply(db)
            db.execute_sql(f"PRAGMA user_version = {number}")
    return max(version, target)


def open_database(path: Path | str, *, migrate: bool = True) -> peewee.SqliteDatabase:
    """Open (creating if needed) the database at path and bind the model proxy to it.

    Another program's file is refused before it is opened for writing (which would already change it)."""
    path = Path(path)
    identity = file_identity.require_ledger(path)
    db = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db.connect()
    except (OSError, peewee.OperationalError) as exc:  # a read-only folder cannot take the WAL's files
        db.close()
        reason = system_reason(exc)
        raise StorageError(f"无法打开数据库“{path}”：{reason}。请检查文件夹是否可写。") from exc
    database.initialize(db)
    if not identity.marked:  # a new file, or one of ours from before files were marked
        refuse_newer(schema_version(db))
        try:
            db.execute_sql(f"PRAGMA application_id = {file_identity.APPLICATION_ID}")
        except peewee.OperationalError as exc:
            db.close()
            raise StorageError(f"无法打开数据库“{path}”：{system_reason(exc)}。") from exc
    if migrate:
        migrate_to_latest(db, path)
        restored_triggers[:] = audit_guard.restore_triggers(db)  # a dropped or disarmed one, noted in the trail
    return db


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()
