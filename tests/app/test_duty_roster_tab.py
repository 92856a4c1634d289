"""值班排班 → 排班表 in the real window: what no roster can cover is said in plain numbers before solving, the
generation runs in the background and says what changed, every shift is then filled with a leader, a swap the
rules refuse says why and one they allow is made (kept by hand, with its note), sign-in and sign-out take the
page's clock, a duty log starts from the checkpoint register of the shift's hours, and the week prints."""

from __future__ import annotations

import subprocess
from datetime import date, datetime

import pytest

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app.duty.roster_grid import COLUMNS, OPEN_SEAT
from app.duty.roster_tab import RosterTab
from db import duty_actions, duty_roster
from db.checkpoint_actions import register_entry, save_checkpoint
from db.duty_actions import DutyError
from db.models import DutyAssignment, DutyLog, DutyShift
from db.queries import duty as duty_queries
from tests.conftest import HANG_GUARD_MS, open_module, save_screenshot, type_text, wait_for_task
from tests.printing.conftest import page_count

TODAY = date(2026, 12, 3)  # a Thursday: the week shown is 11-30 to 12-06
FIRST, LAST = date(2026, 11, 30), date(2026, 12, 6)
BEFORE = datetime(2026, 11, 29, 18, 0)  # the evening before the week: nothing has begun


def _people(cadres: int, others: int, start: int = 1) -> None:
    for n in range(start, start + cadres):
        duty_actions.save_person({"name": f"干部{n}", "kind": "村干部", "phone": f"1380000{n:04d}"})
    for n in range(start, start + others):
        duty_actions.save_person({"name": f"志愿{n}", "phone": f"1390000{n:04d}"})


@pytest.fixture
def post(village: dict[str, int]) -> int:
    """A checkpoint post of two 12-hour shifts, two people each, one of them leading."""
    gate = save_checkpoint({"name": "村东路口卡点", "place": "S312 与村道路口"})
    return duty_actions.save_post({"name": "村东卡点", "checkpoint": gate.id}).id


def _tab(qtbot, window, clock: list[datetime]) -> RosterTab:  # type: ignore[no-untyped-def]
    page = open_module(qtbot, window, "值班排班")
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["值班人员", "岗位", "排班表"]
    page.tabs.setCurrentWidget(page.roster)
    tab: RosterTab = page.roster
    tab.today = lambda: TODAY
    tab.now = lambda: clock[0]
    tab.show_week(tab.today())
    assert tab.range() == (FIRST, LAST)
    return tab


def _generate(qtbot, tab: RosterTab, on_modal, answer: str | None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Press 生成排班; answer the shortfall question with `answer` (None: no question expected) and read what
    the generation says when done."""
    said: dict[str, str] = {}

    def result(box) -> None:  # type: ignore[no-untyped-def]
        assert box.objectName() == "dutyGenerated"
        said["result"] = box.text()
        box.accept()

    def question(box) -> None:  # type: ignore[no-untyped-def]
        said["question"] = box.text()
        chosen = next(b for b in box.buttons() if b.text() == answer)
        if answer == "仍然生成":
            on_modal(result)
        chosen.click()

    on_modal(question if answer is not None else result)
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    if answer != "先不生成":
        assert tab.task is not None
        wait_for_task(qtbot, tab.task)
    return said


def _grid_rows(tab: RosterTab, shift_id: int) -> list[int]:
    return [r for r, line in enumerate(tab.grid.lines) if line.shift.shift_id == shift_id]


def test_shortfalls_first_then_every_shift_filled_with_a_leader(  # type: ignore[no-untyped-def]
    qtbot, post, main_window, on_modal, output_dir
):
    clock = [BEFORE]
    _people(cadres=1, others=3)
    tab = _tab(qtbot, main_window, clock)
    assert tab.grid.rowCount() == 0 and not tab.print_button.isEnabled()
    expected = duty_roster.shortfalls(FIRST, LAST, BEFORE)
    assert expected, "one cadre cannot lead fourteen shifts"

    said = _generate(qtbot, tab, on_modal, "先不生成")
    for shortfall in expected:
        assert shortfall.text in said["question"]
    assert DutyShift.select().count() == 0  # declined: nothing solved, nothing written

    said = _generate(qtbot, tab, on_modal, "仍然生成")
    shifts = list(DutyShift.select().where(DutyShift.day.between(FIRST, LAST)))
    added = DutyAssignment.select().count()
    assert f"共 {len(shifts)} 个班次" in said["result"] and f"新排 {added} 人次" in said["result"]
    open_shifts = [s for s in shifts if s.open_reason]
    assert open_shifts and f"空缺 {sum(s.needs - s.assignments.count() for s in open_shifts)}" in said["result"]
    for shift in open_shifts:  # the reason in red on the shift's first open line
        rows = _grid_rows(tab, shift.id)
        notes = [tab.grid.item(r, COLUMNS.index("备注")) for r in rows]
        reasons = [n for n in notes if n.text() == shift.open_reason]
        assert len(reasons) == 1 and reasons[0].foreground().color().name() == "#c0392b"
        seats = [r for r in rows if tab.grid.text(r, "值守人员") == OPEN_SEAT]
        assert len(seats) == shift.needs - shift.assignments.count()
    save_screenshot(main_window, output_dir, "duty-roster-open-seats")

    _people(cadres=3, others=5, start=2)  # enough people now
    tab.reload()
    said = _generate(qtbot, tab, on_modal, None)  # no shortfall: no question
    assert "没有空缺" in said["result"]
    for shift in DutyShift.select().where(DutyShift.day.between(FIRST, LAST)):
        on_it = list(shift.assignments)
        leaders = [a for a in on_it if a.leader]
        assert len(on_it) == shift.needs and len(leaders) == 1 and leaders[0].person.can_lead
        rows = _grid_rows(tab, shift.id)
        first = tab.grid.item(rows[0], COLUMNS.index("值守人员"))
        assert (first.text(), first.font().bold()) == (leaders[0].person.name, True)  # the leader first, in bold
        assert tab.grid.text(rows[0], "带班干部") == leaders[0].person.name
        assert OPEN_SEAT not in [tab.grid.text(r, "值守人员") for r in rows]
    phone = tab.grid.text(0, "联系电话")
    assert "****" in phone and len(phone) == 11  # masked on the screen
    assert tab.count.text() == f"{len(tab.shifts)} 个班次，{2 * len(tab.shifts)}/{2 * len(tab.shifts)} 个位置有人"
    save_screenshot(main_window, output_dir, "duty-roster-week")

    main_window.activateWindow()  # a week on and back by keys, the focus in the grid
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window, timeout=HANG_GUARD_MS)
    tab.grid.setFocus()
    qtbot.keyClick(tab.grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert tab.range() == (date(2026, 12, 7), date(2026, 12, 13)) and tab.grid.rowCount() == 0
    assert tab.count.text() == "这段时间还没有排班：请点“生成排班”"
    qtbot.keyClick(tab.grid, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert tab.range() == (FIRST, LAST) and len(tab.shifts) == DutyShift.select().count()


def test_a_refused_swap_says_why_and_an_allowed_one_is_kept_by_hand(  # type: ignore[no-untyped-def]
    qtbot, post, main_window, on_modal, output_dir
):
    clock = [BEFORE]
    _people(cadres=4, others=8)
    duty_roster.generate(FIRST, LAST, BEFORE)
    tab = _tab(qtbot, main_window, clock)
    shift = DutyShift.get((DutyShift.day == date(2026, 12, 5)) & (DutyShift.seq == 0))
    leaving = next(a for a in shift.assignments if not a.leader)
    choices = duty_roster.replacement_choices(leaving.id, BEFORE)
    partner = next(a for a in shift.assignments if a.id != leaving.id)
    assert [c.reasons for c in choices if c.person_id == partner.person_id] == [
        (f"{partner.person.name} 已在这个班次值班",)
    ]
    refused = next(c for c in choices if c.reasons and c.person_id != partner.person_id)  # refused by the rules
    allowed = next(c for c in choices if not c.reasons)
    with pytest.raises(DutyError) as refusal:  # the choices say what the swap itself would say
        duty_roster.replace(leaving.id, refused.person_id, BEFORE)
    assert str(refusal.value) == "不能调班：" + "；".join(refused.reasons)
    tab.grid.selectRow(tab.grid.row_of(leaving.id))
    assert tab.swap_button.isEnabled()

    def swap(dialog) -> None:  # type: ignore[no-untyped-def]
        names = [dialog.people.item(i).text().split("　")[0] for i in range(dialog.people.count())]
        assert names == [c.name for c in choices]  # the ones allowed first
        save = dialog.buttons.buttons()[0]
        dialog.people.setCurrentRow(names.index(refused.name))
        assert dialog.why.isVisible() and not save.isEnabled()
        for reason in refused.reasons:
            assert reason in dialog.why.text()
        save_screenshot(dialog, output_dir, "duty-swap-refused")
        dialog.people.setCurrentRow(names.index(allowed.name))
        assert save.isEnabled() and "可以接这个班" in dialog.why.text()
        type_text(dialog.note, "家中有事")
        save.click()

    on_modal(swap)
    qtbot.mouseClick(tab.swap_button, Qt.MouseButton.LeftButton)
    taken = DutyAssignment.get((DutyAssignment.shift == shift.id) & (DutyAssignment.person == allowed.person_id))
    assert (taken.fixed, taken.note, taken.leader) == (True, "家中有事", False)
    assert DutyAssignment.get_or_none(DutyAssignment.id == leaving.id) is None
    row = tab.grid.row_of(taken.id)
    assert (tab.grid.text(row, "值守人员"), tab.grid.text(row, "备注")) == (allowed.name, "家中有事")


def test_sign_in_out_missed_and_the_duty_log_from_the_register(  # type: ignore[no-untyped-def]
    qtbot, post, main_window, on_modal, output_dir
):
    _people(cadres=4, others=8)
    duty_roster.generate(FIRST, LAST, BEFORE)
    gate = DutyShift.get(DutyShift.day == TODAY).post.checkpoint_id
    entries = [  # (moment, temperature, outcome given, plate)
        (datetime(2026, 12, 3, 9, 0), 36.5, None, ""),
        (datetime(2026, 12, 3, 10, 30), 38.2, None, ""),
        (datetime(2026, 12, 3, 11, 0), 36.4, "劝返", "豫A12345"),
        (datetime(2026, 12, 3, 21, 0), 36.6, None, "豫A54321"),  # the night shift's
    ]
    for at, temperature, outcome, plate in entries:
        values = {
            "checkpoint": gate,
            "at": at,
            "direction": "进入",
            "name": "王大军",
            "id_number": "410102198001010018",
            "phone": "13900001111",
            "from_place": "郑州",
            "reason": "探亲",
            "temperature": temperature,
            "plate": plate,
        }
        register_entry({**values, "outcome": outcome} if outcome else values)
    day_shift = DutyShift.get((DutyShift.day == TODAY) & (DutyShift.seq == 0))
    in_hours = [e for e in entries if day_shift.starts <= e[0] < day_shift.ends]
    clock = [datetime(2026, 12, 3, 8, 5)]
    tab = _tab(qtbot, main_window, clock)
    missed = duty_queries.missed(clock[0], since=FIRST)  # every shift before this one ended unsigned
    assert missed and all(m.name in tab.missed.text() for m in missed[:8])
    assert tab.grid.text(tab.grid.row_of(missed[0].assignment_id), "签到/签退") == "未签到"

    duty = day_shift.assignments.order_by(DutyAssignment.id).first()
    tab.grid.selectRow(tab.grid.row_of(duty.id))
    qtbot.mouseClick(tab.sign_in_button, Qt.MouseButton.LeftButton)
    assert DutyAssignment.get_by_id(duty.id).signed_in == datetime(2026, 12, 3, 8, 5)
    clock[0] = datetime(2026, 12, 3, 20, 2)
    assert tab.grid.current_line().member.assignment_id == duty.id  # type: ignore[union-attr]
    qtbot.mouseClick(tab.sign_out_button, Qt.MouseButton.LeftButton)
    assert DutyAssignment.get_by_id(duty.id).signed_out == datetime(2026, 12, 3, 20, 2)
    assert tab.grid.text(tab.grid.row_of(duty.id), "签到/签退") == "08:05/20:02"
    save_screenshot(main_window, output_dir, "duty-roster-signed")

    leader = next(a.person.name for a in day_shift.assignments if a.leader)
    absent = [a.person.name for a in day_shift.assignments if a.id != duty.id]

    def log(dialog) -> None:  # type: ignore[no-untyped-def]
        spins = {key: dialog.inputs[key].value() for key in ("registered", "vehicles", "turned_back")}
        assert spins == {
            "registered": len(in_hours),
            "vehicles": sum(1 for e in in_hours if e[3]),
            "turned_back": sum(1 for e in in_hours if e[2] == "劝返"),
        }
        fevers = dialog.inputs["fevers"].toPlainText()
        assert fevers == "10:30 王大军 发热 38.2℃ → 转发热门诊"
        assert f"村东路口卡点登记 {len(in_hours)} 人次" in dialog.source.text()
        assert dialog.inputs["handed_by"].text() == leader
        assert dialog.absent.text() == "未签到：" + "、".join(absent)
        type_text(dialog.inputs["handover"], "测温枪电池已换")
        save_screenshot(dialog, output_dir, "duty-log")
        dialog.buttons.buttons()[0].click()

    on_modal(log)
    qtbot.mouseClick(tab.log_button, Qt.MouseButton.LeftButton)
    written = DutyLog.get(DutyLog.shift == day_shift.id)
    assert (written.registered, written.turned_back, written.handover) == (len(in_hours), 1, "测温枪电池已换")
    assert written.written_at == clock[0]


def test_print_the_week(qtbot, post, main_window, on_modal, monkeypatch, output_dir, tmp_path):  # type: ignore[no-untyped-def]
    _people(cadres=4, others=8)
    duty_roster.generate(FIRST, LAST, BEFORE)
    tab = _tab(qtbot, main_window, [BEFORE])
    target = tmp_path / "值班表.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    told: list[str] = []

    def saved(box) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox)
        told.append(box.text())
        box.accept()

    on_modal(saved)
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    people = len(set(DutyAssignment.select(DutyAssignment.person).tuples()))
    assert told and f"值班表（村东卡点，{people} 人）已保存" in told[0]
    assert opened == [str(target)] and page_count(target) == 1
    png = output_dir / "duty-roster-print"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(target), str(png)], check=True)
    assert png.with_name("duty-roster-print-1.png").is_file()
