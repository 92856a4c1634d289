"""The gate's entry, by keyboard alone (卡点登记).

The focus starts in the 身份证号/姓名 box. What is typed there (ID digits, a name's start or its pinyin initials)
is looked up as it is typed (db.queries.checkpoints.lookup: earlier entries at any gate, then the roster) and
offered in a list under the box, the first one chosen: Enter takes it (Down/Up choose another) and fills the
rest, the cursor then in 体温. Enter in any box moves on to the next box still needed and empty (体温 always;
for someone not of the village also 身份证号, 电话, 从何处来 and 事由), and saves when none is left: a villager
coming home is typed as initials, Enter, the temperature, Enter. F3 switches 进入 / 外出, F4 goes to the
plate, F5 adds a line for someone in the same vehicle (typed the same way; Enter on an empty line, or Ctrl+S,
saves them all with the lead in one go). The flag (fever, a symptom, a key-area origin) shows as soon as the
boxes make it, by the rule the save uses (db.checkpoint_actions.entry_flags).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from PyQt6 import sip
from PyQt6.QtCore import QDateTime, QEvent, QObject, QPoint, Qt, pyqtSignal
from PyQt6.QtGui import QAction, QKeyEvent, QKeySequence
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_STYLE
from db import checkpoint_actions as ca
from db import session
from db.errors import LedgerError
from db.models.checkpoint import Direction
from db.queries.checkpoints import Candidate, lookup
from db.queries.screening_entry import key_area_code, key_areas
from db.rules.key_areas import KeyAreaRow
from db.rules.phones import mask_phone
from db.rules.plates import PROVINCES, normalise_plate, parse_plate, plate_problem
from db.rules.regions import region_by_code, region_codes
from db.rules.temperature import parse_temperature
from forms.parsing.phones import PhoneError, parse_phone

#: The province the plate picker starts on: the village's own (the village has no region code: 河南's).
DEFAULT_PROVINCE = "豫"
FLAG_STYLE = "color: #c0392b; font-weight: bold;"
OK_STYLE = "color: #2e7d32;"
HINT_STYLE = "color: #666666;"
_ID_LIKE = re.compile(r"[0-9]{4,17}[0-9Xx]?")
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def candidate_text(c: Candidate) -> str:
    """A line of the fill-in list: who, masked number, where they live, when last seen at a gate."""
    parts = [c.name, c.shown_id_number or "（无身份证号）", c.address or ("本村" if c.is_villager else "外来")]
    if c.last_at is not None:
        parts.append(f"上次 {c.last_at:%m-%d %H:%M} {c.last_checkpoint} {c.last_direction}")
    else:
        parts.append(c.source)
    return "　".join(p for p in parts if p)


class LookupBox(QLineEdit):
    """The 身份证号/姓名 box: looks up what is typed and offers the people in a list under it (not a window of
    its own: the focus stays here). picked(candidate) when Enter takes one; entered() when Enter is pressed
    with nothing offered."""

    picked = pyqtSignal(object)
    entered = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidates: list[Candidate] = []
        self.popup = QListWidget()
        self.popup.setObjectName("gateLookupList")
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setUniformItemSizes(True)
        self.popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.popup.setStyleSheet("QListWidget { border: 1px solid #2e6da4; background: #ffffff; }")
        self.popup.itemClicked.connect(lambda _item: self.take())
        self.popup.hide()
        self.textEdited.connect(self._look_up)

    def _look_up(self, text: str) -> None:
        self.candidates = lookup(text)
        self.popup.clear()
        if not self.candidates:
            self.popup.hide()
            return
        self.popup.addItems([candidate_text(c) for c in self.candidates])
        self.popup.setCurrentRow(0)
        self._place()

    def _place(self) -> None:
        """Under the box, in front of what is below it, inside the window."""
        window = self.window()
        if self.popup.parent() is not window:
            self.popup.setParent(window)
        below = self.mapTo(window, QPoint(0, self.height()))
        rows = min(len(self.candidates), 8)
        height = rows * (self.popup.sizeHintForRow(0) or 20) + 4
        width = max(self.width(), min(620, window.width() - below.x() - 8))
        self.popup.setGeometry(below.x(), below.y(), width, height)
        self.popup.show()
        self.popup.raise_()

    def hide_popup(self) -> None:
        self.popup.hide()

    def clear_all(self) -> None:
        self.clear()
        self.candidates = []
        self.popup.clear()
        self.popup.hide()

    def take(self) -> None:
        row = self.popup.currentRow()
        if self.popup.isVisible() and 0 <= row < len(self.candidates):
            chosen = self.candidates[row]
            self.popup.hide()
            self.picked.emit(chosen)

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if event is None:
            return
        key = event.key()
        shown = self.popup.isVisible() and self.popup.count() > 0
        if shown and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            self.popup.setCurrentRow((self.popup.currentRow() + step) % self.popup.count())
            return
        if key in _ENTER and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            if shown:
                self.take()
            else:
                self.entered.emit()
            return
        if key == Qt.Key.Key_Escape and shown:
            self.popup.hide()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: Any) -> None:
        if not sip.isdeleted(self.popup):  # (the window, its parent, may be going)
            self.popup.hide()
        super().focusOutEvent(event)


def _line_edit(name: str, placeholder: str = "", width: int | None = None) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    if width is not None:
        edit.setMinimumWidth(width)
    return edit


class _Person:
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
        if _ID_LIKE.fullmatch(text):
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
        self.person = _Person(
            LookupBox(),
            _line_edit("companionName", "姓名"),
            _line_edit("companionIdNumber", "身份证号"),
            _line_edit("companionTemperature", "体温"),
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


class EntryForm(QWidget):
    """saved(Registered) after an entry (with its companions) was written; said(text, problem) for the page's
    message line. checkpoint_id: the gate chosen above the form (None: none yet, nothing is saved)."""

    saved = pyqtSignal(object)
    said = pyqtSignal(str, bool)

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.now = now
        self.checkpoint_id: int | None = None
        self.direction = Direction.IN.value
        self.areas: Sequence[KeyAreaRow] = []
        self.companions: list[CompanionLine] = []
        self._area_code: str | None = None
        self._time_typed = False
        self._build()
        self._wire()
        self.reset()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        who = LookupBox()
        who.setObjectName("gateWho")
        who.setPlaceholderText("身份证号、姓名或拼音首字母（如 zsf），回车选人")
        self.lead = _Person(
            who,
            _line_edit("gateName", "姓名"),
            _line_edit("gateIdNumber", "18位身份证号"),
            _line_edit("gateTemperature", "如 365 或 36.5"),
        )
        self.who = who
        self.when = QDateTimeEdit()
        self.when.setObjectName("gateTime")
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.direction_button = QPushButton()
        self.direction_button.setObjectName("gateDirection")
        self.direction_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.direction_button.setToolTip("F3 切换 进入 / 外出")
        self.direction_button.clicked.connect(self.toggle_direction)
        self.phone = _line_edit("gatePhone", "手机或座机")
        self.address = _line_edit("gateAddress", "住址（户籍）")
        self.symptoms = _line_edit("gateSymptoms", "如 咳嗽、乏力（无则不填）")
        self.from_place = _line_edit("gateFrom", "如 郑州、湖北武汉")
        self.from_hint = QLabel()
        self.from_hint.setObjectName("gateFromHint")
        self.reason = _line_edit("gateReason", "如 返乡、探亲、送货")
        self.to_place = _line_edit("gateTo", "到访人家或目的地")
        self.province = QComboBox()
        self.province.setObjectName("plateProvince")
        self.province.addItems(list(PROVINCES))
        self.province.setMaxVisibleItems(16)
        self.plate = _line_edit("gatePlate", "字母和号码，如 A12345（无车不填）", width=90)
        self.plate_note = QLabel()
        self.plate_note.setObjectName("plateNote")
        self.plate_note.setWordWrap(True)
        self.flag = QLabel()
        self.flag.setObjectName("gateFlag")
        self.flag.setStyleSheet(FLAG_STYLE)
        self.message = QLabel()
        self.message.setObjectName("gateMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.save_button.setObjectName("gateSave")
        self.save_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.save_button.clicked.connect(self.save)
        self.companion_box = QVBoxLayout()
        self.companion_box.setContentsMargins(0, 0, 0, 0)
        self.companion_box.setSpacing(2)
        self.companion_hint = QLabel("同车人员：无（F5 添加一行；在空行上回车保存全部）")
        self.companion_hint.setStyleSheet(HINT_STYLE)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.addWidget(QLabel("查找："), 0, 0)
        grid.addWidget(who, 0, 1, 1, 3)
        grid.addWidget(QLabel("时间："), 0, 4)
        grid.addWidget(self.when, 0, 5)
        grid.addWidget(QLabel("进出："), 0, 6)
        grid.addWidget(self.direction_button, 0, 7)
        grid.addWidget(QLabel("姓名："), 1, 0)
        grid.addWidget(self.lead.name, 1, 1)
        grid.addWidget(QLabel("身份证号："), 1, 2)
        grid.addWidget(self.lead.id_number, 1, 3)
        grid.addWidget(QLabel("电话："), 1, 4)
        grid.addWidget(self.phone, 1, 5)
        grid.addWidget(QLabel("住址："), 1, 6)
        grid.addWidget(self.address, 1, 7)
        grid.addWidget(QLabel("体温(℃)："), 2, 0)
        grid.addWidget(self.lead.temperature, 2, 1)
        grid.addWidget(QLabel("症状："), 2, 2)
        grid.addWidget(self.symptoms, 2, 3)
        grid.addWidget(QLabel("从何处来："), 2, 4)
        grid.addWidget(self.from_place, 2, 5)
        grid.addWidget(QLabel("事由："), 2, 6)
        grid.addWidget(self.reason, 2, 7)
        grid.addWidget(QLabel("车牌(F4)："), 3, 0)
        plate_row = QHBoxLayout()
        plate_row.setSpacing(2)
        plate_row.addWidget(self.province)
        plate_row.addWidget(self.plate, 1)
        grid.addLayout(plate_row, 3, 1)
        grid.addWidget(self.plate_note, 3, 2, 1, 2)
        grid.addWidget(QLabel("到何处去："), 3, 4)
        grid.addWidget(self.to_place, 3, 5)
        grid.addWidget(self.from_hint, 3, 6, 1, 2)
        for column, stretch in ((1, 2), (3, 3), (5, 2), (7, 2)):
            grid.setColumnStretch(column, stretch)
        bottom = QHBoxLayout()
        bottom.addWidget(self.flag)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(grid)
        layout.addWidget(self.companion_hint)
        layout.addLayout(self.companion_box)
        layout.addLayout(bottom)
        self.order: list[QWidget] = [
            who,
            self.lead.name,
            self.lead.id_number,
            self.phone,
            self.address,
            self.lead.temperature,
            self.symptoms,
            self.from_place,
            self.reason,
            self.to_place,
            self.province,
            self.plate,
        ]
        for first, second in zip(self.order, self.order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _wire(self) -> None:
        keys = (
            ("Ctrl+S", self.save),
            ("F3", self.toggle_direction),
            ("F4", self.focus_plate),
            ("F5", self.add_companion),
        )
        for key, slot in keys:
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.addAction(action)
        self.who.picked.connect(self._picked)
        self.who.textEdited.connect(lambda _t: self._lead_start_over())
        self.who.textEdited.connect(lambda _t: self.show_time())
        self.who.entered.connect(lambda: self._typed_in(self.lead))
        for box in self.order[1:]:
            if isinstance(box, QLineEdit):
                box.returnPressed.connect(lambda box=box: self.advance(box))
        for box in (self.lead.temperature, self.symptoms):
            box.textChanged.connect(lambda _t: self.show_flags())
        self.from_place.textChanged.connect(lambda _t: self._from_changed())
        self.plate.textChanged.connect(lambda _t: self._plate_changed())
        self.province.currentIndexChanged.connect(lambda _i: self._plate_changed())
        self.province.installEventFilter(self)
        self.when.installEventFilter(self)
        self.when.dateTimeChanged.connect(lambda _d: setattr(self, "_time_typed", self.when.hasFocus()))

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        """Enter in the plate's province or the time goes on as in the boxes."""
        pressed = event is not None and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
        if pressed and event.key() in _ENTER and isinstance(watched, QWidget):  # type: ignore[union-attr]
            self.advance(watched)
            return True
        return False

    # --- state ---------------------------------------------------------------------------------

    def set_checkpoint(self, checkpoint_id: int | None) -> None:
        self.checkpoint_id = checkpoint_id
        self.setEnabled(checkpoint_id is not None)

    def reload_areas(self) -> None:
        """The key-area rows, read once per page load (the rule judges each entry's day against them)."""
        self.areas = key_areas()
        region_codes("郑州"), region_by_code("410100")  # the tables read now, not at the first place typed (0.4 s)
        self._from_changed()

    def day(self) -> date:
        return self.moment().date()

    def moment(self) -> datetime:
        """The entry's time: as the clerk set it, else now (the gate's clock when saved)."""
        if self._time_typed:
            return self.when.dateTime().toPyDateTime().replace(second=0, microsecond=0)
        return self.now().replace(microsecond=0)

    def reset(self) -> None:
        """A new entry: every box empty, 进入, the village's province, the time now, the focus in 查找."""
        self.lead.clear()
        self.phone.setReadOnly(False)
        for box in (self.phone, self.address, self.symptoms, self.from_place, self.reason, self.to_place, self.plate):
            box.clear()
        for line in list(self.companions):
            self._remove(line, focus=False)
        self.province.setCurrentIndex(PROVINCES.index(DEFAULT_PROVINCE))
        self.set_direction(Direction.IN.value)
        self._time_typed = False
        self.show_time()
        self.plate_note.clear()
        self.show_flags()
        self.who.setFocus()

    def show_time(self) -> None:
        """The time box shows the clock (as the entry will be dated) until the clerk sets a time."""
        if not self._time_typed:
            self.when.blockSignals(True)
            self.when.setDateTime(QDateTime(self.now().replace(second=0, microsecond=0)))
            self.when.blockSignals(False)

    def set_direction(self, direction: str) -> None:
        self.direction = direction
        arrow = "→ 进入" if direction == Direction.IN.value else "← 外出"
        self.direction_button.setText(f"{arrow}（F3）")
        colour = "#2e6da4" if direction == Direction.IN.value else "#b35c00"
        self.direction_button.setStyleSheet(f"font-weight: bold; color: {colour};")
        self.show_flags()

    def toggle_direction(self) -> None:
        self.set_direction(Direction.OUT.value if self.direction == Direction.IN.value else Direction.IN.value)

    def say(self, text: str, problem: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if problem else "color: #2e6da4;")
        self.message.setText(text)
        self.said.emit(text, problem)

    # --- filling -------------------------------------------------------------------------------

    def _picked(self, c: Candidate) -> None:
        self.lead.fill(c)
        self.phone.setText(mask_phone(c.phone) if c.phone else "")
        self.phone.setReadOnly(bool(c.phone))
        self.address.setText(c.address)
        returning = self.direction == Direction.IN.value and c.last_direction == Direction.OUT.value
        came_from = c.to_place if returning and c.to_place else c.from_place
        if came_from and not self.from_place.text():
            self.from_place.setText(came_from)
        if c.last_direction == self.direction:
            if c.reason and not self.reason.text():
                self.reason.setText(c.reason)
            if c.to_place and not self.to_place.text():
                self.to_place.setText(c.to_place)
        if c.plate and not self.plate.text():
            self.set_plate(c.plate)
        self.lead.temperature.setFocus()

    def _lead_start_over(self) -> None:
        """Typing in 查找 again: the picked person's phone and address go with them."""
        if self.phone.isReadOnly():
            self.phone.clear()
            self.phone.setReadOnly(False)
            self.address.clear()

    def focus_plate(self) -> None:
        """F4: the plate, its text chosen (a plate carried over from an earlier entry is typed over)."""
        self.plate.setFocus()
        self.plate.selectAll()

    def set_plate(self, text: str) -> None:
        """A whole plate (豫A12345) into the picker and the box."""
        if text and text[0] in PROVINCES:
            self.province.setCurrentIndex(PROVINCES.index(text[0]))
            text = text[1:]
        self.plate.setText(text)

    def _typed_in(self, person: _Person) -> None:
        """Enter in a 查找 box with nobody offered."""
        text = person.who.text().strip()
        if not text:
            if person is self.lead and not self.lead.name.text():
                self.say("请输入身份证号、姓名或拼音首字母，回车选人；新来的人直接写姓名", problem=True)
                return
            self.advance(person.who)
            return
        if text.isascii() and not _ID_LIKE.fullmatch(text):
            self.say(f"没有找到“{text}”，请直接写姓名", problem=True)
        person.take_typed()
        self.advance(person.who)

    # --- moving on -----------------------------------------------------------------------------

    def _needed(self, box: QWidget) -> bool:
        """Boxes Enter stops at when empty: the name and 体温 always; for someone not of the village the number,
        the phone, the reason, and coming in, where from."""
        if box in (self.lead.name, self.lead.temperature):
            return True
        if self.lead.villager:
            return False
        if box is self.from_place:
            return self.direction == Direction.IN.value
        return box in (self.lead.id_number, self.phone, self.reason)

    def advance(self, after: QWidget) -> None:
        """Enter: the next box still needed and empty, else the entry saved."""
        if after is self.when:
            self.who.setFocus()
            return
        if after in self.order:
            for box in self.order[self.order.index(after) + 1 :]:
                if isinstance(box, QLineEdit) and self._needed(box) and not box.text().strip():
                    box.setFocus()
                    return
            self.save()
            return
        for line in self.companions:
            p = line.person
            if after is p.who:
                return
            if after in (p.name, p.id_number):
                nxt = p.id_number if after is p.name and not p.id_number.text() else p.temperature
                nxt.setFocus()
                return
            if after is p.temperature:
                self._next_companion(line)
                return
        self.save()

    def _next_companion(self, line: CompanionLine) -> None:
        index = self.companions.index(line)
        if index + 1 < len(self.companions):
            self.companions[index + 1].person.who.setFocus()
        else:
            self.add_companion()

    def add_companion(self) -> None:
        """F5: a line for another person in the same vehicle (an empty one, if there is one, is used)."""
        for line in self.companions:
            if line.blank:
                line.person.who.setFocus()
                return
        line = CompanionLine(len(self.companions) + 1)
        p = line.person
        p.who.picked.connect(lambda c, p=p: (p.fill(c), p.temperature.setFocus(), self.show_flags()))
        p.who.entered.connect(lambda line=line: self._companion_entered(line))
        for box in (p.name, p.id_number, p.temperature):
            box.returnPressed.connect(lambda box=box: self.advance(box))
        p.temperature.textChanged.connect(lambda _t: self.show_flags())
        line.removed.connect(lambda which: self._remove(which))
        self.companions.append(line)
        self.companion_box.addWidget(line)
        line.show()
        self.companion_hint.setText("同车人员（与驾驶员同一车牌、同一行程；在空行上回车保存全部）：")
        last = self.companions[-2].person.temperature if len(self.companions) > 1 else self.plate
        QWidget.setTabOrder(last, p.who)
        for first, second in ((p.who, p.name), (p.name, p.id_number), (p.id_number, p.temperature)):
            QWidget.setTabOrder(first, second)
        p.who.setFocus()

    def _companion_entered(self, line: CompanionLine) -> None:
        p = line.person
        if line.blank:
            self.save()
            return
        if not p.who.text().strip():
            p.temperature.setFocus()
            return
        if p.who.text().strip().isascii() and not _ID_LIKE.fullmatch(p.who.text().strip()):
            self.say(f"没有找到“{p.who.text().strip()}”，请直接写姓名", problem=True)
        p.take_typed().setFocus()

    def _remove(self, line: CompanionLine, focus: bool = True) -> None:
        self.companions.remove(line)
        line.person.who.hide_popup()
        line.person.who.popup.deleteLater()  # (a child of the window, not of the line)
        self.companion_box.removeWidget(line)
        line.hide()
        line.deleteLater()
        for n, other in enumerate(self.companions, 1):
            other.label.setText(f"同车 {n}：")
        if not self.companions:
            self.companion_hint.setText("同车人员：无（F5 添加一行；在空行上回车保存全部）")
        if focus:
            self.plate.setFocus()
        self.show_flags()

    # --- what the boxes make -------------------------------------------------------------------

    def _from_changed(self) -> None:
        text = self.from_place.text().strip()
        self._area_code = key_area_code(text, self.day(), self.areas) if text else None
        region = region_by_code(self._area_code) if self._area_code else None
        self.from_hint.setText(f"来源地：{region.label}" if region is not None else "")
        self.from_hint.setStyleSheet(HINT_STYLE)
        self.show_flags()

    def _plate_changed(self) -> None:
        """The plate judged as it is typed: its kind when it is one, what is wrong when it cannot be, and while
        it is still short, how many characters an ordinary plate still needs."""
        rest = self.plate.text().strip()
        if rest and rest[0] in PROVINCES:  # a whole plate typed or pasted: its province to the picker
            self.set_plate(rest)
            return
        text = self.plate_text()
        problem = plate_problem(text)
        plain = normalise_plate(rest)
        if not plain:
            self.plate_note.clear()
        elif problem is None:
            self.plate_note.setStyleSheet(OK_STYLE)
            self.plate_note.setText(f"✓ {parse_plate(text).kind}")
        elif len(plain) < 6 and problem.startswith(f"车牌“{normalise_plate(text)}”共"):
            self.plate_note.setStyleSheet(HINT_STYLE)
            self.plate_note.setText(f"还差 {6 - len(plain)} 位（新能源车牌再多 1 位）")
        else:
            self.plate_note.setStyleSheet(ERROR_STYLE)
            self.plate_note.setText(f"✗ {problem}")
        self.plate_note.setToolTip(problem or "")

    def plate_text(self) -> str:
        rest = self.plate.text().strip()
        return f"{self.province.currentText()}{rest}" if rest else ""

    def _temperature(self, box: QLineEdit) -> float | None:
        try:
            return parse_temperature(box.text())
        except ValueError:
            return None

    def _flags_of(self, temperature: QLineEdit) -> list[str]:
        values = {
            "temperature": self._temperature(temperature),
            "symptoms": self.symptoms.text() if temperature is self.lead.temperature else "",
            "direction": self.direction,
            "from_area_code": self._area_code,
        }
        return ca.entry_flags(values, self.areas, self.day())

    def show_flags(self) -> None:
        """The flag as the boxes make it: the lead's, and each companion's by name."""
        said = []
        lead = self._flags_of(self.lead.temperature)
        if lead:
            said.append("；".join(lead))
        for line in self.companions:
            flags = self._flags_of(line.person.temperature)
            if flags and not line.blank:
                said.append(f"{line.person.name.text() or '同车人员'}：{'；'.join(flags)}")
        self.flag.setText(f"⚠ 异常：{' ｜ '.join(said)}" if said else "")
        self.flag.setToolTip(self.flag.text())

    # --- saving --------------------------------------------------------------------------------

    def _person_values(self, person: _Person, who: str) -> dict[str, Any] | None:
        values = person.identity()
        text = person.temperature.text().strip()
        if text:
            try:
                values["temperature"] = parse_temperature(text)
            except ValueError as exc:
                self.say(f"未保存：{who}的体温{exc}", problem=True)
                person.temperature.setFocus()
                return None
        return values

    def values(self) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        """The lead's and the companions' values as register_entry takes them; None (said why) when the form
        cannot give them."""
        if self.checkpoint_id is None:
            self.say("请先在上方选择卡点", problem=True)
            return None
        lead = self._person_values(self.lead, "")
        if lead is None:
            return None
        if not lead["name"]:
            self.say("未保存：请填写姓名（在“查找”中输入身份证号、姓名或拼音首字母）", problem=True)
            (self.lead.name if self.who.text() else self.who).setFocus()
            return None
        problem = plate_problem(self.plate_text())
        if problem:
            self.say(f"未保存：{problem}", problem=True)
            self.plate.setFocus()
            return None
        lead.update(
            {
                "checkpoint": self.checkpoint_id,
                "at": self.moment(),
                "direction": self.direction,
                "symptoms": self.symptoms.text().strip(),
                "from_place": self.from_place.text().strip(),
                "reason": self.reason.text().strip(),
                "to_place": self.to_place.text().strip(),
                "plate": self.plate_text(),
                "recorder": _recorder(),
            }
        )
        if self.address.text().strip():
            lead["address"] = self.address.text().strip()
        if self.phone.text().strip() and not self.phone.isReadOnly():
            try:
                lead["phone"] = parse_phone(self.phone.text())
            except PhoneError as exc:
                self.say(f"未保存：电话{exc}", problem=True)
                self.phone.setFocus()
                return None
        if self._area_code and lead["from_place"]:
            lead["from_area_code"] = self._area_code
        others = []
        for n, line in enumerate(self.companions, 1):
            if line.blank:
                continue
            values = self._person_values(line.person, f"同车 {n} ")
            if values is None:
                return None
            if not values["name"]:
                self.say(f"未保存：同车 {n} 请填写姓名", problem=True)
                line.person.name.setFocus()
                return None
            others.append(values)
        return lead, others

    def save(self) -> ca.Registered | None:
        """Ctrl+S (or Enter past the last box): the lead and the companions written in one go."""
        given = self.values()
        if given is None:
            return None
        lead, others = given
        try:
            done = ca.register_entry(lead, others)
        except LedgerError as exc:
            self.say(f"未保存：{exc}", problem=True)
            return None
        names = "、".join(e.name for e in done.entries)
        flagged = done.flagged
        text = f"已登记：{names} {self.direction}" + (f"（车牌 {done.vehicle.plate}）" if done.vehicle else "")
        if flagged:
            text += f"。{'、'.join(e.name for e in flagged)} 异常，按 Ctrl+G 登记管控"
        self.reset()
        self.say(text, problem=bool(flagged))
        self.saved.emit(done)
        return done


def _recorder() -> str:
    current = session.current()
    return current.name if current is not None else ""
