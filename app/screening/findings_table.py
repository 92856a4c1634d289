"""本轮异常情况: the round's abnormal findings (fever, symptom, key-area travel, contact, judged on the visit
day by db.queries.screening.abnormal_findings), each opening its quarantine case in one action, or settled
without one (无需管控… / 并入已有管控, app/screening/finding_handled.py; 撤销处理 opens it again)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QColor, QKeyEvent
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
from db.models.screening import LINKED_REASON
from db.queries.screening import AbnormalLine, abnormal_findings

HEADINGS = ("姓名", "住址", "走访日期", "异常情况", "措施", "管控")
_OPEN = QColor("#f9d6d2")
_OPEN_CASE = "登记管控 Enter"
_LINK_CASE = "并入已有管控 Enter"


class _Table(QTableWidget):
    """Enter on a finding not yet under control: 登记管控 (并入已有管控 when the person has a running case)."""

    def __init__(self, panel: FindingsPanel) -> None:
        super().__init__(0, len(HEADINGS), panel)
        self.panel = panel

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if event is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.panel.act()
            return
        if event is not None and event.key() == Qt.Key.Key_Escape:
            self.panel.back.emit()
            return
        super().keyPressEvent(event)


class FindingsPanel(QWidget):
    """The list and its 登记管控 button; case_opened(case_id) after a case was opened from a finding, handled
    after one was settled without a case of its own or opened again, back when the clerk leaves the list with
    Esc (to the household being entered); today: the day handling is dated."""

    case_opened = pyqtSignal(int)
    handled = pyqtSignal()
    back = pyqtSignal()

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.round_id: int | None = None
        self.lines: list[AbnormalLine] = []
        self.title = QLabel("本轮异常情况")
        self.title.setStyleSheet("font-weight: bold;")
        self.table = _Table(self)
        self.table.setObjectName("abnormalFindings")
        self.table.setHorizontalHeaderLabels(list(HEADINGS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for column, width in enumerate((76, 110, 76, 300, 96, 80)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_a: self._follow())
        # Two buttons whose words follow the finding chosen (the page's narrow column has room for no more):
        # 登记管控 Enter, or 并入已有管控 Enter for a person under control already; 无需管控…, or 撤销处理 once handled.
        self.case_button = QPushButton(_OPEN_CASE)
        self.case_button.setToolTip("Ctrl+G 到本列表，选中一人后按回车登记；Esc 回到录入")
        self.case_button.setObjectName("openCaseButton")
        self.case_button.clicked.connect(self.act)
        self.handled_button = QPushButton(finding_handled.HANDLED_TEXT)
        self.handled_button.setObjectName("findingHandled")
        self.handled_button.clicked.connect(self.handle_or_reopen)
        self.message = QLabel()
        self.message.setObjectName("findingsMessage")
        self.message.setWordWrap(True)  # a long message takes a second line rather than widening the window
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.case_button)
        top.addWidget(self.handled_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.message)  # below the buttons: the page's narrow column has no room beside them
        layout.addWidget(self.table, 1)
        self._follow()

    def refresh(self, round_id: int | None) -> None:
        self.round_id = round_id
        self.lines = abnormal_findings(round_id) if round_id is not None else []
        row = self.table.currentRow()
        self.table.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            cells = (
                line.name,
                line.address,
                f"{line.on.month}月{line.on.day}日",
                "；".join(line.reasons),
                line.measure,
                _control(line),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(_control_tip(line) if column == 5 else text)
                if line.is_open:
                    item.setBackground(_OPEN)
                self.table.setItem(r, column, item)
        open_count = sum(1 for line in self.lines if line.is_open)
        self.title.setText(f"本轮异常情况：{len(self.lines)} 人（未处理 {open_count} 人）")
        if self.lines:
            self.table.setCurrentCell(min(max(row, 0), len(self.lines) - 1), 0)
        self._follow()

    def focus_open(self) -> None:
        """Ctrl+G: the list, on the first finding not under control yet (or where it was)."""
        first = next((r for r, line in enumerate(self.lines) if line.is_open), None)
        if first is not None:
            self.table.setCurrentCell(first, 0)
        self.table.setFocus()

    def current(self) -> AbnormalLine | None:
        row = self.table.currentRow()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def _follow(self) -> None:
        line = self.current()
        is_open = line is not None and line.is_open
        running = is_open and line is not None and line.running_case_id is not None
        handled = line is not None and line.handled_on is not None
        self.case_button.setText(_LINK_CASE if running else _OPEN_CASE)
        self.case_button.setEnabled(is_open)
        self.handled_button.setText(finding_handled.REOPEN_TEXT if handled else finding_handled.HANDLED_TEXT)
        self.handled_button.setEnabled(is_open or handled)

    def handle_or_reopen(self) -> None:
        """The second button: 无需管控… for an open finding, 撤销处理 for a handled one."""
        line = self.current()
        if line is not None and line.handled_on is not None:
            self.reopen()
        else:
            self.mark_handled()

    def act(self) -> None:
        """Enter: 并入已有管控 for a person under control already, else 登记管控."""
        line = self.current()
        if line is not None and line.is_open and line.running_case_id is not None:
            self.link_case()
        else:
            self.open_case()

    def link_case(self) -> None:
        line = self.current()
        if line is not None and line.is_open and line.running_case_id is not None:
            self._handled(lambda: finding_handled.link_to_running_case(line, self.today()))

    def mark_handled(self) -> None:
        """无需管控…: the reason asked and written in the dialog."""
        line = self.current()
        if line is not None and line.is_open:
            self._handled(lambda: finding_handled.handle_asking(self, line, self.today()))

    def reopen(self) -> None:
        """撤销处理: the finding is open again (a link to a running case undone too)."""
        line = self.current()
        if line is not None and line.handled_on is not None:
            self._handled(lambda: finding_handled.reopen(line))

    def _handled(self, do: Callable[[], str | None]) -> None:
        try:
            said = do()
        except LedgerError as error:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(f"未处理：{error}")
            return
        if said is None:
            return
        self.message.setStyleSheet("color: #2e6da4;")
        self.message.setText(said)
        self.handled.emit()
        self.refresh(self.round_id)

    def open_case(self) -> None:
        """Confirm the policy, then open the case from the finding (db.screening_actions.open_case_from_finding)."""
        line = self.current()
        if line is None or not line.is_open:
            return
        from app.screening.dialogs import FindingCaseDialog

        self.dialog = FindingCaseDialog(
            line.name, line.address, line.reasons, f"{line.on.month}月{line.on.day}日", self
        )
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
        self.case_opened.emit(case.id)
        self.refresh(line.round_id)


def _control(line: AbnormalLine) -> str:
    """The 管控 column: 已登记 (a case opened from it), 并入已有 / 无需管控 (handled), else 未登记."""
    if line.handled_on is not None:
        return "并入已有" if line.handled_reason == LINKED_REASON else "无需管控"
    if line.case_id is None and line.running_case_id is not None:
        return "已在管控"  # still to be joined to it
    return "已登记" if line.case_id is not None else "未登记"


def _control_tip(line: AbnormalLine) -> str:
    if line.handled_on is not None:
        return line.handling()
    if line.is_open and line.running_case_id is not None:
        return "此人已在管控中：回车并入已有管控"
    return _control(line)
