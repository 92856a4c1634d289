"""Import a grid worker's screening workbook into a round, through the shared import flow.

The round is the one the screening page has chosen; the preview says how many household visits are new, changed
or already there as the file says, and every row's fate (the refused ones with their reasons). The writing is one
transaction (db.imports.screening.apply_screening_plan), so a cancel leaves the round untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from PyQt6.QtWidgets import QWidget

from app.editors.import_dialog import SpreadsheetImportDialog, ask_spreadsheet
from app.tasks import ThreadProgress
from db.imports.screening import ScreeningImportPlan, ScreeningImportResult, apply_screening_plan
from forms.excel.reader import SheetTable
from forms.screening_fields import labels
from forms.screening_import import (
    guess_screening_mapping,
    plan_screening_import,
    read_screening,
    screening_mapping_problems,
)


class ScreeningImportDialog(SpreadsheetImportDialog):
    """The screening workbook import into one round; `result_summary` is set once something was imported."""

    subject = "排查记录"

    def __init__(self, path: Path, round_id: int, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(path, f"导入入户排查表：{path.name}", parent)
        self.round_id = round_id
        self.today = today

    def read(self, progress: ThreadProgress) -> list[SheetTable]:
        return read_screening(self.path, progress)

    def target_labels(self) -> Mapping[str, str]:
        return labels()

    def guess(self, table: SheetTable) -> dict[int, str]:
        return guess_screening_mapping(table)

    def mapping_problems(self, mapping: dict[int, str]) -> list[str]:
        return screening_mapping_problems(mapping)

    def plan_options(self) -> dict[str, Any]:
        return {"round_id": self.round_id, "today": self.today}

    def make_plan(
        self, mappings: dict[str, dict[int, str]], options: dict[str, Any], progress: ThreadProgress
    ) -> ScreeningImportPlan:
        return plan_screening_import(options["round_id"], self.tables, mappings, progress, today=options["today"])

    def describe(self, plan: ScreeningImportPlan) -> str:
        return plan.preview()

    def importable(self, plan: ScreeningImportPlan) -> bool:
        return bool(plan.to_write)

    def apply(self, plan: ScreeningImportPlan, progress: ThreadProgress) -> ScreeningImportResult:
        return apply_screening_plan(self.round_id, plan, self.path.name, progress)


def open_screening_import(round_id: int, parent: QWidget | None = None) -> str | None:
    """Ask for the workbook, run the import dialog; the result summary if anything was imported."""
    path = ask_spreadsheet(parent, "选择网格员的入户排查表")
    if path is None:
        return None
    dialog = ScreeningImportDialog(path, round_id, parent)
    dialog.start()
    dialog.exec()
    return dialog.result_summary or None
