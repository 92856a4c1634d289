"""本轮异常情况: the round's abnormal findings (fever, symptom, key-area travel, contact, judged on the visit
day by db.queries.screening.abnormal_findings), each opening its quarantine case in one action."""

from __future__ import annotations

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
from db import screening_actions
from db.errors import LedgerError
from db.queries.screening import AbnormalLine, abnormal_findings

HEADINGS = ("姓名", "住址", "走访日期", "异常情况", "措施", "管控")
_OPEN = QColor("#f9d6d2")


class _Table(QTableWidget):
    """Enter on a finding not yet under control: 登记管控."""

    def __init__(self, panel: FindingsPanel) -> None:
        super().__init__(0, len(HEADINGS), panel)
        self.panel = panel

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if event is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.panel.open_case()
            return
        if event is not None and event.key() == Qt.Key.Key_Escape:
            self.panel.back.emit()
            return
        super().keyPressEvent(event)


class FindingsPanel(QWidget):
    """The list and its 登记管控 button; case_opened(case_id) after a case was opened from a finding, back
    when the clerk leaves the list with Esc (to the household being entered)."""

    case_opened = pyqtSignal(int)
    back = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.case_button = QPushButton("登记管控 Enter")
        self.case_button.setToolTip("Ctrl+G 到本列表，选中一人后按回车登记；Esc 回到录入")
        self.case_button.setObjectName("openCaseButton")
        self.case_button.clicked.connect(self.open_case)
        self.message = QLabel()
        self.message.setObjectName("findingsMessage")
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.message, 1)
        top.addWidget(self.case_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._follow()

    def refresh(self, round_id: int | None) -> None:
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
                "已登记" if line.case_id is not None else "未登记",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if line.case_id is None:
                    item.setBackground(_OPEN)
                self.table.setItem(r, column, item)
        open_count = sum(1 for line in self.lines if line.case_id is None)
        self.title.setText(f"本轮异常情况：{len(self.lines)} 人（未登记管控 {open_count} 人）")
        if self.lines:
            self.table.setCurrentCell(min(max(row, 0), len(self.lines) - 1), 0)
        self._follow()

    def focus_open(self) -> None:
        """Ctrl+G: the list, on the first finding not under control yet (or where it was)."""
        first = next((r for r, line in enumerate(self.lines) if line.case_id is None), None)
        if first is not None:
            self.table.setCurrentCell(first, 0)
        self.table.setFocus()

    def current(self) -> AbnormalLine | None:
        row = self.table.currentRow()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def _follow(self) -> None:
        line = self.current()
        self.case_button.setEnabled(line is not None and line.case_id is None)

    def open_case(self) -> None:
        """Confirm the policy, then open the case from the finding (db.screening_actions.open_case_from_finding)."""
        line = self.current()
        if line is None or line.case_id is not None:
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
