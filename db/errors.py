"""Errors the clerk can act on, with a Chinese message; anything else is a bug."""

from __future__ import annotations

import errno


class LedgerError(Exception):
    """An error whose message (in Chinese) is meant for the clerk."""


class DatabaseTooNew(LedgerError):
    """The file was written by a newer program: opening it here could lose what that version keeps."""


class RecordInUse(LedgerError):
    """A record others point to (a grid with households, a person with a case) cannot be deleted."""


class StorageError(LedgerError):
    """The file could not take a write (full disk, read-only, locked); nothing of the change was kept."""


def storage_reason(exc: BaseException) -> str | None:
    """A failed write's cause in the clerk's words, read along the exception's chain (on a full disk
    SQLite rolls back by itself and peewee's own ROLLBACK then fails: the first error is the one to tell)."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    text = " ".join(str(e).lower() for e in chain)
    full = any(getattr(e, "errno", None) in (errno.ENOSPC, errno.EFBIG) for e in chain)
    if full or "full" in text or "disk i/o" in text:
        return "磁盘空间不足或磁盘出错"
    if "readonly" in text or "read-only" in text:
        return "数据文件或所在文件夹是只读的"
    if "locked" in text or "busy" in text:
        return "数据库正被另一个程序占用"
    return None


class DatabaseBusy(StorageError):
    """Another program (or another window's import) held the file's write lock past busy_timeout."""


class PlanOutdated(LedgerError):
    """The ledger changed between an import's plan and its writing: the plan may no longer be right."""


class NotALedger(LedgerError):
    """Another program's database, or no database at all: refused before anything in it was changed."""
