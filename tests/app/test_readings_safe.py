"""体温录入 never loses a saved reading to one Enter: driven by keyboard on the real sheet."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QMessageBox

from db import quarantine_actions as qa
from db.models import AuditEntry, Policy, Reading
from tests.app.test_quarantine_window import _type_into_cell
from tests.conftest import HANG_GUARD_MS, save_screenshot

SLOT = "上午"


@pytest.fixture
def four_cases(village: dict[str, int]) -> list[int]:
    """Every person of the village under observation, so the sheet has four rows."""
    from db.models import Person

    policy = Policy.get(Policy.name == "14天居家隔离医学观察")
    start = date.today() - timedelta(days=2)
    return [
        qa.open_case(p.id, {"policy": policy.id, "start_date": start}).id for p in Person.select().order_by(Person.id)
    ]


def _sheet(qtbot, parent, entered: dict[int, float]):  # type: ignore[no-untyped-def]
    """The sheet for today's 上午 with the readings of the rows given (row → value) saved first."""
    from app.quarantine.readings_sheet import ReadingsSheet

    order = [line.id for line in ReadingsSheet(parent, slot=SLOT).lines]
    for row, value in entered.items():
        qa.record_reading(order[row], date.today(), SLOT, {"value": value})
    sheet = ReadingsSheet(parent, slot=SLOT)
    qtbot.addWidget(sheet)
    sheet.show()
    qtbot.waitExposed(sheet)
    assert [line.id for line in sheet.lines] == order
    return sheet


def _saved(case_id: int) -> float | None:
    reading = Reading.get_or_none((Reading.case == case_id) & (Reading.on == date.today()) & (Reading.slot == SLOT))
    return None if reading is None else reading.value


def test_the_cursor_starts_on_the_first_missing_row_and_enter_skips_entered_ones(  # type: ignore[no-untyped-def]
    qtbot, main_window, four_cases, output_dir
):
    from app.quarantine.readings_sheet import STATE, VALUE

    sheet = _sheet(qtbot, main_window, {0: 36.5, 2: 36.9})
    table = sheet.table
    states = [table.item(r, STATE).text() for r in range(table.rowCount())]
    missing = [r for r, state in enumerate(states) if state == "未录入"]
    assert len(missing) == 2 and states.count("已录入") == 2
    assert (table.currentRow(), table.currentColumn()) == (missing[0], VALUE)
    save_screenshot(sheet, output_dir, "h2-readings-start")

    editor = _type_into_cell(qtbot, table, "36.6")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(missing[0], STATE).text() == "已录入", timeout=HANG_GUARD_MS)
    assert table.currentRow() == missing[1]  # over the entered row between them
    assert _saved(sheet.lines[2].id) == 36.9  # the entered row kept its value

    editor = _type_into_cell(qtbot, table, "36.7")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "本时段全部已录入" in sheet.message.text(), timeout=HANG_GUARD_MS)
    assert table.currentRow() == missing[1]  # nobody left: it stays
    assert [_saved(line.id) for line in sheet.lines] == [36.5, 36.6, 36.9, 36.7]
    save_screenshot(sheet, output_dir, "h2-readings-all-done")


def test_enter_goes_round_to_the_top_for_someone_still_missing(qtbot, main_window, four_cases):  # type: ignore[no-untyped-def]
    from app.quarantine.readings_sheet import STATE

    sheet = _sheet(qtbot, main_window, {0: 36.5, 2: 36.9})
    table = sheet.table
    assert table.currentRow() == 1
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentRow() == 3
    editor = _type_into_cell(qtbot, table, "365")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(3, STATE).text() == "已录入", timeout=HANG_GUARD_MS)
    assert table.currentRow() == 1


def test_a_new_value_over_a_saved_one_asks_and_keeps_it_by_default(  # type: ignore[no-untyped-def]
    qtbot, main_window, four_cases, on_modal, output_dir
):
    from app.quarantine.readings_sheet import STATE, VALUE

    sheet = _sheet(qtbot, main_window, {0: 36.5})
    table = sheet.table
    first = sheet.lines[0].id
    asked: list[tuple[list[str], str]] = []

    def answer(box, press_default: bool) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox)
        default = box.defaultButton()
        assert default is not None
        asked.append(([b.text() for b in box.buttons()], default.text()))
        save_screenshot(box, output_dir, "h2-readings-replace-question")
        if press_default:
            qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter, as the clerk would go on typing
        else:
            next(b for b in box.buttons() if b.text().startswith("替换为")).click()

    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert table.currentRow() == 0 and table.item(0, STATE).text() == "已录入"
    audits = AuditEntry.select().count()
    on_modal(lambda box: answer(box, press_default=True))
    editor = _type_into_cell(qtbot, table, "36.9")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(asked) or _saved(first) != 36.5, timeout=HANG_GUARD_MS)
    assert asked, "no question before replacing a saved reading"
    buttons, default = asked[0]
    assert sorted(buttons) == ["保留 36.5", "替换为 36.9"] and default == "保留 36.5"
    assert _saved(first) == 36.5 and AuditEntry.select().count() == audits
    assert table.item(0, VALUE).text() == "36.5" and "保留" in sheet.message.text()
    assert table.currentRow() == 1  # on to the first one still missing

    qtbot.keyClick(table, Qt.Key.Key_Up)
    on_modal(lambda box: answer(box, press_default=False))
    editor = _type_into_cell(qtbot, table, "36.9")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=HANG_GUARD_MS)
    assert _saved(first) == 36.9 and table.item(0, VALUE).text() == "36.9"


def test_a_refused_value_is_cleared_with_its_reason_and_saves_nothing(  # type: ignore[no-untyped-def]
    qtbot, main_window, four_cases, output_dir
):
    from app.quarantine.readings_sheet import STATE, VALUE

    sheet = _sheet(qtbot, main_window, {1: 36.5})
    table = sheet.table
    row = table.currentRow()
    line = sheet.lines[row]
    assert row == 0 and table.item(row, STATE).text() == "未录入"
    readings = Reading.select().count()
    editor = _type_into_cell(qtbot, table, "33")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "34～43" in sheet.message.text(), timeout=HANG_GUARD_MS)
    assert table.item(row, VALUE).text() == "" and table.item(row, STATE).text() == "未录入"
    message = sheet.message.text()
    assert line.name in message and "33.0" in message and "未保存" in message
    assert table.currentRow() == row and _saved(line.id) is None and Reading.select().count() == readings
    save_screenshot(sheet, output_dir, "h2-readings-refused")

    # On a row already entered, the refused value goes and the saved one shows again.
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentRow() == 1
    editor = _type_into_cell(qtbot, table, "33")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sheet.lines[1].name in sheet.message.text(), timeout=HANG_GUARD_MS)
    assert table.item(1, VALUE).text() == "36.5" and table.item(1, STATE).text() == "已录入"
    assert _saved(sheet.lines[1].id) == 36.5
