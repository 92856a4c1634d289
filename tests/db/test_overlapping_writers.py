"""Two programs writing one ledger file: a save waits for the other writer instead of failing at once, and a
file that stays busy is told plainly, with nothing saved.

The other program is a second real connection to the same SQLite file (a headless command, another
window), ordered against ours by events fired when a statement starts: no sleeps, no timing windows.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from db import changes, errors
from db.base import database
from db.models import AuditEntry, Person
from tests.other_writer import WAIT_S, OtherWriter, on_statement, other_program


def _person(village: dict[str, int], name: str) -> dict[str, object]:
    return {"household": village["h1"], "name": name, "relation": "子女", "sex": "男"}


def test_a_save_that_read_first_does_not_fail_when_another_program_writes(village, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The GUI's save reads, a headless command tries to write meanwhile, then the save writes: both land
    (the save holds the write lock from its start, so the command waits for it). A transaction begun
    deferred let the command write first and then failed at once with 'database is locked'."""
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None, check_same_thread=False)
    tried, save_done = threading.Event(), threading.Event()

    def command() -> None:
        """Another program that, told the file is locked, writes again once it is free (not on a timer)."""
        try:
            other.execute("UPDATE village SET clerk = '赵文书'")
        except sqlite3.OperationalError:
            tried.set()
            assert save_done.wait(WAIT_S)
            other.execute("UPDATE village SET clerk = '赵文书'")
        tried.set()

    writer = OtherWriter(command)
    with changes.transaction("新增家庭成员") as cs:
        assert Person.select().count() == 4  # the save reads first
        writer.start()
        assert tried.wait(WAIT_S)
        cs.create(Person, _person(village, "张小明"))
    save_done.set()
    writer.finish()
    other.close()

    assert Person.select().where(Person.name == "张小明").count() == 1
    assert database.execute_sql("SELECT clerk FROM village").fetchone()[0] == "赵文书"


def test_a_save_waits_for_another_programs_write_to_commit(village, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A save started while a headless import holds the write lock waits (busy_timeout) and succeeds after it."""
    other = other_program(db_path)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE village SET clerk = '赵文书'")
    save_begun = threading.Event()

    def save() -> None:
        on_statement(database.connection(), "BEGIN", save_begun)
        changes.save(Person, _person(village, "张小明"), summary="新增家庭成员")

    saver = OtherWriter(save)
    saver.start()
    assert save_begun.wait(WAIT_S)
    other.execute("COMMIT")
    saver.finish()
    other.close()
    assert Person.select().where(Person.name == "张小明").count() == 1


@pytest.fixture
def short_busy_timeout() -> Iterator[None]:
    """SQLite waits 20 ms, not 5 s, for another connection's lock (on this connection)."""
    database.execute_sql("PRAGMA busy_timeout = 20")
    yield
    database.execute_sql("PRAGMA busy_timeout = 5000")


def test_a_file_busy_past_the_wait_is_told_plainly_and_nothing_is_saved(  # type: ignore[no-untyped-def]
    village, db_path: Path, short_busy_timeout: None
) -> None:
    other = other_program(db_path)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock and keeps it
    before = (Person.select().count(), AuditEntry.select().count())

    with pytest.raises(errors.DatabaseBusy) as raised:
        changes.save(Person, _person(village, "张小明"), summary="新增家庭成员")
    assert str(raised.value) == "台账文件正被另一个程序（或另一个窗口的导入）写入，请稍候再试。没有保存任何改动。"
    assert isinstance(raised.value, errors.LedgerError)  # every caller shows it as it shows other such errors

    other.execute("ROLLBACK")
    other.close()
    assert (Person.select().count(), AuditEntry.select().count()) == before
    changes.save(Person, _person(village, "张小明"), summary="新增家庭成员")  # once free, the same save works
    assert Person.select().count() == before[0] + 1


def test_an_import_while_the_file_is_busy_writes_nothing(village, db_path: Path, short_busy_timeout: None) -> None:  # type: ignore[no-untyped-def]
    from forms.roster_import import import_roster
    from tests.conftest import DATA

    other = other_program(db_path)
    other.execute("BEGIN IMMEDIATE")
    before = (Person.select().count(), AuditEntry.select().count())
    with pytest.raises(errors.DatabaseBusy, match="请稍候再试"):
        import_roster(DATA / "messy_roster.xlsx")
    other.execute("ROLLBACK")
    other.close()
    assert (Person.select().count(), AuditEntry.select().count()) == before


def test_two_programs_upgrading_one_old_file_at_once_upgrade_it_once(tmp_path: Path) -> None:
    """Both read the old version; the second waits for the first's upgrade step, then finds it done and skips
    it (a deferred step read the version once, then failed on 'already exists' or on the lock)."""
    import peewee

    from db.connection import PRAGMAS, migrate_to_latest, schema_version
    from db.migrations import LATEST_VERSION, STEPS

    path = tmp_path / "old.db"
    old = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS)
    migrate_to_latest(old, target=LATEST_VERSION - 1)
    old.close()

    ours = peewee.SqliteDatabase(
        str(path), pragmas={**PRAGMAS, "busy_timeout": int(WAIT_S * 1000)}, check_same_thread=False
    )
    began = threading.Event()

    def upgrade() -> None:
        ours.connect()
        ours.connection().set_trace_callback(lambda sql: began.set() if sql.upper().startswith("BEGIN") else None)
        migrate_to_latest(ours)

    first = peewee.SqliteDatabase(str(path), pragmas={**PRAGMAS, "busy_timeout": int(WAIT_S * 1000)})
    with first.atomic("IMMEDIATE"):  # the other program upgrades first, holding the write lock
        second = OtherWriter(upgrade)
        second.start()
        assert began.wait(WAIT_S)  # ours has read the old version and now waits for the lock
        STEPS[LATEST_VERSION - 1].apply(first)
        first.execute_sql(f"PRAGMA user_version = {LATEST_VERSION}")
    second.finish()
    assert schema_version(ours) == LATEST_VERSION
    ours.close()
    first.close()
