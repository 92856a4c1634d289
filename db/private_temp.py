"""A folder of ours for what must never reach the target medium: the plain workbook of a data package lives
here between being written and being sealed. It is in the user's data folder (never the USB stick the export
goes to), readable by this account alone (0700 on POSIX), and what a crash left in it goes at the next start.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from db.errors import LedgerError
from db.files import write_problem
from db.paths import user_data_folder

#: When this process started (app.cli imports this module first thing): what is older is another run's.
STARTED = time.time()
FOLDER_NAME = "private-temp"
#: Held (locked; on Windows open, so not removable) by the run that works in the folder.
LOCK_NAME = "in-use"


def private_root() -> Path:
    return user_data_folder() / FOLDER_NAME


@contextmanager
def private_folder() -> Iterator[Path]:
    """A new folder of ours for one piece of work, held while it runs (no other start removes it), then removed."""
    root = private_root()
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if sys.platform != "win32":
            os.chmod(root, 0o700)  # made by hand or by an older copy with other rights: ours alone
        folder = Path(tempfile.mkdtemp(dir=root))  # 0700
        lock = os.open(folder / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o600)
    except OSError as exc:
        raise LedgerError(f"无法在用户数据文件夹“{root}”建立临时文件夹：{write_problem(exc)}") from exc
    try:
        if sys.platform != "win32":
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder
    finally:
        os.close(lock)
        shutil.rmtree(folder, ignore_errors=True)


def sweep_leftovers() -> None:
    """Remove what runs that ended mid-work (a crash, a power cut) left in our private folder: everything
    older than this process that no running export holds. Called at every start; never stops one."""
    try:
        entries = list(private_root().iterdir())
    except OSError:  # no such folder yet, or unreadable: nothing of ours to remove
        return
    for entry in entries:
        with suppress(OSError):
            if entry.lstat().st_mtime >= STARTED or _held(entry):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink()


def _held(folder: Path) -> bool:
    lock = folder / LOCK_NAME
    if sys.platform == "win32":
        try:
            lock.unlink(missing_ok=True)  # refused while the run that made it has it open
        except PermissionError:
            return True
        return False
    import fcntl

    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:  # no lock (or not a folder): nobody works there
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False
