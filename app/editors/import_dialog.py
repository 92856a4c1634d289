"""What every spreadsheet import dialog does: read, let the clerk fix the column guess, preview, import.

The roster and the quarantine ledger import the same way (forms/*_import read and plan, db.imports applies), so the
flow lives here once; a subclass says what it reads, how it guesses and plans, and what applying means.
Reading, planning and writing each run off the UI thread with a cancellable progress dialog; the
writing is one transaction, so a cancel leaves the database untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QSettings, Qt
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

from app.editors.choice_groups import ChoiceGroupsSection
from app.editors.dialog_parts import ERROR_STYLE, fit_screen_size
from app.tasks import BackgroundTask, ThreadProgress
from db.errors import LedgerError
from db.progress import Cancelled
from forms.choice_words import choice_groups
from forms.excel.issue_report import write_import_report
from forms.excel.reader import SheetTable

SKIP = "（不导入）"
SAMPLE_ROWS = 3
SPREADSHEET_FILTER = "表格文件 (*.xlsx *.xlsm *.xls *.ods *.csv);;所有文件 (*)"


def _sample(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def ask_spreadsheet(parent: QWidget | None, title: str) -> Path | None:
    """The file to import, starting in the folder last used (the per-PC setting the main window keeps)."""
    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "VillageLedger", "ui")
    start = str(settings.value("paths/last_folder", str(Path.home())))
    path, _filter = QFileDialog.getOpenFileName(parent, title, start, SPREADSHEET_FILTER)
    if not path:
        return None
    settings.setValue("paths/last_folder", str(Path(path).parent))
    return Path(path)


class MappingTable(QTableWidget):
    """One sheet's columns: header, sample values, and what each column is imported as."""

    def __init__(
        self, table: SheetTable, labels: Mapping[str, str], guess: Mapping[int, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(len(table.headers), 3, parent)
        self.sheet_table = table
        self.setHorizontalHeaderLabels(["表格中的列", "示例", "导入为"])
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.combos: list[QComboBox] = []
        for col, header in enumerate(table.headers):
            self.setItem(col, 0, QTableWidgetItem(header or f"（第 {col + 1} 列）"))
            samples = [_sample(cells[col]) for _row, cells in table.rows[:SAMPLE_ROWS] if cells[col] not in (None, "")]
            self.setItem(col, 1, QTableWidgetItem("，".join(samples)))
            combo = QComboBox()
            combo.addItem(SKIP, None)
            for key, label in labels.items():
                combo.addItem(label, key)
            if col in guess:
                combo.setCurrentIndex(combo.findData(guess[col]))
            self.setCellWidget(col, 2, combo)
            self.combos.append(combo)
        self.resizeColumnToContents(0)
        self.setColumnWidth(2, 170)

    def mapping(self) -> dict[int, str]:
        return {col: combo.currentData() for col, combo in enumerate(self.combos) if combo.currentData()}


class SpreadsheetImportDialog(QDialog):
    """Shows the mapping and the preview; `result_summary` is set once something was imported.

    Subclasses fill in the hooks below; `options` is a row above the mapping for their own choices
    (call `invalidate()` when one changes, as a changed mapping does).
    """

    #: what the import changes, for messages ("花名册", "隔离台账")
    subject = "数据"

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(title)
        fit_screen_size(self, 1000, 680)
        self.tables: list[SheetTable] = []
        self.plan: Any = None
        self.result_summary = ""
        self.task: BackgroundTask | None = None
        self.tabs = QTabWidget()
        self._build_summary()
        buttons = self._build_buttons()
        splitter = self._build_splitter()
        self._lay_out(splitter, buttons)

    def _build_summary(self) -> None:
        self.summary = QLabel("正在读取文件……")
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QTableWidget(0, 5)
        self.problems.setObjectName("refusedTable")
        self.problems.setHorizontalHeaderLabels(["工作表", "行号", "姓名", "字段", "原因"])
        self.problems.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def _build_buttons(self) -> QHBoxLayout:
        self.preview_button = QPushButton("预览")
        self.preview_button.setObjectName("previewButton")
        self.preview_button.clicked.connect(self.preview)
        self.save_report_button = QPushButton("保存导入结果清单…")
        self.save_report_button.setToolTip("每一行的去向：新建、合并、未导入（及原因）、跳过（不是数据），附汇总")
        self.save_report_button.setObjectName("saveReportButton")
        self.save_report_button.clicked.connect(self.save_report)
        self.import_button = QPushButton("开始导入")
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.run_import)
        close = QPushButton("关闭")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        for button in (self.preview_button, self.save_report_button, self.import_button):
            button.setEnabled(False)
        self.save_report_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        return buttons

    def _build_splitter(self) -> QSplitter:
        """The sheets above, the choice words' reading in the middle, the refused rows below."""
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.choice_section = ChoiceGroupsSection()  # how the choice columns' words were read; the clerk corrects
        self.choice_section.remembered.connect(self._choice_remembered)
        self.choice_section.failed.connect(self.show_error)
        lower_layout.addWidget(QLabel("未导入的行（红色）和提示："))
        lower_layout.addWidget(self.problems)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.choice_section)
        splitter.addWidget(lower)
        splitter.setSizes([300, 170, 230])
        return splitter

    def _lay_out(self, splitter: QSplitter, buttons: QHBoxLayout) -> None:
        self.options = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("请核对每一列“导入为”的匹配，必要时修改，然后点“预览”查看将导入的内容。"))
        layout.addLayout(self.options)
        layout.addWidget(splitter, 1)
        # Outside the splitter: a splitter gives its parts fixed heights, so a wrapped label in it loses lines.
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

    # --- hooks ---------------------------------------------------------------------------------

    def read(self, progress: ThreadProgress) -> list[SheetTable]:
        raise NotImplementedError

    def target_labels(self) -> Mapping[str, str]:
        """Target key → what the 导入为 combo shows."""
        raise NotImplementedError

    def guess(self, table: SheetTable) -> dict[int, str]:
        raise NotImplementedError

    def mapping_problems(self, mapping: dict[int, str]) -> list[str]:
        raise NotImplementedError

    def plan_options(self) -> dict[str, Any]:
        """The dialog's own choices for planning, read on the UI thread before the planning starts."""
        return {}

    def make_plan(self, mappings: dict[str, dict[int, str]], options: dict[str, Any], progress: ThreadProgress) -> Any:
        """Runs in the worker thread, so it gets the dialog's state as arguments, never from widgets."""
        raise NotImplementedError

    def describe(self, plan: Any) -> str:
        raise NotImplementedError

    def importable(self, plan: Any) -> bool:
        raise NotImplementedError

    def apply(self, plan: Any, progress: ThreadProgress) -> Any:
        """Write the plan (in the worker thread); returns a result with summary()."""
        raise NotImplementedError

    # --- steps ---------------------------------------------------------------------------------

    def start(self) -> None:
        self.task = BackgroundTask(self, "正在读取表格……", self.read, self._on_read, self._on_failed).start()

    def _on_read(self, tables: list[SheetTable]) -> None:
        self.tables = tables
        labels = self.target_labels()
        for table in tables:
            if not table.rows:  # its rows are all set aside (no header, a hidden sheet): counted, nothing to map
                continue
            mapping_table = MappingTable(table, labels, self.guess(table))
            for combo in mapping_table.combos:
                combo.currentIndexChanged.connect(self._mapping_changed)
            self.tabs.addTab(mapping_table, f"{table.label}（{len(table.rows)} 行）")
        self.preview_button.setEnabled(True)
        self.preview()

    def mappings(self) -> dict[str, dict[int, str]]:
        return {
            t.sheet_table.key: t.mapping()
            for t in (self.tabs.widget(i) for i in range(self.tabs.count()))
            if isinstance(t, MappingTable)
        }

    def _mapping_changed(self) -> None:
        self.invalidate("列的匹配已修改，请重新“预览”。")

    def _choice_remembered(self, message: str) -> None:
        """A corrected reading of words is stored: the next parse reads them so, so preview again at once."""
        self.invalidate(message)
        self.preview()

    def invalidate(self, message: str) -> None:
        """A choice changed after the preview: the plan no longer says what importing would do."""
        self.plan = None
        self.import_button.setEnabled(False)
        self.preview_button.setDefault(True)
        self.summary.setStyleSheet("")
        self.summary.setText(message)

    def show_error(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet(ERROR_STYLE)

    def preview(self) -> None:
        mappings = self.mappings()
        problems = [
            f"工作表“{sheet or '数据'}”：{'；'.join(p)}"
            for sheet, m in mappings.items()
            if (p := self.mapping_problems(m))
        ]
        if problems:
            self.show_error("无法导入：\n" + "\n".join(problems))
            self.import_button.setEnabled(False)
            return
        options = self.plan_options()
        self.task = BackgroundTask(
            self, "正在检查数据……", lambda p: self.make_plan(mappings, options, p), self._on_planned, self._on_failed
        ).start()

    def _on_planned(self, plan: Any) -> None:
        self.plan = plan
        self.summary.setStyleSheet("")
        self.summary.setText(self.describe(plan))
        self.choice_section.show_groups(choice_groups(plan))
        rows = plan.refused + plan.warnings
        self.problems.setRowCount(len(rows))
        for r, p in enumerate(rows):
            for c, value in enumerate((p.sheet, p.row, p.name, p.field, p.reason)):
                item = QTableWidgetItem(str(value))
                if c == 4:
                    item.setToolTip(str(value))  # a long reason is cut at the table's edge
                if p.severity == "error":
                    item.setForeground(QColor("#c0392b"))
                self.problems.setItem(r, c, item)
        for c in range(4):  # not the stretched 原因: sizing it to its text would stop it filling the table
            self.problems.resizeColumnToContents(c)
        self.save_report_button.setEnabled(True)
        ready = self.importable(plan)
        self.import_button.setEnabled(ready)
        (self.import_button if ready else self.preview_button).setDefault(True)

    def run_import(self) -> None:
        plan = self.plan
        if plan is None:
            return
        self.import_button.setEnabled(False)
        self.task = BackgroundTask(
            self, "正在导入……", lambda p: self.apply(plan, p), self._on_imported, self._on_import_failed
        ).start()

    def _on_imported(self, result: Any) -> None:
        self.result_summary = result.summary()
        QMessageBox.information(self, "导入完成", f"导入完成：{self.result_summary}。")
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.summary.setStyleSheet("")
            self.summary.setText(f"已取消，{self.subject}没有任何改动。")
        elif isinstance(exc, (LedgerError, OSError)):
            self.show_error(str(exc))
        else:
            self.show_error(f"出错：{exc!r}")
        self.import_button.setEnabled(self.plan is not None)

    def _on_import_failed(self, exc: BaseException) -> None:
        self.plan = None  # a plan may be spent by writing it: a new preview starts afresh
        self._on_failed(exc)
        self.summary.setText(self.summary.text() + "\n请重新“预览”后再导入。")
        self.preview_button.setDefault(True)

    def done(self, result: int) -> None:
        """Closing by any means (Esc, 关闭, the window's X) stops the work first."""
        if self.task is not None:
            self.task.stop()
        super().done(result)

    def save_report(self) -> None:
        if self.plan is None:
            return
        default = self.path.with_name(f"{self.path.stem}_导入结果.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "保存导入结果清单", str(default), "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        try:
            write_import_report(Path(path), self.plan.accounted, self.plan.warnings)
        except (LedgerError, OSError) as exc:
            self.show_error(f"导入结果清单没有保存：{exc}")
            return
        self.summary.setText(self.summary.text() + f"\n导入结果清单已保存：{path}")
