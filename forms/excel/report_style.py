"""The look every report workbook shares (花名册, isolation lists): fonts, borders, A4 print set-up, and a
hidden sheet saying what wrote the file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from db.base import database
from db.connection import schema_version
from db.version import APP_VERSION
from forms.excel.workbook_files import META_SHEET, as_text, writable

THIN = Side(style="thin", color="808080")
MEDIUM = Side(style="medium", color="404040")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FIRST_BORDER = Border(left=THIN, right=THIN, top=MEDIUM, bottom=THIN)
SHADE = PatternFill("solid", fgColor="EEF3F8")
HEADER_FILL = PatternFill("solid", fgColor="D9E1EA")
FONT = Font(name="宋体", size=10)
HEADER_FONT = Font(name="黑体", size=10, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center")


def styled(
    ws: Worksheet,
    value: Any,
    font: Font,
    alignment: Alignment,
    border: Border | None = None,
    fill: PatternFill | None = None,
) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=writable(value))
    cell.font = font
    cell.alignment = alignment
    if border is not None:
        cell.border = border
    if fill is not None:
        cell.fill = fill
    return as_text(cell)


#: Column widths (in characters) an A4 landscape page takes at a scale still easy to read (about 55 %).
PAGE_WIDTH = 280


def a4_landscape(ws: Worksheet, header_row: int, freeze: str, width: int = 0, title_columns: int = 0) -> None:
    """Fit to the width of an A4 landscape page, the header row repeated on every page, page numbers. A sheet
    wider than PAGE_WIDTH (the township's summary, a column per figure) goes over as many pages across, its
    first title_columns repeated on each, rather than shrink to a print nobody can read."""
    ws.freeze_panes = freeze
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    pages = max(1, -(-width // PAGE_WIDTH))
    ws.page_setup.fitToWidth = pages
    if pages > 1 and title_columns:
        ws.print_title_cols = f"A:{get_column_letter(title_columns)}"
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def add_meta(wb: Workbook, template: str, rows: int, **more: Any) -> None:
    """A hidden sheet saying what wrote the file, so a later import can refuse a newer format."""
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for key, value in (
        ("app", "village-ledger"),
        ("app_version", APP_VERSION),
        ("schema_version", schema_version(database.obj)),
        ("template", template),
        ("rows", rows),
        ("exported_at", datetime.now().isoformat(timespec="seconds")),
        *more.items(),
    ):
        meta.append([key, value])


#: The characters that print two units wide (CJK and everything after it).
_WIDE = re.compile("[\u2e80-\U0010ffff]")


def printed_lines(text: str, width: int) -> int:
    """How many printed lines a cell's text takes in a column this wide (a Chinese character is two units)."""
    if "\n" in text:
        return sum(printed_lines(part, width) for part in text.split("\n"))
    units = len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))
    return max(1, -(-units // width))


def fit_row_height(ws: Worksheet, index: int, cells: Iterable[tuple[str, int]]) -> None:
    """Give a row the height of its longest wrapped cell, from (text, column width) pairs (a write-only sheet
    takes it before the row); a short one-line text is one line without being measured."""
    lines = 1
    for text, width in cells:
        if 2 * len(text) > width or "\n" in text:
            lines = max(lines, printed_lines(text, width))
    if lines > 1:
        ws.row_dimensions[index].height = 13.5 * lines + 2
