"""What an import did with every row of the file, saved as a workbook the clerk can work through.

A summary sheet whose counts add up to the rows read, then a sheet per outcome (新建, 合并, 未导入, 跳过 …)
with each row's sheet and Excel row number, and the warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from db.imports.rows import OUTCOMES, RowAccount, tally
from forms.excel.workbook_files import as_text, expect_rows, save_verified, writable

SUMMARY = "汇总"
WARNINGS = "提示"
ROW_HEADERS = ("工作表", "行号", "姓名", "原因")
WARNING_HEADERS = ("工作表", "行号", "姓名", "字段", "原因")


class RowProblem(Protocol):
    """A refused or warned row of any import, as the report workbook lists it."""

    sheet: str
    row: int
    name: str
    field: str
    reason: str


def write_import_report(path: Path, accounted: Sequence[RowAccount], warnings: Sequence[RowProblem] = ()) -> Path:
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY
    counts = tally(accounted)
    _header(summary, ("结果", "行数"))
    for outcome, label in OUTCOMES.items():
        summary.append([label, counts[outcome]])
    summary.append(["共读取（不含空行）", len(accounted)])
    summary.append(["提示（不影响导入）", len(warnings)])
    summary.column_dimensions["A"].width = 22
    for outcome, label in OUTCOMES.items():
        rows = [a for a in accounted if a.outcome == outcome]
        if rows:
            ws = wb.create_sheet(label.split("（")[0])
            _header(ws, ROW_HEADERS)
            for a in rows:
                ws.append([writable(v) for v in (a.sheet, a.row, a.name, a.reason)])
            _widths(ws, (12, 7, 12, 60))
    if warnings:
        ws = wb.create_sheet(WARNINGS)
        _header(ws, WARNING_HEADERS)
        for p in warnings:
            ws.append([writable(v) for v in (p.sheet, p.row, p.name, p.field, p.reason)])
        _widths(ws, (12, 7, 12, 14, 60))
    for ws in wb.worksheets:  # names, reasons and sheet names come from the file: text, never formulas
        for row in ws.iter_rows():
            for cell in row:
                as_text(cell)
    return save_verified(wb, path, expect_rows(SUMMARY, len(OUTCOMES) + 3))


def _header(ws, names: Sequence[str]) -> None:  # type: ignore[no-untyped-def]
    ws.append(list(names))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1EA")
    ws.freeze_panes = "A2"


def _widths(ws, widths: Sequence[int]) -> None:  # type: ignore[no-untyped-def]
    for letter, width in zip("ABCDE", widths, strict=False):
        ws.column_dimensions[letter].width = width
