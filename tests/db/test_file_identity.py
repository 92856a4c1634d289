"""A file that is not a ledger of ours is refused, and named, before anything in it or in the live file
changes: opening it (which would migrate it in place), the window's --smoke check, a backup, a restore."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main
from db import backups
from db.connection import close_database, open_database
from db.errors import LedgerError, NotALedger
from db.file_identity import APPLICATION_ID, UNMARKED_TABLES
from db.models import Person
from tests.conftest import ROOT


def _sqlite(path: Path, *statements: str) -> Path:
    con = sqlite3.connect(path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()
    return path


def _as_before_the_mark(path: Path) -> None:
    """Make a ledger of ours look as one from before files were marked: no mark, schema 9 at most, and so
    none of the tables and columns added since (the screening tables of schema 10, the village's code of 16)."""
    with sqlite3.connect(path) as con:
        tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    later = [f'DROP TABLE "{name}"' for name in reversed(tables) if name not in UNMARKED_TABLES]
    added = [f'ALTER TABLE "village" DROP COLUMN "{c}"' for c in ("code", "reviewer", "mode")]  # schema 16
    _sqlite(path, "PRAGMA application_id = 0", *later, *added, "PRAGMA user_version = 9")


def _application_id(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute("PRAGMA application_id").fetchone()[0])
    finally:
        con.close()


def _state(path: Path) -> tuple[str, list[str]]:
    """The file's bytes (as a hash) and what lies beside it: a refused file has neither changed."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


#: Files a clerk might pick by mistake, and the words that must name what each is.
FOREIGN: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "a table named like ours": (lambda p: _sqlite(p, "CREATE TABLE person(x)"), ("不是本程序的台账文件", "person")),
    "another program's tables": (
        lambda p: _sqlite(p, "CREATE TABLE stuff(a)", "INSERT INTO stuff VALUES (1)"),
        ("不是本程序的台账文件", "stuff"),
    ),
    "another program's mark": (
        lambda p: _sqlite(p, "PRAGMA application_id = 12345", "CREATE TABLE notes(t)"),
        ("另一个程序的数据库", "12345", "notes"),
    ),
    "no database at all": (lambda p: (p.write_text("这是一份说明文字，不是数据库" * 50), p)[1], ("不是数据库文件",)),
}


@pytest.fixture(params=sorted(FOREIGN))
def foreign(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    folder = tmp_path / "别的程序"
    folder.mkdir()
    make, words = FOREIGN[request.param]
    return make(folder / "data.db"), words


def test_a_new_file_is_marked_as_ours_and_so_are_its_backups(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    open_database(path)
    try:
        copy = backups.make_backup(path, "manual")
    finally:
        close_database()
    assert _application_id(path) == APPLICATION_ID
    assert _application_id(copy) == APPLICATION_ID  # the copy carries the mark (and its check compares it)


def test_a_ledger_from_before_the_mark_is_recognised_and_marked(village: dict[str, int], db_path: Path) -> None:
    close_database()
    _as_before_the_mark(db_path)
    assert _application_id(db_path) == 0
    open_database(db_path)
    assert Person.select().count() == 4
    assert _application_id(db_path) == APPLICATION_ID


def test_a_foreign_file_is_refused_unchanged_and_named(foreign: tuple[Path, tuple[str, ...]]) -> None:
    path, words = foreign
    before = _state(path)
    with pytest.raises(NotALedger) as refused:
        open_database(path)
    assert all(word in str(refused.value) for word in words), str(refused.value)
    assert "未作任何改动" in str(refused.value)
    assert _state(path) == before  # not migrated, not switched to WAL, no -wal/-shm beside it
    with pytest.raises(LedgerError):
        backups.make_backup(path, "manual")
    assert _state(path) == before and not backups.folder_for(path).exists()


def test_a_command_on_a_foreign_file_says_what_it_is(
    foreign: tuple[Path, tuple[str, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, words = foreign
    before = _state(path)
    for command in (["today"], ["check"], ["backup"]):
        assert main([*command, "--db", str(path)]) == 2, command
        err = capsys.readouterr().err
        assert "错误" in err and all(word in err for word in words), (command, err)
        assert "Traceback" not in err
    assert _state(path) == before


def test_smoke_on_a_file_with_a_clashing_table_ends_with_the_message(tmp_path: Path) -> None:
    """It used to migrate until the table clashed, then hang on the traceback's dialog."""
    path = _sqlite(tmp_path / "clash.db", "CREATE TABLE person(x)")
    before = _state(path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "app", "--smoke", "--db", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "不是本程序的台账文件" in done.stderr and "person" in done.stderr
    assert "Traceback" not in done.stderr
    assert _state(path) == before


def test_restore_of_a_foreign_file_leaves_the_live_ledger_as_it_was(
    village: dict[str, int], db_path: Path, foreign: tuple[Path, tuple[str, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, words = foreign
    close_database()
    live = _state(db_path)
    assert main(["restore", str(path), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert "不能恢复" in err and all(word in err for word in words) and "没有改动" in err, err
    assert _state(db_path) == live and not backups.folder_for(db_path).exists()  # not even a safety copy
    open_database(db_path)
    assert Person.select().count() == 4


def test_restore_of_an_empty_database_is_refused(
    village: dict[str, int], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any SQLite file used to replace the roster with an empty one, and exit 0."""
    empty = _sqlite(db_path.with_name("empty.db"), "PRAGMA user_version = 0")
    close_database()
    live = _state(db_path)
    assert main(["restore", str(empty), "--db", str(db_path)]) == 2
    assert "空的数据库" in capsys.readouterr().err
    assert _state(db_path) == live


def test_a_restore_never_replaces_another_programs_file(village: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    good = backups.make_backup(db_path, "manual")
    close_database()
    other = _sqlite(tmp_path / "other.db", "CREATE TABLE stuff(a)")
    before = _state(other)
    with pytest.raises(LedgerError, match="不能恢复到.*不是本程序的台账文件"):
        backups.restore(good, other)
    assert _state(other) == before


def test_a_backup_of_another_program_is_not_offered_nor_listed(village: dict[str, int], db_path: Path) -> None:
    good = backups.make_backup(db_path, "daily")
    impostor = backups.folder_for(db_path) / "ledger_daily_20990101-000000_n99.db"
    _sqlite(impostor, "CREATE TABLE stuff(a)")
    with pytest.raises(LedgerError, match="不是本程序的台账文件"):
        backups.info(impostor)
    assert backups.newest_good(db_path) == good


def test_an_unmarked_copy_of_ours_is_restored(village: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    """A backup made before files were marked is still ours."""
    old = tmp_path / "old-backup.db"
    shutil.copy(backups.make_backup(db_path, "manual"), old)
    _as_before_the_mark(old)
    close_database()
    backups.restore(old, db_path)
    open_database(db_path)
    assert Person.select().count() == 4 and _application_id(db_path) == APPLICATION_ID
