"""Files that must be whole: synced to the disk before they take their name, and a refused write told in
the clerk's words. Exports, printed PDFs and backups all write this way."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from db.errors import LedgerError
from db.system_reasons import system_reason


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows commits only writable handles
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def replacing(target: Path, busy: str, error: type[LedgerError] = LedgerError) -> Iterator[Path]:
    """A temporary path beside target: write the new file there and check it inside the block. On leaving
    the block it is synced to the disk and takes target's name, so target is either the old file or the
    whole new one; on any failure it is removed. busy: what to say when another program holds target open.

    The name `.~{name}.{random}.tmp` is never taken for a finished file, should a crash leave it behind.
    """
    # A fresh name rather than mkstemp: mkstemp's file is private (0600) and would stay so after the rename.
    temporary = target.with_name(f".~{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        yield temporary
        fsync_file(temporary)  # on disk before it takes the target's name: a power cut leaves the old file or this one
        try:
            os.replace(temporary, target)
        except PermissionError as exc:
            raise error(busy) from exc
    finally:
        with suppress(OSError):  # gone with its folder, or the folder is not one: nothing to remove
            temporary.unlink()


def write_problem(exc: BaseException) -> str:
    """Why a file could not be written (the system's own text is English)."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", -1)) or "EFBIG" in text or "ENOSPC" in text:
        return "磁盘空间不足"
    if code == errno.EROFS:
        return "磁盘或 U 盘是只读的"
    if isinstance(exc, PermissionError):
        return "没有写入权限，或文件正被 Excel/WPS 等程序打开"
    if isinstance(exc, FileNotFoundError):
        return "文件夹已不存在（U 盘已拔出？）"
    if isinstance(exc, IsADirectoryError):
        return "同名的文件夹已存在"
    if code == errno.EIO or "IO_" in text:
        return "写入出错，磁盘或 U 盘可能已拔出或损坏"
    return f"写入出错：{system_reason(exc)}"


def check_target(target: Path, error: type[LedgerError] = LedgerError) -> None:
    """Refuse a target that cannot or must not be replaced, before any work is done for it."""
    if not target.parent.is_dir():
        raise error(f"文件夹不存在：{target.parent}（U 盘已拔出？），请重新选择保存位置。")
    if target.is_dir():
        raise error(f"“{target.name}”是一个文件夹，不能保存为文件，请换一个文件名。")
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise error(f"无法保存“{target.name}”：{write_problem(exc)}。") from exc
    if not mode & stat.S_IWUSR:  # (root could still replace it; a read-only file is kept as the clerk meant)
        raise error(f"“{target.name}”是只读文件，不能覆盖。请换一个文件名，或先在文件属性中取消“只读”。")
