"""The 花名册 workbook: title, header, one row per person grouped by household, ready to print on A4."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from db.connection import schema_version
from db.base import database
from db.version import APP_VERSION
from db.models import Village
from db.progress import Progress, check_cancelled
from db.queries.people import Scope, count_households, count_people, iter_roster
from forms.definitions import HOUSEHOLD, PERSON
from forms.excel.workbook_files import META_SHEET, expect_rows, save_verified
from forms.types import Field

SHEET_TITLE = "花名册"
HEADER_ROW = 3

#: Household columns repeated on each member's row (so the sheet can be filtered and re-imported).
HOUSEHOLD_COLUMNS = ("grid_name", "number", "door_no", "head_name", "kind")
_ROW_KEYS = {"number": "household_number"}


@dataclass(frozen=True)
class Column:
    field: Field
    key: str


def roster_columns() -> list[Column]:
    columns = [Column(HOUSEHOLD.field(n), _ROW_KEYS.get(n, n)) for n in HOUSEHOLD_COLUMNS]
    return columns + [Column(f, f.name) for f in PERSON.export_fields]


def _cell_value(column: Column, row: dict[str, Any]) -> Any:
    f = column.field
    value = f.compute(row) if f.compute else row.get(column.key)
    if isinstance(value, bool):
        return "是" if value else ""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value) if not isinstance(value, int) else value


_THIN = Side(style="thin", color="808080")
_MEDIUM = Side(style="medium", color="404040")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FIRST_BORDER = Border(left=_THIN, right=_THIN, top=_MEDIUM, bottom=_THIN)
_SHADE = PatternFill("solid", fgColor="EEF3F8")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1EA")
_FONT = Font(name="宋体", size=10)
_HEADER_FONT = Font(name="黑体", size=10, bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center")


def export_roster(target: Path, progress: Progress | None = None, include_left: bool = False) -> int:
    """Write the roster workbook to target (temp file, verified, renamed); returns the number of people."""
    village = Village.select().first()
    columns = roster_columns()
    scope = Scope(include_left=include_left)
    total = count_people("", scope)
    households = count_households(scope)
    wb = Workbook(write_only=True)
    ws: Worksheet = wb.create_sheet(SHEET_TITLE)
    _layout(ws, columns)
    title = f"{village.name if village else ''}户籍人口花名册"
    unit = (
        f"填报单位：{(village.township + ' ') if village else ''}{village.name if village else ''}    "
        f"填报人：{village.clerk if village else ''}    导出日期：{_chinese_date(date.today())}    "
        f"共 {households} 户 {total} 人"
    )
    ws.append([_styled(ws, title, Font(name="黑体", size=16, bold=True), _CENTER)])
    ws.append([_styled(ws, unit, _FONT, _LEFT)])
    ws.append([_styled(ws, "序号", _HEADER_FONT, _CENTER, _BORDER, _HEADER_FILL)]
              + [_styled(ws, c.field.label, _HEADER_FONT, _CENTER, _BORDER, _HEADER_FILL) for c in columns])
    last_col = get_column_letter(len(columns) + 1)
    ws.merged_cells.add(f"A1:{last_col}1")
    ws.merged_cells.add(f"A2:{last_col}2")
    styles = _BodyStyles(ws)
    previous_household = None
    shade = False
    for index, row in enumerate(iter_roster(include_left=include_left), start=1):
        if progress is not None and index % 2000 == 0:
            check_cancelled(progress)
            progress.update(index, total)
        first = row["household"] != previous_household
        if first:
            shade = not shade
            previous_household = row["household"]
        cells = [styles.cell(index, first, shade, centred=True)]
        cells += [styles.cell(_cell_value(c, row), first, shade, text=c.field.kind.masked) for c in columns]
        ws.append(cells)
    _add_meta(wb, "roster", total)

    save_verified(wb, target, expect_rows(SHEET_TITLE, HEADER_ROW + total))
    if progress is not None:
        progress.update(total, total)
    return total


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class _BodyStyles:
    """Data cells come in a few looks; each is styled once and its style copied, because openpyxl
    re-hashes every style object on each assignment (minutes for a 100,000-person roster)."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._looks: dict[tuple[bool, bool, bool, bool], Any] = {}

    def cell(self, value: Any, first: bool, shade: bool, centred: bool = False, text: bool = False) -> WriteOnlyCell:
        key = (first, shade, centred, text)
        look = self._looks.get(key)
        if look is None:
            template = _styled(self.ws, None, _FONT, _CENTER if centred else _LEFT,
                               _FIRST_BORDER if first else _BORDER, _SHADE if shade else None)
            if text:
                template.number_format = "@"
            look = self._looks[key] = template._style
        cell = WriteOnlyCell(self.ws, value=value)
        cell._style = copy(look)
        return cell


def _styled(ws: Worksheet, value: Any, font: Font, alignment: Alignment, border: Border | None = None,
            fill: PatternFill | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = font
    cell.alignment = alignment
    if border is not None:
        cell.border = border
    if fill is not None:
        cell.fill = fill
    return cell


def _layout(ws: Worksheet, columns: list[Column]) -> None:
    ws.column_dimensions["A"].width = 6
    for index, column in enumerate(columns, start=2):
        ws.column_dimensions[get_column_letter(index)].width = column.field.width + 1
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def _add_meta(wb: Workbook, template: str, rows: int) -> None:
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
    ):
        meta.append([key, value])
