"""The report definition a township sent, kept in the database (the Setting table) so it travels with
backups and holds until the clerk imports another or goes back to the built-in one. Kept as the file's data;
forms.reports.definitions reads and checks it (db does not parse definitions)."""

from __future__ import annotations

import json
from typing import Any

from db import changes, session
from db.models import Setting
from db.session import Can


def _key(report: str) -> str:
    return f"report_definition:{report}"


def saved_definition(report: str = "daily") -> dict[str, Any] | None:
    """The imported definition's data, or None while the built-in one is used (or the stored text is broken)."""
    row = Setting.get_or_none(Setting.key == _key(report))
    if row is None:
        return None
    try:
        data = json.loads(row.value)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def save_definition(data: dict[str, Any], title: str, report: str = "daily") -> None:
    """Keep an imported (already checked) definition in place of the one before (settings permission, audited)."""
    session.require(Can.SETTINGS)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    with changes.transaction(f"导入报表定义：{title}", needs=Can.SETTINGS) as cs:
        row = Setting.get_or_none(Setting.key == _key(report))
        if row is None:
            cs.create(Setting, {"key": _key(report), "value": text})
        elif row.value != text:
            cs.update(row, {"value": text})


def forget_definition(report: str = "daily") -> bool:
    """Back to the built-in definition; False when it was in use already."""
    session.require(Can.SETTINGS)
    row = Setting.get_or_none(Setting.key == _key(report))
    if row is None:
        return False
    with changes.transaction("报表定义恢复为内置", needs=Can.SETTINGS) as cs:
        cs.delete(row)
    return True
