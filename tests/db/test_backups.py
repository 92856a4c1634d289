"""Backups: checked copies kept by rotation, restore after a safety copy, damage found by `check`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from db import backups, changes
from db.connection import close_database, open_database
from db.models import Person


def test_a_backup_is_a_checked_copy_with_what_it_holds(village: dict[str, int], db_path: Path) -> None:
    path = backups.make_backup(db_path, "manual")
    assert path.parent == db_path.parent / "backups" and path.name.startswith("ledger_manual_")
    held = backups.info(path)
    assert (held.households, held.people, held.label) == (2, 4, "manual")
    assert not list(path.parent.glob("*.part"))


def test_a_copy_that_is_not_what_it_was_copied_from_says_how(village: dict[str, int], db_path: Path) -> None:
    """The check after writing compares the copy with the file at the moment it was copied."""
    import sqlite3

    with sqlite3.connect(db_path) as con:
        expected = backups.contents(con)
    con.close()
    path = backups.make_backup(db_path, "manual")
    assert backups.copy_problems(path, expected) == []
    with changes.transaction("新成员") as cs:  # the file moved on: a copy of the moment before is not it
        cs.create(
            Person, {"household": Person.get_by_id(village["zhang"]).household_id, "name": "张小", "relation": "子"}
        )
    with sqlite3.connect(db_path) as con:
        assert backups.copy_problems(path, backups.contents(con)) == [
            "备份与数据库不一致：audit_entry、person 表的记录数不同"
        ]
    con.close()
    with path.open("r+b") as cut:  # a copy cut short (a stick pulled out, a full disk that said nothing)
        cut.truncate(path.stat().st_size - 4096)
    assert backups.copy_problems(path, expected)[0].startswith("备份文件不完整")


def test_rotation_keeps_fourteen_days_and_eight_weeks(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    today = date(2026, 11, 24)
    for days_ago in range(120):
        for hour in (9, 18):  # two a day: the newer of each day is kept
            made = datetime.combine(today - timedelta(days=days_ago), datetime.min.time()).replace(hour=hour)
            (folder / f"ledger_daily_{made:%Y%m%d-%H%M%S}.db").write_bytes(b"")
    (folder / "ledger_before-import_20261124-100000.db").write_bytes(b"")  # today: never thinned out
    (folder / "ledger_before-import_20261001-100000.db").write_bytes(b"")  # 54 days old: gone
    backups.rotate(folder)  # days counted back from the newest copy (today's), not by a clock
    names = [path.name for _made, path in backups.backups_in(folder)]
    assert "ledger_before-import_20261124-100000.db" in names
    assert "ledger_before-import_20261001-100000.db" not in names
    kept = [made for made, path in backups.backups_in(folder) if "_daily_" in path.name]
    recent = [m for m in kept if (today - m.date()).days < 14]
    older = [m for m in kept if (today - m.date()).days >= 14]
    assert len(recent) == 14 and all(m.hour == 18 for m in recent)
    assert len(older) == 8 and len({m.isocalendar()[:2] for m in older}) == 8  # one per week
    assert min(kept).date() >= today - timedelta(days=14 + 7 * 9)


def test_restore_brings_the_backup_back_after_a_safety_copy(village: dict[str, int], db_path: Path) -> None:
    before = backups.make_backup(db_path, "manual")
    with changes.transaction("改名") as cs:
        cs.update(Person.get_by_id(village["zhang"]), {"name": "张三"})
    close_database()
    safety = backups.restore(before, db_path)
    assert backups.info(safety).people == 4 and "before-restore" in safety.name
    open_database(db_path)
    assert Person.get_by_id(village["zhang"]).name == "张三丰"


def test_damage_is_found_and_the_newest_good_backup_named(village: dict[str, int], db_path: Path) -> None:
    good = backups.make_backup(db_path, "daily")
    close_database()
    broken = db_path.with_name("broken.db")
    shutil.copy(good, broken)
    data = bytearray(broken.read_bytes())
    data[4096 * 2 : 4096 * 2 + 512] = b"\xff" * 512  # scribble over a page of the tables
    broken.write_bytes(bytes(data))
    assert backups.problems(broken)
    not_a_database = db_path.with_name("notes.db")
    not_a_database.write_text("这不是数据库")
    assert "不是本程序的数据库文件" in backups.problems(not_a_database)[0]
    assert backups.newest_good(db_path) == good
    open_database(db_path)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120)


def test_backup_check_and_restore_commands(village: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    done = _run("backup", "--db", str(db_path), "--to", str(usb))
    assert done.returncode == 0 and "2 户、4 人" in done.stdout
    (copy,) = usb.glob("ledger_manual_*.db")
    assert _run("check", "--db", str(db_path)).returncode == 0
    close_database()
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100 + b"garbage" * 1000)
    bad = _run("check", "--db", str(damaged))
    assert bad.returncode == 2 and "错误" in bad.stderr
    restored = _run("restore", str(copy), "--db", str(db_path))
    assert restored.returncode == 0 and "恢复前的数据已备份在" in restored.stdout
    open_database(db_path)
