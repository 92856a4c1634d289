"""The audit trail stays append-only: no REPLACE over an entry, and a dropped or disarmed trigger comes back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest

from db import audit_guard, changes
from db.base import database
from db.connection import close_database, migrate_to_latest, open_database
from db.models import AuditEntry


def _one_entry() -> int:
    with changes.transaction("新建网格", who="王会计") as cs:
        entry = cs.note("create", "grid", {"name": "一组"})
    return int(entry.get_id())


@pytest.mark.parametrize("verb", ["INSERT OR REPLACE", "REPLACE"])
def test_an_entry_cannot_be_replaced(db_path: Path, verb: str) -> None:
    entry_id = _one_entry()
    with pytest.raises(peewee.IntegrityError, match="操作记录不能改写"):
        database.obj.execute_sql(
            f'{verb} INTO audit_entry (id, at, who, action, "table", summary) '
            "VALUES (?, '2026-01-01', '别人', 'create', 'grid', '伪造')",
            (entry_id,),
        )
    kept = AuditEntry.get_by_id(entry_id)
    assert (kept.who, kept.summary) == ("王会计", "新建网格")


def test_replace_is_refused_to_any_sqlite_client(db_path: Path) -> None:
    entry_id = _one_entry()
    close_database()
    with sqlite3.connect(db_path) as con, pytest.raises(sqlite3.IntegrityError, match="操作记录不能改写"):
        con.execute(
            'INSERT OR REPLACE INTO audit_entry (id, at, who, action, "table", summary) '
            "VALUES (?, '2026-01-01', '别人', 'create', 'grid', '伪造')",
            (entry_id,),
        )
    open_database(db_path)
    assert AuditEntry.get_by_id(entry_id).summary == "新建网格"


def test_new_entries_are_still_written(db_path: Path) -> None:
    first = _one_entry()
    database.obj.execute_sql(  # a new explicit id, as a bulk writer might give
        'INSERT INTO audit_entry (id, at, who, action, "table", summary) '
        "VALUES (?, '2026-01-01', '王会计', 'note', 'grid', '另一条')",
        (first + 10,),
    )
    second = _one_entry()
    assert second == first + 11
    assert AuditEntry.select().count() == 3


def test_a_sound_file_has_nothing_missing(db_path: Path) -> None:
    assert audit_guard.missing_triggers(database.obj) == []
    assert audit_guard.restore_triggers(database.obj) == []
    assert AuditEntry.select().count() == 0  # nothing restored, nothing noted


def test_a_dropped_trigger_is_found_and_restored(db_path: Path) -> None:
    entry_id = _one_entry()
    db = database.obj
    db.execute_sql('DROP TRIGGER "audit_entry_kept"')
    assert audit_guard.missing_triggers(db) == ["audit_entry_kept"]

    assert audit_guard.restore_triggers(db) == ["audit_entry_kept"]
    assert audit_guard.missing_triggers(db) == []
    with pytest.raises(peewee.IntegrityError, match="操作记录不能修改"):
        db.execute_sql("UPDATE audit_entry SET who = '别人' WHERE id = ?", (entry_id,))
    assert AuditEntry.get_by_id(entry_id).who == "王会计"
    last = db.execute_sql("SELECT who, action, summary FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    assert last == ("系统检查", "restore_triggers", "操作记录保护缺失（禁止修改），已恢复。")  # in the trail


def test_a_disarmed_trigger_counts_as_missing(db_path: Path) -> None:
    """Redefined under its own name to do nothing, it protects nothing."""
    db = database.obj
    db.execute_sql('DROP TRIGGER "audit_entry_not_deleted"')
    db.execute_sql('CREATE TRIGGER "audit_entry_not_deleted" BEFORE DELETE ON "audit_entry" BEGIN SELECT 1; END')
    db.execute_sql('DROP TRIGGER "audit_entry_not_replaced"')
    assert audit_guard.missing_triggers(db) == ["audit_entry_not_deleted", "audit_entry_not_replaced"]

    assert audit_guard.restore_triggers(db) == ["audit_entry_not_deleted", "audit_entry_not_replaced"]
    entry_id = _one_entry()
    with pytest.raises(peewee.IntegrityError, match="操作记录不能删除"):
        db.execute_sql("DELETE FROM audit_entry")
    with pytest.raises(peewee.IntegrityError, match="操作记录不能改写"):
        db.execute_sql(
            'INSERT OR REPLACE INTO audit_entry (id, at, who, action, "table", summary) '
            "VALUES (?, '2026-01-01', '别人', 'create', 'grid', '伪造')",
            (entry_id,),
        )


def test_an_older_file_is_judged_by_its_own_version(tmp_path: Path) -> None:
    """A v6 file has no REPLACE trigger yet; restoring one early would make its own migration fail."""
    path = tmp_path / "v6.db"
    db = open_database(path, migrate=False)
    migrate_to_latest(db, path, target=6)
    assert audit_guard.missing_triggers(db) == []
    db.execute_sql('DROP TRIGGER "audit_entry_kept"')
    assert audit_guard.restore_triggers(db) == ["audit_entry_kept"]
    close_database()
    db = open_database(path)  # the upgrade still runs
    assert audit_guard.missing_triggers(db) == []
    close_database()


def test_every_trigger_has_words_for_the_clerk() -> None:
    assert set(audit_guard.LABELS) == set(audit_guard.TRIGGERS)
    assert set(audit_guard.TRIGGERS) == {"audit_entry_kept", "audit_entry_not_deleted", "audit_entry_not_replaced"}
