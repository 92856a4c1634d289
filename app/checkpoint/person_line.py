"""One person's boxes in the gate's entry (the lead, or a companion's line): who was picked, and what Enter
makes of typed text when nobody was found."""

from __future__ import annotations

import re
from typing import Any

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.checkpoint.lookup_box import LookupBox
from db.queries.checkpoints import Candidate

ID_LIKE = re.compile(r"[0-9]{4,17}[0-9Xx]?")


def line_edit(name: str, placeholder: str = "", width: int | None = None) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    if width is not None:
        edit.setMinimumWidth(width)
    return edit


class PersonBoxes:
    """The boxes of one person (the lead or a companion): who is found, their name, number, temperature."""

    def __init__(self, who: LookupBox, name: QLineEdit, id_number: QLineEdit, temperature: QLineEdit) -> None:
        self.who = who
        self.name = name
        self.id_number = id_number
        self.temperature = temperature
        self.chosen: Candidate | None = None
        who.textEdited.connect(lambda _t: self._start_over())

    def _start_over(self) -> None:
        """Typing in 查找 after a pick: a new search, the picked person's number no longer shown."""
        if self.chosen is not None:
            self.chosen = None
            self.id_number.clear()
            self.id_number.setReadOnly(False)
            self.id_number.setToolTip("")
            self.name.clear()

    @property
    def villager(self) -> bool:
        return self.chosen is not None and self.chosen.is_villager

    def fill(self, c: Candidate) -> None:
        """The person picked: the number shown masked (a gate is a public place) and not typed over; typing in
        查找 again starts over."""
        self.chosen = c
        self.who.setText(c.name)
        self.name.setText(c.name)
        self.id_number.setText(c.shown_id_number)
        self.id_number.setReadOnly(bool(c.id_number))
        self.id_number.setToolTip("从花名册或以前的登记带出；要改，请在“查找”中重新输入" if c.id_number else "")

    def take_typed(self) -> QLineEdit:
        """Enter with nothing found: the typed text is the ID number or the name; returns the box to go on to."""
        text = self.who.text().strip()
        if ID_LIKE.fullmatch(text):
            self.id_number.setText(text.upper())
            return self.name if not self.name.text() else self.temperature
        if text and not text.isascii():
            self.name.setText(text)
            return self.id_number if not self.id_number.text() else self.temperature
        return self.name

    def identity(self) -> dict[str, Any]:
        """The person's fields for register_entry (the roster's person, and what is known of them, when one
        was picked)."""
        values: dict[str, Any] = {"name": self.name.text().strip()}
        chosen = self.chosen
        if chosen is None:
            values["id_number"] = self.id_number.text().strip()
            return values
        values.update(id_number=chosen.id_number or self.id_number.text().strip(), is_villager=chosen.is_villager)
        if chosen.address:
            values["address"] = chosen.address
        if chosen.phone:
            values["phone"] = chosen.phone
        if chosen.person_id is not None:
            values["person"] = chosen.person_id
        return values

    def clear(self) -> None:
        self.who.clear_all()
        for box in (self.name, self.id_number, self.temperature):
            box.clear()
        self.id_number.setReadOnly(False)
        self.id_number.setToolTip("")
        self.chosen = None


class CompanionLine(QWidget):
    """One person in the same vehicle: 查找 · 姓名 · 身份证号 · 体温 · 删除."""

    removed = pyqtSignal(object)

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(f"同车 {number}：")
        self.person = PersonBoxes(
            LookupBox(),
            line_edit("companionName", "姓名"),
            line_edit("companionIdNumber", "身份证号"),
            line_edit("companionTemperature", "体温"),
        )
        self.person.who.setObjectName("companionWho")
        self.person.who.setPlaceholderText("身份证号 / 姓名 / 拼音首字母")
        self.person.temperature.setMaximumWidth(70)
        remove = QPushButton("删除")
        remove.setObjectName("companionRemove")
        remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        remove.clicked.connect(lambda: self.removed.emit(self))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.person.who, 3)
        row.addWidget(self.person.name, 2)
        row.addWidget(self.person.id_number, 3)
        row.addWidget(self.person.temperature, 1)
        row.addWidget(remove)

    @property
    def blank(self) -> bool:
        p = self.person
        return not any(box.text().strip() for box in (p.who, p.name, p.id_number, p.temperature))
