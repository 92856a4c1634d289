"""乡镇汇总: a township's PC loads its villages' day packages (from a stick or a folder, off the UI thread, every
file accounted for) and sees the day's summary — a row per village and 合计 — and the villages × days grid where
已上报, 零报告, 迟报 and 未上报 are told apart, with any gap in a village's package numbers, and the day's merged
lists (合并名单); 导出汇总表… writes the workbook with them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PyQt6.QtCore import QDate, QEventLoop, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QShowEvent
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.shortcuts import add_shortcuts
from app.township.merged_lists import MergedLists
from db.progress import Cancelled, Progress, check_cancelled
from db.queries.township import (
    LATE,
    MISSING,
    REPORTED,
    ZERO,
    grid,
    number_notes,
    sequence_gaps,
    sequence_reuses,
    summary,
)
from db.reports.spec import MEASURE_LABELS
from forms.reports.township_import import REFUSED, TownshipImport, import_paths

TITLE = "乡镇汇总"
GRID_DAYS = 7
STATE_COLOURS = {REPORTED: "#d4edda", ZERO: "#e8f4fd", LATE: "#fff3cd", MISSING: "#f8d7da"}


class TownshipPage(QWidget):
    """Emits status_changed for the status bar; `today` is the day it opens on."""

    status_changed = pyqtSignal(str)

    def __init__(self, today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.day_box = QDateEdit()
        self.day_box.setObjectName("townshipDay")
        self.day_box.setCalendarPopup(True)
        self.day_box.setDisplayFormat("yyyy年M月d日")
        self.day_box.dateChanged.connect(lambda _d: self.reload())
        self.import_button = QPushButton("导入数据包…（Ctrl+I）")
        self.import_button.setObjectName("townshipImport")
        self.import_button.clicked.connect(lambda: self.import_packages())
        self.export_button = QPushButton("导出汇总表…（Ctrl+R）")
        self.export_button.setObjectName("townshipExport")
        self.export_button.clicked.connect(lambda: self.export())
        top = QHBoxLayout()
        top.addWidget(QLabel("报告日期"))
        top.addWidget(self.day_box)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        self.state = QLabel()
        self.state.setObjectName("townshipState")
        self.state.setWordWrap(True)
        self.table = _table("townshipSummary")
        self.grid = _table("townshipGrid")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        reports = QWidget()
        reports_layout = QVBoxLayout(reports)
        reports_layout.setContentsMargins(0, 0, 0, 0)
        reports_layout.addWidget(QLabel(f"近 {GRID_DAYS} 天各村上报情况（迟报：次日中午以后才导出）"))
        reports_layout.addWidget(self.grid, 1)
        self.merged = MergedLists()
        self.lower = QTabWidget()
        self.lower.setObjectName("townshipTabs")
        self.lower.addTab(reports, "上报情况")
        self.lower.addTab(self.merged, "合并名单")
        split.addWidget(self.lower)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addWidget(split, 1)
        add_shortcuts(self, [("Ctrl+I", self.import_packages), ("Ctrl+R", self.export)])
        day = self.today()
        self.day_box.setDate(QDate(day.year, day.month, day.day))

    @property
    def day(self) -> date:
        return self.day_box.date().toPyDate()

    def showEvent(self, event: QShowEvent | None) -> None:
        self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        measures, rows, villages = summary(self.day)
        shown = [  # a figure no village has (累计 of a 现有-only row) gets no empty column
            (key, m)
            for key in rows
            for m in measures
            if any(v.figures.get(key, {}).get(m) is not None for v in villages)
        ]
        headers = ["村（社区）", "上报情况"]
        headers += [f"{_row_name(block, label)}\n{MEASURE_LABELS.get(m, m)}" for (block, label), m in shown]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(villages))
        for r, v in enumerate(villages):
            cells = [v.name, v.state]
            for key, m in shown:
                value = v.figures.get(key, {}).get(m)
                cells.append("" if value is None else str(value))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c == 1 and text in STATE_COLOURS:
                    item.setBackground(QColor(STATE_COLOURS[text]))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        days, states = grid(self.day - timedelta(days=GRID_DAYS - 1), self.day)
        gaps, reuses = sequence_gaps(), sequence_reuses()
        notes = number_notes(gaps, reuses)
        self.grid.clear()
        self.grid.setColumnCount(len(days) + 2)
        self.grid.setHorizontalHeaderLabels(["村（社区）", *(f"{d.month}月{d.day}日" for d in days), "数据包序号"])
        self.grid.setRowCount(len(states))
        for r, (code, name, cells) in enumerate(states):
            self.grid.setItem(r, 0, QTableWidgetItem(name))
            for c, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QColor(STATE_COLOURS[text]))
                self.grid.setItem(r, c, item)
            self.grid.setItem(r, len(days) + 1, QTableWidgetItem(notes.get(code, "")))
        self.grid.resizeColumnsToContents()
        self.merged.reload(self.day)
        known = len(states)
        reported = sum(1 for _c, _n, cells in states if cells[-1] != MISSING)
        said = (
            f"{self.day.month}月{self.day.day}日：{known} 个村中 {reported} 个已报"
            if known
            else "还没有导入任何村的数据包：点“导入数据包…”，选 U 盘或存放数据包的文件夹"
        )
        if gaps:
            said += f"；{len(gaps)} 个村的数据包序号有缺口（有数据包没收到）"
        if reuses:
            said += f"；{len(reuses)} 个村的数据包序号重复（该村电脑可能恢复过备份，之后录入的记录可能缺失，请核实）"
        self.state.setText(said)
        self.status_changed.emit(f"{TITLE}：{said}")

    def import_packages(self, folder: Path | None = None, password: str | None = None) -> TownshipImport | None:
        """Every package under the folder chosen, each checked and loaded on its own; the outcome of each file told."""
        from app.tasks import BackgroundTask

        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "选择 U 盘或存放各村数据包的文件夹")
            if not chosen:
                return None
            folder = Path(chosen)
        if password is None:
            text, ok = QInputDialog.getText(
                self, TITLE, "数据包的加密密码（各村导出时设的，乡镇统一）：", QLineEdit.EchoMode.Password
            )
            if not ok:
                return None
            password = text

        def work(progress: Progress) -> TownshipImport:
            def every_file(done: int, total: int) -> None:
                progress.update(done, total)
                check_cancelled(progress)

            return import_paths([folder], password, every_file)

        outcome: list[TownshipImport] = []
        failure: list[BaseException] = []
        loop = QEventLoop()
        task = BackgroundTask(self, "正在导入各村数据包……", work, outcome.append, failure.append)
        task.done.connect(loop.quit)
        task.start()
        loop.exec()
        task.deleteLater()
        self.reload()
        if not outcome:
            exc = failure[0]
            text = "已取消：已导入的数据包保留，其余没有导入。" if isinstance(exc, Cancelled) else str(exc)
            QMessageBox.warning(self, TITLE, text)
            return None
        result = outcome[0]
        lines = [result.summary()]
        lines += [f"{o.file.name}：{o.reason}" for o in result.outcomes if o.outcome == REFUSED]
        box = QMessageBox.warning if result.count(REFUSED) else QMessageBox.information
        box(self, TITLE, "\n".join(lines))
        return result

    def export(self, target: Path | None = None) -> Path | None:
        from app.export_task import export_with_progress, write_in_background
        from forms.reports.township_export import export_township_summary

        day = self.day
        first = day - timedelta(days=GRID_DAYS - 1)

        def write(path: Path, _progress: Progress) -> int:
            return len(export_township_summary(day, first, path))

        def saved(count: int) -> str:
            return f"{day:%Y-%m-%d} 的汇总表已导出（{count} 张工作表）"

        if target is not None:
            return write_in_background(self, TITLE, "正在导出汇总表……", target, lambda p: write(target, p), saved)
        return export_with_progress(self, "汇总表", f"汇总表-{day:%Y%m%d}.xlsx", write, saved)


def _row_name(block: str, label: str) -> str:
    """A row's label, with its block where the label alone says little (合计, 其中：…)."""
    return f"{block}{label}" if label == "合计" or label.startswith("其中") else label


def _table(name: str) -> QTableWidget:
    table = QTableWidget(0, 0)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    return table
