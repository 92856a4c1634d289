"""Printing a screening round's field sheet from the ledger: db selects the grid's households and people
(db.queries.field_sheet), the document draws them, and the print is recorded through db.prints like the
cases' papers (the role is asked first, so a refused print writes no file)."""

from __future__ import annotations

from pathlib import Path

from db import prints
from db.progress import Progress
from db.queries.field_sheet import FieldSheet, field_sheet
from printing.documents import field_sheet as document


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
