"""乡镇汇总's 合并名单: one of the day's lists with every village's rows together (a 村（社区） column first), as the
exported workbook has them, so the township can look a person up before it exports. ID numbers and phones are
masked on screen, whatever the packages hold."""

from __future__ import annotations

from datetime import date
from typing import Any

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PyQt6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from app.reports.page import shown
from db.queries.township import merged_lists
from forms.reports.day_package import mask_for


class _RowsModel(QAbstractTableModel):
    """A merged list's rows, formatted only as they are drawn (tens of thousands of rows stay quick)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[Any]] = []
        self.masks: list[Any] = []

    def show(self, headers: list[str], rows: list[list[Any]]) -> None:
        self.beginResetModel()
        self.headers, self.rows = headers, rows
        self.masks = [mask_for(h) for h in headers]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        row = self.rows[index.row()]
        text = shown(row[index.column()] if index.column() < len(row) else "")
        mask = self.masks[index.column()]
        return mask(text) if mask and text and "*" not in text else text  # a package masks them already

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and section < len(self.headers):
            return self.headers[section]
        return None


class MergedLists(QWidget):
    """A list picked by name (with its number of rows), its rows below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lists: dict[str, tuple[list[str], list[list[Any]]]] = {}
        self.picker = QComboBox()
        self.picker.setObjectName("townshipListPicker")
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.picker.currentIndexChanged.connect(lambda _i: self._show())
        self.note = QLabel()
        self.model = _RowsModel(self)
        self.table = QTableView()
        self.table.setObjectName("townshipListRows")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)  # the lists number their rows (序号)
        top = QHBoxLayout()
        top.addWidget(QLabel("名单"))
        top.addWidget(self.picker)
        top.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def reload(self, day: date) -> None:
        """The day's lists; the one picked stays picked if the day has it."""
        picked = self.picker.currentData()
        self.lists = merged_lists(day)
        self.picker.blockSignals(True)
        self.picker.clear()
        for name, (_headers, rows) in self.lists.items():
            self.picker.addItem(f"{name}（{len(rows)} 行）", name)
        found = self.picker.findData(picked)
        self.picker.setCurrentIndex(max(found, 0))
        self.picker.blockSignals(False)
        self._show()

    def _show(self) -> None:
        name = self.picker.currentData()
        headers, rows = self.lists.get(name, ([], []))
        self.model.show(headers, rows)
        self.table.resizeColumnsToContents()
        villages = len({row[0] for row in rows})
        self.note.setText(
            f"{villages} 个村共 {len(rows)} 行（身份证号、电话已遮盖）" if name else "这一天还没有导入的名单"
        )
