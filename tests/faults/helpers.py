"""What the fault tests share: running `python -m app` as the clerk's PC would (killed, short of disk, without
write permission), a large generated roster, and looking into a database file afterwards without the app."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest

from db.rules.id_number import check_digit
from tests.conftest import ROOT
from tests.fuzz.hostile_files import row_xml, sheet_xml, write_xlsx

CHINESE = re.compile(r"[\u4e00-\u9fff]")
#: For what only Linux offers: a file-size limit per process, capabilities (setpriv), /proc. The suite runs on
#: Linux (CI included), where nothing is skipped; on a Windows developer's PC these few tests are.
LINUX_ONLY = pytest.mark.skipif(sys.platform != "linux", reason="needs RLIMIT_FSIZE, setpriv or /proc (Linux)")
ROSTER_COLUMNS = ("姓名", "户号", "与户主关系", "公民身份号码", "联系电话", "组别")
SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀英华"
RELATIONS = ("户主", "配偶", "子女", "子女", "父母")


def app_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "app", *args]


def run_app(
    *args: str,
    prefix: Sequence[str] = (),
    limit_file_size: int | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`python -m app ARGS` in a fresh process; limit_file_size: no file may grow past that many bytes (a
    full disk: the write fails with EFBIG, as with ENOSPC, instead of the process being killed)."""
    return subprocess.run(
        [*prefix, *app_command(*args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        preexec_fn=file_size_limit(limit_file_size) if limit_file_size is not None else None,
        check=False,
    )


def file_size_limit(limit: int) -> Callable[[], None]:
    import resource  # POSIX only

    def set_limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    return set_limit


def assert_refused_in_chinese(done: subprocess.CompletedProcess[str], *wanted: str) -> None:
    """A command that could not do its job: exit status non-zero, one Chinese message, no traceback."""
    assert done.returncode not in (0, None), done.stdout
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr, done.stderr
    message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    assert message.startswith("错误：") and CHINESE.search(message), done.stderr
    for text in wanted:
        assert text in done.stderr, (text, done.stderr)


@cache
def unprivileged() -> tuple[str, ...]:
    """The command prefix that runs a program without the right to ignore file permissions.

    Tests may run as root, for whom chmod stops nothing. setpriv keeps the user but drops every
    capability (CAP_DAC_OVERRIDE among them), so a folder of mode 0o555 refuses writes as it does for
    the clerk. (Not skipped when it cannot be done: the test fails, saying why.)
    """
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    assert setpriv, "running as root without setpriv (util-linux): cannot take away the right to write"
    return (setpriv, "--inh-caps=-all", "--bounding-set=-all")


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """Make folder read-only (mode 0o555) for the test's duration and prove that it refuses a write."""
    folder.chmod(0o555)
    try:
        probe = subprocess.run(
            [*unprivileged(), sys.executable, "-c", f"open({str(folder / 'probe')!r}, 'w')"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert probe.returncode != 0 and "Permission" in probe.stderr, "the folder still takes writes"
        yield folder
    finally:
        folder.chmod(0o755)


# --- a large roster ---------------------------------------------------------------------------------------


def roster_rows(people: int, first_household: int = 1) -> Iterator[tuple[object, ...]]:
    """Valid, distinct people in households of one to five, in three grids."""
    birth = date(1940, 1, 1)
    person = 0
    household = first_household
    while person < people:
        size = 1 + household % 5
        for member in range(min(size, people - person)):
            body = f"410122{birth + timedelta(days=(person * 7) % 25000):%Y%m%d}{person % 1000:03d}"
            name = SURNAMES[household % len(SURNAMES)] + GIVEN[person * 7 % len(GIVEN)] + GIVEN[person % len(GIVEN)]
            yield (
                name,
                f"H{household:06d}",
                RELATIONS[min(member, 4)],
                body + check_digit(body),
                f"13{person % 1_000_000_000:09d}",
                f"{1 + household % 3}组",
            )
            person += 1
        household += 1


def write_roster(path: Path, people: int) -> Path:
    """A roster workbook of `people` rows, streamed (a 20,000-row one in about a second)."""
    rows = (row_xml(r, values) for r, values in enumerate(roster_rows(people), start=2))
    return write_xlsx(path, {"花名册": sheet_xml([row_xml(1, ROSTER_COLUMNS), *rows])})


# --- looking into a database file -------------------------------------------------------------------------


def connect(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, as a recovery tool would open the file (it replays a committed WAL)."""
    return sqlite3.connect(path, timeout=10)


def integrity(path: Path) -> list[str]:
    with connect(path) as con:
        found = [row[0] for row in con.execute("PRAGMA integrity_check")]
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
    con.close()
    return found + [f"foreign key: {b}" for b in broken]


def count(path: Path, table: str, where: str = "1") -> int:
    con = connect(path)
    try:
        return con.execute(f'SELECT COUNT(*) FROM "{table}" WHERE {where}').fetchone()[0]
    finally:
        con.close()


def rows(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    con = connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


_LEFTOVER = re.compile(r"^\.|\.tmp$|\.part|-(?:wal|shm|journal)$")


def leftovers(folder: Path) -> list[str]:
    """Files a write may have left behind: temporary copies of an export, a PDF or a backup, and SQLite's
    journal files (none stays once the program that opened a database has ended)."""
    return sorted(p.name for p in folder.rglob("*") if _LEFTOVER.search(p.name))
