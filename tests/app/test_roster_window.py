"""The roster screen driven like a clerk would: keyboard entry, messages, search, import, undo."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication, QLabel, QLineEdit

from db.models import AuditEntry, Household, Person, Village
from tests.conftest import (
    DATA,
    HANG_GUARD_MS,
    make_administrator,
    open_module,
    save_screenshot,
    type_text,
    wait_for_search,
    wait_for_task,
)


def _field(dialog, name: str) -> QLineEdit:  # type: ignore[no-untyped-def]
    return dialog.findChild(QLineEdit, f"field_{name}")


def _message(dialog, name: str) -> QLabel:  # type: ignore[no-untyped-def]
    return dialog.findChild(QLabel, f"message_{name}")


def _select_grid(window, grid_id: int) -> None:  # type: ignore[no-untyped-def]
    page = window.roster
    page.tree.setCurrentIndex(page.tree_model.find("grid", grid_id))


def test_first_start_asks_for_the_village(qtbot, db_path: Path, tmp_path: Path, on_modal, output_dir):  # type: ignore[no-untyped-def]

    from app.main_window import MainWindow

    seen = {}

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        save_screenshot(dialog, output_dir, "first_run_dialog")
        type_text(_field(dialog, "name"), "东风村")
        type_text(_field(dialog, "township"), "红旗镇")
        type_text(_field(dialog, "clerk"), "李文书")
        seen["title"] = dialog.windowTitle()
        dialog.buttons.accepted.emit()

    def administrator(dialog) -> None:  # type: ignore[no-untyped-def]
        on_modal(fill)
        make_administrator(dialog)

    on_modal(administrator)
    window = MainWindow(db_path, first_run=True)
    qtbot.addWidget(window)
    window.show()
    window.start()  # returns once the sign-in and village dialogs (run in their own event loops) are done
    assert seen["title"] == "欢迎使用村级疫情防控台账"
    assert Village.select().count() == 1 and Village.get().name == "东风村"
    assert "东风村" in window.roster.tree_model.index(0, 0).data()
    model = window.roster.tree_model
    grids = [model.index(r, 0, model.index(0, 0)).data() for r in range(4)]
    assert grids[0].startswith("一组")
    assert AuditEntry.select().where(AuditEntry.who == "李文书", AuditEntry.table.in_(["village", "grid"])).count() == 5
    assert window.operator.text() == "操作员：李文书（管理员）"


def test_add_household_bad_id_shows_message_then_saves(qtbot, main_window, village, on_modal, output_dir):  # type: ignore[no-untyped-def]
    page = main_window.roster
    page.reload()
    assert open_module(qtbot, main_window, "户籍花名册") is page
    _select_grid(main_window, village["grid_one"])
    steps: list[str] = []

    def household(dialog) -> None:  # type: ignore[no-untyped-def]
        assert _field(dialog, "number").text() == "01-0002"  # next free number in 一组
        type_text(_field(dialog, "door_no"), "18号")
        save_screenshot(dialog, output_dir, "household_dialog")
        steps.append("household")
        on_modal(person)
        qtbot.keyClick(_field(dialog, "door_no"), Qt.Key.Key_Return)

    def person(dialog) -> None:  # type: ignore[no-untyped-def]
        type_text(_field(dialog, "name"), "赵 建国 ")
        type_text(_field(dialog, "id_number"), "110105198003070015")  # wrong check digit
        qtbot.keyClick(_field(dialog, "id_number"), Qt.Key.Key_Return)
        message = _message(dialog, "id_number")
        assert dialog.isVisible(), "a bad ID number must not close the dialog"
        assert "校验位" in message.text()
        assert dialog.findChild(QLabel, "banner").isVisible()
        save_screenshot(dialog, output_dir, "person_dialog_bad_id")
        steps.append(message.text())
        _field(dialog, "id_number").clear()
        type_text(_field(dialog, "id_number"), "11010519800307059x")
        qtbot.keyClick(_field(dialog, "id_number"), Qt.Key.Key_Return)
        steps.append("fixed")

    on_modal(household)
    page.actions_by_name["new_household"].trigger()  # returns once both dialogs have closed
    assert steps[0] == "household" and steps[-1] == "fixed", steps
    person_row = Person.get(Person.name == "赵建国")
    assert person_row.id_number == "11010519800307059X"
    assert (person_row.sex, person_row.birth_date.isoformat()) == ("男", "1980-03-07")
    assert person_row.relation == "户主"
    household = Household.get(Household.number == "01-0002")
    assert household.head_name == "赵建国" and household.door_no == "18号"
    # The new person is listed, ID masked on screen.
    id_column = [f.label for f in page.people.columns].index("公民身份号码")
    shown = [page.people.data(page.people.index(r, id_column)) for r in range(page.people.rowCount())]
    assert "110105********059X" in shown
    save_screenshot(main_window, output_dir, "roster_after_new_household")


def test_search_finds_people_by_pinyin_initials_and_id(qtbot, main_window, village, output_dir):  # type: ignore[no-untyped-def]
    page = main_window.roster
    page.reload()
    assert open_module(qtbot, main_window, "户籍花名册") is page

    def names() -> list[str]:
        return [page.people.data(page.people.index(r, 0)) for r in range(page.people.rowCount())]

    type_text(page.search, "zsf")
    wait_for_search(qtbot, page)
    assert names() == ["张三丰"]
    save_screenshot(main_window, output_dir, "roster_search_zsf")
    page.search.clear()
    type_text(page.search, "qjx")
    wait_for_search(qtbot, page)
    assert names() == ["钱𠮷祥"]
    page.search.clear()
    type_text(page.search, "1231002")
    wait_for_search(qtbot, page)
    assert names() == ["张三丰"]
    page.search.clear()
    type_text(page.search, "二组")
    wait_for_search(qtbot, page)
    assert sorted(names()) == sorted(["钱𠮷祥", "阿依古丽·买买提"])
    qtbot.waitUntil(lambda: page.people.total is not None, timeout=HANG_GUARD_MS)  # counted off the UI thread
    assert "搜索“二组”：2 人" in main_window.status.text()


def test_edit_then_undo_restores_the_person(qtbot, main_window, village, on_modal):  # type: ignore[no-untyped-def]
    page = open_module(qtbot, main_window, "户籍花名册")
    page.reload()
    page.table.selectRow(page.people.row_of(village["zhang"]))

    def edit(dialog) -> None:  # type: ignore[no-untyped-def]
        _field(dialog, "phone").clear()
        type_text(_field(dialog, "phone"), "139-8765-4321")
        qtbot.keyClick(_field(dialog, "phone"), Qt.Key.Key_Return)

    on_modal(edit)
    page.actions_by_name["edit"].trigger()
    assert Person.get_by_id(village["zhang"]).phone == "13987654321"
    assert page.actions_by_name["undo"].isEnabled()
    page.actions_by_name["undo"].trigger()
    assert Person.get_by_id(village["zhang"]).phone == "13812345678"
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.table == "person").order_by(AuditEntry.id)]
    assert actions[-2:] == ["update", "undo"]


def test_mark_left_keeps_the_person_but_hides_them(qtbot, main_window, village, on_modal, output_dir):  # type: ignore[no-untyped-def]
    page = main_window.roster
    page.reload()
    assert open_module(qtbot, main_window, "户籍花名册") is page
    before = page.people.total
    page.table.selectRow(page.people.row_of(village["qian"]))

    def mark(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.status.setCurrentText("迁出")
        type_text(dialog.note, "迁往郑州")
        save_screenshot(dialog, output_dir, "mark_left_dialog")
        dialog.confirm_button.click()

    on_modal(mark)
    page.actions_by_name["mark_left"].trigger()
    person = Person.get_by_id(village["qian"])
    assert person.status == "迁出" and "迁往郑州" in person.note
    assert page.people.total == before - 1


def test_people_model_passes_qt_model_checks(qtmodeltester, village) -> None:  # type: ignore[no-untyped-def]
    from app.roster.people_model import PeopleTableModel

    model = PeopleTableModel()
    model.set_filter("", None)
    assert model.rowCount() == 4
    qtmodeltester.check(model)


def _run_import(qtbot, window, path: Path):  # type: ignore[no-untyped-def]
    from app.roster.import_dialog import ImportDialog

    dialog = ImportDialog(path, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()  # reads, then plans: two background tasks one after the other
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
    return dialog


def test_import_messy_workbook_reports_refused_rows(qtbot, main_window, village, on_modal, output_dir):  # type: ignore[no-untyped-def]
    dialog = _run_import(qtbot, main_window, DATA / "messy_roster.xlsx")
    save_screenshot(dialog, output_dir, "import_dialog_preview")
    assert "未导入 2 行" in dialog.summary.text()
    reasons = [dialog.problems.item(r, 4).text() for r in range(dialog.problems.rowCount())]
    rows = [dialog.problems.item(r, 1).text() for r in range(dialog.problems.rowCount())]
    assert any("存成了数字" in r for r in reasons)
    assert any("校验位" in r for r in reasons)
    assert "10" in rows and "11" in rows
    before = Person.select().count()
    on_modal(lambda box: box.accept())  # the "导入完成" message
    dialog.import_button.click()
    wait_for_task(qtbot, dialog.task)  # the import, then its "导入完成" message
    assert dialog.result_summary, dialog.summary.text()
    assert Person.select().count() == before + 15
    assert Person.get(Person.name == "钱𠮷祥", Person.household != village["h2"]).relation == "户主"
    assert Person.select().where(Person.name == "阿依古丽·买买提").count() == 2


def test_import_old_xls_lands_the_same_people(qtbot, main_window, village, on_modal):  # type: ignore[no-untyped-def]
    dialog = _run_import(qtbot, main_window, DATA / "messy_roster.xls")
    on_modal(lambda box: box.accept())
    dialog.import_button.click()
    wait_for_task(qtbot, dialog.task)  # the import, then its "导入完成" message
    assert dialog.result_summary, dialog.summary.text()
    assert Person.select().count() == 4 + 15
    assert QApplication.activeModalWidget() is None


def test_a_whole_household_can_move_out(qtbot, main_window, village, on_modal):  # type: ignore[no-untyped-def]
    page = main_window.roster
    page.reload()
    assert open_module(qtbot, main_window, "户籍花名册") is page
    page.table.selectRow(page.people.row_of(village["zhang"]))

    def confirm_all(box) -> None:  # type: ignore[no-untyped-def]
        [yes] = [b for b in box.buttons() if b.text() == "确认整户迁出 2 人"]
        yes.click()

    def mark(dialog) -> None:  # type: ignore[no-untyped-def]
        assert "2 人" in dialog.windowTitle()
        dialog.status.setCurrentText("迁出")
        on_modal(confirm_all)  # the second question, naming how many
        dialog.confirm_button.click()

    on_modal(mark)
    page.actions_by_name["mark_household_left"].trigger()
    statuses = {p.name: p.status for p in Person.select().where(Person.household == village["h1"])}
    assert statuses == {"张三丰": "迁出", "李秀英": "迁出"}
    page.actions_by_name["undo"].trigger()
    assert {p.status for p in Person.select().where(Person.household == village["h1"])} == {"在村"}


def test_first_start_offers_the_demo_only_as_practice_in_its_own_window(
    qtbot, db_path: Path, tmp_path: Path, on_modal, output_dir
):  # type: ignore[no-untyped-def]
    """No button of the first-start dialog but 保存 writes the clerk's ledger: every other one is pressed, and
    the ledger is still without a village or a person; 先用演示村庄练习 starts the practice program and the
    dialog stays open for the real village, which is then saved."""
    from PyQt6.QtWidgets import QDialogButtonBox, QPushButton

    from app.main_window import MainWindow
    from app.practice import practice_command

    started: list[list[str]] = []
    seen: dict[str, object] = {}

    def first_start(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.launch = lambda: started.append(practice_command())  # what the button starts, not a second app
        decides = {
            dialog.buttons.button(b)
            for b in (QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)
        }
        others = [b for b in dialog.findChildren(QPushButton) if b not in decides]
        seen["pressed"] = sorted(b.text() for b in others)
        for button in others:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        seen["people"], seen["villages"] = Person.select().count(), Village.select().count()
        seen["open"] = dialog.isVisible()
        seen["note"] = dialog.findChild(QLabel, "practiceNote").isVisible()
        save_screenshot(dialog, output_dir, "first_run_practice")
        type_text(_field(dialog, "name"), "东风村")
        type_text(_field(dialog, "township"), "红旗镇")
        type_text(_field(dialog, "clerk"), "李文书")
        dialog.buttons.accepted.emit()

    def administrator(dialog) -> None:  # type: ignore[no-untyped-def]
        on_modal(first_start)
        make_administrator(dialog)

    on_modal(administrator)
    window = MainWindow(db_path, first_run=True)
    qtbot.addWidget(window)
    window.show()
    window.start()  # returns once the sign-in and village dialogs are done
    assert "先用演示村庄练习…" in seen["pressed"] and "生成演示村庄" not in seen["pressed"]
    assert seen["people"] == 0 and seen["villages"] == 0  # nothing pressed so far wrote the ledger
    assert seen["open"] and seen["note"]
    assert started == [practice_command()] and "--practice" in started[0]
    assert Village.get().name == "东风村" and Person.select().count() == 0
    assert not window.practice_banner.isVisible() and "练习" not in window.windowTitle()


def test_clerk_fixes_the_column_guess_before_importing(qtbot, main_window, village, tmp_path: Path, on_modal):  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    from app.roster.import_dialog import ImportDialog, MappingTable

    wb = Workbook()
    wb.active.title = "三组"
    wb.active.append(["居民", "编码", "门牌号"])  # "编码" is the ID number, which no guess can know
    wb.active.append(["周建华", "110105195508080853", "5号"])
    wb.save(tmp_path / "odd_headers.xlsx")
    dialog = ImportDialog(tmp_path / "odd_headers.xlsx", main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
    table = dialog.tabs.widget(0)
    assert isinstance(table, MappingTable)
    assert table.mapping() == {0: "person.name", 2: "household.door_no"}
    table.combos[1].setCurrentIndex(table.combos[1].findData("person.id_number"))
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    assert "重新“预览”" in dialog.summary.text()
    dialog.preview_button.click()
    wait_for_task(qtbot, dialog.task)
    assert dialog.plan is not None and "将新建 1 户、1 人" in dialog.summary.text(), dialog.summary.text()
    on_modal(lambda box: box.accept())
    dialog.import_button.click()
    wait_for_task(qtbot, dialog.task)  # the import, then its "导入完成" message
    assert dialog.result_summary, dialog.summary.text()
    person = Person.get(Person.name == "周建华")
    assert person.id_number == "110105195508080853" and person.sex == "男"
    assert person.household.grid.name == "三组" and person.household.door_no == "5号"


def test_settings_rename_the_village_and_add_a_grid(qtbot, main_window, village, on_modal, output_dir):  # type: ignore[no-untyped-def]
    from PyQt6.QtWidgets import QTableWidgetItem

    from db.models import Grid

    def edit(dialog) -> None:  # type: ignore[no-untyped-def]
        assert _field(dialog, "name").text() == "东风村"
        _field(dialog, "name").clear()
        type_text(_field(dialog, "name"), "东风社区")
        dialog.grids.add_row()
        dialog.grids.setItem(dialog.grids.rowCount() - 1, 0, QTableWidgetItem("三组"))
        save_screenshot(dialog, output_dir, "village_settings_dialog")
        dialog.buttons.accepted.emit()

    on_modal(edit)
    main_window.findChild(type(main_window.roster.actions_by_name["undo"]), "action_village").trigger()
    assert Village.get().name == "东风社区"
    assert [g.name for g in Grid.select().order_by(Grid.sort_order)] == ["一组", "二组", "三组"]
    qtbot.waitUntil(lambda: "东风社区" in main_window.roster.tree_model.index(0, 0).data(), timeout=HANG_GUARD_MS)


def test_escape_cancels_without_saving(qtbot, main_window, village, on_modal):  # type: ignore[no-untyped-def]
    page = open_module(qtbot, main_window, "户籍花名册")
    page.reload()
    page.table.selectRow(page.people.row_of(village["zhang"]))
    before = (Person.select().count(), AuditEntry.select().count())

    def type_then_escape(dialog) -> None:  # type: ignore[no-untyped-def]
        type_text(_field(dialog, "name"), "王小二")
        qtbot.keyClick(_field(dialog, "name"), Qt.Key.Key_Escape)

    on_modal(type_then_escape)
    page.actions_by_name["new_person"].trigger()
    assert (Person.select().count(), AuditEntry.select().count()) == before


def test_export_from_the_menu_writes_the_workbook(qtbot, main_window, village, tmp_path: Path, monkeypatch, on_modal):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from PyQt6.QtWidgets import QFileDialog

    target = tmp_path / "导出" / "东风村花名册"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    messages: list[str] = []

    def read_message(box) -> None:  # type: ignore[no-untyped-def]
        messages.append(box.text())
        box.accept()

    def notice(dialog) -> None:  # type: ignore[no-untyped-def]
        on_modal(read_message)
        dialog.save()

    on_modal(notice)
    main_window.findChild(type(main_window.roster.actions_by_name["undo"]), "action_export").trigger()
    wait_for_task(qtbot, main_window.task)  # the export, then its message
    assert len(messages) == 1, messages
    written = target.with_suffix(".xlsx")
    assert "已导出 4 人" in messages[0] and str(written) in messages[0]
    rows = list(load_workbook(written)["花名册"].iter_rows(min_row=4, values_only=True))
    assert sorted(r[6] for r in rows) == sorted(["张三丰", "李秀英", "钱𠮷祥", "阿依古丽·买买提"])
    assert [p.name for p in written.parent.iterdir()] == [written.name]  # no temporary file left behind


def test_closing_the_import_dialog_while_it_reads_changes_nothing(qtbot, main_window, village):  # type: ignore[no-untyped-def]
    from app.roster.import_dialog import ImportDialog

    before = Person.select().count()
    dialog = ImportDialog(DATA / "messy_roster.xlsx", main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    dialog.reject()  # the clerk closes it at once: the reading thread is stopped, not left running
    assert dialog.task is not None and not dialog.task.worker.isRunning()
    assert Person.select().count() == before


def test_move_a_person_to_another_household(qtbot, main_window, village, on_modal, output_dir):  # type: ignore[no-untyped-def]
    page = main_window.roster
    page.reload()
    assert open_module(qtbot, main_window, "户籍花名册") is page
    li = Person.get(Person.name == "李秀英")
    page.table.selectRow(page.people.row_of(li.id))

    def choose(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.combo.setCurrentIndex(dialog.combo.findData(village["h2"]))
        save_screenshot(dialog, output_dir, "move_person_dialog")
        dialog.confirm_button.click()

    on_modal(choose)
    page.actions_by_name["move"].trigger()
    moved = Person.get_by_id(li.id)
    assert moved.household_id == village["h2"]
    assert "二组3号" in moved.search_text
    assert AuditEntry.select().where(AuditEntry.action == "move").count() == 1
