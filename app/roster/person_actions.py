"""Small dialogs for moving a person or marking them as having left."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from db.models.household import LEFT_STATUSES


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ChooseHouseholdDialog(QDialog):
    """Pick a household by typing part of its number, head or address."""

    def __init__(self, title: str, households: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for household_id, label in households:
            self.combo.addItem(label, household_id)
        completer = self.combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        layout = QFormLayout(self)
        layout.addRow("移到户：", self.combo)
        layout.addRow(_buttons(self))

    def household_id(self) -> int | None:
        index = self.combo.findText(self.combo.currentText())
        return self.combo.itemData(index) if index >= 0 else None


class MarkLeftDialog(QDialog):
    """迁出 or 死亡, with a note; the person stays in the database, shown grey."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"标记离开：{name}")
        self.status = QComboBox()
        self.status.addItems(sorted(s.value for s in LEFT_STATUSES))
        self.note = QLineEdit()
        self.note.setPlaceholderText("例如：2020年3月迁往郑州")
        layout = QFormLayout(self)
        layout.addRow("状态：", self.status)
        layout.addRow("说明：", self.note)
        layout.addRow(_buttons(self))
