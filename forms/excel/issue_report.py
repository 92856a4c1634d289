"""The list of refused rows (and warnings) of an import, saved as a workbook the clerk can work through."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from forms.excel.workbook_files import expect_rows, save_verified

HEADERS = ("工作表", "行号", "姓名", "字段", "原因")


class RowProblem(Protocol):
    sheet: str
    row: int
    name: str
    field: str
    reason: str


def write_issue_report(path: Path, refused: Sequence[RowProblem], warnings: Sequence[RowProblem] = ()) -> Path:
    wb = Workbook()
    first = wb.active
    first.title = "未导入"
    _fill(first, refused)
    if warnings:
        _fill(wb.create_sheet("提示"), warnings)
    return save_verified(wb, path, expect_rows("未导入", len(refused) + 1))


def _fill(ws, problems: Sequence[RowProblem]) -> None:  # type: ignore[no-untyped-def]
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1EA")
    for p in problems:
        ws.append([p.sheet, p.row, p.name, p.field, p.reason])
    for letter, width in zip("ABCDE", (12, 7, 12, 14, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
