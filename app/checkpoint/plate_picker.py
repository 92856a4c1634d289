"""The gate entry's plate: the province picked from a list (a clerk cannot type 豫 quickly), the rest typed, and
what is wrong with it said as it is typed."""

from __future__ import annotations

from PyQt6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from app.checkpoint.person_line import line_edit
from app.editors.dialog_parts import ERROR_STYLE
from db.rules.plates import PROVINCES, normalise_plate, parse_plate, plate_problem

#: The province the plate picker starts on: the village's own (the village has no region code: 河南's).
DEFAULT_PROVINCE = "豫"
OK_STYLE = "color: #2e7d32;"
HINT_STYLE = "color: #666666;"


class PlatePicker:
    """The province list, the plate box and the note under them (the form lays them out)."""

    def __init__(self) -> None:
        self.province = QComboBox()
        self.province.setObjectName("plateProvince")
        self.province.addItems(list(PROVINCES))
        self.province.setMaxVisibleItems(16)
        self.plate = line_edit("gatePlate", "字母和号码，如 A12345（无车不填）", width=90)
        self.note = QLabel()
        self.note.setObjectName("plateNote")
        self.note.setWordWrap(True)
        self.row = QHBoxLayout()
        self.row.setSpacing(2)
        self.row.addWidget(self.province)
        self.row.addWidget(self.plate, 1)
        self.plate.textChanged.connect(lambda _t: self._changed())
        self.province.currentIndexChanged.connect(lambda _i: self._changed())

    def clear(self) -> None:
        self.plate.clear()
        self.province.setCurrentIndex(PROVINCES.index(DEFAULT_PROVINCE))
        self.note.clear()

    def focus(self) -> None:
        """F4: the plate, its text chosen (a plate carried over from an earlier entry is typed over)."""
        self.plate.setFocus()
        self.plate.selectAll()

    def set_plate(self, text: str) -> None:
        """A whole plate (豫A12345) into the picker and the box."""
        if text and text[0] in PROVINCES:
            self.province.setCurrentIndex(PROVINCES.index(text[0]))
            text = text[1:]
        self.plate.setText(text)

    def text(self) -> str:
        rest = self.plate.text().strip()
        return f"{self.province.currentText()}{rest}" if rest else ""

    def _changed(self) -> None:
        """The plate judged as it is typed: its kind when it is one, what is wrong when it cannot be, and while
        it is still short, how many characters an ordinary plate still needs."""
        rest = self.plate.text().strip()
        if rest and rest[0] in PROVINCES:  # a whole plate typed or pasted: its province to the picker
            self.set_plate(rest)
            return
        text = self.text()
        problem = plate_problem(text)
        plain = normalise_plate(rest)
        if not plain:
            self.note.clear()
        elif problem is None:
            self.note.setStyleSheet(OK_STYLE)
            self.note.setText(f"✓ {parse_plate(text).kind}")
        elif len(plain) < 6 and problem.startswith(f"车牌“{normalise_plate(text)}”共"):
            self.note.setStyleSheet(HINT_STYLE)
            self.note.setText(f"还差 {6 - len(plain)} 位（新能源车牌再多 1 位）")
        else:
            self.note.setStyleSheet(ERROR_STYLE)
            self.note.setText(f"✗ {problem}")
        self.note.setToolTip(problem or "")
