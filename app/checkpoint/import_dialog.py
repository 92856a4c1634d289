"""Import a checkpoint register workbook (卡点出入登记表: the paper typed into Excel, or an exported register)
through the shared import flow.

Above the columns: the checkpoint of sheets and rows that name none (the page's chosen one first) and the day of
rows whose sheet says none (a sheet's 日期 header line or column wins). The preview says how many entries and
vehicles the file makes and every row's fate (the refused ones in red with their reasons); a file imported
before is refused at the preview. The writing is one transaction (db.imports.checkpoints.apply_checkpoint_plan).

The checkpoint page opens it with `open_checkpoint_import(parent, checkpoint_id, today)`, which returns the
result summary or None.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QDate
from PyQt6.QtWidgets import QComboBox, QDateEdit, QLabel, QWidget

from app.editors.import_dialog import SpreadsheetImportDialog, ask_spreadsheet
from app.tasks import ThreadProgress
from db.imports.checkpoints import (
    CheckpointImportPlan,
    CheckpointImportResult,
    apply_checkpoint_plan,
    refuse_if_imported,
)
from db.queries.checkpoints import checkpoints
from forms.checkpoint_import import plan_checkpoint_import
from forms.checkpoint_sheets import (
    GATE_TARGETS,
    VEHICLE_TARGETS,
    checkpoint_mapping_problems,
    file_sha256,
    guess_checkpoint_mapping,
    read_checkpoint_register,
)
from forms.excel.reader import SheetTable

__all__ = ["CheckpointImportDialog", "open_checkpoint_import"]


def target_labels() -> dict[str, str]:
    """Target key → what the 导入为 combo shows (a vehicle sheet's columns marked as such)."""
    found = {t.key: t.label for t in GATE_TARGETS}
    found.update({t.key: f"车辆：{t.label}" for t in VEHICLE_TARGETS})
    return found


class CheckpointImportDialog(SpreadsheetImportDialog):
    """The checkpoint register's import; `result_summary` is set once something was imported."""

    subject = "卡点登记"

    def __init__(
        self, path: Path, checkpoint_id: int | None = None, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(path, f"导入卡点出入登记表：{path.name}", parent)
        self.today = today or date.today()
        self.checkpoint = QComboBox()
        self.checkpoint.setObjectName("checkpointChoice")
        for line in checkpoints(include_inactive=True):
            self.checkpoint.addItem(line.name, line.id)
        if checkpoint_id is not None:
            self.checkpoint.setCurrentIndex(max(self.checkpoint.findData(checkpoint_id), 0))
        self.checkpoint.setToolTip("表头或“卡点名称”列写明卡点的，按所写的卡点登记")
        self.day = QDateEdit(QDate(self.today))
        self.day.setObjectName("dayChoice")
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setCalendarPopup(True)
        self.day.setToolTip("表头写了日期（如“日期：2026年12月3日”）或有“日期”列的，按表中的日期")
        place = QLabel("卡点(&K)：")
        place.setBuddy(self.checkpoint)
        on = QLabel("登记日期(&D)：")
        on.setBuddy(self.day)
        self.options.addWidget(place)
        self.options.addWidget(self.checkpoint)
        self.options.addSpacing(16)
        self.options.addWidget(on)
        self.options.addWidget(self.day)
        self.options.addWidget(QLabel("（表中没有日期时）"))
        self.options.addStretch(1)
        self.checkpoint.currentIndexChanged.connect(lambda _i: self.invalidate("卡点已修改，请重新“预览”。"))
        self.day.dateChanged.connect(lambda _d: self.invalidate("登记日期已修改，请重新“预览”。"))

    # --- hooks ---------------------------------------------------------------------------------

    def read(self, progress: ThreadProgress) -> list[SheetTable]:
        return read_checkpoint_register(self.path, progress)

    def target_labels(self) -> Mapping[str, str]:
        return target_labels()

    def guess(self, table: SheetTable) -> dict[int, str]:
        return guess_checkpoint_mapping(table)

    def mapping_problems(self, mapping: dict[int, str]) -> list[str]:
        return checkpoint_mapping_problems(mapping)

    def plan_options(self) -> dict[str, Any]:
        chosen = self.checkpoint.currentData()
        return {"checkpoint": chosen if isinstance(chosen, int) else None, "day": self.day.date().toPyDate()}

    def make_plan(
        self, mappings: dict[str, dict[int, str]], options: dict[str, Any], progress: ThreadProgress
    ) -> CheckpointImportPlan:
        refuse_if_imported(file_sha256(self.path))  # said at the preview, before the clerk checks the rows
        return plan_checkpoint_import(
            self.tables, self.path, options["checkpoint"], options["day"], mappings, progress, self.today
        )

    def describe(self, plan: CheckpointImportPlan) -> str:
        return plan.preview()

    def importable(self, plan: CheckpointImportPlan) -> bool:
        return bool(plan.parties)

    def apply(self, plan: CheckpointImportPlan, progress: ThreadProgress) -> CheckpointImportResult:
        return apply_checkpoint_plan(plan, progress)


def open_checkpoint_import(
    parent: QWidget | None = None, checkpoint_id: int | None = None, today: date | None = None
) -> str | None:
    """Ask for the workbook, run the import dialog; the result summary if anything was imported."""
    path = ask_spreadsheet(parent, "选择卡点出入登记表")
    if path is None:
        return None
    dialog = CheckpointImportDialog(path, checkpoint_id, parent, today)
    dialog.start()
    dialog.exec()
    return dialog.result_summary or None
