"""Small dialogs for moving a person or marking them as having left, and the asking that leads to each
(the change itself is db/roster_actions.py's).

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
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import confirm
from db import roster_actions
from db.models.household import LEFT_STATUSES, PersonStatus
from db.queries import village as vq
from db.rules.id_number import mask_id_number

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

    def __init__(
        self, title: str, households: list[tuple[int, str]], from_label: str = "", parent: QWidget | None = None
    ) -> None:
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

    def __init__(
        self,
        title: str,
        who: list[tuple[str, str]],
        parent: QWidget | None = None,
        confirm_text: str = "标记为{status}",
        idle_text: str = "标记为…",
    ) -> None:
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


# --- asking, then the use case: each returns the audit ids of the change, None when nothing was done ---


def ask_move(parent: QWidget, person_id: int) -> list[int] | None:
    """Choose the household to move a person to (never the one they are in)."""
    values = vq.person_values(person_id)
    everyone = vq.households_for_choice()
    here = next((label for hid, label in everyone if hid == values["household"]), "")
    choices = [c for c in everyone if c[0] != values["household"]]
    dialog = ChooseHouseholdDialog(f"把 {values['name']} 移到其他户", choices, here, parent)
    chosen = dialog.household_id() if dialog.exec() else None
    return roster_actions.move_person(person_id, chosen) if chosen is not None else None


def ask_mark_left(parent: QWidget, person_id: int) -> list[int] | None:
    """Name the person (masked ID, household, address), then mark them 迁出 or 死亡."""
    values = vq.person_values(person_id)
    household = vq.household_values(values["household"])
    who = [
        ("姓名", values["name"]),
        ("身份证号", mask_id_number(values["id_number"]) if values["id_number"] else "（未登记）"),
        ("户号", f"{household['number']}（户主 {household['head_name'] or '未登记'}）"),
        ("地址", f"{household['grid_name']}{household['door_no']}"),
    ]
    dialog = MarkLeftDialog(f"标记迁出/死亡：{values['name']}", who, parent)
    status = dialog.chosen_status() if dialog.exec() else None
    if status is None:
        return None
    return roster_actions.mark_left([person_id], status, dialog.note.text().strip(), f"标记{status}：{values['name']}")


def ask_mark_household_left(parent: QWidget, household_id: int) -> list[int] | None:
    """Name the household's present members, then mark them all, confirmed once more (a whole family)."""
    household = vq.household_values(household_id)
    members = vq.present_members(household_id)
    label = f"{household['number']} {household['head_name']}".strip()
    if not members:
        QMessageBox.information(parent, "整户迁出", f"{label} 已没有在册人员。")
        return None
    names = [vq.person_values(pid)["name"] for pid in members]
    who = [
        ("户主", household["head_name"] or "（未登记）"),
        ("户号", household["number"]),
        ("地址", f"{household['grid_name']}{household['door_no']}"),
        ("人数", f"{len(members)} 人：{'、'.join(names)}"),
    ]
    dialog = MarkLeftDialog(f"整户迁出：{label}（{len(members)} 人）", who, parent, "整户标记为{status}…", "整户标记…")
    status = dialog.chosen_status() if dialog.exec() else None
    if status is None:
        return None
    question = (
        f"把 {label} 户的 {len(members)} 人（{'、'.join(names)}）全部标记为“{status}”？\n"
        "他们仍保留在花名册中，显示为灰色；可用“撤销”恢复。"
    )
    if not confirm(parent, f"整户{status}", question, f"确认整户{status} {len(members)} 人", "取消", default_yes=False):
        return None
    return roster_actions.mark_left(
        members, status, dialog.note.text().strip(), f"整户{status}：{label}（{len(members)} 人）"
    )
