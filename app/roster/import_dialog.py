"""Import a roster workbook: read it, let the clerk fix the column guess, preview, then import.

Reading, planning and writing each run off the UI thread with a cancellable progress dialog; the
writing is one transaction (forms.roster_import.apply_plan), so a cancel leaves the roster untouched.
"""

from __future__ import annotations

from pathlib import Path
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.tasks import BackgroundTask
from forms.excel.issue_report import write_issue_report
from db.errors import LedgerError
from db.progress import Cancelled
from forms.excel.reader import SheetTable
from forms.roster_fields import ROSTER_TARGETS
from forms.roster_import import (
    ImportPlan,
    ImportResult,
    apply_plan,
    guess_roster_mapping,
    mapping_problems,
    plan_import,
    read_roster,
)

SKIP = "（不导入）"
SAMPLE_ROWS = 3
_TARGET_LABELS = {t.key: ("户：" if t.key.startswith("household.") else "") + t.label for t in ROSTER_TARGETS}


def _sample(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


class MappingTable(QTableWidget):
    """One sheet's columns: header, sample values, and what each column is imported as."""

    def __init__(self, table: SheetTable, parent: QWidget | None = None) -> None:
        super().__init__(len(table.headers), 3, parent)
        self.sheet_table = table
        self.setHorizontalHeaderLabels(["表格中的列", "示例", "导入为"])
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        guess = guess_roster_mapping(table)
        self.combos: list[QComboBox] = []
        for col, header in enumerate(table.headers):
            self.setItem(col, 0, QTableWidgetItem(header or f"（第 {col + 1} 列）"))
            samples = [_sample(cells[col]) for _row, cells in table.rows[:SAMPLE_ROWS] if cells[col] not in (None, "")]
            self.setItem(col, 1, QTableWidgetItem("，".join(samples)))
            combo = QComboBox()
            combo.addItem(SKIP, None)
            for key, label in _TARGET_LABELS.items():
                combo.addItem(label, key)
            if col in guess:
                combo.setCurrentIndex(combo.findData(guess[col]))
            self.setCellWidget(col, 2, combo)
            self.combos.append(combo)
        self.resizeColumnToContents(0)
        self.setColumnWidth(2, 160)

    def mapping(self) -> dict[int, str]:
        return {col: combo.currentData() for col, combo in enumerate(self.combos) if combo.currentData()}


class ImportDialog(QDialog):
    """Shows the mapping and the preview; `result_summary` is set once something was imported."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(f"导入花名册：{path.name}")
        self.resize(1000, 680)
        self.tables: list[SheetTable] = []
        self.plan: ImportPlan | None = None
        self.result_summary = ""
        self.task: BackgroundTask | None = None
        self.tabs = QTabWidget()
        self.summary = QLabel("正在读取文件……")
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(0, 5)
        self.problems.setObjectName("refusedTable")
        self.problems.setHorizontalHeaderLabels(["工作表", "行号", "姓名", "字段", "原因"])
        self.problems.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.problems.verticalHeader().hide()
        self.preview_button = QPushButton("预览")
        self.preview_button.clicked.connect(self.preview)
        self.save_report_button = QPushButton("保存未导入清单…")
        self.save_report_button.clicked.connect(self.save_report)
        self.import_button = QPushButton("开始导入")
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.run_import)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        for button in (self.preview_button, self.save_report_button, self.import_button):
            button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.summary)
        lower_layout.addWidget(QLabel("未导入的行和提示："))
        lower_layout.addWidget(self.problems)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        splitter.addWidget(lower)
        splitter.setSizes([380, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("请核对每一列“导入为”的匹配，必要时修改，然后点“预览”查看将导入的内容。"))
        layout.addWidget(splitter)
        layout.addLayout(buttons)

    # --- steps ---------------------------------------------------------------------------------

    def start(self) -> None:
        self.task = BackgroundTask(self, "正在读取表格……", lambda p: read_roster(self.path, p),
                                   self._on_read, self._on_failed).start()

    def _on_read(self, tables: list[SheetTable]) -> None:
        self.tables = tables
        for table in tables:
            mapping_table = MappingTable(table)
            for combo in mapping_table.combos:
                combo.currentIndexChanged.connect(self._mapping_changed)
            label = f"{table.sheet or '数据'}（{len(table.rows)} 行）"
            self.tabs.addTab(mapping_table, label)
        self.preview_button.setEnabled(True)
        self.preview()

    def mappings(self) -> dict[str, dict[int, str]]:
        return {
            t.sheet_table.sheet: t.mapping()
            for t in (self.tabs.widget(i) for i in range(self.tabs.count()))
            if isinstance(t, MappingTable)
        }

    def _mapping_changed(self) -> None:
        self.plan = None
        self.import_button.setEnabled(False)
        self.summary.setText("列的匹配已修改，请重新“预览”。")

    def preview(self) -> None:
        mappings = self.mappings()
        problems = [f"工作表“{sheet}”：{'；'.join(p)}" for sheet, m in mappings.items() if (p := mapping_problems(m))]
        if problems:
            self.summary.setText("无法导入：\n" + "\n".join(problems))
            self.summary.setStyleSheet("color: #c0392b;")
            self.import_button.setEnabled(False)
            return
        self.task = BackgroundTask(self, "正在检查数据……", lambda p: plan_import(self.tables, mappings, p),
                                   self._on_planned, self._on_failed).start()

    def _on_planned(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.summary.setStyleSheet("")
        grids = f"；新建网格：{'、'.join(plan.new_grids)}" if plan.new_grids else ""
        self.summary.setText(
            f"共读取 {plan.rows_read} 行：将新建 {plan.new_households} 户、{plan.new_people} 人；"
            f"合并 {plan.merged} 人（已登记或表中重复）；未导入 {plan.refused_rows} 行；提示 {len(plan.warnings)} 条{grids}。"
        )
        rows = plan.refused + plan.warnings
        self.problems.setRowCount(len(rows))
        for r, p in enumerate(rows):
            for c, value in enumerate((p.sheet, p.row, p.name, p.field, p.reason)):
                item = QTableWidgetItem(str(value))
                if p.severity == "error":
                    item.setForeground(QColor("#c0392b"))
                self.problems.setItem(r, c, item)
        self.problems.resizeColumnsToContents()
        self.save_report_button.setEnabled(bool(plan.refused or plan.warnings))
        self.import_button.setEnabled(plan.new_people > 0 or plan.merged > 0)

    def run_import(self) -> None:
        plan = self.plan
        if plan is None:
            return
        self.import_button.setEnabled(False)
        self.task = BackgroundTask(self, "正在导入……", lambda p: apply_plan(plan, self.path.name, p),
                                   self._on_imported, self._on_import_failed).start()

    def _on_imported(self, result: ImportResult) -> None:
        self.result_summary = result.summary()
        QMessageBox.information(self, "导入完成", f"导入完成：{self.result_summary}。")
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.summary.setText("已取消，花名册没有任何改动。")
        elif isinstance(exc, (LedgerError, OSError)):
            self.summary.setText(str(exc))
            self.summary.setStyleSheet("color: #c0392b;")
        else:
            self.summary.setText(f"出错：{exc!r}")
            self.summary.setStyleSheet("color: #c0392b;")
        self.import_button.setEnabled(self.plan is not None)

    def _on_import_failed(self, exc: BaseException) -> None:
        self.plan = None  # apply_plan completes the plan as it writes: a new preview starts afresh
        self._on_failed(exc)
        self.summary.setText(self.summary.text() + "\n请重新“预览”后再导入。")

    def done(self, result: int) -> None:  # noqa: D102 - closing by any means stops the work first
        if self.task is not None:
            self.task.stop()
        super().done(result)

    def save_report(self) -> None:
        if self.plan is None:
            return
        default = self.path.with_name(f"{self.path.stem}_未导入清单.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "保存未导入清单", str(default), "Excel 工作簿 (*.xlsx)")
        if path:
            write_issue_report(Path(path), self.plan.refused, self.plan.warnings)
            self.summary.setText(self.summary.text() + f"\n未导入清单已保存：{path}")
