"""A dropped audit trigger is put back at every start and by `check`, and the clerk is told."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import HANG_GUARD_MS


@pytest.fixture
def unguarded(tmp_path: Path, migrated_template: Path) -> Path:
    """A ledger whose delete-protection someone dropped with a SQLite tool."""
    path = tmp_path / "ledger.db"
    shutil.copy(migrated_template, path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER audit_entry_not_deleted")
    return path


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, check=False)


def _triggers(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def test_check_says_the_protection_was_missing_and_puts_it_back(unguarded: Path) -> None:
    first = _cli("check", "--db", str(unguarded))
    assert first.returncode == 0, first.stderr
    assert "操作记录保护缺失（禁止删除），已恢复" in first.stdout, first.stdout
    assert "audit_entry_not_deleted" in _triggers(unguarded)
    again = _cli("check", "--db", str(unguarded))
    assert "操作记录保护缺失" not in again.stdout and "数据库完好" in again.stdout


def test_a_headless_command_restores_it_and_says_so(unguarded: Path) -> None:
    done = _cli("today", "--db", str(unguarded))
    assert done.returncode == 0, done.stderr
    assert "操作记录保护缺失" in done.stderr
    with sqlite3.connect(unguarded) as conn, pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM audit_entry")


def test_the_window_tells_the_clerk(qtbot, unguarded: Path, tmp_path: Path, output_dir: Path) -> None:  # type: ignore[no-untyped-def]

    from app.main_window import MainWindow
    from db.connection import close_database

    window = MainWindow(unguarded, first_run=False)
    qtbot.addWidget(window)
    window.show()
    try:
        window.start()
        notice = window.restored_notice
        assert notice is not None and notice.isVisible()
        assert "操作记录保护缺失" in notice.text() and "操作记录" in notice.informativeText() + notice.text()
        notice.grab().save(str(output_dir / "audit-protection-restored.png"))
        notice.accept()
        if window.task is not None:
            assert window.task.worker.wait(HANG_GUARD_MS)
    finally:
        close_database()
    assert "audit_entry_not_deleted" in _triggers(unguarded)
