"""Every thread the window starts is its own and ends with it: the roster's count, the day's backup."""

from __future__ import annotations

import threading

from tests.conftest import HANG_GUARD_MS


def _counting_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("people-count") and t.is_alive()]


def test_the_people_list_ends_its_counting_thread(qtbot, village, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.roster import people_model

    monkeypatch.setattr(people_model, "PAGE_SIZE", 2)  # four people: the first page is full, so they are counted
    model = people_model.PeopleTableModel()
    with qtbot.waitSignal(model.total_changed, timeout=HANG_GUARD_MS) as counted:
        model.set_filter("", None)
    assert counted.args == [4] and _counting_threads()
    model.shutdown()
    assert not _counting_threads()
    model.set_filter("", None)  # after the shutdown a total is still given, counted in place
    assert model.total == 4
    model.wait_for_total()


def test_closing_the_window_ends_its_threads(qtbot, main_window, village, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.roster import people_model
    from app.tasks import BackgroundTask

    daily = main_window.backups.task
    assert isinstance(daily, BackgroundTask) and daily.dialog is None  # on app/tasks.py, with no dialog in the way
    monkeypatch.setattr(people_model, "PAGE_SIZE", 2)
    with qtbot.waitSignal(main_window.roster.people.total_changed, timeout=HANG_GUARD_MS):
        main_window.roster.reload()
    assert _counting_threads()
    main_window.close()
    assert not _counting_threads()
    assert not daily.worker.isRunning()


def test_a_refused_id_number_is_shown_under_its_field(qtbot, main_window, village, on_modal) -> None:  # type: ignore[no-untyped-def]
    """The check runs in db/ (roster_actions.save_person); the form still says it under 公民身份号码."""
    from PyQt6.QtWidgets import QLabel, QLineEdit

    from db.models import Person
    from tests.conftest import open_module

    page = open_module(qtbot, main_window, "户籍花名册")
    page.reload()
    page.table.selectRow(page.people.row_of(village["qian"]))
    seen: list[str] = []

    def edit(dialog) -> None:  # type: ignore[no-untyped-def]
        number = dialog.findChild(QLineEdit, "field_id_number")
        number.setText("11010519491231002X")  # 张三丰's
        dialog.try_save()
        seen.append(dialog.findChild(QLabel, "message_id_number").text())
        seen.append(dialog.banner.text())
        dialog.reject()

    on_modal(edit)
    page.actions_by_name["edit"].trigger()
    assert seen == ["该身份证号已登记：张三丰（户号 01-0001）", "请改正标红的内容后再保存。"]
    assert Person.get_by_id(village["qian"]).id_number is None
