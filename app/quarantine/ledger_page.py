"""隔离管控台账: every case, searched as the roster is and filtered by kind, status, grid and due date, and
the actions on them. On a new ledger it says what to do first and offers it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.quarantine.case_table import CaseTable, FirstSteps, legend
from db.models.quarantine import CaseKind, CaseStatus, EventKind
from db.queries import cases as case_queries
from db.queries import village as vq

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
    """Emits changed() after any write, so 首页 and the status bar follow; the *_requested signals ask the
    window for its imports and the isolation list. `today` gives the day the marks and 第几天 are for."""

    changed = pyqtSignal()
    import_cases_requested = pyqtSignal()
    import_roster_requested = pyqtSignal()
    export_isolation_requested = pyqtSignal()
    #: A line for the window's status bar about what this page shows.
    status_changed = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        filters = self._build_filters()
        self.table = CaseTable()
        self.table.setObjectName("ledgerTable")
        self.table.open_case.connect(self.open_file)
        self.actions_by_name = self._make_actions()
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("new_case", "open_file", "change_status", "readings", "print", "export_isolation"):
            toolbar.addAction(self.actions_by_name[name])
        self._build_first_steps()
        self._build_next_bar()
        self._lay_out(filters, toolbar)
        for combo in (self.kind, self.status, self.grid, self.due):
            combo.currentIndexChanged.connect(lambda _i: self.reload())

    def _build_filters(self) -> QHBoxLayout:
        self.search = QLineEdit()
        self.search.setObjectName("ledgerSearch")
        self.search.setPlaceholderText("查找：姓名、拼音首字母、身份证号、户号")
        self.search.setClearButtonEnabled(True)
        # Its whole hint where the screen has room (it takes the row's spare width); at 150 % it may shrink.
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance("查找：姓名、拼音") + 40)
        self.search.textChanged.connect(lambda _text: self.reload())
        self.search.returnPressed.connect(self._to_table)
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
        filters.addWidget(self.search, 1)
        for label, widget in (("方式", self.kind), ("状态", self.status), ("网格", self.grid), ("解除", self.due)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.count)
        return filters

    def _build_first_steps(self) -> None:
        """What to do first on a new ledger, in place of an empty table's silence."""
        self.first_steps = FirstSteps(
            {
                case_queries.NO_PEOPLE: (
                    "还没有村民信息。第一步：导入村里的花名册（Excel 或 WPS 表格），之后才能登记管控对象。",
                    (("导入花名册…", "ledgerImportRoster", self.import_roster_requested.emit),),
                ),
                case_queries.NO_CASES: (
                    "台账里还没有管控对象。登记第一个，或导入村里已有的隔离台账（Excel）。",
                    (
                        ("登记管控对象…", "ledgerNewCase", self.new_case),
                        ("导入隔离台账…", "ledgerImportCases", self.import_cases_requested.emit),
                    ),
                ),
            }
        )

    def _build_next_bar(self) -> None:
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

    def _lay_out(self, filters: QHBoxLayout, toolbar: QToolBar) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        marks = QHBoxLayout()
        marks.addWidget(toolbar, 1)
        marks.addWidget(legend())
        layout.addLayout(marks)
        layout.addWidget(self.first_steps)
        layout.addWidget(self.next_bar)
        layout.addWidget(self.table, 1)

    def _make_actions(self) -> dict[str, QAction]:
        specs = {
            "new_case": ("登记管控对象", "Ctrl+Shift+Q", lambda: self.new_case()),  # not triggered(checked) as an id
            "open_file": ("打开档案", None, lambda: self.open_file(self.table.current_id())),
            "change_status": ("状态变更", None, self.change_status),
            "readings": ("体温录入", None, self.enter_readings),
            "print": ("打印…", "Ctrl+P", self.print_papers),
            "export_isolation": ("导出隔离人员名单…", None, self.export_isolation_requested.emit),
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
        for grid_id, name in vq.grid_choices():
            self.grid.addItem(name, grid_id)
        self.grid.setCurrentIndex(max(0, self.grid.findData(grid)))
        self.grid.blockSignals(False)
        days = DUE_FILTERS[self.due.currentText()]
        today = self.today()
        lines = case_queries.case_lines(
            statuses=STATUS_FILTERS[self.status.currentText()],
            kind=self.kind.currentData(),
            grid_id=self.grid.currentData(),
            due_by=None if days is None else today + timedelta(days=days),
            text=self.search.text(),
        )
        current = self.table.current_id()
        self.table.set_lines(lines, on=today)
        if current is not None and (row := next((r for r, line in enumerate(lines) if line.id == current), -1)) >= 0:
            self.table.setCurrentCell(row, 0)
        self.count.setText(f"共 {len(lines)} 人")
        self.status_changed.emit(f"隔离管控台账    当前列表 {len(lines)} 人")
        self.first_steps.show_step(case_queries.first_step())

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Read again when shown: cases registered from the roster or imported are in the list."""
        super().showEvent(event)
        self.reload()

    def focus_search(self) -> None:
        """Ctrl+F (the window's 查找) on this page."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _to_table(self) -> None:
        """Enter in the search box: on to the first case found, where Enter opens its file."""
        if self.table.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

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
        dialog = StatusDialog(case_id, self, today=self.today())
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
