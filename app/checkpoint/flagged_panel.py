"""首页 → 卡点异常: today's gate entries with a fever, a symptom or a key-area origin not yet turned into a
quarantine case (db.queries.checkpoints.flagged_open). 登记管控… (or Enter, or a double click) asks for the
policy and opens the case in one action (app/checkpoint/case_action.py); the entry then leaves this list.
首页 shows it below the tiles when its tile is chosen (the tile's number is len(lines))."""

from __future__ import annotations

from datetime import date

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QKeyEvent
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.checkpoint.case_action import open_case_asking
from app.editors.dialog_parts import ERROR_STYLE
from db.queries.checkpoints import EntryLine, flagged_open

HEADINGS = ("时间", "卡点", "姓名", "身份证号", "从何处来", "异常情况")


class _Table(QTableWidget):
    def __init__(self, panel: FlaggedPanel) -> None:
        super().__init__(0, len(HEADINGS), panel)
        self.panel = panel

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if event is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.panel.open_case()
            return
        super().keyPressEvent(event)


class FlaggedPanel(QWidget):
    """`refresh(day)` re-reads the day's open flagged entries; `lines` holds what is shown; case_opened(case id)."""

    case_opened = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkpointFlagged")
        self.lines: list[EntryLine] = []
        self.day = date.today()
        self.message = QLabel()
        self.message.setObjectName("checkpointFlaggedMessage")
        self.case_button = QPushButton("登记管控…")
        self.case_button.setObjectName("checkpointFlaggedCase")
        self.case_button.clicked.connect(self.open_case)
        self.table = _Table(self)
        self.table.setObjectName("checkpointFlaggedList")
        self.table.setHorizontalHeaderLabels(list(HEADINGS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.doubleClicked.connect(lambda _index: self.open_case())
        header = self.table.horizontalHeader()
        for column, width in enumerate((50, 120, 80, 150, 110, 300)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_a: self._follow())
        top = QHBoxLayout()
        top.addWidget(self.message, 1)
        top.addWidget(self.case_button)
        header_height = self.table.horizontalHeader().sizeHint().height()  # 首页 at 150 %: one row's room
        self.table.setMinimumHeight(header_height + 24 + 2 * self.table.frameWidth())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def refresh(self, day: date | None = None) -> None:
        self.day = day or self.day
        self.lines = flagged_open(self.day)
        row = self.table.currentRow()
        self.table.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            cells = (f"{line.at:%H:%M}", line.checkpoint, line.name, line.shown_id_number, line.from_place, line.flags)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, column, item)
        if self.lines:
            self.table.setCurrentCell(min(max(row, 0), len(self.lines) - 1), 0)
        self._follow()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.message.clear()
        super().hideEvent(event)

    def current(self) -> EntryLine | None:
        row = self.table.currentRow()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def _follow(self) -> None:
        self.case_button.setEnabled(self.current() is not None)

    def open_case(self) -> None:
        line = self.current()
        if line is None:
            return
        case_id, said = open_case_asking(self, line)
        if said:
            self.message.setStyleSheet(ERROR_STYLE if case_id is None else "color: #2e6da4;")
            self.message.setText(said)
        if case_id is not None:
            self.refresh()
            self.case_opened.emit(case_id)
