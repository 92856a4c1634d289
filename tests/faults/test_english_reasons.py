"""The system's English never reaches the clerk: refused writes and opens say why in Chinese."""

from __future__ import annotations

import errno
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from db.system_reasons import system_reason
from tests.faults.helpers import (
    LINUX_ONLY,
    assert_refused_in_chinese,
    read_only_folder,
    run_app,
    unprivileged,
)

#: Words a Chinese message may hold: names of programs and media the clerk knows.
KNOWN_WORDS = {"Excel", "WPS", "SQLite", "CSV", "PDF", "ZIP", "USB"}


def english_words(message: str, *paths: Path) -> list[str]:
    for path in sorted(paths, key=lambda p: -len(str(p))):
        message = message.replace(str(path), "")
    return [word for word in re.findall(r"[A-Za-z][A-Za-z'_-]{2,}", message) if word not in KNOWN_WORDS]


@pytest.fixture
def ledger(tmp_path: Path, migrated_template: Path) -> Path:
    path = tmp_path / "ledger.db"
    shutil.copy(migrated_template, path)
    return path


def test_backup_to_a_file_in_the_folders_place_says_why_in_chinese(ledger: Path, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "U盘"
    not_a_folder.write_text("a file where the folder should be")
    done = run_app("--db", str(ledger), "backup", "--to", str(not_a_folder))
    assert_refused_in_chinese(done)
    assert english_words(done.stderr, not_a_folder, ledger) == [], done.stderr


@LINUX_ONLY
def test_backup_to_a_read_only_folder_says_why_in_chinese(ledger: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    with read_only_folder(stick):
        done = run_app("--db", str(ledger), "backup", "--to", str(stick), prefix=unprivileged())
    assert_refused_in_chinese(done)
    assert english_words(done.stderr, stick, ledger) == [], done.stderr


def test_opening_a_file_that_is_not_a_database_says_why_in_chinese(tmp_path: Path) -> None:
    junk = tmp_path / "照片.db"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 4096)
    done = run_app("--db", str(junk), "check")
    assert_refused_in_chinese(done)
    assert english_words(done.stderr, junk) == [], done.stderr


@pytest.mark.parametrize(
    "code",
    sorted(
        {
            errno.EEXIST,
            errno.ENOENT,
            errno.ENOTDIR,
            errno.EISDIR,
            errno.EACCES,
            errno.EROFS,
            errno.ENOSPC,
            errno.EIO,
            errno.EBUSY,
            errno.ENAMETOOLONG,
            errno.EINVAL,
            errno.EXDEV,
            errno.ELOOP,
        }
    ),
)
def test_every_os_error_has_a_chinese_reason(code: int) -> None:
    reason = system_reason(OSError(code, "English text from the system", "/some/file"))
    assert reason and english_words(reason) == [], reason


def test_sqlite_errors_have_chinese_reasons(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 300)
    failures: list[BaseException] = []
    for attempt in (
        lambda: sqlite3.connect(tmp_path / "missing" / "x.db"),
        lambda: sqlite3.connect(junk).execute("SELECT * FROM sqlite_master").fetchall(),
    ):
        with pytest.raises(sqlite3.Error) as caught:
            attempt()
        failures.append(caught.value)
    for exc in failures:
        reason = system_reason(exc)
        assert english_words(reason) == [], reason
        assert "未知" not in reason, (exc, reason)
