"""A hand-over run in a process of its own, against a target the kernel really limits; prints one JSON line.

Started by tests/db/test_handover.py, either inside `unshare -rm` (a user and mount namespace of its own, where
it mounts a small tmpfs as the "stick", and may remount it read-only), or plainly with RLIMIT_FSIZE set once
the files are made (the kernel then refuses a too-large write with EFBIG), or without the capability that lets
root write into a read-only folder. The spec (JSON, argv[1]):

    {"db": path, "root": the stick's folder, "mount": null | {"size": "256k"}, "runs": [run, ...]}
    run: {"parts": [[name, rows], ...], "read_only": bool, "limit_after_build": null | bytes}

Each run's result: {"ok", "message", "files": {relative path: sha256}} with the files as the stick holds them
after the run (hashed here, independently of the code under test).
"""

from __future__ import annotations

import hashlib
import json
import resource
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DAY = date(2026, 12, 3)


def rows_writer(rows: int):  # type: ignore[no-untyped-def]
    """A report of `rows` lines, 100 bytes each, rare characters in every line."""

    def write(path: Path) -> int:
        with path.open("w", encoding="utf-8", newline="\n") as f:
            for i in range(rows):
                f.write(f"{i:08d},钱𠮷祥,东风村一组,".ljust(95, "x") + "\n")
        return rows

    return write


class LimitOnceBuilt:
    """A progress that, once every file is made in the private folder, caps this process's file size: from
    then on the kernel refuses any write past `limit` bytes of a file (EFBIG), as a full stick would."""

    def __init__(self, parts: int, limit: int | None) -> None:
        self.parts = parts
        self.limit = limit
        self.cancelled = False

    def update(self, done: int, total: int) -> None:
        if self.limit is not None and done == self.parts:
            resource.setrlimit(resource.RLIMIT_FSIZE, (self.limit, resource.RLIM_INFINITY))
            self.limit = None


def listing(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(spec: dict[str, Any], one: dict[str, Any]) -> dict[str, Any]:
    from db.errors import LedgerError
    from db.handover import hand_over

    root = Path(spec["root"])
    if one.get("read_only") and spec.get("mount"):
        subprocess.run(["mount", "-o", "remount,ro", str(root)], check=True)
    parts = [(name, rows_writer(rows)) for name, rows in one["parts"]]
    progress = LimitOnceBuilt(len(parts), one.get("limit_after_build"))
    result: dict[str, Any] = {"ok": True, "message": ""}
    try:
        hand_over(parts, root, village="东风村", village_code="410122101201", day=DAY, who="李文书", progress=progress)
    except LedgerError as exc:
        result = {"ok": False, "message": str(exc)}
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    result["files"] = listing(root)
    return result


def main() -> None:
    spec = json.loads(sys.argv[1])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, not a killed process
    if spec.get("mount"):
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={spec['mount']['size']}", "tmpfs", spec["root"]], check=True
        )
    from db import session
    from db.connection import close_database, open_database
    from db.models import Role

    open_database(Path(spec["db"]))
    session.begin(session.Session("李文书", Role.ADMIN))
    results = [run(spec, one) for one in spec["runs"]]
    close_database()
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
