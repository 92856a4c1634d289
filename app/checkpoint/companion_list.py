"""The lines of the people in the lead's vehicle (F5 adds one): typed the same way as the lead, Enter moving
on line by line, Enter on an empty line saving them all with the lead."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from app.checkpoint.person_line import ID_LIKE, CompanionLine
from app.checkpoint.plate_picker import HINT_STYLE

NONE_YET = "同车人员：无（F5 添加一行；在空行上回车保存全部）"


class CompanionList:
    """The lines, their layout and the hint above them (the form places both). plate: where the focus goes
    back to when a line is removed; the callbacks are the form's."""

    def __init__(
        self,
        plate: QLineEdit,
        changed: Callable[[], None],
        save: Callable[[], object],
        say: Callable[[str, bool], None],
    ) -> None:
        self.plate, self.changed, self.save, self.say = plate, changed, save, say
        self.lines: list[CompanionLine] = []
        self.box = QVBoxLayout()
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(2)
        self.hint = QLabel(NONE_YET)
        self.hint.setStyleSheet(HINT_STYLE)

    def advance(self, after: QWidget) -> bool:
        """Enter in a line's box: the next box of the line, else the next line; False when after is no line's."""
        for line in self.lines:
            p = line.person
            if after is p.who:
                return True
            if after in (p.name, p.id_number):
                nxt = p.id_number if after is p.name and not p.id_number.text() else p.temperature
                nxt.setFocus()
                return True
            if after is p.temperature:
                self._next(line)
                return True
        return False

    def _next(self, line: CompanionLine) -> None:
        index = self.lines.index(line)
        if index + 1 < len(self.lines):
            self.lines[index + 1].person.who.setFocus()
        else:
            self.add()

    def add(self) -> None:
        """F5: a line for another person in the same vehicle (an empty one, if there is one, is used)."""
        for line in self.lines:
            if line.blank:
                line.person.who.setFocus()
                return
        line = CompanionLine(len(self.lines) + 1)
        p = line.person
        p.who.picked.connect(lambda c, p=p: (p.fill(c), p.temperature.setFocus(), self.changed()))
        p.who.entered.connect(lambda line=line: self._entered(line))
        for box in (p.name, p.id_number, p.temperature):
            box.returnPressed.connect(lambda box=box: self.advance(box) or self.save())
        p.temperature.textChanged.connect(lambda _t: self.changed())
        line.removed.connect(lambda which: self.remove(which))
        self.lines.append(line)
        self.box.addWidget(line)
        line.show()
        self.hint.setText("同车人员（与驾驶员同一车牌、同一行程；在空行上回车保存全部）：")
        last = self.lines[-2].person.temperature if len(self.lines) > 1 else self.plate
        QWidget.setTabOrder(last, p.who)
        for first, second in ((p.who, p.name), (p.name, p.id_number), (p.id_number, p.temperature)):
            QWidget.setTabOrder(first, second)
        p.who.setFocus()

    def _entered(self, line: CompanionLine) -> None:
        p = line.person
        if line.blank:
            self.save()
            return
        if not p.who.text().strip():
            p.temperature.setFocus()
            return
        if p.who.text().strip().isascii() and not ID_LIKE.fullmatch(p.who.text().strip()):
            self.say(f"没有找到“{p.who.text().strip()}”，请直接写姓名", True)
        p.take_typed().setFocus()

    def remove(self, line: CompanionLine, focus: bool = True) -> None:
        self.lines.remove(line)
        line.person.who.hide_popup()
        line.person.who.popup.deleteLater()  # (a child of the window, not of the line)
        self.box.removeWidget(line)
        line.hide()
        line.deleteLater()
        for n, other in enumerate(self.lines, 1):
            other.label.setText(f"同车 {n}：")
        if not self.lines:
            self.hint.setText(NONE_YET)
        if focus:
            self.plate.setFocus()
        self.changed()

    def clear(self) -> None:
        for line in list(self.lines):
            self.remove(line, focus=False)
