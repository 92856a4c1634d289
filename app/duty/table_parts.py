"""What the 值班人员 and 岗位 tabs share: a table whose columns are a RecordForm's table fields (phones
masked), read by keyboard (Enter edits, Del stops), a row of buttons above it, and the flow of adding, editing
and stopping a record (RecordTab)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QAction, QColor, QKeySequence
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import confirm, push_button
from db.errors import LedgerError
from forms.types import RecordForm

STOPPED = QColor("#8a8a8a")


class RecordTable(QTableWidget):
    """One row per record (its id in the first cell's UserRole); Enter asks to edit it, Del to stop it."""

    edit_requested = pyqtSignal(int)
    stop_requested = pyqtSignal(int)

    def __init__(self, form: RecordForm, widths: Mapping[str, int] | None = None, parent: QWidget | None = None):
        super().__init__(0, len(form.table_fields), parent)
        self.form = form
        self.setHorizontalHeaderLabels([f.label for f in form.table_fields])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = self.fontMetrics()
        for column, f in enumerate(form.table_fields):
            chars = (widths or {}).get(f.name, f.width)
            wanted = metrics.horizontalAdvance("国") * chars // 2 + 16
            self.setColumnWidth(column, max(wanted, metrics.horizontalAdvance(f.label) + 24))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.cellDoubleClicked.connect(lambda row, _column: self._ask(self.edit_requested, row))

    def fill(self, rows: Sequence[tuple[int, Mapping[str, Any], bool]]) -> None:
        """rows: (id, values by field name, active); a stopped record is shown in grey."""
        chosen = self.current_id()
        self.setRowCount(len(rows))
        for row, (record_id, values, active) in enumerate(rows):
            for column, f in enumerate(self.form.table_fields):
                value = f.compute(values) if f.compute is not None else values.get(f.name)
                item = QTableWidgetItem(f.kind.display(value, masked=True))
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, record_id)
                if not active:
                    item.setForeground(STOPPED)
                    item.setToolTip("已停用：不再排班（已排过的班次仍保留）")
                self.setItem(row, column, item)
        self.choose(chosen)

    def current_id(self) -> int | None:
        row = self.currentRow()
        item = self.item(row, 0) if row >= 0 else None
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def choose(self, record_id: int | None) -> None:
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == record_id:
                self.selectRow(row)
                return
        if self.rowCount():
            self.selectRow(0)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self._ask(self.edit_requested, self.currentRow())
            return
        if event.key() == Qt.Key.Key_Delete and self.currentRow() >= 0:
            self._ask(self.stop_requested, self.currentRow())
            return
        super().keyPressEvent(event)

    def _ask(self, signal: Any, row: int) -> None:
        item = self.item(row, 0)
        if item is not None:
            signal.emit(int(item.data(Qt.ItemDataRole.UserRole)))


def tab_action(owner: QWidget, text: str, name: str, key: str, slot: Callable[[], None]) -> QAction:
    """A key of the tab (Ctrl+N …) that works while the focus is anywhere in it."""
    action = QAction(text, owner)
    action.setObjectName(name)
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    owner.addAction(action)
    return action


class RecordTab(QWidget):
    """A tab of records that are stopped, never deleted (the shifts served name them): the table, 新增 / 修改 /
    停用 (恢复) buttons, 显示已停用 and a count. A subclass says what its records are and how they are edited."""

    changed = pyqtSignal()
    noun = ""
    """值班人员 / 岗位: in the stop question's title."""

    def __init__(self, table: RecordTable, names: Mapping[str, str], new_text: str, parent: QWidget | None = None):
        """names: object names of table, new, edit, stop, show_stopped, count, and action (with action_text)."""
        super().__init__(parent)
        self.lines: list[Any] = []
        self.table = table
        table.setObjectName(names["table"])
        table.edit_requested.connect(self.edit)
        table.stop_requested.connect(self.stop)
        table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self.new_button = push_button(f"{new_text}（Ctrl+N）", self.add, names["new"])
        self.edit_button = push_button("修改（Enter）", lambda: self.edit(table.current_id()), names["edit"])
        self.stop_button = push_button("停用（Del）", lambda: self.stop(table.current_id()), names["stop"])
        self.show_stopped = QCheckBox("显示已停用")
        self.show_stopped.setObjectName(names["show_stopped"])
        self.show_stopped.toggled.connect(lambda _on: self.reload())
        self.count = QLabel()
        self.count.setObjectName(names["count"])
        self.top = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.stop_button):
            self.top.addWidget(button)
        self.top.addWidget(self.show_stopped)
        self.top.addStretch(1)
        self.top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self.top)
        layout.addWidget(table, 1)
        self.new_action = tab_action(self, names["action_text"], names["action"], "Ctrl+N", self.add)

    # What a subclass says.
    def load(self, include_inactive: bool) -> list[Any]:
        raise NotImplementedError

    def row_values(self, line: Any) -> dict[str, Any]:
        return dict(line.values())

    def count_text(self) -> str:
        raise NotImplementedError

    def line_of(self, record_id: int) -> Any:
        """The record as its dialog edits it."""
        raise NotImplementedError

    def dialog(self, line: Any) -> Any:
        """The entry dialog for a record (None: a new one); it has saved_id once accepted."""
        raise NotImplementedError

    def stop_question(self, line: Any) -> str:
        raise NotImplementedError

    def set_active(self, record_id: int, active: bool) -> None:
        raise NotImplementedError

    # What every such tab does.
    def reload(self, choose: int | None = None) -> None:
        self.lines = self.load(self.show_stopped.isChecked())
        rows = []
        for line in self.lines:
            values = self.row_values(line)
            if not line.active:
                values["note"] = "（已停用）" + values["note"]
            rows.append((line.id, values, line.active))
        self.table.fill(rows)
        if choose is not None:
            self.table.choose(choose)
        self.count.setText(self.count_text())
        self._update_buttons()

    def _line(self, record_id: int | None) -> Any:
        return next((line for line in self.lines if line.id == record_id), None)

    def _update_buttons(self) -> None:
        line = self._line(self.table.current_id())
        self.edit_button.setEnabled(line is not None)
        self.stop_button.setEnabled(line is not None)
        self.stop_button.setText("恢复" if line is not None and not line.active else "停用（Del）")

    def add(self) -> None:
        self._open(None)

    def edit(self, record_id: int | None) -> None:
        line = self.line_of(record_id) if record_id is not None else None
        if line is not None:
            self._open(line)

    def _open(self, line: Any) -> None:
        dialog = self.dialog(line)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload(dialog.saved_id)
            self.changed.emit()

    def stop(self, record_id: int | None) -> None:
        """停用 (or 恢复 a stopped one); never a delete."""
        line = self._line(record_id)
        if line is None:
            return
        title = f"停用{self.noun}"
        if line.active and not confirm(self, title, self.stop_question(line), "停用", "不停用", default_yes=False):
            return
        try:
            self.set_active(line.id, not line.active)
        except LedgerError as exc:
            QMessageBox.warning(self, "没有保存", str(exc))
            return
        self.reload(line.id)
        self.changed.emit()
