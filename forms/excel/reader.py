"""Read the data tables out of a roster file (xlsx, xls, ods, csv) with cell types kept.

Why: clerks' rosters carry title lines, merged two-row headers, blank and subtotal rows and
several sheets. The importer needs, per sheet, just the header names and the data rows with
their Excel row numbers (to tell the clerk "第12行…") and the cells exactly as stored: an ID
number kept as a number cell has already lost digits and must be refused, not repaired.

This is the entry the importers call; the steps live beside it: opening.py (the file and its
sheets), extent.py (the size guard before a sheet is loaded), csv_text.py (a CSV's encoding),
headers.py (the header row), rows.py (data rows and the reasons for the rest), sheet_table.py
(the shapes they share).
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from pathlib import Path

from db.progress import Progress
from forms.excel import formula_cells
from forms.excel.mapping import normalize_header
from forms.excel.opening import PROGRESS_SCALE, grids
from forms.excel.rows import sheet_tables
from forms.excel.sheet_table import ImportCancelled, SheetTable, WorkbookError, check_cancel

__all__ = ["ImportCancelled", "SheetTable", "WorkbookError", "read_tables"]


def read_tables(path: Path, known_headers: Iterable[str] = (), progress: Progress | None = None) -> list[SheetTable]:
    """Tables of every sheet that has a header and data rows, in workbook order.

    known_headers: every header name (labels and synonyms) the importer understands; they
    pick the header row. progress.update(done, total) counts PROGRESS_SCALE units per sheet.
    """
    path = Path(path)
    known = {n for n in map(normalize_header, known_headers) if n}
    if not path.is_file():
        raise WorkbookError(f"找不到文件：{path}")
    if path.stat().st_size == 0:
        raise WorkbookError(f"文件“{path.name}”是空的，没有任何内容。")
    tables: list[tuple[SheetTable, bool]] = []
    try:
        for index, count, grid in grids(path, progress):
            base = index * PROGRESS_SCALE
            total = count * PROGRESS_SCALE

            def tick(done: int, rows: int, base: int = base, total: int = total) -> None:
                if progress is not None:
                    check_cancel(progress)
                    progress.update(base + done * PROGRESS_SCALE // max(rows, 1), total)

            tables.extend((table, grid.hidden) for table in sheet_tables(grid, known, tick))
            if progress is not None:
                progress.update(base + PROGRESS_SCALE, total)
    except OSError as exc:  # locked by another program, unreadable disk …
        raise WorkbookError(
            f"无法打开文件“{path.name}”：{_read_problem(exc)}。如果它正在 Excel/WPS 中打开，请先关闭。"
        ) from exc
    _refuse_if_no_data(path, [t for t, _hidden in tables])
    if any(t.rows for t, hidden in tables if not hidden):
        for table, hidden in tables:
            if hidden and table.rows:
                _set_aside(table, f"隐藏的工作表“{table.sheet}”，未导入（如需导入，请先在 Excel/WPS 中取消隐藏）")
    return [t for t, _hidden in tables]


def _refuse_if_no_data(path: Path, tables: list[SheetTable]) -> None:
    """A file without a single data row is refused, saying why (formulas never calculated, or no table)."""
    if any(t.rows for t in tables):
        return
    if any(reason == formula_cells.ONLY_UNREAD for t in tables for _row, reason in t.skipped):
        raise WorkbookError(
            f"文件“{path.name}”的数据行都是算不出结果的公式（文件中没有保存公式的计算结果）："
            "请在 Excel 或 WPS 中打开并保存后再导入。"
        )
    raise WorkbookError(f"文件“{path.name}”中没有找到数据表：没有哪一页有表头和数据行。")


def _set_aside(table: SheetTable, reason: str) -> None:
    """Count a table's data rows as not read, each with the reason."""
    table.skipped.extend((row, reason) for row, _cells in table.rows)
    table.skipped.sort()
    table.rows = []


def _read_problem(exc: OSError) -> str:
    """Why a file could not be read, in words the clerk knows (the system's own text is English)."""
    if isinstance(exc, PermissionError):
        return "没有读取权限，或文件正被其他程序独占"
    if isinstance(exc, FileNotFoundError):
        return "文件已不存在（U 盘已拔出？）"
    if exc.errno == errno.EIO:
        return "读取出错，磁盘或 U 盘可能有问题"
    return f"读取出错（{exc.strerror or exc}）"
