"""Restore checks a backup before the live file is touched; rotation and `check` trust no clock.

The clocks are the ones `make_backup(now=...)` is given; rotation and the choice of the newest good copy
read no clock at all (the copies' numbers say which was made after which).
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from db import backups, changes
from db.connection import close_database, open_database
from db.migrations import LATEST_VERSION
from db.models import Person


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _newer(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    con.commit()
    con.close()


def _damaged(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 2 + 2048] = b"\xff" * 2048  # scribble over a page of the tables
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("spoil", "words"), [(_newer, ("更新版本的程序", f"结构版本 {LATEST_VERSION + 1}")), (_damaged, ("损坏",))]
)
def test_a_backup_that_cannot_be_restored_leaves_the_live_file_as_it_was(
    village: dict[str, int],
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    spoil,
    words,  # type: ignore[no-untyped-def]
) -> None:
    backup = backups.make_backup(db_path, "manual")
    spoil(backup)
    close_database()
    with sqlite3.connect(db_path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before, beside = _hash(db_path), sorted(p.name for p in db_path.parent.iterdir())
    assert main(["restore", str(backup), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert "该备份不能恢复" in err and all(word in err for word in words) and "当前数据没有改动" in err, err
    assert _hash(db_path) == before  # byte for byte: it was never replaced, then refused
    assert sorted(p.name for p in db_path.parent.iterdir()) == beside
    assert [p.name for _m, p in backups.backups_in(backups.folder_for(db_path))] == [backup.name]  # no safety copy
    open_database(db_path)
    assert Person.select().count() == 4


def _routine(folder: Path, last: datetime, days: int) -> None:
    """Routine copies from before copies were numbered, one a day up to last (only their names matter)."""
    for back in range(days):
        (folder / f"ledger_daily_{last - timedelta(days=back):%Y%m%d-%H%M%S}.db").write_bytes(b"")


def test_a_clock_a_year_ahead_does_not_age_the_copies(village: dict[str, int], db_path: Path) -> None:
    folder = backups.folder_for(db_path)
    folder.mkdir()
    real = datetime(2024, 6, 1, 9, 0)
    _routine(folder, real - timedelta(days=1), 10)
    before_import = backups.make_backup(db_path, "before-import", now=real)
    ahead = backups.make_backup(db_path, "daily", now=real + timedelta(days=366))  # the clock jumped
    removed = backups.rotate(folder)
    assert removed == []  # eleven days of copies: a year on the clock is one more day, not 366
    assert before_import.exists() and ahead.exists()


def test_after_the_clock_is_set_back_the_newest_copy_is_the_last_one_made(
    village: dict[str, int], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = datetime(2024, 6, 1, 9, 0)
    backups.make_backup(db_path, "before-import", now=real)
    ahead = backups.make_backup(db_path, "daily", now=real + timedelta(days=365))
    with changes.transaction("改名") as cs:  # work done after the clock was set right again
        cs.update(Person.get_by_id(village["zhang"]), {"name": "张三"})
    fixed = backups.make_backup(db_path, "daily", now=real + timedelta(days=1))
    backups.rotate(backups.folder_for(db_path))
    assert ahead.exists() and fixed.exists()
    assert backups.newest_good(db_path) == fixed
    close_database()
    with sqlite3.connect(db_path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    _damaged(db_path)
    assert main(["check", "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert f'restore "{fixed}"' in err and ahead.name not in err, err
    assert main(["restore", str(fixed), "--db", str(db_path)]) == 0
    open_database(db_path)
    assert Person.get_by_id(village["zhang"]).name == "张三"


def test_rotation_keeps_the_copy_made_after_the_clock_went_back(village: dict[str, int], db_path: Path) -> None:
    """Four months of copies, then the clock set back years: the new copy must not look the oldest."""
    folder = backups.folder_for(db_path)
    folder.mkdir()
    _routine(folder, datetime(2024, 6, 1, 18, 0), 120)
    back = backups.make_backup(db_path, "daily", now=datetime(2021, 1, 1, 9, 0))
    backups.rotate(folder)
    kept = [path for _made, path in backups.backups_in(folder)]
    assert kept[0] == back  # the newest, whatever its time says
    assert len(kept) == 14 + 8  # the copies from before it are thinned as before: 13 more days, then 8 weeks
    assert backups.newest_good(db_path) == back
