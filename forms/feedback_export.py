"""核查反馈表: a pushed list sent back to the township with the village's findings (form 10).

The township's part is as it came: its lines above the header in their rows, its column header, and every
name's cells in order (dates as dates, ID numbers and phones as the text they were), so the township can
paste it straight back. Below its lines comes the village's line (填报单位 · 核查人 · 联系电话 · 审核人 ·
反馈日期): the township's own lines are never edited, so its header row is one row lower than it sent it.
The village's columns go to the right: 核查结果 … 备注 (form 10's F1, F2, F3, F10, F14, F15, F17), then
核查状态 (where the item stands) and 花名册匹配 (whether the name is on the village's roster, and by what).
Rows the import did not take (totals, header copies, a row naming nobody) are not written back.
"""

from __future__ import annotations

import json
import re
from copy import copy
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from db import exports
from db.models import PushedBatch, PushedItem, Village
from db.progress import Progress, check_cancelled
from db.queries.pushed import batch_sheet
from db.rules.chinese_dates import long_date
from forms.excel.report_style import (
    BORDER,
    CENTER,
    FONT,
    HEADER_FILL,
    HEADER_FONT,
    LEFT,
    a4_landscape,
    add_meta,
    printed_lines,
    styled,
)
from forms.excel.workbook_files import as_text, expect_rows, save_verified, writable
from forms.pushed_cells import decode, number_format

#: The village's columns, (header, width), appended to the right of the township's.
VILLAGE_COLUMNS = (
    ("核查结果", 16),
    ("现居住地", 18),
    ("核实联系电话", 14),
    ("采取措施", 12),
    ("核查方式", 9),
    ("核查人", 8),
    ("核查时间", 16),
    ("核查状态", 10),
    ("花名册匹配", 22),
    ("备注", 20),
)
VILLAGE_HEADERS = tuple(name for name, _w in VILLAGE_COLUMNS)
#: The village's headers stand out from the township's (a pale yellow), so its findings are found at a glance.
VILLAGE_FILL = PatternFill("solid", fgColor="FFF2CC")
ON_ROSTER = "本村花名册有此人"
NOT_ON_ROSTER = "本村花名册无此人"
#: The match reason a clerk's own pick is stored with (db.pushed_actions.confirm_match), as the township reads it.
_PICKED = {"文书指定": "人工核对"}
PROGRESS_STEP = 2000
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def roster_match(item: PushedItem) -> str:
    """花名册匹配: on the roster (and by what), a proposal not yet confirmed, or not on it."""
    if item.person_id is None:
        return NOT_ON_ROSTER
    reason = _PICKED.get(item.match_reason, item.match_reason)
    if item.match_confirmed:
        return f"{ON_ROSTER}（{reason}）" if reason else ON_ROSTER
    return f"疑似本村人员（{reason}，待核实）"


def village_cells(item: PushedItem) -> list[Any]:
    """The village's columns of one item, in VILLAGE_COLUMNS' order."""
    return [
        item.result,
        item.current_address,
        item.verified_phone,
        item.measure,
        item.method,
        item.checker,
        item.checked_at,
        item.status,
        roster_match(item),
        item.note,
    ]


def village_line(batch_items: list[PushedItem], today: date) -> str:
    """填报单位(村/社区) · 核查人 (those who checked, else the clerk) · 联系电话 · 审核人 · 反馈日期."""
    village = Village.select().first()
    unit = f"{village.township}{village.name}" if village else ""
    checkers = list(dict.fromkeys(i.checker for i in batch_items if i.checker))
    who = (
        "、".join(checkers[:3]) + ("等" if len(checkers) > 3 else "")
        if checkers
        else (village.clerk if village else "")
    )
    phone = village.office_phone if village else ""
    return (
        f"填报单位(村/社区)：{unit}    核查人：{who}    联系电话：{phone}    审核人：    反馈日期：{long_date(today)}"
    )


def batch_title(batch: PushedBatch) -> str:
    return f"{batch.source.name} {batch.batch_no}".strip() or f"批次 {batch.id}"


def default_file_name(batch_id: int, today: date) -> str:
    """ "铁路站 LS-0312_核查反馈表_20261203.xlsx"."""
    batch = PushedBatch.get_by_id(batch_id)
    return f"{_SHEET_NAME_BAD.sub('-', batch_title(batch))}_核查反馈表_{today:%Y%m%d}.xlsx"


def sheet_name(batch: PushedBatch) -> str:
    name = _SHEET_NAME_BAD.sub("", batch.sheet_name or "").strip("'")[:31]
    return name or "核查反馈表"


def _display_width(value: Any) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = str(value)
    return max((printed_lines(part, 1) for part in text.split("\n")), default=0)


def _widths(columns: list[str], rows: list[list[Any]]) -> list[int]:
    """A width per township column from its header and its first 200 rows, between 6 and 30 characters."""
    widths = [_display_width(h) for h in columns]
    for cells in rows[:200]:
        for c, value in enumerate(cells[: len(widths)]):
            if value is not None:
                widths[c] = max(widths[c], _display_width(value))
    return [min(30, max(6, w)) + 1 for w in widths]


class _Cells:
    """Cells styled once per kind and copied (openpyxl re-hashes a style on every assignment)."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._looks: dict[str | None, Any] = {}

    def __call__(self, value: Any, text: bool = False) -> WriteOnlyCell:
        fmt = "@" if text and isinstance(value, str) else number_format(value)
        look = self._looks.get(fmt)
        if look is None:
            template = styled(self.ws, None, FONT, LEFT, BORDER)
            if fmt is not None:
                template.number_format = fmt
            look = self._looks[fmt] = template._style
        cell = WriteOnlyCell(self.ws, value=writable(value))
        cell._style = copy(look)
        return as_text(cell)


def export_feedback(batch_id: int, target: Path, progress: Progress | None = None, today: date | None = None) -> int:
    """Write the batch's 核查反馈表 to target (temp file, read back, renamed) and note it in the audit trail;
    returns the number of names written."""
    exports.may_export()  # before anything is written: the township's rows carry full ID numbers and phones
    today = today or date.today()
    batch, items = batch_sheet(batch_id)
    lines: list[list[Any]] = json.loads(batch.header_lines)
    columns: list[str] = json.loads(batch.columns)
    text_columns = {int(c) for c, key in json.loads(batch.mapping).items() if key in ("id_number", "phone")}
    rows = [[decode(v) for v in json.loads(item.cells)] for item in items]
    check_cancelled(progress)
    wb = Workbook(write_only=True)
    name = sheet_name(batch)
    ws: Worksheet = wb.create_sheet(name)
    widths = [*_widths(columns, rows), *(w + 1 for _h, w in VILLAGE_COLUMNS)]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    header_row = len(lines) + 2
    a4_landscape(ws, header_row, freeze=f"A{header_row + 1}")
    for line in lines:  # the township's lines, value for value in their cells ("=…" stays text)
        ws.append([as_text(WriteOnlyCell(ws, value=writable(decode(v)))) for v in line])
    ws.append([styled(ws, village_line(items, today), FONT, LEFT)])
    township = [styled(ws, h, HEADER_FONT, CENTER, BORDER, HEADER_FILL) for h in columns]
    ours = [styled(ws, h, HEADER_FONT, CENTER, BORDER, VILLAGE_FILL) for h in VILLAGE_HEADERS]
    ws.append(township + ours)
    cell = _Cells(ws)
    for done, (item, cells) in enumerate(zip(items, rows, strict=True), start=1):
        padded = [*cells, *([None] * (len(columns) - len(cells)))]
        theirs = [cell(v, c in text_columns) for c, v in enumerate(padded)]
        ws.append(theirs + [cell(None if v == "" else v, True) for v in village_cells(item)])
        if done % PROGRESS_STEP == 0:
            check_cancelled(progress)
            if progress is not None:
                progress.update(done, len(items))
    add_meta(wb, "pushed-feedback", len(items), batch=batch.id)
    save_verified(wb, target, expect_rows(name, header_row + len(items)))
    exports.record_feedback_export(batch_title(batch), len(items), target)
    if progress is not None:
        progress.update(len(items), len(items))
    return len(items)


__all__ = [
    "NOT_ON_ROSTER",
    "ON_ROSTER",
    "VILLAGE_HEADERS",
    "default_file_name",
    "export_feedback",
    "roster_match",
    "village_cells",
]
