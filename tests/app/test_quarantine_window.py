"""首页 and today's readings, driven through the real window offscreen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QLineEdit, QPlainTextEdit

from app.home_sections import SECTIONS
from db import quarantine_actions as qa
from db.models import FeverAction, Policy, Reading
from db.queries.cases import FIGURES
from tests.conftest import HANG_GUARD_MS, save_screenshot, wait_for_task


def _type_into_cell(qtbot, table, text: str):  # type: ignore[no-untyped-def]
    """The first key opens the cell's editor (as a clerk's typing does); the rest goes into the editor.

    The editor is the one the view holds for its current cell: an earlier cell's editor, closed but not yet
    deleted (deleteLater), is still the table's child, so a search by object name could find that one."""
    from app.quarantine.readings_sheet import VALUE

    assert table.currentColumn() == VALUE
    qtbot.keyClick(table, text[0])
    editor = table.indexWidget(table.currentIndex())
    assert isinstance(editor, QLineEdit) and editor.objectName() == "temperatureEditor"
    assert editor.isVisible() and editor.text() == text[0]
    qtbot.keyClicks(editor, text[1:])
    return editor


def _open(person_id: int, start: date) -> int:
    policy = Policy.get(Policy.name == "14天居家隔离医学观察")
    case = qa.open_case(
        person_id,
        {
            "policy": policy.id,
            "start_date": start,
            "address": "一组12号",
            "reason": "密切接触者",
            "grid_worker": "王网格",
        },
    )
    return case.id


@pytest.fixture
def two_cases(village: dict[str, int]) -> dict[str, int]:
    today = date.today()
    return {"zhang": _open(village["zhang"], today), "qian": _open(village["qian"], today - timedelta(days=13))}


def test_home_page_opens_first_with_the_days_figures(qtbot, main_window, two_cases, output_dir):  # type: ignore[no-untyped-def]
    home = main_window.home
    assert main_window.pages.currentWidget() is home
    home.refresh()
    assert "在管 2 人" in home.heading.text()
    assert home.tiles["home"].count == 2
    assert home.tiles["new_today"].count == 1
    assert home.tiles["due_tomorrow"].count == 1
    home.tiles["due_tomorrow"].click()
    assert [home.cases.item(r, 0).text() for r in range(home.cases.rowCount())] == ["钱𠮷祥"]
    home.tiles["readings_missing"].click()
    assert home.cases.rowCount() == 2
    # The ID column is masked on screen.
    id_column = [home.cases.horizontalHeaderItem(c).text() for c in range(home.cases.columnCount())].index("身份证号")
    zhang_row = [home.cases.item(r, 0).text() for r in range(2)].index("张三丰")
    assert home.cases.item(zhang_row, id_column).text() == "110105********002X"
    save_screenshot(main_window, output_dir, "quarantine_home")


def test_readings_are_typed_in_one_pass_and_a_fever_asks_for_an_action(  # type: ignore[no-untyped-def]
    qtbot, main_window, two_cases, on_modal, output_dir
):
    from app.quarantine.readings_sheet import VALUE, ReadingsSheet

    sheet = ReadingsSheet(main_window, slot="上午")
    qtbot.addWidget(sheet)
    sheet.show()
    qtbot.waitExposed(sheet)
    names = [sheet.table.item(r, 0).text() for r in range(sheet.table.rowCount())]
    assert sorted(names) == ["张三丰", "钱𠮷祥"]
    assert sheet.table.currentColumn() == VALUE and sheet.table.currentRow() == 0

    editor = _type_into_cell(qtbot, sheet.table, "365")  # the dot forgotten: 36.5
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt commits on the next turn of the event loop (a queued call), so wait for the commit itself.
    qtbot.waitUntil(lambda: sheet.table.item(0, VALUE).text() == "36.5", timeout=HANG_GUARD_MS)
    assert sheet.table.currentRow() == 1  # moved on to the next person

    def action(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.findChild(QLineEdit, "reportedTo").setText("红旗镇卫生院")
        dialog.findChild(QPlainTextEdit, "result").setPlainText("复测37.0℃，电话指导居家观察")
        save_screenshot(dialog, output_dir, "quarantine_fever_action")
        dialog.save()

    on_modal(action)
    editor = _type_into_cell(qtbot, sheet.table, "38.2")
    assert sheet.table.item(1, 0).background().color().name() == "#f9d6d2"  # red while it is typed
    save_screenshot(sheet, output_dir, "quarantine_readings_sheet")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: FeverAction.select().count() == 1, timeout=HANG_GUARD_MS)
    second = names[1]
    fever = Reading.get(Reading.value == 38.2)
    assert fever.case.person.name == second
    assert FeverAction.get().reported_to == "红旗镇卫生院"
    sheet.accept()
    main_window.home.refresh()
    assert main_window.home.tiles["alerts"].count == 0


def test_a_fever_left_without_action_stays_on_the_home_page(qtbot, main_window, two_cases, on_modal, output_dir):  # type: ignore[no-untyped-def]
    reading = qa.record_reading(two_cases["zhang"], date.today(), "上午", {"value": 38.5, "symptoms": "咳嗽"})
    home = main_window.home
    home.refresh()
    assert home.tiles["alerts"].count == 1
    home.tiles["alerts"].click()
    assert home.alerts.item(0, 0).text() == "张三丰"
    # The reading is what the list is for: seen beside the name, without scrolling.
    table = home.alerts
    shown = {
        table.horizontalHeaderItem(c).text(): c
        for c in range(table.columnCount())
        if table.columnViewportPosition(c) + table.columnWidth(c) <= table.viewport().width()
    }
    assert {"姓名", "日期", "时段", "体温", "症状"} <= set(shown)
    assert table.item(0, shown["体温"]).text().startswith("38.5") and table.item(0, shown["症状"]).text() == "咳嗽"
    save_screenshot(main_window, output_dir, "quarantine_home_fever")

    def action(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.findChild(QPlainTextEdit, "result").setPlainText("已报卫生院，120转运发热门诊")
        dialog.save()

    on_modal(action)
    home.alerts.setCurrentCell(0, 0)
    home.alerts.cellDoubleClicked.emit(0, 0)
    assert FeverAction.get(FeverAction.reading == reading.id).result == "已报卫生院，120转运发热门诊"
    assert home.tiles["alerts"].count == 0


def test_today_command_prints_what_the_home_page_shows(qtbot, main_window, two_cases, db_path):  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    qa.record_reading(two_cases["qian"], date.today(), "上午", {"value": None, "symptoms": "咳嗽"})
    main_window.home.refresh()
    tiles = {key: tile.count for key, tile in main_window.home.tiles.items()}
    done = subprocess.run(
        [sys.executable, "-m", "app", "today", "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    printed = {
        line.strip().split("：")[0]: int(line.strip().split("：")[1])
        for line in done.stdout.splitlines()
        if line.startswith("  ") and not line.startswith("    ")
    }
    labels = {figure.key: figure.label for figure in FIGURES} | {k: words[0] for k, words in SECTIONS.items()}
    assert {labels[k]: v for k, v in tiles.items()} == printed
    assert "在管 2 人" in done.stdout
    assert "钱𠮷祥（一组12号）" in done.stdout and "咳嗽" in done.stdout


def test_register_a_case_from_the_roster_by_pinyin(qtbot, main_window, village, on_modal, output_dir):  # type: ignore[no-untyped-def]
    from app.quarantine.new_case_dialog import NewCaseDialog

    main_window.nav.setCurrentRow(1)
    ledger = main_window.ledger
    assert main_window.pages.currentWidget() is ledger

    def register(dialog: NewCaseDialog) -> None:
        dialog.search.setText("zsf")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # takes the first match
        assert "张三丰" in dialog.chosen.text()
        assert dialog.form.inputs["address"].text() == "一组12号"  # from the household
        assert dialog.form.inputs["grid_worker"].text() == "王网格"  # from the grid
        dialog.form.inputs["start_date"].setText("2026-11-01")
        assert "共 14 天" in dialog.period.text() and "11月15日 解除" in dialog.period.text()
        dialog.form.inputs["reason"].setCurrentText("密切接触者")
        dialog.form.inputs["exposure_date"].setText("2026-2-30")  # no such day
        dialog.try_save()
        assert dialog.isVisible() and dialog.banner.isVisible()
        assert "不存在" in dialog.form.messages["exposure_date"].text()
        dialog.form.inputs["exposure_date"].setText("2026.10.30")
        save_screenshot(dialog, output_dir, "quarantine_new_case")
        dialog.try_save()

    on_modal(register)
    case_id = ledger.new_case()
    assert case_id is not None
    assert [ledger.table.item(r, 0).text() for r in range(ledger.table.rowCount())] == ["张三丰"]
    from db.models import Case

    case = Case.get_by_id(case_id)
    assert (case.start_date, case.exposure_date, case.release_due) == (
        date(2026, 11, 1),
        date(2026, 10, 30),
        date(2026, 11, 15),
    )
    save_screenshot(main_window, output_dir, "quarantine_ledger")


def test_release_and_the_case_file_history(qtbot, main_window, two_cases, on_modal, output_dir):  # type: ignore[no-untyped-def]
    from app.quarantine.case_file_dialog import CaseFileDialog
    from app.quarantine.status_dialog import StatusDialog

    qa.record_reading(two_cases["qian"], date.today(), "上午", {"value": 38.0, "symptoms": "咳嗽"})
    qa.record_follow_up(two_cases["qian"], {"on": date.today(), "need_kind": "代购", "needs": "大米一袋"})
    ledger = main_window.ledger
    ledger.reload()
    row = [ledger.table.lines[r].id for r in range(ledger.table.rowCount())].index(two_cases["qian"])
    ledger.table.setCurrentCell(row, 0)

    def release(dialog: StatusDialog) -> None:
        dialog.kind.setCurrentText("解除")
        # Today is the 14th and last day: the release is due tomorrow, so releasing today is asked about.
        assert "提前 1 天" in dialog.early.text() and not dialog.save_button.isEnabled()
        dialog.early_ok.setChecked(True)
        dialog.try_save()  # no reason yet: refused with a message
        assert "原因" in dialog.banner.text()
        dialog.reason.setText("观察期满，卫生院出具解除告知")
        dialog.try_save()

    on_modal(release)
    ledger.change_status()
    assert main_window.home.tiles["due_tomorrow"].count == 0  # released: no longer due

    file = CaseFileDialog(two_cases["qian"], main_window)
    qtbot.addWidget(file)
    assert file.days.rowCount() == 14
    assert file.days.item(13, 0).text() == "第14天" and file.days.item(13, 3).text() == "38.0"
    assert file.days.item(13, 0).background().color().name() == "#f9d6d2"
    assert [file.events.item(r, 1).text() for r in range(file.events.rowCount())] == ["开始", "解除"]
    assert file.follow_ups.item(0, 5).text() == "未解决"
    file.follow_ups.setCurrentCell(0, 0)
    file.mark_met()
    assert file.follow_ups.item(0, 5).text().startswith("已解决")
    file.show()
    save_screenshot(file, output_dir, "quarantine_case_file")


def test_print_preview_then_print_and_save(qtbot, main_window, two_cases, tmp_path, output_dir):  # type: ignore[no-untyped-def]
    from PyQt6.QtPdf import QPdfPageRenderer
    from PyQt6.QtPrintSupport import QPrinter

    from app.quarantine.print_dialog import PrintDialog
    from tests.printing.conftest import page_count, pdf_text

    dialog = PrintDialog(main_window, chosen=[two_cases["zhang"], two_cases["qian"]], document="seals")
    qtbot.addWidget(dialog)
    rendered: list[int] = []  # pages the preview has drawn (the view renders them off the UI thread)
    dialog.view.findChild(QPdfPageRenderer).pageRendered.connect(lambda page, *_: rendered.append(page))
    dialog.show()
    assert not dialog.print_button.isEnabled()  # nothing to print before the preview
    dialog.make_preview()
    wait_for_task(qtbot, dialog.task)
    assert dialog.print_button.isEnabled(), dialog.message.text()
    assert dialog.pdf.pageCount() == 1 and "共 1 页" in dialog.message.text()
    qtbot.waitUntil(lambda: 0 in rendered, timeout=HANG_GUARD_MS)  # the page is drawn before the picture
    save_screenshot(dialog, output_dir, "quarantine_print_preview")

    saved = dialog.save_pdf(str(tmp_path / "封条.pdf"))
    assert saved is not None and "东风村一组12号" in pdf_text(saved)

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # a PDF printer stands in for the office one
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_pdf(printer)
    assert page_count(tmp_path / "printed.pdf") == 1

    dialog.document.setCurrentIndex(dialog.document.findData("temperature-sheets"))
    dialog.make_preview()
    wait_for_task(qtbot, dialog.task)
    assert dialog.print_button.isEnabled() and dialog.pdf.pageCount() == 2, dialog.message.text()


def test_register_from_the_roster_and_a_visitor_added_as_temporary(  # type: ignore[no-untyped-def]
    qtbot, main_window, village, on_modal, output_dir
):
    from app.quarantine.new_case_dialog import NewCaseDialog
    from app.quarantine.visitor_dialog import VisitorDialog
    from db.models import Case, Person
    from tests.conftest import open_module, type_text, wait_for_search

    page = open_module(qtbot, main_window, "户籍花名册")
    page.reload()
    type_text(page.search, "qjx")
    wait_for_search(qtbot, page)
    assert page.people.rowCount() == 1 and page.people.data(page.people.index(0, 0)) == "钱𠮷祥"
    page.table.setCurrentIndex(page.people.index(0, 0))

    def register(dialog: NewCaseDialog) -> None:
        assert "钱𠮷祥" in dialog.chosen.text()
        dialog.try_save()

    on_modal(register)
    page.actions_by_name["register_case"].trigger()
    assert main_window.pages.currentWidget() is main_window.ledger
    assert Case.get().person.name == "钱𠮷祥"

    def visitor(dialog: VisitorDialog) -> None:
        dialog.household.setCurrentIndex(dialog.household.findText("01-0001", Qt.MatchFlag.MatchStartsWith))
        type_text(dialog.form.inputs["name"], "赵来福")
        dialog.form.inputs["id_number"].setText("410122198001010013")
        save_screenshot(dialog, output_dir, "quarantine_visitor")
        dialog.try_save()

    def new_case(dialog: NewCaseDialog) -> None:
        on_modal(visitor)
        dialog.add_visitor()
        assert "赵来福" in dialog.chosen.text()
        dialog.try_save()

    on_modal(new_case)
    main_window.ledger.new_case()
    added = Person.get(Person.name == "赵来福")
    assert (added.status, added.household.number, added.sex) == ("暂住", "01-0001", "男")
    assert Case.select().where(Case.person == added).count() == 1


def test_after_registering_the_papers_are_one_click_away(qtbot, main_window, village, on_modal):  # type: ignore[no-untyped-def]
    from app.quarantine.print_dialog import PrintDialog

    ledger = main_window.ledger
    on_modal(lambda dialog: (dialog.search.setText("zsf"), dialog._take_first(), dialog.try_save()))
    case_id = ledger.new_case()
    assert ledger.next_bar.isVisibleTo(ledger) and "张三丰" in ledger.next_label.text()

    def check(dialog: PrintDialog) -> None:
        assert dialog.chosen == [case_id] and dialog.document.currentData() == "notices-and-seals"
        dialog.reject()

    on_modal(check)
    ledger.next_button.click()
    assert not ledger.next_bar.isVisibleTo(ledger)


def test_settings_menu_opens_the_policy_and_notice_text_editors(qtbot, main_window, on_modal):  # type: ignore[no-untyped-def]
    from PyQt6.QtGui import QAction

    from app.quarantine.policy_dialog import PolicyDialog
    from app.quarantine.template_dialog import TemplateDialog

    seen: list[str] = []
    for name, kind in (
        ("action_policies", PolicyDialog),
        ("action_notice_text", TemplateDialog),
        ("action_release_text", TemplateDialog),
    ):
        on_modal(
            lambda dialog, kind=kind: (seen.append(type(dialog).__name__), isinstance(dialog, kind) and dialog.reject())
        )
        main_window.findChild(QAction, name).trigger()
    assert seen == ["PolicyDialog", "TemplateDialog", "TemplateDialog"]


def test_a_value_typed_again_unchanged_moves_on_without_a_new_record(qtbot, main_window, two_cases):  # type: ignore[no-untyped-def]
    from app.quarantine.readings_sheet import VALUE, ReadingsSheet
    from db.models import AuditEntry

    first = ReadingsSheet(main_window, slot="上午").lines[0].id
    qa.record_reading(first, date.today(), "上午", {"value": 36.8})
    audits = AuditEntry.select().count()
    sheet = ReadingsSheet(main_window, slot="上午")
    qtbot.addWidget(sheet)
    sheet.show()
    assert sheet.table.item(0, VALUE).text() == "36.8"
    assert sheet.table.currentRow() == 1  # the first row still missing
    qtbot.keyClick(sheet.table, Qt.Key.Key_Up)  # back to the entered row, as the clerk would
    assert sheet.table.currentRow() == 0
    editor = _type_into_cell(qtbot, sheet.table, "36.8")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sheet.table.currentRow() == 1, timeout=HANG_GUARD_MS)
    assert AuditEntry.select().count() == audits


def test_the_case_file_changes_status_and_prints_for_its_case(qtbot, main_window, two_cases, on_modal):  # type: ignore[no-untyped-def]
    from app.quarantine.case_file_dialog import CaseFileDialog

    file = CaseFileDialog(two_cases["zhang"], main_window)
    qtbot.addWidget(file)

    def go_missing(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.kind.setCurrentText("失联外出")
        dialog.reason.setText("电话不通，家中无人")
        dialog.try_save()

    on_modal(go_missing)
    file.change_status()
    assert "失联外出" in file.header.text()
    assert [file.events.item(r, 1).text() for r in range(file.events.rowCount())] == ["开始", "失联外出"]

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.chosen == [two_cases["zhang"]] and dialog.document.currentData() == "notices-and-seals"
        dialog.reject()

    on_modal(check)
    file.print_papers()


def test_the_case_details_can_be_corrected_later(qtbot, main_window, two_cases, on_modal):  # type: ignore[no-untyped-def]
    from app.quarantine.case_file_dialog import CaseFileDialog
    from db.models import Case

    file = CaseFileDialog(two_cases["zhang"], main_window)
    qtbot.addWidget(file)
    other_seal = Case.get_by_id(two_cases["qian"]).seal_no

    def edit(dialog) -> None:  # type: ignore[no-untyped-def]
        inputs = dialog.form_widget.inputs
        assert "kind" not in inputs  # the kind changes by a dated event, not by editing
        inputs["seal_no"].setText(other_seal)
        dialog.try_save()
        assert dialog.isVisible() and "已用于其他对象" in dialog.banner.text()
        inputs["seal_no"].setText("2026-0099")
        inputs["seal_posted_on"].setText(date.today().isoformat())
        inputs["start_date"].setText((date.today() - timedelta(days=1)).isoformat())
        dialog.try_save()

    on_modal(edit)
    file.edit_case()
    case = Case.get_by_id(two_cases["zhang"])
    assert (case.seal_no, case.seal_posted_on) == ("2026-0099", date.today())
    assert case.release_due == date.today() + timedelta(days=13)  # the period moved with the start
    assert "2026-0099" in file.header.text()
