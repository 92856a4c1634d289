"""The triggers that keep the audit trail append-only: which ought to be there, and putting back what is not.

A trigger can be dropped (or redefined to do nothing) by anyone holding the file with any SQLite tool, and
nothing would notice: the trail would quietly become editable. So every start and `check` compare the file
with the statements the migrations ran (the one definition of each trigger) and restore what differs.
"""

from __future__ import annotations

import peewee

from db.migrations import LATEST_VERSION, STEPS, m0006_operators, m0009_audit_no_replace

#: The steps that create audit triggers. A later step that adds, drops or redefines one is listed here too.
_STEPS = (m0006_operators, m0009_audit_no_replace)

#: name -> (schema version that brought it, its CREATE statement, exactly as the migration ran it).
TRIGGERS: dict[str, tuple[int, str]] = {
    statement.split('"')[1]: (STEPS.index(step) + 1, statement)
    for step in _STEPS
    for statement in step.STATEMENTS
    if statement.startswith("CREATE TRIGGER")
}

#: What each trigger stops, in the clerk's words.
LABELS = {
    "audit_entry_kept": "禁止修改",
    "audit_entry_not_deleted": "禁止删除",
    "audit_entry_not_replaced": "禁止覆盖改写",
}


def expected(db: peewee.SqliteDatabase) -> dict[str, str]:
    """The triggers this file's schema version must have (none judged in a file from a newer program)."""
    version = int(db.execute_sql("PRAGMA user_version").fetchone()[0])
    if version > LATEST_VERSION:
        return {}
    return {name: sql for name, (since, sql) in TRIGGERS.items() if since <= version}


def missing_triggers(db: peewee.SqliteDatabase) -> list[str]:
    """Names of the audit triggers that are absent, or present with another definition (a disarmed one)."""
    found = dict(db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    return [name for name, sql in expected(db).items() if found.get(name) != sql]


def restore_triggers(db: peewee.SqliteDatabase) -> list[str]:
    """Recreate the missing triggers in one transaction, noted in the trail itself; returns their names.

    db must be the bound database (`open_database`'s), as the note goes through the one save path.
    """
    from db import changes
    from db.base import database

    if db is not database.obj:
        raise ValueError("restore_triggers works on the bound database")
    names = missing_triggers(db)
    if not names:
        return []
    with changes.transaction(restored_message(names), who="系统检查", needs=None) as cs:
        for name in names:
            db.execute_sql(f'DROP TRIGGER IF EXISTS "{name}"')
            db.execute_sql(TRIGGERS[name][1])
        cs.note("restore_triggers", "audit_entry", {"triggers": names})
    return names


def restored_message(names: list[str]) -> str:
    """What `check` prints and the trail records when protection was missing."""
    what = "、".join(LABELS[name] for name in names)  # (the trail's note keeps the triggers' own names)
    return f"操作记录保护缺失（{what}），已恢复。"
