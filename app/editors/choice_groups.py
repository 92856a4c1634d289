"""The import preview's "识别的说法" section: how the words of a file's choice columns were read, grouped, so
the clerk confirms them in one look and changes what a group maps to.

A change is remembered at once (db.choice_memory, through the save path, audited) and read by the next
parse, so `remembered` is emitted for the dialog to preview again; the next file is read the same way.
"""

from __future__ import annotations

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.choice_memory import remember
from db.errors import LedgerError
from forms.choice_words import ChoiceGroup

BLANK = "（留空）"


class ChoiceGroupsSection(QWidget):
    """Hidden while a preview has no words that are not our values."""

    #: A group's words now map to another value; the message says which.
    remembered = pyqtSignal(str)
    failed = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups: list[ChoiceGroup] = []
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("choiceGroups")
        self.table.setHorizontalHeaderLabels(["字段", "表中写的", "行数", "导入为", "说明"])
        header, rows = self.table.horizontalHeader(), self.table.verticalHeader()
        assert header is not None and rows is not None
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        rows.hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        rows.setDefaultSectionSize(26)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("表中的说法这样识别（不对的请在“导入为”中改，程序会记住，以后的文件也这样识别）："))
        layout.addWidget(self.table)
        self.hide()

    def show_groups(self, groups: list[ChoiceGroup]) -> None:
        self.groups = groups
        self.table.setRowCount(len(groups))
        for row, group in enumerate(groups):
            for column, text in ((0, group.label), (1, group.words), (2, f"×{group.count}"), (4, group.remark)):
                item = QTableWidgetItem(text)
                item.setToolTip(str(group))
                self.table.setItem(row, column, item)
            combo = QComboBox()
            for value in group.options:
                combo.addItem(value or BLANK, value)
            combo.setCurrentIndex(max(0, combo.findData(group.value)))
            combo.currentIndexChanged.connect(lambda _i, row=row, combo=combo: self._changed(row, combo.currentData()))
            self.table.setCellWidget(row, 3, combo)
        for column in (0, 1, 2):
            self.table.resizeColumnToContents(column)
        self.table.setColumnWidth(3, 150)
        self.setVisible(bool(groups))

    def _changed(self, row: int, value: str) -> None:
        group = self.groups[row]
        if value == group.value:
            return
        try:
            remember(group.key, group.label, group.words, value)
        except LedgerError as exc:
            self.failed.emit(f"没有记住这项修改：{exc}")
            return
        self.remembered.emit(f"已记住：{group.label}“{group.words}”按“{value or BLANK}”导入。正在重新预览……")
