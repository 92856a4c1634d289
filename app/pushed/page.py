"""The 核查名单 page: the lists the township pushed down, and the names of the chosen one, checked one by one.

Keyboard first, on the names' list: Y (or Enter) takes the proposed roster person, N says it is nobody on
the roster, C picks another (the others the match found, or a roster search), F2 records a check (the next
status with what was found, for every chosen row at once). 登记管控 opens the quarantine case of a confirmed
name; 入户排查 asks the window to open the screening page at the person's household. Nothing below an exact
ID number is taken without the clerk's word.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QAction, QColor, QKeySequence
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_COLOUR
from app.pushed.item_dialog import CaseDialog, MoveDialog, PickPersonDialog, next_statuses
from app.pushed.items_table import FILTERS, ItemsTable
from db import pushed_actions
from db.errors import LedgerError
from db.queries import case_records
from db.queries import pushed as pq
from db.queries.pushed import BatchLine, ItemLine
from db.rules.chinese_dates import short_date

BATCH_HEADERS = ("来源", "批次", "下发单位", "下发日期", "反馈时限", "人数", "未闭环", "待确认")
_BATCH_SAMPLES = (
    "大数据比对",
    "第12批",
    "红旗镇防控办",
    "12月31日",
    "12月31日 18:00 超时 999 小时",
    "9999",
    "9999",
    "9999",
)
#: Batch rows shown without scrolling (more scroll; the newest come first).
BATCH_ROWS = 3


def deadline_text(line: BatchLine, now: datetime) -> str:
    """ "12月4日 18:00 超时 26 小时", "… 剩 5 小时", or "… 已全部闭环"."""
    when = f"{short_date(line.deadline.date())} {line.deadline:%H:%M}"
    if not line.open:
        return f"{when} 已全部闭环" if line.items else when
    hours = line.overdue_hours(now)
    if now > line.deadline:
        return f"{when} 超时 {hours} 小时"
    left = int((line.deadline - now).total_seconds() // 3600)
    return f"{when} 剩 {left} 小时"


class PushedPage(QWidget):
    """Emits status_changed for the status bar, changed after every save (首页 and the ledger re-read), and
    the *_requested / open_* signals for what the window does (the feedback export, the screening page).
    `now` gives the time steps are dated with, lists are received at and deadlines are judged at."""

    status_changed = pyqtSignal(str)
    changed = pyqtSignal()
    #: The chosen batch's id: the window exports its feedback workbook (form 10).
    export_feedback_requested = pyqtSignal(int)
    #: The household of the chosen name's roster person: the window opens the screening page there.
    open_household_in_screening = pyqtSignal(int)
    #: A case was opened from a name (its id): the window may show it in the ledger.
    case_opened = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None, now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(parent)
        self.now = now
        self.batch_lines: list[BatchLine] = []
        self.all_items: list[ItemLine] = []
        self._build_batches()
        self.items = ItemsTable()
        self.items.activated.connect(lambda _index: self._activated())
        self.actions_by_name = self._make_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._build_top())
        self.batch_stack = QStackedWidget()
        self.batch_stack.addWidget(self.batches)
        self.empty_hint = QLabel("还没有核查名单。点右上角“导入核查名单…”，导入乡镇下发的 Excel 名单。")
        self.empty_hint.setObjectName("pushedEmpty")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet("font-size: 14px; color: #555;")
        self.batch_stack.addWidget(self.empty_hint)
        self.batch_stack.setFixedHeight(self.batches.height())
        layout.addWidget(self.batch_stack)
        layout.addLayout(self._build_filter_row())
        layout.addWidget(self._build_toolbar())
        layout.addWidget(self.items, 1)
        self.batches.currentCellChanged.connect(self._batch_cell_changed)
        self.items.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.items.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self._update_actions()

    # --- set-up -------------------------------------------------------------------------------

    def _build_top(self) -> QHBoxLayout:
        title = QLabel("上级推送核查名单")
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.import_button = QPushButton("导入核查名单…")
        self.import_button.setObjectName("pushedImport")
        self.import_button.clicked.connect(lambda: self.import_list())
        self.export_button = QPushButton("导出反馈表…")
        self.export_button.setObjectName("pushedExportFeedback")
        self.export_button.clicked.connect(self._request_export)
        self.rematch_button = QPushButton("重新匹配花名册")
        self.rematch_button.setObjectName("pushedRematch")
        self.rematch_button.setToolTip("花名册有新增人员后，为尚未确认的人重新查找匹配")
        self.rematch_button.clicked.connect(self.rematch)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(lambda: self.reload())
        top = QHBoxLayout()
        top.addWidget(title, 1)
        for button in (self.import_button, self.export_button, self.rematch_button, refresh):
            top.addWidget(button)
        return top

    def _build_batches(self) -> None:
        self.batches = QTableWidget(0, len(BATCH_HEADERS))
        self.batches.setObjectName("pushedBatches")
        self.batches.setHorizontalHeaderLabels(list(BATCH_HEADERS))
        metrics = self.batches.fontMetrics()
        for column, sample in enumerate(_BATCH_SAMPLES):
            title = BATCH_HEADERS[column]
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title)) + 14
            self.batches.setColumnWidth(column, width)
        self.batches.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.batches.horizontalHeader().setSectionResizeMode(
            BATCH_HEADERS.index("下发单位"), QHeaderView.ResizeMode.Stretch
        )
        self.batches.verticalHeader().hide()
        self.batches.verticalHeader().setDefaultSectionSize(26)
        self.batches.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.batches.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.batches.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.batches.horizontalHeader().sizeHint().height()
        self.batches.setFixedHeight(header + BATCH_ROWS * 26 + 2 * self.batches.frameWidth() + 2)

    def _build_filter_row(self) -> QHBoxLayout:
        self.filter = QComboBox()
        self.filter.setObjectName("itemFilter")
        self.filter.addItems(list(FILTERS))
        self.filter.currentIndexChanged.connect(lambda _i: self._show_items())
        self.counts = QLabel()
        self.counts.setObjectName("pushedCounts")
        self.note = QLabel()
        self.note.setObjectName("pushedNote")
        self.note.setStyleSheet("color: #2e6da4;")
        row = QHBoxLayout()
        row.addWidget(QLabel("显示："))
        row.addWidget(self.filter)
        row.addSpacing(12)
        row.addWidget(self.counts)
        row.addStretch(1)
        row.addWidget(self.note)
        return row

    def _make_actions(self) -> dict[str, QAction]:
        specs: dict[str, tuple[str, list[QKeySequence], Callable[[], object]]] = {
            "confirm": ("确认匹配 (Y)", [QKeySequence("Y")], self.confirm_proposed),
            "reject": ("不是此人 (N)", [QKeySequence("N")], self.reject_match),
            "pick": ("选择其他人员… (C)", [QKeySequence("C")], self.pick_person),
            "move": ("核查登记… (F2)", [QKeySequence("F2")], self.move_chosen),
            "open_case": ("登记管控…", [], self.open_case),
            "screening": ("入户排查", [], self.screen_household),
        }
        actions = {}
        for name, (text, keys, slot) in specs.items():
            action = QAction(text, self)
            action.setObjectName(f"action_pushed_{name}")
            action.setShortcuts(keys)
            # The letters act on the names' list only: typed elsewhere they are text.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.items.addAction(action)
            actions[name] = action
        return actions

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.actions_by_name.values():
            toolbar.addAction(action)
        return toolbar

    # --- reading ------------------------------------------------------------------------------

    def reload(self, keep_item: int | None = None) -> None:
        """Read the batches again, keeping the chosen batch (the newest when none was chosen), and its names."""
        self._show_batch_at(self._fill_batches(), keep_item)

    def _fill_batches(self) -> int:
        """Read and show the batches, the chosen one kept chosen; returns its row (-1: no batch)."""
        chosen = self.current_batch_id()
        self.batch_lines = pq.batches()
        now = self.now()
        self.batches.blockSignals(True)
        self.batches.setRowCount(len(self.batch_lines))
        for row, line in enumerate(self.batch_lines):
            overdue = line.open > 0 and now > line.deadline
            values = (
                line.source,
                line.batch_no,
                line.issuer,
                short_date(line.issued_on) if line.issued_on else "",
                deadline_text(line, now),
                str(line.items),
                str(line.open),
                str(line.unconfirmed),
            )
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if column == BATCH_HEADERS.index("反馈时限") and overdue:
                    cell.setForeground(QColor(ERROR_COLOUR))
                if column == BATCH_HEADERS.index("待确认") and line.unconfirmed:
                    cell.setForeground(QColor(ERROR_COLOUR))
                self.batches.setItem(row, column, cell)
        self.batch_stack.setCurrentWidget(self.batches if self.batch_lines else self.empty_hint)
        ids = [b.id for b in self.batch_lines]
        row = ids.index(chosen) if chosen in ids else (0 if ids else -1)
        if row >= 0:
            self.batches.setCurrentCell(row, 0)
            self.batches.selectRow(row)
        self.batches.blockSignals(False)
        return row

    def _reread(self, item_ids: list[int], keep_item: int | None) -> None:
        """After a save: the changed names read again (not the whole list: a big one stays quick), the
        batches' figures and the counts."""
        batch_id = self.current_batch_id()
        if batch_id is None:
            self.reload(keep_item)
            return
        fresh = {line.id: line for line in pq.items(batch_id, only=item_ids)}
        self.all_items = [fresh.get(line.id, line) for line in self.all_items]
        self._fill_batches()
        if self.current_batch_id() != batch_id:  # the batch is gone (a restore): read everything
            self.reload(keep_item)
            return
        self._show_figures()
        self._show_items(keep_item)

    def _show_figures(self) -> None:
        batch = self.current_batch()
        if batch is not None:
            counts = pq.status_counts(batch.id)
            self.counts.setText("　".join(f"{status} {n}" for status, n in counts.items()))
            self.status_changed.emit(
                f"核查名单 {len(self.batch_lines)} 批    当前：{batch.title()} 共 {batch.items} 人，"
                f"未闭环 {batch.open} 人，待确认匹配 {batch.unconfirmed} 人"
            )
        else:
            self.counts.setText("")
            self.status_changed.emit("还没有核查名单")
        self.export_button.setEnabled(batch is not None)
        self.rematch_button.setEnabled(batch is not None)

    def current_batch(self) -> BatchLine | None:
        row = self.batches.currentRow()
        return self.batch_lines[row] if 0 <= row < len(self.batch_lines) else None

    def current_batch_id(self) -> int | None:
        line = self.current_batch()
        return line.id if line is not None else None

    def show_batch(self, batch_id: int) -> None:
        """Choose a batch (首页's overdue list asks for one), with its open names shown."""
        self.reload()
        ids = [b.id for b in self.batch_lines]
        if batch_id in ids:
            self.batches.setCurrentCell(ids.index(batch_id), 0)
            self.filter.setCurrentText("未闭环")
        self.items.setFocus()

    def _batch_cell_changed(self, row: int, _column: int, previous_row: int, _previous_column: int) -> None:
        if row != previous_row:  # another column of the same batch shows the same names
            self._show_batch_at(row)

    def _show_batch_at(self, row: int, keep_item: int | None = None) -> None:
        batch = self.batch_lines[row] if 0 <= row < len(self.batch_lines) else None
        self.all_items = pq.items(batch.id) if batch is not None else []
        self._show_figures()
        self._show_items(keep_item)

    def _show_items(self, keep_item: int | None = None) -> None:
        keep = keep_item if keep_item is not None else (line.id if (line := self.items.current_line()) else None)
        keep_row = self.items.currentIndex().row()
        keeps = FILTERS[self.filter.currentText()]
        self.items.set_lines([line for line in self.all_items if keeps(line)])
        if (keep is None or not self.items.select_item(keep)) and self.items.lines:
            self.items.select_row(min(max(keep_row, 0), len(self.items.lines) - 1))  # where the name was, or last
        self._update_actions()

    def _update_actions(self) -> None:
        line = self.items.current_line()
        chosen = self.items.selected_lines()
        a = self.actions_by_name
        a["confirm"].setEnabled(line is not None and line.needs_confirmation)
        a["reject"].setEnabled(line is not None and line.person_id is not None and not line.closed)
        a["pick"].setEnabled(line is not None and not line.closed)
        a["move"].setEnabled(bool(chosen) and bool(next_statuses(chosen)))
        a["open_case"].setEnabled(
            line is not None and line.person_id is not None and line.match_confirmed and line.case_id is None
        )
        a["screening"].setEnabled(line is not None and line.person_id is not None)

    # --- what the clerk does ------------------------------------------------------------------

    def _saved(self, text: str, item_ids: list[int] | None = None, keep_item: int | None = None) -> None:
        """Say what was saved and show it: the names changed (item_ids), or everything read again (None)."""
        self.note.setText(text)
        if item_ids is None:
            self.reload(keep_item)
        else:
            self._reread(item_ids, keep_item)
        self.changed.emit()

    def _refused(self, exc: LedgerError) -> None:
        self.note.setText("")
        from PyQt6.QtWidgets import QMessageBox

        QMessageBox.warning(self, "没有保存", str(exc))

    def _activated(self) -> None:
        """Enter or a double-click: confirm a match waiting for it, else record a check."""
        line = self.items.current_line()
        if line is None:
            return
        if line.needs_confirmation:
            self.confirm_proposed()
        elif self.actions_by_name["move"].isEnabled():
            self.move_chosen()

    def _next_unconfirmed(self, after_row: int) -> int | None:
        """The next name (from after_row on, then from the top) still waiting for the clerk's word."""
        lines = self.items.lines
        order = [*range(after_row, len(lines)), *range(0, after_row)]
        return next((lines[r].id for r in order if lines[r].needs_confirmation), None)

    def _confirm(self, line: ItemLine, person_id: int | None, said: str) -> None:
        row = self.items.currentIndex().row()
        try:
            pushed_actions.confirm_match(line.id, person_id)
        except LedgerError as exc:
            self._refused(exc)
            return
        self.note.setText(said)
        self._reread([line.id], line.id)
        following = self._next_unconfirmed(row)
        if following is not None:
            self.items.select_item(following)
        self._update_actions()
        self.changed.emit()

    def confirm_proposed(self) -> None:
        line = self.items.current_line()
        if line is None or not line.needs_confirmation:
            return
        self._confirm(line, line.person_id, f"已确认：第 {line.row_no} 行 {line.name} 即 {line.person_name}")

    def reject_match(self) -> None:
        line = self.items.current_line()
        if line is None or line.person_id is None or line.closed:
            return
        self._confirm(line, None, f"第 {line.row_no} 行 {line.name}：不是 {line.person_name}，留待核查")

    def pick_person(self) -> None:
        line = self.items.current_line()
        if line is None or line.closed:
            return
        dialog = PickPersonDialog(line, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.person_id is None:
            return
        name = case_records.person(dialog.person_id).name
        self._confirm(line, dialog.person_id, f"已确认：第 {line.row_no} 行 {line.name} 即 {name}")

    def move_chosen(self) -> None:
        chosen = self.items.selected_lines()
        if not chosen or not next_statuses(chosen):
            return
        current = self.items.current_line()
        dialog = MoveDialog(chosen, self.now(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._saved(
            f"已登记 {len(chosen)} 人：{dialog.status.currentText()}",
            [line.id for line in chosen],
            current.id if current is not None else None,
        )

    def open_case(self) -> None:
        line = self.items.current_line()
        if line is None or not self.actions_by_name["open_case"].isEnabled():
            return
        dialog = CaseDialog(line, self.now(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.case_id is None:
            return
        self._saved(f"已登记管控：{line.person_name}", [line.id], line.id)
        self.case_opened.emit(dialog.case_id)

    def screen_household(self) -> None:
        line = self.items.current_line()
        if line is None or line.person_id is None:
            return
        self.open_household_in_screening.emit(case_records.person(line.person_id).household_id)

    def rematch(self) -> None:
        batch = self.current_batch()
        if batch is None:
            return
        try:
            found = pushed_actions.rematch(batch.id)
        except LedgerError as exc:
            self._refused(exc)
            return
        self._saved(f"重新匹配花名册：{found} 人有了新的匹配" if found else "重新匹配花名册：没有新的匹配")

    def import_list(self) -> int | None:
        """导入核查名单…: the township's workbook through its import dialog (app/pushed/import_dialog.py), received
        now; the new batch is shown, its names waiting for a word first. Returns the batch's id."""
        from app.pushed.import_dialog import open_pushed_import

        result = open_pushed_import(self, self.now().replace(second=0, microsecond=0))
        if result is None:
            return None
        self.note.setText(result.describe())
        self.show_batch(result.batch_id)
        self.filter.setCurrentText("待确认匹配" if result.proposed else "全部")
        self.changed.emit()
        return result.batch_id

    def _request_export(self) -> None:
        batch_id = self.current_batch_id()
        if batch_id is not None:
            self.export_feedback_requested.emit(batch_id)

    def focus_search(self) -> None:
        """Ctrl+F on this page: the names' list (the page has no search box of its own)."""
        self.items.setFocus()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.reload()
