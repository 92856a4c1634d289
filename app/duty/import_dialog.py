"""Import a duty list workbook (值班人员名单) into 值班人员, through the shared import flow: the column guess
to confirm, a preview of who is added, changed or already there and every row's fate, then one transaction
(db.imports.duty_people.apply_duty_plan), so a cancel leaves the list untouched."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PyQt6.QtWidgets import QWidget

from app.editors.import_dialog import SpreadsheetImportDialog, ask_spreadsheet
from app.tasks import ThreadProgress
from db.imports.duty_people import DutyImportPlan, DutyImportResult, apply_duty_plan
from forms.duty_import import duty_mapping_problems, guess_duty_mapping, labels, plan_duty_import, read_duty_list
from forms.excel.reader import SheetTable


class DutyImportDialog(SpreadsheetImportDialog):
    """`result_summary` is set once something was imported."""

    subject = "值班人员"

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(path, f"导入值班人员名单：{path.name}", parent)

    def read(self, progress: ThreadProgress) -> list[SheetTable]:
        return read_duty_list(self.path, progress)

    def target_labels(self) -> Mapping[str, str]:
        return labels()

    def guess(self, table: SheetTable) -> dict[int, str]:
        return guess_duty_mapping(table)

    def mapping_problems(self, mapping: dict[int, str]) -> list[str]:
        return duty_mapping_problems(mapping)

    def make_plan(
        self, mappings: dict[str, dict[int, str]], options: dict[str, Any], progress: ThreadProgress
    ) -> DutyImportPlan:
        return plan_duty_import(self.tables, mappings, progress)

    def describe(self, plan: DutyImportPlan) -> str:
        return plan.preview()

    def importable(self, plan: DutyImportPlan) -> bool:
        return bool(plan.to_write or plan.apart)

    def apply(self, plan: DutyImportPlan, progress: ThreadProgress) -> DutyImportResult:
        return apply_duty_plan(plan, self.path.name, progress)


def open_duty_import(parent: QWidget | None = None, path: Path | None = None) -> str | None:
    """Ask for the workbook (unless given), run the import dialog; the result summary if anything was imported."""
    path = path or ask_spreadsheet(parent, "选择值班人员名单")
    if path is None:
        return None
    dialog = DutyImportDialog(path, parent)
    dialog.start()
    dialog.exec()
    return dialog.result_summary or None
