"""What the 值班人员 and 岗位 tabs share: a table whose columns are a RecordForm's table fields (phones
masked), read by keyboard (Enter edits, Del stops), and a row of buttons above it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QAction, QColor, QKeySequence
from PyQt6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

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
