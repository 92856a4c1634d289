"""上报: the day's report as the township gets it — every figure computed from the ledgers as they stood at the
day's end, never typed — with the last 14 days as a chart. Choosing a figure (click, or Enter on it) lists the
records behind it below (ID numbers and phones masked); 导出日报表… (Ctrl+R) writes the workbook with the
lists in the background, and on a day with nothing new the same button says 导出零报告….
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PyQt6.QtCore import QDate, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QShowEvent
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.charts.trend_chart import TrendChart
from app.shortcuts import add_shortcuts
from db.errors import LedgerError
from db.reports.figures import FigureRow, Figures, compute, listing
from db.reports.spec import ReportSpec
from db.rules.chinese_dates import long_date
from forms.reports import definitions
from forms.reports.day_package import mask_for

FIXED = 2
"""类别 and 项目 before the figure columns."""
ZERO_COLOUR = QColor("#1e7e34")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def shown(value: object) -> str:
    """A list's value as the screen writes it: days and times in Chinese (12月1日 09:30), not ISO."""
    text = "" if value is None else str(value)
    if DAY.fullmatch(text[:10]):
        rest = text[11:16]
        return long_date(date.fromisoformat(text[:10])) + (f" {rest}" if rest else "")
    return text


class ReportPage(QWidget):
    """Emits status_changed for the status bar. `today` is the day it opens on."""

    status_changed = pyqtSignal(str)

    def __init__(self, today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.spec: ReportSpec = definitions.current()
        self.figures: Figures | None = None
        self.day_box = QDateEdit()
        self.day_box.setObjectName("reportDay")
        self.day_box.setCalendarPopup(True)
        self.day_box.setDisplayFormat("yyyy年M月d日")
        self.day_box.dateChanged.connect(lambda _d: self.reload())
        self.reviewer = QLineEdit()
        self.reviewer.setObjectName("reportReviewer")
        self.reviewer.setPlaceholderText("审核人姓名")
        self.reviewer.setMaximumWidth(120)
        self.state = QLabel()
        self.state.setObjectName("reportState")
        self.state.setWordWrap(True)  # its own line: a long note never widens the page past a small screen
        self.export_button = QPushButton("导出日报表…")
        self.export_button.setObjectName("reportExport")
        self.export_button.setToolTip("导出本日的日报表（Ctrl+R），内含各项明细和五张名单")
        self.export_button.clicked.connect(lambda: self.export())
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("reportPrint")
        self.print_button.setToolTip("把本日的日报表和近14天趋势图存成 PDF 并打开，从阅读器打印（Ctrl+P）")
        self.print_button.clicked.connect(lambda: self.print_report())
        self.handover_button = QPushButton("导出到U盘…")
        self.handover_button.setObjectName("reportHandOver")
        self.handover_button.setToolTip("把本日的上报材料和数据包写到 U 盘，核对后记入上报记录（Ctrl+U）")
        self.handover_button.clicked.connect(lambda: self.hand_over())
        self.definition_button = QToolButton()
        self.definition_button.setObjectName("reportDefinition")
        self.definition_button.setText("报表定义")
        self.definition_button.setToolTip("导入乡镇下发的报表定义，或恢复内置的日报表")
        self.definition_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.definition_button)
        menu.addAction("导入乡镇下发的报表定义…", lambda: self.import_definition())
        menu.addAction("导出正在使用的报表定义…", lambda: self.export_definition())
        menu.addAction("恢复内置的日报表", lambda: self.use_builtin())
        self.definition_button.setMenu(menu)
        top = QHBoxLayout()
        for widget in (QLabel("报告日期"), self.day_box, QLabel("审核人"), self.reviewer):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.definition_button)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        top.addWidget(self.handover_button)

        self.chart = TrendChart(self.today)  # the last 14 (or 30) days up to the chosen day
        self.chart.setMaximumHeight(200)
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("reportFigures")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.currentCellChanged.connect(lambda row, column, *_: self.show_behind(row, column))
        self.behind_title = QLabel("选中一个数字，这里列出它对应的人员和记录")
        self.behind_title.setObjectName("reportBehindTitle")
        self.behind = QTableWidget(0, 0)
        self.behind.setObjectName("reportBehind")
        self.behind.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.behind.verticalHeader().setVisible(False)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.behind_title)
        lower_layout.addWidget(self.behind, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addWidget(self.chart)
        layout.addWidget(split, 1)
        add_shortcuts(
            self,
            [
                ("Ctrl+R", self.export),
                ("Ctrl+P", self.print_report),
                ("Ctrl+U", self.hand_over),
                ("Alt+Left", lambda: self.step(-1)),
                ("Alt+Right", lambda: self.step(1)),
            ],
        )
        self._set_day(self.today())

    def _set_day(self, day: date) -> None:
        self.day_box.setDate(QDate(day.year, day.month, day.day))

    @property
    def day(self) -> date:
        return self.day_box.date().toPyDate()

    def step(self, days: int) -> None:
        self._set_day(self.day + timedelta(days=days))

    def showEvent(self, event: QShowEvent | None) -> None:
        """Computed again each time the page is shown: another page may have changed the ledger."""
        if not self.reviewer.text():
            self.reviewer.setText(self._village_reviewer())
        self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        try:
            figures = compute(self.spec, self.day)
        except LedgerError as exc:
            self.state.setText(str(exc))
            return
        self.figures = figures
        self.chart.reload(self.day)
        labels = [self.spec.column_labels.get(c, c) for c in self.spec.columns]
        self.table.clear()
        self.table.setColumnCount(FIXED + len(labels))
        self.table.setHorizontalHeaderLabels(["类别", "项目", *labels])
        self.table.setRowCount(len(figures.rows))
        shown_block = None
        for r, row in enumerate(figures.rows):
            block = "" if row.block == shown_block else row.block
            shown_block = row.block
            self.table.setItem(r, 0, QTableWidgetItem(block))
            self.table.setItem(r, 1, QTableWidgetItem(row.label))
            for c, measure in enumerate(self.spec.columns, start=FIXED):
                value = row.figures[measure]
                item = QTableWidgetItem("—" if value is None else str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if value is None:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 150)
        for c in range(FIXED, FIXED + len(labels)):
            self.table.setColumnWidth(c, 80)
        zero = figures.zero
        self.export_button.setText("导出零报告…" if zero else "导出日报表…")
        said = "零报告：本日各项无新增、无减少" if zero else f"共 {len(figures.rows)} 项"
        if figures.walked_back:
            said += f"；按当天结束时的台账计算，其后的 {figures.walked_back} 处改动不计入"
        self.state.setText(said)
        self.state.setStyleSheet(f"color: {ZERO_COLOUR.name()};" if zero else "")
        self.behind.setRowCount(0)
        self.behind_title.setText("选中一个数字，这里列出它对应的人员和记录")
        self.status_changed.emit(f"上报 {self.day:%Y-%m-%d}：" + ("零报告" if zero else "有新增或减少"))

    def row_at(self, row: int) -> FigureRow | None:
        if self.figures is None or not 0 <= row < len(self.figures.rows):
            return None
        return self.figures.rows[row]

    def show_behind(self, row: int, column: int) -> None:
        """The records behind the chosen figure (a row's label: all its day's records)."""
        chosen = self.row_at(row)
        if chosen is None:
            return
        measure = self.spec.columns[column - FIXED] if column >= FIXED else None
        if measure == "total" or (measure is not None and chosen.figures.get(measure) is None):
            measure = None  # 累计 is the whole history: the day's records are shown instead
        found = listing(self.spec, chosen, self.day, measure)
        self.behind.clear()
        self.behind.setColumnCount(len(found.headers))
        self.behind.setHorizontalHeaderLabels(list(found.headers))
        self.behind.setRowCount(len(found.rows))
        masks = [mask_for(header) for header in found.headers]
        for r, values in enumerate(found.rows):
            for c, (mask, value) in enumerate(zip(masks, values, strict=True)):
                text = shown(value)
                if mask and text:
                    text = mask(text)
                self.behind.setItem(r, c, QTableWidgetItem(text))
        self.behind.resizeColumnsToContents()
        what = self.spec.column_labels.get(measure, "本日") if measure else "本日"
        self.behind_title.setText(f"{chosen.block} · {chosen.label} · {what}：{len(found.rows)} 条")

    def export(self, target: Path | None = None) -> Path | None:
        """The day's workbook, off the UI thread with a cancellable progress (a path given: no file dialog)."""
        from app.export_task import export_with_progress, write_in_background
        from forms.reports.daily_export import export_daily_report

        day, reviewer = self.day, self.reviewer.text().strip()
        title = "零报告" if self.figures is not None and self.figures.zero else "日报表"
        name = f"{title}-{day:%Y%m%d}.xlsx"

        def write(path: Path, progress) -> int:  # type: ignore[no-untyped-def]
            return len(export_daily_report(self.spec, day, path, reviewer, progress).sheets)

        def saved(count: int) -> str:
            return f"{day:%Y-%m-%d} 的{title}已导出（{count} 张工作表）"

        if target is not None:
            return write_in_background(self, title, f"正在导出{title}……", target, lambda p: write(target, p), saved)
        return export_with_progress(self, title, name, write, saved)

    def print_report(self) -> Path | None:
        """The day's report and its 14-day chart as a PDF, written off the UI thread, then opened to print."""
        from app.export_task import save_pdf
        from printing.daily_report_print import print_daily_report

        day, reviewer = self.day, self.reviewer.text().strip()
        title = "零报告" if self.figures is not None and self.figures.zero else "日报表"

        def work(path: Path, progress) -> Figures:  # type: ignore[no-untyped-def]
            return print_daily_report(self.spec, day, path, reviewer, progress)

        def saved(_figures: Figures) -> str:
            return f"{day:%Y-%m-%d} 的{title}已存为 PDF"

        return save_pdf(self, f"打印{title}", f"{title}-{day:%Y%m%d}.pdf", f"正在生成{title} PDF……", work, saved)

    @staticmethod
    def _village_reviewer() -> str:
        from db.queries.village import village

        found = village()
        return found.reviewer if found is not None else ""

    def import_definition(self, path: Path | None = None) -> bool:
        """A township's definition file, checked, kept and used from now on (a mistake is said, nothing kept)."""
        from PyQt6.QtWidgets import QFileDialog

        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(self, "选择乡镇下发的报表定义", "", "报表定义 (*.json)")
            if not chosen:
                return False
            path = Path(chosen)
        try:
            spec = definitions.import_definition(path)
        except LedgerError as exc:
            QMessageBox.warning(self, "报表定义", f"没有导入“{path.name}”：{exc}")
            return False
        self.spec = spec
        self.reload()
        QMessageBox.information(
            self, "报表定义", f"已导入“{spec.title}”（{len(spec.categories)} 个统计项目），以后的日报表都按它计算。"
        )
        return True

    def export_definition(self) -> None:
        from PyQt6.QtWidgets import QFileDialog

        chosen, _filter = QFileDialog.getSaveFileName(self, "导出报表定义", "日报表定义.json", "报表定义 (*.json)")
        if not chosen:
            return
        try:
            written = definitions.write_definition(self.spec, Path(chosen))
        except LedgerError as exc:
            QMessageBox.warning(self, "报表定义", str(exc))
            return
        self.status_changed.emit(f"已导出报表定义：{written}")

    def use_builtin(self) -> None:
        from db.reports.definition_store import forget_definition

        try:
            forgot = forget_definition()
        except LedgerError as exc:
            QMessageBox.warning(self, "报表定义", str(exc))
            return
        self.spec = definitions.daily()
        self.reload()
        self.status_changed.emit("已恢复为内置的日报表定义" if forgot else "正在使用的就是内置的日报表定义")

    def hand_over(self) -> None:
        """导出到U盘: the day's files on a stick chosen by its label, with 上报记录."""
        from app.reports.handover_dialog import HandOverDialog

        zero = self.figures is not None and self.figures.zero
        HandOverDialog(self.day, self.spec, self.reviewer.text().strip(), zero, parent=self).exec()
