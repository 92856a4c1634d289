"""Backup benchmark (issue 5): each figure against a plain baseline measured in the same run.

    python tests/bench/bench_backup.py            # 100,000 people
    python tests/bench/bench_backup.py --smoke    # 2,000 people, for CI

Goals: a checked backup (db.backups.make_backup) / a plain file copy of the same file <= 2; the check at
every start (quick_check + foreign keys) in ms: under 1 s (it runs after the window shows).

A backup is synced to the disk before it takes its name (a copy still in the cache is lost with the
power, or with a USB stick pulled out), so the goal is judged against a plain copy synced the same way;
the ratio against the copy left in the cache is printed too. Each copy goes to a new file, as a backup does.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def best(fn, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--smoke", action="store_true")
    options = parser.parse_args()
    people = 2000 if options.smoke else options.people
    repeats = 2 if options.smoke else 7
    work = Path(tempfile.mkdtemp(prefix="ledger-bench-backup-"))
    db = work / "ledger.db"
    subprocess.run(
        [sys.executable, "-m", "app", "demo", "--db", str(db), "--people", str(people)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    from db import backups
    from db.files import fsync_file

    size = db.stat().st_size / 1e6
    plain = work / "plain-copy.db"

    def copy(sync: bool) -> None:
        plain.unlink(missing_ok=True)
        shutil.copyfile(db, plain)
        if sync:
            fsync_file(plain)

    copy_s = best(lambda: copy(False), repeats)
    synced_s = best(lambda: copy(True), repeats)
    out = work / "out"
    backup_s = best(lambda: backups.make_backup(db, "manual", folder=out), repeats)

    def backup_api_only() -> None:
        (work / "api-only.db").unlink(missing_ok=True)
        with sqlite3.connect(db) as source, sqlite3.connect(work / "api-only.db") as dest:
            source.backup(dest)
        source.close()
        dest.close()

    api_s = best(backup_api_only, repeats)
    start_check_s = best(lambda: backups.problems(db, thorough=False), repeats)
    full_check_s = best(lambda: backups.problems(db), repeats)
    shutil.rmtree(work, ignore_errors=True)
    print(f"backup benchmark, {people} people, {size:.0f} MB ({'smoke' if options.smoke else 'full'} run)")
    print(
        f"  checked backup / plain copy, synced       {backup_s / synced_s:6.2f}   goal <= 2"
        f"   ({backup_s * 1000:.0f} ms / {synced_s * 1000:.0f} ms)"
    )
    print(
        f"  checked backup / plain copy, not synced   {backup_s / copy_s:6.2f}   for information"
        f"   ({copy_s * 1000:.0f} ms)"
    )
    print(
        f"  backup API, SQLite's defaults / plain     {api_s / synced_s:6.2f}   for information"
        f"   ({api_s * 1000:.0f} ms, synced by SQLite, unchecked)"
    )
    print(f"  check at start (ms)                       {start_check_s * 1000:6.0f}   goal < 1000")
    print(f"  full check, `check` command (ms)          {full_check_s * 1000:6.0f}   for information")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
