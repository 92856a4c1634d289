"""The roster tab's papers and workbook for the range shown: 值班表 (form 12, one page per post), the personal
slips (个人值班通知单) and the Excel export — the headless commands' calls (printing.duty_print,
forms.duty_export), written off the UI thread; a PDF is opened in the system's viewer to print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PyQt6.QtWidgets import QWidget

from app.export_task import export_with_progress, save_pdf


def print_roster(parent: QWidget, first: date, last: date, post_id: int | None, on: date) -> Path | None:
    """值班表 of the range (one post's, else every post with shifts), 制表日期 `on`."""
    from printing.duty_print import print_duty_roster

    return save_pdf(
        parent,
        "打印值班表",
        f"值班表-{first:%m%d}-{last:%m%d}.pdf",
        "正在生成值班表……",
        lambda path, p: print_duty_roster(first, last, path, on, post_id, progress=p),
        lambda found: f"值班表（{'、'.join(x.name for x in found.posts)}，{found.people} 人）已保存",
    )


def print_slips(parent: QWidget, first: date, last: date) -> Path | None:
    """A slip for everyone on duty in the range."""
    from printing.duty_print import print_duty_slips

    return save_pdf(
        parent,
        "打印值班条",
        f"个人值班通知单-{first:%m%d}-{last:%m%d}.pdf",
        "正在生成个人值班通知单……",
        lambda path, p: print_duty_slips(first, last, path, p),
        lambda count: f"{count} 人的个人值班通知单已保存",
    )


def export_roster(parent: QWidget, first: date, last: date, post_id: int | None, on: date) -> Path | None:
    """The roster workbook (full phones: the personal-data notice first)."""
    from forms.duty_export import default_file_name, export_duty_roster

    return export_with_progress(
        parent,
        "值班表",
        default_file_name(first, last),
        lambda path, p: export_duty_roster(first, last, path, on, post_id, progress=p),
        lambda count: f"值班表已导出 {count} 人",
    )
