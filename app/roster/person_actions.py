"""Small dialogs for moving a person or marking them as having left.

Both change data a clerk cannot easily see again (a person leaves the list, a household loses a member),
so neither opens on a value: the confirm button stays greyed until the clerk has chosen, and the dialog
names who is concerned before anything is written.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.models.household import LEFT_STATUSES, PersonStatus

#: 迁出 before 死亡: the everyday move first, in the enum's order.
MARK_STATUSES = tuple(s.value for s in PersonStatus if s in LEFT_STATUSES)
DIALOG_WIDTH = 460


def _who(lines: list[tuple[str, str]]) -> QLabel:
    """Label: value lines naming the person or household concerned (word-wrapped, never cut)."""
    label = QLabel("<br>".join(f"{name}：<b>{_escape(value)}</b>" for name, value in lines))
    label.setObjectName("who")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    label.setStyleSheet("color: #555555;")
    return label


def _buttons(dialog: QDialog, confirm_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """取消 and a confirm button that starts greyed: Enter does nothing until the clerk has chosen."""
    buttons = QDialogButtonBox()
    ok = buttons.addButton(confirm_text, QDialogButtonBox.ButtonRole.AcceptRole)
    assert ok is not None
    ok.setObjectName("confirmButton")
    ok.setDefault(True)
    ok.setEnabled(False)
    buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


class ChooseHouseholdDialog(QDialog):
    """Pick a household by typing part of its number, head or address; shows from → to before moving."""

    def __init__(self, title: str, households: list[tuple[int, str]], from_label: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(DIALOG_WIDTH)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for household_id, label in households:
            self.combo.addItem(label, household_id)
        self.combo.setCurrentIndex(-1)  # nothing chosen: Enter must not move anyone to the first household
        self.combo.setEditText("")
        line = self.combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("请选择目标户…")
        completer = self.combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.from_label = QLabel(from_label)
        self.from_label.setObjectName("fromHousehold")
        self.from_label.setWordWrap(True)
        self.to_label = QLabel("（尚未选择）")
        self.to_label.setObjectName("toHousehold")
        self.to_label.setWordWrap(True)
        buttons, self.confirm_button = _buttons(self, "移到此户")
        form = QFormLayout()
        form.addRow("移到户：", self.combo)
        form.addRow("原来的户：", self.from_label)
        form.addRow("移到：", self.to_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_hint("户号、户主或门牌号的一部分即可查找；人员的其他信息不变，可用“撤销”移回。"))
        layout.addWidget(buttons)
        self.combo.currentTextChanged.connect(lambda _text: self._follow())
        self.combo.currentIndexChanged.connect(lambda _index: self._follow())

    def _follow(self) -> None:
        chosen = self.household_id() is not None
        self.to_label.setText(self.combo.currentText() if chosen else "（尚未选择）")
        self.confirm_button.setEnabled(chosen)

    def household_id(self) -> int | None:
        text = self.combo.currentText()
        index = self.combo.findText(text) if text else -1
        return self.combo.itemData(index) if index >= 0 else None


class MarkLeftDialog(QDialog):
    """迁出 or 死亡, with a note; the person stays in the database, shown grey.

    `who` names the person (姓名, masked ID, 户号, 地址) or household (户主, 户号, 地址, 人数)."""

    def __init__(self, title: str, who: list[tuple[str, str]], parent: QWidget | None = None,
                 confirm_text: str = "标记为{status}", idle_text: str = "标记为…") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(DIALOG_WIDTH)
        self.status = QComboBox()
        self.status.setObjectName("status")
        self.status.setPlaceholderText("请选择")
        self.status.addItems(MARK_STATUSES)
        self.status.setCurrentIndex(-1)  # no destructive value preselected
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText("例如：2020年3月迁往郑州")
        buttons, self.confirm_button = _buttons(self, idle_text)
        self._confirm_text, self._idle_text = confirm_text, idle_text
        self.status.currentIndexChanged.connect(self._follow)
        form = QFormLayout()
        form.addRow("状态：", self.status)
        form.addRow("说明：", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(_who(who))
        layout.addLayout(form)
        layout.addWidget(_hint("标记后人员仍保留在花名册中（显示为灰色，不再计入在册人数），可用“撤销”恢复。"))
        layout.addWidget(buttons)
        self.status.setFocus()

    def _follow(self, index: int) -> None:
        chosen = self.chosen_status()
        self.confirm_button.setText(self._confirm_text.format(status=chosen) if chosen else self._idle_text)
        self.confirm_button.setEnabled(index >= 0)

    def chosen_status(self) -> str | None:
        return self.status.currentText() if self.status.currentIndex() >= 0 else None
