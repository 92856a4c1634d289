"""Printing the duty roster and the personal duty slips from the ledger: db reads the shifts (db.queries.duty),
the documents draw them, and the print is recorded through db.prints like every paper (the role is asked
first, so a refused print writes no file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db import prints
from db.errors import LedgerError
from db.progress import Progress
from db.queries.duty import Roster, person_slips, roster, village_facts
from db.rules.chinese_dates import short_date
from printing.documents import duty_roster, duty_slips


def print_duty_roster(
    first_day: date,
    last_day: date,
    out: Path,
    on: date,
    post_id: int | None = None,
    supervision_phone: str | None = None,
    made_by: str | None = None,
    mask_phones: bool = False,
    progress: Progress | None = None,
) -> Roster:
    """Write the roster of the range (one post's, else every post with shifts) to `out` and record the print.

    on: 制表日期; supervision_phone (监督电话) defaults to the village office's phone, made_by (制表人) to the
    village's clerk."""
    prints.may_print()
    found = roster(first_day, last_day, post_id)
    footer = duty_roster.Footer(
        found.office_phone if supervision_phone is None else supervision_phone,
        found.clerk if made_by is None else made_by,
        on,
    )
    path = duty_roster.render(found, out, footer, mask_phones, progress)
    span = f"{short_date(first_day)}至{short_date(last_day)}"
    posts = "、".join(p.name for p in found.posts)
    summary = f"打印值班表（{span}，{posts}，{found.people} 人）"
    about = (
        ("from", first_day.isoformat()),
        ("to", last_day.isoformat()),
        ("posts", [p.post_id for p in found.posts]),
        ("people", found.people),
        ("masked", mask_phones),
    )
    prints.record_print(prints.PrintRecord(summary, duty_roster.TITLE, (), about=about), str(path))
    return found


def print_duty_slips(first_day: date, last_day: date, out: Path, progress: Progress | None = None) -> int:
    """Write a slip for everyone on duty in the range to `out` and record the print; returns how many."""
    prints.may_print()
    if last_day < first_day:
        raise LedgerError(f"结束日期 {last_day:%Y-%m-%d} 早于开始日期 {first_day:%Y-%m-%d}")
    slips = person_slips(first_day, last_day)
    if not slips:
        raise LedgerError(f"{first_day:%Y-%m-%d} 至 {last_day:%Y-%m-%d} 没有排班，请先生成排班")
    village, office_phone, _clerk = village_facts()
    header = duty_slips.SlipHeader(village, first_day, last_day, office_phone)
    path = duty_slips.render(slips, header, out, progress)
    span = f"{short_date(first_day)}至{short_date(last_day)}"
    about = (("from", first_day.isoformat()), ("to", last_day.isoformat()), ("people", len(slips)))
    summary = f"打印{duty_slips.TITLE}（{span}，{len(slips)} 人）"
    prints.record_print(prints.PrintRecord(summary, duty_slips.TITLE, (), about=about), str(path))
    return len(slips)
