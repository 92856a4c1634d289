"""The 花名册 workbook: title, header, one row per person grouped by household, ready to print on A4."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from db import exports
from db.files import check_target
from db.models import Village
from db.progress import Progress, check_cancelled
from db.queries.people import Scope, count_households, count_people, iter_roster
from db.rules.chinese_dates import long_date
from forms.definitions import HOUSEHOLD, PERSON
from forms.excel.report_style import (
    BORDER,
    CENTER,
    FIRST_BORDER,
    FONT,
    HEADER_FILL,
    HEADER_FONT,
    LEFT,
    SHADE,
    a4_landscape,
    add_meta,
    styled,
)
from forms.excel.workbook_files import as_text, expect_rows, save_verified, writable, writing
from forms.types import Field

SHEET_TITLE = "花名册"
HEADER_ROW = 3

#: Household columns repeated on each member's row (so the sheet can be filtered and re-imported).
HOUSEHOLD_COLUMNS = ("grid_name", "number", "door_no", "head_name", "kind")
_ROW_KEYS = {"number": "household_number"}


@dataclass(frozen=True)
class Column:
    """A roster column: its field definition and the key of its value in a roster row."""

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


def export_roster(target: Path, progress: Progress | None = None, include_left: bool = False) -> int:
    """Write the roster workbook to target (temp file, verified, renamed); returns the number of people."""
    exports.may_export()  # before anything is written: the roster carries full ID numbers
    village = Village.select().first()
    columns = roster_columns()
    scope = Scope(include_left=include_left)
    total = count_people("", scope)
    households = count_households(scope)
    check_target(target)  # a vanished folder or a read-only file is said before the work, not after it
    wb = Workbook(write_only=True)
    ws: Worksheet = wb.create_sheet(SHEET_TITLE)
    _layout(ws, columns)
    title = f"{village.name if village else ''}户籍人口花名册"
    unit = (
        f"填报单位：{(village.township + ' ') if village else ''}{village.name if village else ''}    "
        f"填报人：{village.clerk if village else ''}    导出日期：{long_date(date.today())}    "
        f"共 {households} 户 {total} 人"
    )
    with writing(target, wb):  # rows stream to a temporary file as they are added: the disk may refuse here
        ws.append([styled(ws, title, Font(name="黑体", size=16, bold=True), CENTER)])
        ws.append([styled(ws, unit, FONT, LEFT)])
        ws.append(
            [styled(ws, "序号", HEADER_FONT, CENTER, BORDER, HEADER_FILL)]
            + [styled(ws, c.field.label, HEADER_FONT, CENTER, BORDER, HEADER_FILL) for c in columns]
        )
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
        add_meta(wb, "roster", total)

    save_verified(wb, target, expect_rows(SHEET_TITLE, HEADER_ROW + total))
    exports.record_roster_export(title, total, target)
    if progress is not None:
        progress.update(total, total)
    return total


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
            template = styled(
                self.ws,
                None,
                FONT,
                CENTER if centred else LEFT,
                FIRST_BORDER if first else BORDER,
                SHADE if shade else None,
            )
            if text:
                template.number_format = "@"
            look = self._looks[key] = template._style
        cell = WriteOnlyCell(self.ws, value=writable(value))
        cell._style = copy(look)
        return as_text(cell)


def _layout(ws: Worksheet, columns: list[Column]) -> None:
    ws.column_dimensions["A"].width = 6
    for index, column in enumerate(columns, start=2):
        ws.column_dimensions[get_column_letter(index)].width = column.field.width + 1
    a4_landscape(ws, HEADER_ROW, freeze=f"B{HEADER_ROW + 1}")
