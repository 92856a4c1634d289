"""Shortcuts and menu entries act on the page that is shown, never on a hidden page's choice."""

from __future__ import annotations

from datetime import date

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtWidgets import QApplication, QComboBox

from db import quarantine_actions as qa
from db.models import Household, Person, Policy
from tests.conftest import HANG_GUARD_MS, open_module


def _press(qtbot, window, key, modifier, inside) -> None:  # type: ignore[no-untyped-def]
    """Press a shortcut; `inside` runs on a 0-timer, i.e. inside the exec() of a dialog the key opened, or
    right after the key when it opened none. A shortcut reaches the active window: after a dialog closed,
    the main window is active again first."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=HANG_GUARD_MS)
    QTimer.singleShot(0, inside)
    qtbot.keyClick(window, key, modifier)
    QApplication.processEvents()  # the timer runs here when nothing opened


def _dialogs_opened_by(qtbot, window, key, modifier) -> list[str]:  # type: ignore[no-untyped-def]
    """Press a shortcut; any modal dialog it opens is noted and closed."""
    opened: list[str] = []

    def close_any() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            opened.append(dialog.windowTitle())
            dialog.reject()

    _press(qtbot, window, key, modifier, close_any)
    return opened


def test_roster_shortcuts_do_nothing_on_other_pages(qtbot, village, main_window):  # type: ignore[no-untyped-def]
    roster_page = open_module(qtbot, main_window, "户籍花名册")
    qtbot.waitUntil(lambda: roster_page.people.rowCount() > 0, timeout=HANG_GUARD_MS)
    roster_page.table.selectRow(0)
    new_person = roster_page.actions_by_name["new_person"]
    assert new_person.isEnabled()
    people = Person.select().count()
    open_module(qtbot, main_window, "首页")
    assert not new_person.isEnabled()  # greyed in 编辑, not acting on the roster's hidden choice
    for key, modifier in (
        (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier),
    ):
        assert _dialogs_opened_by(qtbot, main_window, key, modifier) == []
    open_module(qtbot, main_window, "隔离管控台账")
    assert _dialogs_opened_by(qtbot, main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier) == []
    assert Person.select().count() == people
    # Back on the roster its choice is as it was, and the entry works again.
    open_module(qtbot, main_window, "户籍花名册")
    assert new_person.isEnabled()
    household = Household.get_by_id(roster_page.current_household_id())
    assert _dialogs_opened_by(qtbot, main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier) == [
        f"新建人员：{household.number} {household.head_name}"
    ]


def test_find_searches_the_page_that_is_shown(qtbot, village, main_window):  # type: ignore[no-untyped-def]
    roster_page = main_window.roster
    assert main_window.pages.currentWidget() is main_window.home
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert not roster_page.search.hasFocus()
    open_module(qtbot, main_window, "户籍花名册")
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert roster_page.search.hasFocus()


def test_jobs_started_from_anywhere_open_from_every_page(qtbot, village, main_window):  # type: ignore[no-untyped-def]
    for label in ("首页", "隔离管控台账", "户籍花名册"):
        open_module(qtbot, main_window, label)
        opened = _dialogs_opened_by(
            qtbot, main_window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        assert opened == ["登记管控对象"], label


def test_print_from_another_page_does_not_offer_the_ledgers_hidden_choice(qtbot, village, main_window):  # type: ignore[no-untyped-def]
    policy = Policy.get(Policy.name == "14天居家隔离医学观察")
    qa.open_case(
        village["zhang"],
        {
            "policy": policy.id,
            "start_date": date(2026, 12, 1),
            "address": "一组12号",
            "reason": "密切接触者",
            "grid_worker": "王网格",
        },
    )
    main_window.ledger.reload()
    ledger = open_module(qtbot, main_window, "隔离管控台账")
    qtbot.waitUntil(lambda: ledger.table.rowCount() > 0, timeout=HANG_GUARD_MS)
    ledger.table.selectRow(0)
    scopes: dict[str, list[str]] = {}

    def note_scopes(label: str) -> None:
        def look() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is not None:
                box = dialog.findChild(QComboBox, "printScope")
                scopes[label] = [box.itemText(i) for i in range(box.count())]
                dialog.reject()

        _press(qtbot, main_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier, look)

    note_scopes("台账")
    open_module(qtbot, main_window, "首页")
    note_scopes("首页")
    assert scopes["台账"][0] == "台账中选中的 1 人"
    assert scopes["首页"] and not any("选中" in s for s in scopes["首页"])


def test_the_status_bar_speaks_of_the_page_shown(qtbot, village, main_window):  # type: ignore[no-untyped-def]
    roster_page = open_module(qtbot, main_window, "户籍花名册")
    qtbot.waitUntil(lambda: roster_page.people.rowCount() > 0, timeout=HANG_GUARD_MS)
    assert f"全村 {Household.select().count()} 户" in main_window.status.text()
    policy = Policy.get(Policy.name == "14天居家隔离医学观察")
    qa.open_case(
        village["zhang"],
        {
            "policy": policy.id,
            "start_date": date.today(),
            "address": "一组12号",
            "reason": "密切接触者",
            "grid_worker": "王网格",
        },
    )
    home = open_module(qtbot, main_window, "首页")
    home.refresh()
    home.tiles["home"].click()
    listed = home.cases.rowCount()
    assert listed == 1
    assert (
        main_window.status.text().endswith(f" {listed} 人")
        and f"{Person.select().count()} 人" not in main_window.status.text()
    )
    ledger = open_module(qtbot, main_window, "隔离管控台账")
    assert main_window.status.text().endswith(f"当前列表 {ledger.table.rowCount()} 人")
