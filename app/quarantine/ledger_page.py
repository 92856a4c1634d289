"""隔离管控台账: every case, filtered by kind, status, grid and due date, and the actions on them."""

from __future__ import annotations

from datetime import date, timedelta

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QToolBar, QVBoxLayout, QWidget

from app.quarantine.case_table import CaseTable
from db.models import Grid
from db.models.quarantine import CaseKind, CaseStatus, EventKind
from db.queries import cases as case_queries

STATUS_FILTERS = {
    "在管和失联": (CaseStatus.ACTIVE.value, CaseStatus.MISSING.value),
    "在管": (CaseStatus.ACTIVE.value,),
    "失联外出": (CaseStatus.MISSING.value,),
    "已解除": (CaseStatus.RELEASED.value,),
    "转运送医": (CaseStatus.HOSPITAL.value,),
    "全部": None,
}
DUE_FILTERS = {"不限": None, "今天及以前应解除": 0, "明天及以前": 1, "三天内": 3, "七天内": 7}


class LedgerPage(QWidget):
    """Emits changed() after any write, so 首页 and the status bar follow."""

    changed = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.setObjectName("filterKind")
        self.kind.addItem("全部方式", None)
        for kind in CaseKind:
            self.kind.addItem(kind.value, kind.value)
        self.status = QComboBox()
        self.status.setObjectName("filterStatus")
        self.status.addItems(list(STATUS_FILTERS))
        self.grid = QComboBox()
        self.grid.setObjectName("filterGrid")
        self.due = QComboBox()
        self.due.setObjectName("filterDue")
        self.due.addItems(list(DUE_FILTERS))
        self.count = QLabel()
        self.count.setObjectName("ledgerCount")
        filters = QHBoxLayout()
        for label, widget in (("方式", self.kind), ("状态", self.status), ("网格", self.grid), ("解除", self.due)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)
        self.table = CaseTable()
        self.table.setObjectName("ledgerTable")
        self.table.open_case.connect(self.open_file)
        self.actions_by_name = self._make_actions()
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("new_case", "open_file", "change_status", "readings", "print"):
            toolbar.addAction(self.actions_by_name[name])
        # After a registration or a release: the paper that goes with it, one click away (not a question box).
        self.next_label = QLabel()
        self.next_label.setObjectName("nextStep")
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextStepButton")
        self.next_button.clicked.connect(self._next_step)
        self.next_bar = QWidget()
        self.next_bar.setStyleSheet("background: #fff7d6;")
        bar = QHBoxLayout(self.next_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.next_label, 1)
        bar.addWidget(self.next_button)
        self.next_bar.hide()
        self._next: tuple[str, list[int]] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(toolbar)
        layout.addWidget(self.next_bar)
        layout.addWidget(self.table, 1)
        for combo in (self.kind, self.status, self.grid, self.due):
            combo.currentIndexChanged.connect(lambda _i: self.reload())

    def _make_actions(self) -> dict[str, QAction]:
        specs = {
            "new_case": ("登记管控对象", "Ctrl+Shift+Q", self.new_case),
            "open_file": ("打开档案", None, lambda: self.open_file(self.table.current_id())),
            "change_status": ("状态变更", None, self.change_status),
            "readings": ("体温录入", None, self.enter_readings),
            "print": ("打印…", "Ctrl+P", self.print_papers),
        }
        actions = {}
        for name, (text, shortcut, slot) in specs.items():
            action = QAction(text, self)
            action.setObjectName(f"action_{name}")
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            actions[name] = action
        return actions

    def reload(self) -> None:
        grid = self.grid.currentData()
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem("全部网格", None)
        for g in Grid.select().order_by(Grid.sort_order):
            self.grid.addItem(g.name, g.id)
        self.grid.setCurrentIndex(max(0, self.grid.findData(grid)))
        self.grid.blockSignals(False)
        days = DUE_FILTERS[self.due.currentText()]
        lines = case_queries.case_lines(
            statuses=STATUS_FILTERS[self.status.currentText()],
            kind=self.kind.currentData(),
            grid_id=self.grid.currentData(),
            due_by=None if days is None else date.today() + timedelta(days=days),
        )
        self.table.set_lines(lines)
        self.count.setText(f"共 {len(lines)} 人")

    def _after_write(self) -> None:
        self.reload()
        self.changed.emit()

    def new_case(self, person_id: int | None = None) -> int | None:
        from app.quarantine.new_case_dialog import NewCaseDialog

        dialog = NewCaseDialog(self, person_id)
        if dialog.exec() == NewCaseDialog.DialogCode.Accepted and dialog.case_id is not None:
            self._after_write()
            name = dialog.chosen.text().removeprefix("已选：")
            self.suggest(f"已登记 {name}。", "打印告知书和封条…", "notices-and-seals", [dialog.case_id])
            return dialog.case_id
        return None

    def suggest(self, text: str, button: str, document: str, case_ids: list[int]) -> None:
        self.next_label.setText(text)
        self.next_button.setText(button)
        self._next = (document, case_ids)
        self.next_bar.show()

    def _next_step(self) -> None:
        if self._next is not None:
            document, case_ids = self._next
            self.next_bar.hide()
            self.print_papers(document, case_ids)

    def open_file(self, case_id: int | None) -> None:
        from app.quarantine.case_file_dialog import CaseFileDialog

        if case_id is not None:
            CaseFileDialog(case_id, self).exec()
            self._after_write()

    def change_status(self) -> None:
        from app.quarantine.status_dialog import StatusDialog

        case_id = self.table.current_id()
        if case_id is None:
            return
        dialog = StatusDialog(case_id, self)
        if dialog.exec() == StatusDialog.DialogCode.Accepted:
            self._after_write()
            if dialog.kind.currentData() == EventKind.RELEASED:
                self.suggest(f"{dialog.case.person.name} 已解除。", "打印解除隔离告知书…", "release-notices", [case_id])

    def print_papers(self, document: str = "notices-and-seals", case_ids: list[int] | None = None) -> None:
        from app.quarantine.print_dialog import PrintDialog

        PrintDialog(self, case_ids if case_ids is not None else self.table.selected_ids(), document).exec()

    def enter_readings(self) -> None:
        from app.quarantine.readings_sheet import ReadingsSheet

        ReadingsSheet(self).exec()
        self._after_write()
