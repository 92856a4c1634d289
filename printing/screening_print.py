"""Printing a screening round's field sheet from the ledger: db selects the grid's households and people
(db.queries.field_sheet), the document draws them, and the print is recorded through db.prints like the
cases' papers (the role is asked first, so a refused print writes no file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db import prints
from db.progress import Progress
from db.queries.field_sheet import FieldSheet, field_sheet
from db.queries.gap_list import GapSheet, gap_sheet
from db.queries.screening import GapLine
from printing.documents import field_sheet as document
from printing.documents import gap_list


def record_for(sheet: FieldSheet) -> prints.PrintRecord:
    """What the audit says of the sheet: round and grid, and how many households and people it lists."""
    summary = f"打印{document.TITLE}（{sheet.round_name} {sheet.grid}，{len(sheet.households)} 户 {sheet.people} 人）"
    about = (("round", sheet.round_id), ("grid", sheet.grid), ("households", len(sheet.households)))
    return prints.PrintRecord(summary, document.TITLE, (), about=about)


def print_field_sheet(round_id: int, grid: str, out: Path, progress: Progress | None = None) -> FieldSheet:
    """Write the grid's sheet for the round to `out` and record the print; returns what it lists."""
    prints.may_print()
    sheet = field_sheet(round_id, grid)
    path = document.render(sheet, out, progress)
    prints.record_print(record_for(sheet), str(path))
    return sheet


def print_gap_list(
    round_id: int, out: Path, on: date, lines: list[GapLine] | None = None, progress: Progress | None = None
) -> GapSheet:
    """Write the round's 未完成排查户清单 to `out` (on: the day in its header; lines: the gaps as already read)
    and record the print, as the field sheet is; returns what it lists."""
    prints.may_print()
    sheet = gap_sheet(round_id, lines)
    path = gap_list.render(sheet, out, on, progress)
    summary = f"打印{gap_list.TITLE}（{sheet.round_name}，{sheet.households} 户）"
    about = (("round", sheet.round_id), ("households", sheet.households))
    prints.record_print(prints.PrintRecord(summary, gap_list.TITLE, (), about=about), str(path))
    return sheet
