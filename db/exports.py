"""Recording an export: a workbook with full ID numbers and phones left the program, so the audit says
which list, how many people and to which file.

The role is asked before the work (may_export), so a refused export writes no file; the record is
written after the file was read back and renamed, so a failed write leaves none.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db import changes, session
from db.session import Can

_ACTION = "export"


def may_export() -> None:
    """NotAllowed (in Chinese) unless the signed-in operator may export personal data."""
    session.require(Can.EXPORT)


def record_roster_export(title: str, count: int, target: Path) -> None:
    """The 花名册 (one row per person) was written to target."""
    with changes.transaction(f"导出花名册（{count} 人）", needs=Can.EXPORT) as cs:
        cs.note(_ACTION, "person", {"list": title, "count": count, "file": str(target)})


def record_list_export(title: str, day: date, count: int, target: Path) -> None:
    """A day's 居家 / 集中隔离人员名单 (one row per case) was written to target."""
    with changes.transaction(f"导出{title}（{day:%Y-%m-%d}，{count} 人）", needs=Can.EXPORT) as cs:
        cs.note(_ACTION, "case", {"list": title, "day": day.isoformat(), "count": count, "file": str(target)})


def record_screening_export(round_name: str, count: int, target: Path) -> None:
    """A round's 入户排查登记表 (one row per person screened, its key-area arrivals and summary) was written."""
    title = f"入户排查登记表（{round_name}）"
    with changes.transaction(f"导出{title}（{count} 人）", needs=Can.EXPORT) as cs:
        cs.note(_ACTION, "finding", {"list": title, "count": count, "file": str(target)})


def record_feedback_export(batch_title: str, count: int, target: Path) -> None:
    """A pushed list's 核查反馈表 (the township's rows with the village's findings) was written to target."""
    with changes.transaction(f"导出核查反馈表：{batch_title}（{count} 人）", needs=Can.EXPORT) as cs:
        cs.note(_ACTION, "pushed_item", {"list": f"核查反馈表（{batch_title}）", "count": count, "file": str(target)})


def record_duty_export(title: str, first_day: date, last_day: date, count: int, target: Path) -> None:
    """A range's 值班表 (a sheet per post, names and full phones of the people on duty) was written to target."""
    span = f"{first_day:%Y-%m-%d} 至 {last_day:%Y-%m-%d}"
    with changes.transaction(f"导出{title}（{span}，{count} 人）", needs=Can.EXPORT) as cs:
        details = {"list": title, "from": first_day.isoformat(), "to": last_day.isoformat()}
        cs.note(_ACTION, "duty_assignment", {**details, "count": count, "file": str(target)})
