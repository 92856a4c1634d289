"""A report sheet as the township's forms have it: title row, header line, the form's header row, then one
styled row per dict, ready to print on A4 landscape (the isolation lists, a screening round's register).

Each data cell shares the style of its column, made once: openpyxl re-hashes a style object on every
assignment, which for a round over 30,000 households would take minutes (as forms.roster_export found). The
rows are all cells, placed as they are (see _placed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from forms.excel.report_style import (
    BORDER,
    CENTER,
    FONT,
    HEADER_FILL,
    HEADER_FONT,
    LEFT,
    PAGE_WIDTH,
    a4_landscape,
    fit_row_height,
    printed_lines,
    styled,
)
from forms.excel.workbook_files import as_text, expect_rows, writable

HEADER_ROW = 3
#: The row an empty sheet gets, so the township sees the sheet was filled in, with nobody on it.
NONE_ROW = "（无）"
#: Rows written between two progress reports.
PROGRESS_STEP = 2000
#: A row dict with this key set is written in bold (the summary's 全村 line).
STRONG = "_strong"

_TITLE_FONT = Font(name="黑体", size=16, bold=True)
_STRONG_FONT = Font(name="宋体", size=10, bold=True)
_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class SheetSpec:
    """A sheet as the form has it: its tab name, its title after the village's name, its columns (header,
    width in characters) in the form's order, and which columns are text, centred or numbers."""

    name: str
    title: str
    columns: tuple[tuple[str, int], ...]
    text: frozenset[str] = frozenset()
    centred: frozenset[str] = frozenset()
    #: number formats by header (a temperature with one decimal)
    formats: dict[str, str] = field(default_factory=dict)
    #: columns kept in view when scrolling right (序号 + 姓名)
    frozen: int = 2

    @property
    def headers(self) -> list[str]:
        return [name for name, _width in self.columns]


def write_sheet(
    wb: Workbook,
    spec: SheetSpec,
    title: str,
    line: str,
    rows: Sequence[dict[str, Any]],
    every_rows: Callable[[int], None] | None = None,
) -> int:
    """Add the sheet to a write-only workbook; returns its number of rows (what the read-back check expects).
    every_rows(n) is called after each PROGRESS_STEP rows (to show progress and to be cancelled)."""
    ws: Worksheet = wb.create_sheet(spec.name)
    ws._values_to_row = _placed
    for index, (_name, width) in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width + 1
    width = sum(w + 1 for _name, w in spec.columns)
    freeze = f"{get_column_letter(spec.frozen + 1)}{HEADER_ROW + 1}"
    a4_landscape(ws, HEADER_ROW, freeze, width, spec.frozen)
    span = _first_page_columns(spec)  # the title and header line over the first page, not the middle one
    last = get_column_letter(span)
    ws.append([styled(ws, title, _TITLE_FONT, CENTER)])
    spanned = sum(w + 1 for _name, w in spec.columns[:span])
    if (lines := printed_lines(line, spanned)) > 1:  # a narrow sheet (汇总) wraps its header line rather than cut it
        ws.row_dimensions[2].height = 13.5 * lines + 2
    ws.append([styled(ws, line, FONT, _WRAP if lines > 1 else LEFT)])
    fit_row_height(ws, HEADER_ROW, spec.columns)
    ws.append([styled(ws, h, HEADER_FONT, CENTER, BORDER, HEADER_FILL) for h in spec.headers])
    ws.merged_cells.add(f"A1:{last}1")
    ws.merged_cells.add(f"A2:{last}2")
    cell = _CellMaker(ws, spec)
    shown = rows or [{spec.headers[min(1, len(spec.headers) - 1)]: NONE_ROW}]
    headers, widths = spec.headers, [width for _name, width in spec.columns]
    for index, row in enumerate(shown, start=HEADER_ROW + 1):
        values = [row.get(h, "") for h in headers]
        fit_row_height(ws, index, zip(map(str, values), widths, strict=True))
        strong = bool(row.get(STRONG))
        ws.append([cell(h, value, strong) for h, value in zip(headers, values, strict=True)])
        if every_rows is not None and (index - HEADER_ROW) % PROGRESS_STEP == 0:
            every_rows(index - HEADER_ROW)
    return HEADER_ROW + len(shown)


def _first_page_columns(spec: SheetSpec) -> int:
    """How many columns the first printed page holds (all of them, for a sheet one page wide)."""
    taken, count = 0, 0
    for _name, width in spec.columns:
        taken += width + 1
        if taken > PAGE_WIDTH and count:
            break
        count += 1
    return count


def expect_sheets(counts: dict[str, int]) -> Callable[[Path], None]:
    """A check for save_verified: every sheet reads back with its number of rows."""
    checks = [expect_rows(name, rows) for name, rows in counts.items()]

    def check(path: Path) -> None:
        for each in checks:
            each(path)

    return check


class _CellMaker:
    """Data cells styled by their column: one style and one cell made per column (and per weight), the cell
    given each row's value (a write-only sheet writes a row out as it is appended)."""

    def __init__(self, ws: Worksheet, spec: SheetSpec) -> None:
        self.ws = ws
        self.spec = spec
        self._cells: dict[tuple[str, bool], _ColumnCell] = {}

    def __call__(self, header: str, value: Any, strong: bool = False) -> Cell:
        cell = self._cells.get((header, strong))
        if cell is None:
            cell = self._cells[(header, strong)] = self._made(header, strong)
        cell.value = writable(value)
        cell._style = cell.look  # again: as_text gives a cell its own copy before it changes it
        return as_text(cell)

    def _made(self, header: str, strong: bool) -> _ColumnCell:
        spec = self.spec
        alignment = CENTER if header in spec.centred else _WRAP
        template = styled(self.ws, None, _STRONG_FONT if strong else FONT, alignment, BORDER)
        if header in spec.text:
            template.number_format = "@"
        elif header in spec.formats:
            template.number_format = spec.formats[header]
        return _ColumnCell(self.ws, template._style)


class _ColumnCell(Cell):  # type: ignore[misc]
    """A column's cell, its style looked up in the workbook once, not at every row written (openpyxl hashes
    the style of each cell it writes to find its number)."""

    __slots__ = ("look", "look_id")

    def __init__(self, ws: Worksheet, look: StyleArray) -> None:
        super().__init__(ws, column=1, row=1)
        self.look = look
        self._style = look  # type: ignore[misc]
        self.look_id = ws.parent._cell_styles.add(look)

    @property
    def style_id(self) -> int:
        return self.look_id if self._style is self.look else int(super().style_id)

    @property
    def has_style(self) -> bool:
        return True


def _placed(cells: Sequence[Any], row: int) -> Iterator[Any]:
    """A row of cells at its place. openpyxl's own step first tries each thing appended as a value, which for
    a cell fails with an exception, and costs about as much as writing the cell."""
    for column, cell in enumerate(cells, start=1):
        cell.column, cell.row = column, row
        yield cell
