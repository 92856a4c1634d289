"""No change to who is in the roster is one Enter away: the roster's dialogs open on nothing chosen, name
who they concern, and a whole household asks again, defaulting to 取消. Driven by keyboard in the real
main window, on a real database file."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QWidget

from db.models import AuditEntry, Person
from tests.conftest import HANG_GUARD_MS, open_module, save_screenshot, type_text


def _shot(widget, output_dir: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    save_screenshot(widget, output_dir, f"roster-{name}")


def _roster(qtbot, window):  # type: ignore[no-untyped-def]
    """The roster page shown and its window active, so its shortcuts reach it as the clerk's keys do."""
    page = window.roster
    page.reload()
    assert open_module(qtbot, window, "户籍花名册") is page
    return page


def _press(qtbot, page, key: Qt.Key, modifiers: Qt.KeyboardModifier, target=None) -> None:  # type: ignore[no-untyped-def]
    """A shortcut typed in the main window, active again as after a dialog closes."""
    window = page.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=HANG_GUARD_MS)
    target = target or page.table
    target.setFocus()
    qtbot.keyClick(target, key, modifiers)


def _enter(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """Enter where the keyboard focus is in the dialog."""
    target = dialog.focusWidget() or dialog
    qtbot.keyClick(target, Qt.Key.Key_Return)


def _not_cut(label: QLabel) -> bool:
    """A word-wrapped label shows all its lines at the width it was given."""
    return label.wordWrap() and label.heightForWidth(label.width()) <= label.height()


def _statuses(household_id: int) -> dict[str, str]:
    return {p.name: p.status for p in Person.select().where(Person.household == household_id)}


def test_enter_on_a_fresh_mark_left_dialog_changes_nothing(qtbot, main_window, village, on_modal, output_dir):  # type: ignore[no-untyped-def]
    page = _roster(qtbot, main_window)
    page.table.selectRow(page.people.row_of(village["zhang"]))
    audit_before = AuditEntry.select().count()
    seen: dict[str, object] = {}

    def fresh(dialog) -> None:  # type: ignore[no-untyped-def]
        seen["status"] = dialog.status.currentText()
        seen["enabled"] = dialog.confirm_button.isEnabled()
        seen["who"] = dialog.findChild(QLabel, "who").text()
        seen["hint whole"] = all(_not_cut(label) for label in dialog.findChildren(QLabel) if label.wordWrap())
        _shot(dialog, output_dir, "mark_left_fresh")
        _enter(qtbot, dialog)
        seen["open after enter"] = dialog.isVisible()
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)

    on_modal(fresh)
    _press(qtbot, page, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert "who" in seen, "Ctrl+L opened no dialog"
    assert seen["status"] == "" and seen["enabled"] is False, seen  # nothing chosen, nothing to confirm
    assert seen["open after enter"] is True
    who = str(seen["who"])
    for shown in ("张三丰", "110105********002X", "01-0001", "一组12号"):
        assert shown in who, (shown, who)
    assert "11010519491231002X" not in who  # the ID masked, as on every screen list
    assert seen["hint whole"] is True
    assert Person.get_by_id(village["zhang"]).status == "在村"
    assert AuditEntry.select().count() == audit_before


def test_choosing_a_status_by_keyboard_then_confirming_marks_the_person(qtbot, main_window, village, on_modal):  # type: ignore[no-untyped-def]
    page = _roster(qtbot, main_window)
    page.table.selectRow(page.people.row_of(village["qian"]))
    seen: dict[str, object] = {}

    def choose(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.status.setFocus()
        qtbot.keyClick(dialog.status, Qt.Key.Key_Down)  # the first choice: 迁出
        seen["button"] = dialog.confirm_button.text()
        seen["enabled"] = dialog.confirm_button.isEnabled()
        type_text(dialog.note, "迁往郑州")
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)

    on_modal(choose)
    _press(qtbot, page, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert seen == {"button": "标记为迁出", "enabled": True}
    person = Person.get_by_id(village["qian"])
    assert person.status == "迁出" and "迁往郑州" in person.note


def test_whole_household_asks_again_and_enter_there_keeps_everyone(qtbot, main_window, village, on_modal, output_dir):  # type: ignore[no-untyped-def]
    page = _roster(qtbot, main_window)
    page.table.selectRow(page.people.row_of(village["zhang"]))
    before = _statuses(village["h1"])
    members = len(before)
    seen: dict[str, object] = {}

    def second(box) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox)
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        default = box.defaultButton()
        seen["default"] = default.text() if default is not None else ""
        seen["text"] = box.text()
        _shot(box, output_dir, "household_left_confirm")
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter takes the default

    def mark(dialog) -> None:  # type: ignore[no-untyped-def]
        seen["who"] = dialog.findChild(QLabel, "who").text()
        seen["fresh"] = (dialog.status.currentIndex(), dialog.confirm_button.isEnabled())
        seen["hint whole"] = all(_not_cut(label) for label in dialog.findChildren(QLabel) if label.wordWrap())
        _shot(dialog, output_dir, "household_left_dialog")
        dialog.status.setFocus()
        qtbot.keyClick(dialog.status, Qt.Key.Key_Down)
        on_modal(second)
        _enter(qtbot, dialog)

    on_modal(mark)
    _press(qtbot, page, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert seen["fresh"] == (-1, False)
    assert seen["buttons"] == sorted([f"确认整户迁出 {members} 人", "取消"]), seen
    assert seen["default"] == "取消"
    who = str(seen["who"])
    for shown in ("张三丰", "01-0001", "一组12号", f"{members} 人", "李秀英"):
        assert shown in who, (shown, who)
    assert f"{members} 人" in str(seen["text"])
    assert seen["hint whole"] is True
    assert _statuses(village["h1"]) == before  # 取消: everyone stays


def test_move_with_nothing_chosen_moves_nobody_then_shows_from_and_to(
    qtbot, main_window, village, on_modal, output_dir
):  # type: ignore[no-untyped-def]
    page = _roster(qtbot, main_window)
    li = Person.get(Person.name == "李秀英")
    page.table.selectRow(page.people.row_of(li.id))
    seen: dict[str, object] = {}

    def fresh(dialog) -> None:  # type: ignore[no-untyped-def]
        line = dialog.combo.lineEdit()
        seen["fresh"] = (dialog.combo.currentText(), line.placeholderText(), dialog.confirm_button.isEnabled())
        seen["from"] = dialog.findChild(QLabel, "fromHousehold").text()
        _shot(dialog, output_dir, "move_person_fresh")
        line.setFocus()
        qtbot.keyClick(line, Qt.Key.Key_Return)
        seen["open after enter"] = dialog.isVisible()
        qtbot.keyClick(line, Qt.Key.Key_Escape)

    on_modal(fresh)
    _press(qtbot, page, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert seen["fresh"] == ("", "请选择目标户…", False), seen
    assert seen["open after enter"] is True
    assert Person.get_by_id(li.id).household_id == village["h1"]
    assert "01-0001" in str(seen["from"]) and "张三丰" in str(seen["from"])

    def choose(dialog) -> None:  # type: ignore[no-untyped-def]
        line = dialog.combo.lineEdit()
        line.setFocus()
        qtbot.keyClick(line, Qt.Key.Key_Down)  # the first other household: 02-0001 钱𠮷祥
        seen["to"] = dialog.findChild(QLabel, "toHousehold").text()
        seen["enabled"] = dialog.confirm_button.isEnabled()
        _shot(dialog, output_dir, "move_person_chosen")
        qtbot.keyClick(line, Qt.Key.Key_Return)

    on_modal(choose)
    _press(qtbot, page, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert seen["enabled"] is True
    assert "02-0001" in str(seen["to"]) and "钱𠮷祥" in str(seen["to"])
    assert Person.get_by_id(li.id).household_id == village["h2"]


def _empty_village() -> None:
    from db import changes
    from db.models import Grid, Village

    with changes.transaction("测试村庄", who="测试") as cs:
        cs.create(Village, {"name": "新村", "township": "红旗镇", "county": "平安县", "clerk": "李文书"})
        cs.create(Grid, {"name": "一组", "sort_order": 1})


def test_an_empty_roster_says_what_to_do_and_offers_the_import(qtbot, main_window, on_modal, monkeypatch, output_dir):  # type: ignore[no-untyped-def]
    from PyQt6.QtWidgets import QFileDialog

    from app.roster.import_dialog import ImportDialog
    from tests.conftest import DATA

    _empty_village()
    page = _roster(qtbot, main_window)
    hint = page.findChild(QLabel, "emptyRosterHint")
    assert hint is not None and hint.isVisible() and hint.text() == "还没有人员。先导入花名册，或新建户。"
    assert not page.table.isVisible()
    _shot(main_window, output_dir, "roster_empty")
    chosen = DATA / "messy_roster.xlsx"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(chosen), ""))
    opened: list[str] = []

    def importing(dialog) -> None:  # type: ignore[no-untyped-def]
        opened.append(f"{type(dialog).__name__}: {dialog.windowTitle()}")
        dialog.reject()

    on_modal(importing)
    button = page.findChild(QWidget, "emptyRosterImport")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert opened == [f"{ImportDialog.__name__}: 导入花名册：{chosen.name}"]
    assert Person.select().count() == 0 and hint.isVisible()


def test_new_household_fills_the_heads_name_into_the_persons_form(qtbot, main_window, on_modal, output_dir):  # type: ignore[no-untyped-def]
    from db.models import Household

    _empty_village()
    page = _roster(qtbot, main_window)
    seen: dict[str, str] = {}

    def person(dialog) -> None:  # type: ignore[no-untyped-def]
        name = dialog.findChild(QLineEdit, "field_name")
        seen["name"] = name.text()
        _shot(dialog, output_dir, "new_household_head_form")
        qtbot.keyClick(name, Qt.Key.Key_Return)

    def household(dialog) -> None:  # type: ignore[no-untyped-def]
        head = dialog.findChild(QLineEdit, "field_head_name")
        type_text(head, "周建华")
        on_modal(person)
        qtbot.keyClick(head, Qt.Key.Key_Return)

    on_modal(household)
    _press(
        qtbot, page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, page.search
    )
    assert seen == {"name": "周建华"}
    head = Person.get(Person.name == "周建华")
    assert head.relation == "户主" and Household.get_by_id(head.household_id).head_name == "周建华"
    assert page.table.isVisible() and not page.findChild(QLabel, "emptyRosterHint").isVisible()
