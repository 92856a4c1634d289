"""A headless command piped into a reader that stops early (`today | head -1`) ends quietly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path


def test_today_into_a_closed_pipe_ends_without_a_traceback(tmp_path: Path, migrated_template: Path) -> None:
    from db.connection import close_database, open_database
    from db.demo import build_demo_village

    ledger = tmp_path / "ledger.db"
    shutil.copy(migrated_template, ledger)
    open_database(ledger)
    build_demo_village(people=300, seed=7, today=date.today())  # `today` reads the real clock, as 首页 does
    close_database()
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written: the write must fail
    try:
        done = subprocess.run(
            [sys.executable, "-m", "app", "--db", str(ledger), "today"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            # as a clerk's shell runs it: output to a pipe is buffered (CI's PYTHONUNBUFFERED hid the failure)
            env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.returncode == 0


def test_output_in_a_code_page_without_chinese_does_not_end_the_command(tmp_path: Path) -> None:
    """As on Windows with output to a file or pipe in an English code page: the import still ends well."""
    roster = tmp_path / "花名册.csv"
    roster.write_text("户号,姓名,与户主关系,性别\n1,吉𠮷祥,户主,男\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(tmp_path / "ledger.db"), "import-roster", str(roster)],
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
        capture_output=True,
        check=False,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode("cp1252", "replace")
    assert done.returncode == 0
