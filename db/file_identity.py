"""Which SQLite files are ledgers of ours: marked with SQLite's application_id, so that another program's
database is refused, and named, before anything in it changes (opening migrates a file in place; a restore
puts a file in the live one's place).

Files from before the mark (application_id 0) are recognised by their tables, and marked when opened.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db.errors import StorageError
from db.system_reasons import system_reason

#: SQLite's application_id of our ledgers (the file header's bytes 68-71): "VLDG", for Village LeDGer.
APPLICATION_ID = int.from_bytes(b"VLDG", "big")

#: The tables every ledger has had since its first schema version.
CORE_TABLES = frozenset({"village", "grid", "household", "person", "audit_entry", "setting"})
#: Every table a ledger could hold before ledgers were marked (schema versions 1-9); an unmarked file with
#: any other table is not one of ours. Tables added later need not be listed: a file is marked before its
#: schema is upgraded, so only marked files ever hold them.
UNMARKED_TABLES = CORE_TABLES | {
    "policy",
    "case",
    "case_event",
    "reading",
    "fever_action",
    "follow_up",
    "template",
    "operator",
}

NEW = "new"  # no file, an empty one, or a database with nothing in it: ours to fill
OURS = "ours"
FOREIGN = "foreign"  # a sound SQLite database of another program
NOT_A_DATABASE = "not a database"  # not SQLite at all, or its header is destroyed


@dataclass(frozen=True)
class Identity:
    """What a file is (our ledger, another SQLite file, not a database) and its schema version, told before it is
    opened."""

    kind: str
    application_id: int = 0
    version: int = 0
    tables: tuple[str, ...] = ()

    @property
    def marked(self) -> bool:
        return self.application_id == APPLICATION_ID


def identify(path: Path) -> Identity:
    """What the file at path is, read without changing it (nor creating anything beside it)."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return Identity(NEW)
        with path.open("rb") as file:
            if file.read(16) != b"SQLite format 3\0":
                return Identity(NOT_A_DATABASE)
        try:
            application_id, version, tables = _read(path)
        except sqlite3.DatabaseError as exc:
            if not getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
                raise
            return Identity(NOT_A_DATABASE)
    except (OSError, sqlite3.Error) as exc:
        reason = system_reason(exc)
        raise StorageError(f"无法读取数据库“{path}”：{reason}。") from exc
    if application_id == 0 and not tables and version == 0:
        return Identity(NEW)
    ours = application_id == APPLICATION_ID or (
        application_id == 0 and version >= 1 and CORE_TABLES <= set(tables) <= UNMARKED_TABLES
    )
    return Identity(OURS if ours else FOREIGN, application_id, version, tables)


def _read(path: Path) -> tuple[int, int, tuple[str, ...]]:
    uri = path.absolute().as_uri() + "?mode=ro"
    try:
        return _query(uri)
    except sqlite3.OperationalError:
        if os.access(path.parent, os.W_OK):
            raise
        return _query(uri + "&immutable=1")  # a WAL file in a read-only folder: read it as it lies


def _query(uri: str) -> tuple[int, int, tuple[str, ...]]:
    con = sqlite3.connect(uri, uri=True)
    try:
        application_id = con.execute("PRAGMA application_id").fetchone()[0]
        version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = tuple(
            sorted(
                row[0]
                for row in con.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                )
            )
        )
    finally:
        con.close()
    return application_id, version, tables


def describe(identity: Identity, path: Path) -> str:
    """What a file that is not a ledger of ours is, for the clerk (who may have picked the wrong file)."""
    if identity.kind == NOT_A_DATABASE:
        return f"“{path}”不是数据库文件（或已严重损坏），不是本程序的台账"
    if identity.kind == NEW:
        return f"“{path}”是一个空的数据库，不是本程序的台账"
    shown = "、".join(identity.tables[:8]) + (f" 等 {len(identity.tables)} 个" if len(identity.tables) > 8 else "")
    held = f"其中的表：{shown}" if identity.tables else "其中没有表"
    if identity.application_id != 0:
        return f"“{path}”是另一个程序的数据库（应用编号 {identity.application_id}，{held}），不是本程序的台账文件"
    return f"“{path}”不是本程序的台账文件（{held}）"


def require_ledger(path: Path) -> Identity:
    """The file's identity, if it is ours or new; NotALedger (nothing changed) for anything else."""
    from db.errors import NotALedger

    identity = identify(path)
    if identity.kind not in (OURS, NEW):
        raise NotALedger(describe(identity, path) + "，未作任何改动。")
    return identity
