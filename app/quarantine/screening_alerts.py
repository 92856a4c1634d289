"""首页 → 入户排查异常: abnormal screening findings (fever, a symptom, key-area travel, a contact, judged on
their visit day) not yet turned into a quarantine case, from every round. 登记管控 (or Enter) asks for the
policy and opens the case in one action (db.screening_actions.open_case_from_finding); the finding then
names its case and leaves this list. 首页 shows it below the tiles when its tile is chosen (the tile's number
is len(lines)).
"""

from __future__ import annotations

from collections.abc import Callable
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

from app.editors.dialog_parts import ERROR_STYLE
from app.screening import finding_handled
from db import screening_actions
from db.errors import LedgerError
from db.queries.screening import AbnormalLine, abnormal_findings
from db.rules.chinese_dates import short_date

HEADINGS = ("姓名", "住址", "走访日期", "排查轮次", "异常情况", "措施")


class _Table(QTableWidget):
    """Enter on a finding: 登记管控 (并入已有管控 when the person has a running case)."""

    def __init__(self, section: ScreeningAlerts) -> None:
        super().__init__(0, len(HEADINGS), section)
        self.section = section

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if event is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.section.act()
            return
        super().keyPressEvent(event)


class ScreeningAlerts(QWidget):
    """The section; case_opened(case id) after a case was opened from a finding, finding_handled after one was
    marked 无需管控 or 并入已有管控 (app/screening/finding_handled.py); day: the day such handling is dated."""

    case_opened = pyqtSignal(int)
    finding_handled = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[AbnormalLine] = []
        self.day = date.today()
        self.message = QLabel()
        self.message.setObjectName("screeningAlertsMessage")
        self.case_button = QPushButton("登记管控…")
        self.case_button.setObjectName("screeningOpenCase")
        self.case_button.clicked.connect(self.open_case)
        self.link_button = QPushButton(finding_handled.LINK_TEXT)
        self.link_button.setObjectName("screeningLinkCase")
        self.link_button.clicked.connect(self.link_case)
        self.handled_button = QPushButton(finding_handled.HANDLED_TEXT)
        self.handled_button.setObjectName("screeningHandled")
        self.handled_button.clicked.connect(self.mark_handled)
        self.table = _Table(self)
        self.table.setObjectName("screeningAlerts")
        self.table.setHorizontalHeaderLabels(list(HEADINGS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.doubleClicked.connect(lambda _index: self.act())
        header = self.table.horizontalHeader()
        for column, width in enumerate((80, 110, 76, 130, 300, 96)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_a: self._follow())
        top = QHBoxLayout()
        top.addWidget(self.message, 1)
        top.addWidget(self.case_button)
        top.addWidget(self.link_button)
        top.addWidget(self.handled_button)
        # As short as the header and one row allows: 首页 must fit a 1366×768 screen at 150 % with its tiles.
        header_height = self.table.horizontalHeader().sizeHint().height()
        self.table.setMinimumHeight(header_height + 24 + 2 * self.table.frameWidth())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def refresh(self, day: date | None = None) -> None:
        """Read the open findings again (day: 首页's day, for handling)."""
        self.day = day or self.day
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
        if self.lines:
            self.table.setCurrentCell(min(max(row, 0), len(self.lines) - 1), 0)
        self._follow()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """What was just done is said until the clerk leaves the page (or the list empties)."""
        self.message.clear()
        super().hideEvent(event)

    def current(self) -> AbnormalLine | None:
        row = self.table.currentRow()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def _follow(self) -> None:
        line = self.current()
        running = line is not None and line.running_case_id is not None
        self.case_button.setEnabled(line is not None and not running)
        self.link_button.setEnabled(running)
        self.handled_button.setEnabled(line is not None)

    def act(self) -> None:
        """Enter or a double click: 并入已有管控 for a person under control already, else 登记管控."""
        line = self.current()
        if line is not None and line.running_case_id is not None:
            self.link_case()
        else:
            self.open_case()

    def link_case(self) -> None:
        line = self.current()
        if line is not None and line.running_case_id is not None:
            self._handled(line, lambda: finding_handled.link_to_running_case(line, self.day))

    def mark_handled(self) -> None:
        """无需管控…: the reason asked and written in the dialog; the list is read again."""
        line = self.current()
        if line is not None:
            self._handled(line, lambda: _undo_hint(finding_handled.handle_asking(self, line, self.day)))

    def _handled(self, line: AbnormalLine, do: Callable[[], str | None]) -> None:
        try:
            said = do()
        except LedgerError as error:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(f"未处理：{error}")
            return
        if said is None:
            return
        self.refresh()
        self.message.setStyleSheet("color: #2e6da4;")
        self.message.setText(said)
        self.finding_handled.emit()

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


def _undo_hint(said: str | None) -> str | None:
    return None if said is None else f"{said}，可在入户排查页撤销"
