"""首页 → 入户排查异常: abnormal screening findings (fever, a symptom, key-area travel, a contact, judged on
their visit day) not yet turned into a quarantine case, from every round. 登记管控 (or Enter) asks for the
policy and opens the case in one action (db.screening_actions.open_case_from_finding); the finding then
names its case and leaves this list. The section is hidden while there is nothing to do.
"""

from __future__ import annotations

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

from app.editors.dialog_parts import ERROR_STYLE
from db import screening_actions
from db.errors import LedgerError
from db.queries.screening import AbnormalLine, abnormal_findings
from db.rules.chinese_dates import short_date

HEADINGS = ("姓名", "住址", "走访日期", "排查轮次", "异常情况", "措施")
#: Rows shown before the section scrolls: the day's other lists keep their room.
ROWS = 4


class _Table(QTableWidget):
    """Enter on a finding: 登记管控."""

    def __init__(self, section: ScreeningAlerts) -> None:
        super().__init__(0, len(HEADINGS), section)
        self.section = section

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if event is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.section.open_case()
            return
        super().keyPressEvent(event)


class ScreeningAlerts(QWidget):
    """The section; case_opened(case id) after a case was opened from a finding."""

    case_opened = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[AbnormalLine] = []
        self.title = QLabel()
        self.title.setObjectName("screeningAlertsTitle")
        self.title.setStyleSheet("font-weight: bold; color: #c0392b;")
        self.message = QLabel()
        self.message.setObjectName("screeningAlertsMessage")
        self.case_button = QPushButton("登记管控…")
        self.case_button.setObjectName("screeningOpenCase")
        self.case_button.clicked.connect(self.open_case)
        self.table = _Table(self)
        self.table.setObjectName("screeningAlerts")
        self.table.setHorizontalHeaderLabels(list(HEADINGS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.doubleClicked.connect(lambda _index: self.open_case())
        header = self.table.horizontalHeader()
        for column, width in enumerate((80, 110, 76, 130, 300, 96)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_a: self._follow())
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.message, 1)
        top.addWidget(self.case_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.hide()

    def refresh(self) -> None:
        """Read the open findings again; the section shows only while there are some."""
        self.lines = abnormal_findings(open_only=True)
        row = self.table.currentRow()
        self.table.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            cells = (
                line.name,
                line.address,
                short_date(line.on),
                line.round_name,
                "；".join(line.reasons),
                line.measure,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, column, item)
        self.title.setText(f"入户排查异常（{len(self.lines)}）：未登记管控，双击或回车登记")
        rows = max(1, min(ROWS, len(self.lines)))  # as tall as the list, up to ROWS; then it scrolls
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + rows * 24 + frame)
        if self.lines:
            self.table.setCurrentCell(min(max(row, 0), len(self.lines) - 1), 0)
        self.setVisible(bool(self.lines))
        self._follow()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """What was just done is said until the clerk leaves the page (or the list empties)."""
        self.message.clear()
        super().hideEvent(event)

    def current(self) -> AbnormalLine | None:
        row = self.table.currentRow()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def _follow(self) -> None:
        self.case_button.setEnabled(self.current() is not None)

    def open_case(self) -> None:
        """The policy asked, then the case opened from the finding; the list is read again."""
        line = self.current()
        if line is None:
            return
        from app.screening.dialogs import FindingCaseDialog  # the screening page asks the same question

        self.dialog = FindingCaseDialog(line.name, line.address, line.reasons, short_date(line.on), self)
        policy_id = self.dialog.policy_id() if self.dialog.exec() else None
        if policy_id is None:
            return
        try:
            case = screening_actions.open_case_from_finding(line.finding_id, {"policy": policy_id})
        except LedgerError as error:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(f"未登记：{error}")
            return
        self.message.setStyleSheet("color: #2e6da4;")
        self.message.setText(f"{line.name} 已登记管控（来源：入户排查）")
        self.refresh()
        self.case_opened.emit(case.id)
