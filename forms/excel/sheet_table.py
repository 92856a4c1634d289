"""What the steps of reading a roster file share: the sheet as loaded, the table handed back, the errors.

Why a module of its own: opening, the extent guard, CSV decoding, header finding and row sorting each
need these shapes, and the public entry (reader.py) needs all the steps; kept here, no step imports the
entry and no step imports another just for a type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from db.errors import LedgerError
from db.progress import Cancelled, Progress
from forms.excel.formula_cells import Unread
from forms.excel.mapping import Target, guess_mapping, normalize_header

#: Merged ranges of a sheet as calamine gives them, ((first row, first column), (last row, last column)),
#: 0-based; None where the format keeps none (ods, csv).
Merged = list[tuple[tuple[int, int], tuple[int, int]]] | None

Tick = Callable[[int, int], None]  # (rows done, rows in sheet): report progress, raise if cancelled

#: A run of white space, wherever cells are read as text.
WHITESPACE = re.compile(r"\s+")


class WorkbookError(LedgerError):
    """The file cannot be read as a roster; the message (Chinese) tells the clerk why."""


#: The clerk pressed 取消 (kept under this name for callers of the reader).
ImportCancelled = Cancelled


def check_cancel(progress: Progress) -> None:
    """Stop the reading where it stands once the clerk has pressed 取消."""
    if getattr(progress, "cancelled", False):
        raise ImportCancelled("已取消导入")


@dataclass
class SheetTable:
    """One table of a sheet: combined header names and the data rows below them.

    Every non-blank row of the sheet belongs to exactly one table, as data or in `skipped` with the reason it
    is not data (title, header, header copy, subtotal, note), so an import can account for each of them. A
    sheet without a table is one with no headers and all its rows skipped.
    """

    sheet: str  # sheet name ("" for csv)
    header_row: int  # 1-based row number of the (last) header row; 0 when the sheet has no table
    headers: list[str]  # one per column; "" for a blank header
    rows: list[tuple[int, list[object]]] = field(default_factory=list)  # (row number, cells)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason); not blanks
    #: Under a parent header spanning several columns (现住址 over 组别 | 门牌): each column's own name and its
    #: parent's; "" where a column has none. The mapping goes by the own name first.
    own: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    #: Which table of its sheet this is (0 for the first; a sheet may hold several, one under another).
    index: int = 0
    #: The title line above the table ("东风村二组户籍人口花名册"), "" if none.
    title: str = ""
    #: Data rows' cells that read as blank but hold a formula without a result or an error value: row number
    #: → column → what is wrong, in Chinese (forms/excel/formula_cells.cell_issues makes them the rows' problems).
    unread: dict[int, dict[int, str]] = field(default_factory=dict)
    #: The non-blank rows above the data as read (title and unit lines, the header): row number → cells. A
    #: pushed list goes back to the township with them as they came (forms.pushed_import).
    lines: dict[int, list[object]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Names the table among the workbook's (mappings are kept per table)."""
        return self.sheet if self.index == 0 else f"{self.sheet}（第{self.index + 1}个表）"

    @property
    def label(self) -> str:
        return self.key or "数据"

    def guess_mapping(self, targets: list[Target]) -> dict[int, str]:
        return guess_mapping(self.own or self.headers, targets, self.parents or None, self.repeated_filled())

    def repeated_filled(self) -> dict[int, int]:
        """Column → cells filled, for the columns whose header another column repeats (两个“身份证号”列)."""
        names = [normalize_header(h) for h in (self.own or self.headers)]
        seen = Counter(n for n in names if n)
        return {
            col: sum(1 for _row, cells in self.rows if nonblank(cells[col : col + 1]))
            for col, name in enumerate(names)
            if seen.get(name, 0) > 1
        }

    def column(self, cols: Sequence[int]) -> list[object]:
        """The cells of a column, or of several joined as text (省 | 市 | 县 under 户籍地址)."""
        if len(cols) == 1:
            col = cols[0]
            return [cells[col] for _row, cells in self.rows]
        return ["".join(header_text(cells[c]) for c in cols) for _row, cells in self.rows]


@dataclass
class Grid:
    """A sheet as loaded: rows from row 1 on (all the same width), merged ranges if known."""

    name: str
    rows: list[list[object]]
    merged: Merged
    hidden: bool = False
    #: Cells with a formula but no result, or an error value (they read as ""): see formula_cells.
    unread: Unread = field(default_factory=dict)


# ---------------------------------------------------------------------------- cells as text


def cell_text(cell: object) -> str:
    """A text cell with its runs of white space made one space; "" for any other cell."""
    return WHITESPACE.sub(" ", cell).strip() if cell.__class__ is str else ""


def nonblank(row: Sequence[object]) -> int:
    """How many cells of the row hold something (a number, a date, or text other than spaces)."""
    return sum(1 for c in row if (c.__class__ is not str) or c.strip())


def header_text(cell: object) -> str:
    """Header cell as one line of text; wrapped lines join without a space (Chinese)."""
    if cell.__class__ is str:
        return WHITESPACE.sub(" ", re.sub(r"\s*\n\s*", "", cell)).strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.date, dt.time)):
        return cell.isoformat()
    return str(cell)
