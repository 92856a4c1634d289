"""卡点登记 by keyboard alone, in the real main window over the demo village (its two gates and their earlier
entries): ten people registered at one gate — a villager coming home in under ten keystrokes, an outsider typed
from nothing, an arrival from a key area flagged as typed and turned into a quarantine case in one action, a
car with two companions on a new-energy plate (one plate, three linked entries), a bad plate refused with its
Chinese message and then put right, one going out (F3), one turned back (劝返); the statistics line and 首页's
卡点异常 tile checked against counts read from the database; the register exported and read back."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from openpyxl import load_workbook

from PyQt6.QtCore import QEvent, Qt
from PyQt6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit

from app.checkpoint.lookup_box import LookupBox
from db.models import Case, Person
from db.models.checkpoint import Checkpoint, GateEntry, Vehicle
from db.models.household import PersonStatus
from db.models.quarantine import CaseSource
from db.queries.checkpoints import lookup
from db.rules import search_keys
from db.rules.id_number import check_digit
from forms.checkpoint_export import PEOPLE_COLUMNS
from forms.excel.report_sheet import HEADER_ROW
from tests.app.test_screen_tour import clerk_problems
from tests.conftest import HANG_GUARD_MS, SCREENING_DAY, close_next_message_box, open_module, save_screenshot, type_text

NOW = datetime.combine(SCREENING_DAY, time(21, 30))  # after the demo's entries of the day (06:00–20:59)


def _id_number(first17: str) -> str:
    return first17 + check_digit(first17)


class Keyboard:
    """Keys to whatever has the focus, as the clerk's keyboard sends them, counted."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.count = 0

    def key(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        self.qtbot.keyClick(QApplication.focusWidget(), key, modifier)
        self.count += 1

    def ascii(self, text: str) -> None:
        for char in text:
            self.qtbot.keyClicks(QApplication.focusWidget(), char)
            self.count += 1

    def chinese(self, text: str) -> None:
        """Chinese as an input method delivers it: one commit (counted as one key per character)."""
        type_text(QApplication.focusWidget(), text)
        self.count += len(text)

    def enter(self) -> None:
        self.key(Qt.Key.Key_Return)


def _villagers_found_first(gate_day: date) -> list[Person]:
    """Villagers (living here, with an ID number) whose pinyin initials offer them first: their entry is the
    initials, Enter, the temperature, Enter."""
    found = []
    seen: set[str] = set()
    for person in Person.select().where(Person.status == PersonStatus.PRESENT.value).order_by(Person.id):
        initials = search_keys.name_pinyin(person.name)[0]
        if not person.id_number or len(initials) < 2 or initials in seen:
            continue
        seen.add(initials)
        first = lookup(initials)
        if first and first[0].person_id == person.id and first[0].is_villager and not first[0].plate:
            found.append(person)
        if len(found) == 7:
            break
    return found


def _shot(window, output_dir: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """The picture once the layouts caught up with the keys (as the event loop does between key presses)."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
    save_screenshot(window, output_dir, name)


def _focus(name: str) -> bool:
    widget = QApplication.focusWidget()
    return widget is not None and widget.objectName() == name


def _entries(gate_id: int) -> list[GateEntry]:
    return list(
        GateEntry.select().where((GateEntry.checkpoint == gate_id) & (GateEntry.at >= NOW)).order_by(GateEntry.id)
    )


def _day_counts(gate_id: int | None) -> str:
    """进 / 出 / 车辆 / 异常 / 劝返 of the gate's day (every gate's: None), counted here from the rows."""
    start = datetime.combine(SCREENING_DAY, time())
    end = datetime.combine(SCREENING_DAY, time(23, 59, 59))
    day = [
        e
        for e in GateEntry.select().where(GateEntry.at.between(start, end))
        if gate_id is None or e.checkpoint_id == gate_id
    ]
    cars = {e.vehicle_id for e in day if e.vehicle_id is not None}
    ins, outs = sum(e.direction == "进入" for e in day), sum(e.direction == "外出" for e in day)
    flagged, back = sum(bool(e.flags) for e in day), sum(e.outcome == "劝返" for e in day)
    return f"进 {ins} 人，出 {outs} 人，车辆 {len(cars)} 辆，异常 {flagged} 人，劝返 {back} 人"


def test_ten_people_registered_at_a_gate_by_keyboard(  # type: ignore[no-untyped-def]
    qtbot, main_window, demo_round, on_modal, monkeypatch, tmp_path: Path, output_dir
):
    window = main_window
    main_window.home.refresh(NOW)
    page = open_module(qtbot, window, "卡点登记")
    page.now = lambda: NOW
    page.reload()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=HANG_GUARD_MS)
    gate = Checkpoint.get(Checkpoint.name == page.gate_combo.currentText().replace("（24小时）", ""))
    form = page.form
    kb = Keyboard(qtbot)
    assert _focus("gateWho")
    villagers = _villagers_found_first(SCREENING_DAY)
    assert len(villagers) == 7

    # 1. a villager coming home: initials, Enter (the first one offered), the temperature, Enter
    home = villagers[0]
    initials = search_keys.name_pinyin(home.name)[0]
    kb.ascii(initials)
    assert form.who.popup.isVisible() and form.who.popup.currentRow() == 0
    assert home.name in form.who.popup.item(0).text() and home.id_number not in form.who.popup.item(0).text()
    _shot(window, output_dir, "checkpoint_lookup")
    kb.enter()
    assert _focus("gateTemperature") and form.lead.name.text() == home.name
    kb.ascii("365")
    kb.enter()
    keystrokes = kb.count
    assert keystrokes == len(initials) + 5
    assert keystrokes < 10
    first = _entries(gate.id)
    assert [(e.name, e.person_id, e.temperature, e.direction, e.is_villager) for e in first] == [
        (home.name, home.id, 36.5, "进入", True)
    ]
    assert _focus("gateWho") and form.lead.name.text() == ""

    # 2. an outsider typed from nothing: name, ID number, phone, temperature, where from, reason
    stranger = _id_number("41010219850312341")
    kb.chinese("欧阳修远")
    kb.enter()
    assert _focus("gateIdNumber")
    kb.ascii(stranger)
    kb.enter()
    assert _focus("gatePhone")
    kb.ascii("13812345678")
    kb.enter()
    assert _focus("gateTemperature")
    kb.ascii("366")
    kb.enter()
    assert _focus("gateFrom")
    kb.chinese("郑州")
    kb.enter()
    assert _focus("gateReason")
    kb.chinese("探亲")
    kb.enter()
    outsider = _entries(gate.id)[-1]
    assert (outsider.name, outsider.id_number, outsider.phone, outsider.from_place, outsider.reason) == (
        "欧阳修远",
        stranger,
        "13812345678",
        "郑州",
        "探亲",
    )
    assert outsider.person_id is None and not outsider.flags

    # 3. from a key area (武汉, 420100 in the demo's list): flagged as typed, a case in one action
    wuhan = _id_number("42010619900715123")
    kb.chinese("程思远")
    kb.enter()
    kb.ascii(wuhan)
    kb.enter()
    kb.ascii("13912345678")
    kb.enter()
    kb.ascii("364")
    kb.enter()
    kb.chinese("武汉")
    assert "来自重点地区（武汉市）" in form.flag.text()
    _shot(window, output_dir, "checkpoint_flag_as_typed")
    kb.enter()
    kb.chinese("返乡")
    kb.enter()
    flagged = _entries(gate.id)[-1]
    assert flagged.name == "程思远" and flagged.flags == "来自重点地区（武汉市）" and flagged.case_id is None
    assert "程思远 异常" in form.message.text()
    assert [line.id for line in page.chosen_lines()] == [flagged.id]
    _shot(window, output_dir, "checkpoint_flagged_row")
    open_flagged = GateEntry.select().where((GateEntry.flags != "") & GateEntry.case.is_null()).count()
    main_window.home.refresh(NOW)
    assert main_window.home.tiles["checkpoint_flagged"].count == sum(
        1 for e in GateEntry.select() if e.flags and e.case_id is None and e.at.date() == SCREENING_DAY
    )
    seen_dialog: list[str] = []

    def take_policy(dialog) -> None:  # type: ignore[no-untyped-def]
        seen_dialog.append(dialog.windowTitle())
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        assert CaseSource.CHECKPOINT.value in labels and "来自重点地区（武汉市）" in labels
        assert dialog.grid.count() > 0  # not in the roster: added to a grid's 外来暂住人员
        save_screenshot(dialog, output_dir, "checkpoint_case_dialog")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    on_modal(take_policy)
    kb.key(Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen_dialog), timeout=HANG_GUARD_MS)
    flagged = GateEntry.get_by_id(flagged.id)
    assert seen_dialog == ["登记管控：程思远"] and flagged.case_id is not None
    case = Case.get_by_id(flagged.case_id)
    assert (case.source, case.person.name, case.person.status) == ("卡点", "程思远", PersonStatus.TEMPORARY.value)
    assert "已登记管控" in form.message.text()
    assert GateEntry.select().where((GateEntry.flags != "") & GateEntry.case.is_null()).count() == open_flagged - 1
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=HANG_GUARD_MS)
    qtbot.waitUntil(lambda: _focus("gateWho"), timeout=HANG_GUARD_MS)

    # 4. a car: the driver, a new-energy plate, two companions typed the same way; one save, three entries
    driver, second, third = villagers[1], villagers[2], villagers[3]
    kb.ascii(search_keys.name_pinyin(driver.name)[0])
    kb.enter()
    kb.ascii("366")
    kb.key(Qt.Key.Key_F4)
    assert _focus("gatePlate")
    kb.ascii("AD12345")
    assert form.plate_note.text() == "✓ 新能源小型车"
    kb.key(Qt.Key.Key_F5)
    assert _focus("companionWho")
    for passenger, temperature in ((second, "365"), (third, "368")):
        kb.ascii(search_keys.name_pinyin(passenger.name)[0])
        kb.enter()
        assert _focus("companionTemperature")
        kb.ascii(temperature)
        kb.enter()
        assert _focus("companionWho")
    _shot(window, output_dir, "checkpoint_car_with_companions")
    kb.enter()  # on the empty line: all saved
    car = _entries(gate.id)[-3:]
    assert [e.name for e in car] == [driver.name, second.name, third.name]
    assert {e.plate for e in car} == {"豫AD12345"} and len({e.vehicle_id for e in car}) == 1
    assert [e.party_id for e in car] == [None, car[0].id, car[0].id]
    vehicle = Vehicle.get_by_id(car[0].vehicle_id)
    assert (vehicle.plate, vehicle.checkpoint_id) == ("豫AD12345", gate.id)
    assert form.companions == []

    # 5. a bad plate refused with the reason, then put right
    before = len(_entries(gate.id))
    fourth = villagers[4]
    kb.ascii(search_keys.name_pinyin(fourth.name)[0])
    kb.enter()
    kb.ascii("367")
    kb.key(Qt.Key.Key_F4)
    kb.ascii("A1234")
    kb.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(_entries(gate.id)) == before
    assert form.message.text().startswith("未保存：车牌“豫A1234”共 6 位")
    assert form.message.isVisible() and _focus("gatePlate")
    _shot(window, output_dir, "checkpoint_bad_plate")
    kb.ascii("8")
    assert form.plate_note.text() == "✓ 普通"
    kb.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    fixed = _entries(gate.id)[-1]
    assert (fixed.name, fixed.plate, fixed.temperature) == (fourth.name, "豫A12348", 36.7)

    # 6. going out (F3)
    out = villagers[5]
    kb.ascii(search_keys.name_pinyin(out.name)[0])
    kb.enter()
    kb.key(Qt.Key.Key_F3)
    kb.ascii("362")
    kb.enter()
    gone = _entries(gate.id)[-1]
    assert (gone.name, gone.direction) == (out.name, "外出")
    assert form.direction == "进入"  # the next one is coming in again

    # 7. a visitor turned back (劝返, F8 on the entry just saved)
    visitor = _id_number("41018219921101002")
    kb.chinese("贾乐天")
    kb.enter()
    kb.ascii(visitor)
    kb.enter()
    kb.ascii("13700001111")
    kb.enter()
    kb.ascii("365")
    kb.enter()
    kb.chinese("新乡")
    kb.enter()
    kb.chinese("推销")
    kb.enter()
    turned = _entries(gate.id)[-1]
    assert turned.name == "贾乐天" and turned.outcome == "放行"
    kb.key(Qt.Key.Key_F8)
    assert GateEntry.get_by_id(turned.id).outcome == "劝返"
    assert "已记录劝返：贾乐天" in form.message.text()

    # 8. a fever: flagged as typed, left for 首页's 卡点异常
    fever = villagers[6]
    kb.ascii(search_keys.name_pinyin(fever.name)[0])
    kb.enter()
    kb.ascii("382")
    assert form.flag.text() == "⚠ 异常：发热 38.2℃"
    kb.enter()
    hot = _entries(gate.id)[-1]
    assert (hot.name, hot.flags, hot.outcome) == (fever.name, "发热 38.2℃", "转发热门诊")

    mine = _entries(gate.id)
    assert len(mine) == 10
    assert page.stats.text() == f"今日本卡点：{_day_counts(gate.id)}"
    shown = page.model.lines
    assert [line.id for line in shown if line.id in {e.id for e in mine}] == [e.id for e in mine]
    row = next(r for r, line in enumerate(shown) if line.id == outsider.id)
    cells = [page.model.index(row, c).data() for c in range(page.model.columnCount())]
    assert stranger not in cells and "13812345678" not in cells  # masked on the screen
    assert cells[3].startswith("4101") and "*" in cells[3] and cells[4] == "138****5678"
    flagged_today = sum(1 for e in GateEntry.select() if e.flags and e.case_id is None and e.at.date() == SCREENING_DAY)
    main_window.home.refresh(NOW)
    assert main_window.home.tiles["checkpoint_flagged"].count == flagged_today
    figures = main_window.home.checkpoint_flagged.figures.text()  # the day at the gates, on 首页 too
    assert figures.startswith(f"今日全村卡点：{_day_counts(None)}"), figures
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
    assert clerk_problems(page) == []
    _shot(window, output_dir, "checkpoint_page")

    # the register exported: the day's people at this gate, in the columns of 09
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "登记表"), ""))
    messages: list[str] = []
    on_modal(lambda notice: notice.save())
    close_next_message_box(messages)
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(messages), timeout=HANG_GUARD_MS)
    assert messages[0].startswith(f"卡点出入登记表已导出 {len(shown)} 人")
    book = load_workbook(tmp_path / "登记表.xlsx")
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[HEADER_ROW]] == list(PEOPLE_COLUMNS)
    column = PEOPLE_COLUMNS.index("姓名")
    names = [row[column] for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert names == [line.name for line in shown]

    open_module(qtbot, window, "首页")
    main_window.home.refresh(NOW)
    main_window.home.show_list("checkpoint_flagged")
    _shot(window, output_dir, "checkpoint_home_tile")
    assert main_window.home.list_title.text().startswith(f"卡点异常（{flagged_today}）")


def test_checkpoint_dialog_adds_a_gate(qtbot, main_window, demo_round, on_modal):  # type: ignore[no-untyped-def]
    page = open_module(qtbot, main_window, "卡点登记")

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        type_text(dialog.findChild(QLineEdit, "checkpointName"), "村北卡点")
        type_text(dialog.findChild(QLineEdit, "checkpointLeader"), "王组长")
        type_text(dialog.findChild(QLineEdit, "checkpointPhone"), "13800001234")
        dialog.hours.setCurrentText("24小时")
        dialog.try_save()

    on_modal(fill)
    page.new_gate.click()
    added = Checkpoint.get(Checkpoint.name == "村北卡点")
    assert (added.hours, added.leader, added.leader_phone) == ("24小时", "王组长", "13800001234")
    assert page.gate_id() == added.id and page.gate_combo.currentText() == "村北卡点（24小时）"
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window, timeout=HANG_GUARD_MS)
    assert isinstance(QApplication.focusWidget(), LookupBox)  # the next entry is typed at the new gate
