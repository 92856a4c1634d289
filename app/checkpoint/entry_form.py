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

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from PyQt6.QtCore import QDateTime, QEvent, QObject, Qt, pyqtSignal
from PyQt6.QtGui import QKeyEvent
from PyQt6.QtWidgets import QDateTimeEdit, QLabel, QLineEdit, QPushButton, QWidget

from app.checkpoint.companion_list import CompanionList
from app.checkpoint.entry_layout import lay_out
from app.checkpoint.entry_values import entry_values
from app.checkpoint.lookup_box import ENTER_KEYS, LookupBox
from app.checkpoint.person_line import ID_LIKE, CompanionLine, PersonBoxes, line_edit
from app.checkpoint.plate_picker import HINT_STYLE, PlatePicker
from app.editors.dialog_parts import ERROR_STYLE
from app.shortcuts import add_shortcuts
from db import checkpoint_actions as ca
from db.errors import LedgerError
from db.models.checkpoint import Direction
from db.queries.checkpoints import Candidate
from db.queries.screening_entry import key_area_code, key_areas
from db.rules.key_areas import KeyAreaRow
from db.rules.phones import mask_phone
from db.rules.regions import region_by_code, region_codes
from db.rules.temperature import parse_temperature

FLAG_STYLE = "color: #c0392b; font-weight: bold;"


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
        self.area_code: str | None = None
        self._time_typed = False
        self._build()
        self._wire()
        self.reset()

    @property
    def companions(self) -> list[CompanionLine]:
        return self.companions_list.lines

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        who = LookupBox()
        who.setObjectName("gateWho")
        who.setPlaceholderText("身份证号、姓名或拼音首字母（如 zsf），回车选人")
        self.lead = PersonBoxes(
            who,
            line_edit("gateName", "姓名"),
            line_edit("gateIdNumber", "18位身份证号"),
            line_edit("gateTemperature", "如 365 或 36.5"),
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
        self.phone = line_edit("gatePhone", "手机或座机")
        self.address = line_edit("gateAddress", "住址（户籍）")
        self.symptoms = line_edit("gateSymptoms", "如 咳嗽、乏力（无则不填）")
        self.from_place = line_edit("gateFrom", "如 郑州、湖北武汉")
        self.from_hint = QLabel()
        self.from_hint.setObjectName("gateFromHint")
        self.reason = line_edit("gateReason", "如 返乡、探亲、送货")
        self.to_place = line_edit("gateTo", "到访人家或目的地")
        self.plate_picker = PlatePicker()
        self.province, self.plate = self.plate_picker.province, self.plate_picker.plate
        self.plate_note = self.plate_picker.note
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
        self.companions_list = CompanionList(self.plate, self.show_flags, self.save, self.say)
        self.order = lay_out(self)

    def _wire(self) -> None:
        keys = (
            ("Ctrl+S", self.save),
            ("F3", self.toggle_direction),
            ("F4", self.plate_picker.focus),
            ("F5", self.companions_list.add),
        )
        add_shortcuts(self, keys)
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
        self.province.installEventFilter(self)
        self.when.installEventFilter(self)
        self.when.dateTimeChanged.connect(lambda _d: setattr(self, "_time_typed", self.when.hasFocus()))

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        """Enter in the plate's province or the time goes on as in the boxes."""
        pressed = event is not None and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
        if pressed and event.key() in ENTER_KEYS and isinstance(watched, QWidget):  # type: ignore[union-attr]
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
        for box in (self.phone, self.address, self.symptoms, self.from_place, self.reason, self.to_place):
            box.clear()
        self.plate_picker.clear()
        self.companions_list.clear()
        self.set_direction(Direction.IN.value)
        self._time_typed = False
        self.show_time()
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
            self.plate_picker.set_plate(c.plate)
        self.lead.temperature.setFocus()

    def _lead_start_over(self) -> None:
        """Typing in 查找 again: the picked person's phone and address go with them."""
        if self.phone.isReadOnly():
            self.phone.clear()
            self.phone.setReadOnly(False)
            self.address.clear()

    def _typed_in(self, person: PersonBoxes) -> None:
        """Enter in a 查找 box with nobody offered."""
        text = person.who.text().strip()
        if not text:
            if person is self.lead and not self.lead.name.text():
                self.say("请输入身份证号、姓名或拼音首字母，回车选人；新来的人直接写姓名", problem=True)
                return
            self.advance(person.who)
            return
        if text.isascii() and not ID_LIKE.fullmatch(text):
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
        if not self.companions_list.advance(after):
            self.save()

    # --- what the boxes make -------------------------------------------------------------------

    def _from_changed(self) -> None:
        text = self.from_place.text().strip()
        self.area_code = key_area_code(text, self.day(), self.areas) if text else None
        region = region_by_code(self.area_code) if self.area_code else None
        self.from_hint.setText(f"来源地：{region.label}" if region is not None else "")
        self.from_hint.setStyleSheet(HINT_STYLE)
        self.show_flags()

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
            "from_area_code": self.area_code,
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

    def values(self) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        """The lead's and the companions' values as register_entry takes them (None: the form said why not)."""
        return entry_values(self)

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
