"""Import a roster workbook: read it, let the clerk fix the column guess, preview, then import.

The flow (background reading, mapping table, preview, cancellable import) is the shared one of
app.editors.import_dialog; this module says what a roster import reads, plans and writes. The writing
is one transaction (db.imports.roster.apply_plan), so a cancel leaves the roster untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PyQt6.QtWidgets import QWidget

from app.editors.import_dialog import MappingTable, SpreadsheetImportDialog
from app.tasks import ThreadProgress
from db.imports.roster import ImportPlan, ImportResult, apply_plan
from forms.excel.reader import SheetTable
from forms.roster_fields import ROSTER_TARGETS
from forms.roster_import import guess_roster_mapping, mapping_problems, plan_import, read_roster

__all__ = ["ImportDialog", "MappingTable"]

_TARGET_LABELS = {t.key: ("户：" if t.key.startswith("household.") else "") + t.label for t in ROSTER_TARGETS}


class ImportDialog(SpreadsheetImportDialog):
    """The roster import; `result_summary` is set once something was imported."""

    subject = "花名册"

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(path, f"导入花名册：{path.name}", parent)

    def read(self, progress: ThreadProgress) -> list[SheetTable]:
        return read_roster(self.path, progress)

    def target_labels(self) -> Mapping[str, str]:
        return _TARGET_LABELS

    def guess(self, table: SheetTable) -> dict[int, str]:
        return guess_roster_mapping(table)

    def mapping_problems(self, mapping: dict[int, str]) -> list[str]:
        return mapping_problems(mapping)

    def make_plan(
        self, mappings: dict[str, dict[int, str]], options: dict[str, Any], progress: ThreadProgress
    ) -> ImportPlan:
        return plan_import(self.tables, mappings, progress)

    def describe(self, plan: ImportPlan) -> str:
        grids = f"；新建网格：{'、'.join(plan.new_grids)}" if plan.new_grids else ""
        notes = "".join(f"\n注意：{note}" for note in plan.notes)
        return (
            f"{plan.describe_rows()}。\n将新建 {plan.new_households} 户、{plan.new_people} 人；"
            f"合并 {plan.merged} 人（已登记或表中重复）；未导入 {plan.refused_rows} 行；"
            f"提示 {len(plan.warnings)} 条{grids}。"
            f"\n{plan.households_recognised()}。{notes}"
        )

    def importable(self, plan: ImportPlan) -> bool:
        return plan.new_people > 0 or plan.merged > 0

    def apply(self, plan: ImportPlan, progress: ThreadProgress) -> ImportResult:
        return apply_plan(plan, self.path.name, progress)
