"""Import a list the township pushed down (核查名单) through the shared import flow, with its source named.

The source (铁路、大数据比对 …, a combo of those seen before, editable) decides the column mapping: the
columns its last list was read with are mapped so again, for the headers it knows (forms.pushed_import).
Changing it maps the columns anew. The preview says the list's facts read from its header lines (下发单位,
批次, 下发日期, 反馈时限) and the columns kept; importing writes the batch and matches it to the roster.

P3's page opens it with `open_pushed_import(parent, now)`, which returns the PushedImportResult (its
batch_id names the new batch) or None.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from PyQt6.QtWidgets import QComboBox, QLabel, QWidget

from app.editors.import_dialog import MappingTable, SpreadsheetImportDialog, ask_spreadsheet
from app.tasks import ThreadProgress
from db.imports.pushed import PushedImportResult, PushedPlan, apply_pushed_plan
from db.queries.pushed import remembered_mapping, sources
from db.settings_values import pushed_deadline_hours
from forms.excel.reader import SheetTable
from forms.pushed_import import (
    TARGET_LABELS,
    describe_plan,
    guess_pushed_mapping,
    plan_pushed_tables,
    pushed_mapping_problems,
    read_pushed,
)

__all__ = ["PushedImportDialog", "open_pushed_import"]


class PushedImportDialog(SpreadsheetImportDialog):
    """The pushed list's import; `result` (and `result_summary`) are set once it is imported.

    now: when the list was received (the deadline counts from it when the list names none); None: the
    moment 开始导入 is pressed."""

    subject = "核查名单"

    def __init__(self, path: Path, parent: QWidget | None = None, now: datetime | None = None) -> None:
        super().__init__(path, f"导入核查名单：{path.name}", parent)
        self.now = now
        self.result: PushedImportResult | None = None
        self.source = QComboBox()
        self.source.setObjectName("sourceChoice")
        self.source.setEditable(True)
        self.source.addItems(sources())
        self.source.setCurrentIndex(-1)  # no source until the clerk names one
        line = self.source.lineEdit()
        if line is not None:
            line.setPlaceholderText("如：铁路、大数据比对（空着则按下发单位）")
        self.source.setMinimumWidth(240)
        self.source.setToolTip("同一来源的下一份名单按上次的列匹配自动对应")
        self.source.currentTextChanged.connect(self._source_changed)
        label = QLabel("名单来源(&S)：")
        label.setBuddy(self.source)
        self.options.addWidget(label)
        self.options.addWidget(self.source)
        self.options.addStretch(1)

    # --- hooks ---------------------------------------------------------------------------------

    def read(self, progress: ThreadProgress) -> list[SheetTable]:
        return read_pushed(self.path, progress)

    def target_labels(self) -> Mapping[str, str]:
        return TARGET_LABELS

    def guess(self, table: SheetTable) -> dict[int, str]:
        return guess_pushed_mapping(table, remembered_mapping(self.source.currentText()))

    def mapping_problems(self, mapping: dict[int, str]) -> list[str]:
        return pushed_mapping_problems(mapping)

    def plan_options(self) -> dict[str, Any]:
        current = self.tabs.currentWidget()
        sheet = current.sheet_table.sheet if isinstance(current, MappingTable) else None
        return {"source": self.source.currentText(), "sheet": sheet, "today": (self.now or datetime.now()).date()}

    def make_plan(
        self, mappings: dict[str, dict[int, str]], options: dict[str, Any], progress: ThreadProgress
    ) -> PushedPlan:
        sheet = options["sheet"]
        key = next((t.key for t in self.tables if t.rows and (sheet is None or t.sheet == sheet)), None)
        mapping = mappings.get(key) if key is not None else None
        return plan_pushed_tables(self.tables, self.path, options["source"], mapping, sheet, progress, options["today"])

    def describe(self, plan: PushedPlan) -> str:
        lines = list(describe_plan(plan))
        lines.insert(1, f"{plan.describe_rows()}；将导入 {len(plan.items)} 人，提示 {len(plan.warnings)} 条。")
        return "\n".join(lines)

    def importable(self, plan: PushedPlan) -> bool:
        return bool(plan.items)

    def apply(self, plan: PushedPlan, progress: ThreadProgress) -> PushedImportResult:
        received = self.now or datetime.now().replace(second=0, microsecond=0)
        result = apply_pushed_plan(plan, received, pushed_deadline_hours(), progress)
        self.result = result
        return result

    # --- the source ----------------------------------------------------------------------------

    def _source_changed(self, _text: str) -> None:
        """Another source remembers other columns: map every sheet's columns anew, then preview again."""
        for i in range(self.tabs.count()):
            table = self.tabs.widget(i)
            if not isinstance(table, MappingTable):
                continue
            guessed = self.guess(table.sheet_table)
            for col, combo in enumerate(table.combos):
                combo.blockSignals(True)
                combo.setCurrentIndex(max(0, combo.findData(guessed.get(col))))
                combo.blockSignals(False)
        if self.tables:
            self.invalidate("名单来源已修改，列的匹配已按该来源重新对应，请重新“预览”。")


def open_pushed_import(parent: QWidget | None = None, now: datetime | None = None) -> PushedImportResult | None:
    """Ask for the township's workbook and run the import dialog; the result if a batch was imported."""
    path = ask_spreadsheet(parent, "选择上级推送的核查名单")
    if path is None:
        return None
    dialog = PushedImportDialog(path, parent, now)
    dialog.start()
    dialog.exec()
    return dialog.result
