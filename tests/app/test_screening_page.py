"""入户排查 by keyboard over the demo village, in the real main window: households 全户正常 with one key each,
one with a fever and a symptom typed, one 无人在家待复查, a person met at the door added to the roster, the
abnormal finding opening its case in one action, and the round closed with its gaps listed and accepted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PyQt6.QtCore import QEvent, Qt
from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from app.screening.entry_columns import ENTRY_COLUMNS, read_row
from app.screening.household_entry import FIRST_ENTRY, HEADINGS, REASONS
from app.screening.page import coverage_cells
from db.models import Case, Finding, Person, ScreeningRound, Visit
from db.models.quarantine import CaseSource
from db.models.screening import RoundStatus, VisitOutcome
from db.queries.screening import abnormal_findings, coverage, due_members, gaps
from printing.documents.field_sheet import ENTRY_ORDER, FIRST_BLANK
from tests.app.test_screen_tour import clerk_problems, columns_out_of_view
from tests.conftest import HANG_GUARD_MS, SCREENING_DAY, open_module, save_screenshot, type_text

TODAY = SCREENING_DAY


def _page(qtbot, window):  # type: ignore[no-untyped-def]
    page = open_module(qtbot, window, "入户排查")
    page.today = lambda: TODAY
    page.reload()
    _active(qtbot, window)
    return page


def _active(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Shortcuts reach the active window: after a dialog closed, the main window is active again first."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=HANG_GUARD_MS)


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key to whatever has the focus, as the clerk's keyboard sends it."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _type(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Typing into the table's current cell: the first key opens its editor, the rest go to the editor
    (Chinese as an input method delivers it)."""
    type_text(QApplication.focusWidget(), text[0])
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), f"no cell editor open, focus on {editor!r}"
    type_text(editor, text[1:])


def _looks_right(widget, *views) -> None:  # type: ignore[no-untyped-def]
    """Nothing cut, outside the window or in English; every column of the lists in view (1366×768)."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
    problems = clerk_problems(widget)
    # With display scaling (125 %: 1093 logical pixels) the lists scroll sideways: only fitting and cut text.
    for view in views if widget.screen().geometry().width() >= 1366 else ():
        view.doItemsLayout()
        problems += columns_out_of_view(view)
    assert problems == []


def _current_household(page) -> int:  # type: ignore[no-untyped-def]
    return page.households[page.household_list.currentRow()].household_id


def test_entry_columns_are_the_field_sheets_blank_columns_in_its_order() -> None:
    assert [c.sheet_heading for c in ENTRY_COLUMNS] == list(ENTRY_ORDER[FIRST_BLANK:])
    assert HEADINGS[FIRST_ENTRY:REASONS] == tuple(c.heading for c in ENTRY_COLUMNS)


def test_typed_cells_become_a_findings_values(db_path: Path) -> None:
    texts = ["382", "12", "", "1128", "火车 g1234", "1", "2", "门口测温"]
    values = read_row(texts, TODAY)
    assert values["temperature"] == 38.2
    assert values["symptoms"] == "发热、咳嗽"
    assert values["returned_on"] == date(2026, 11, 28).replace(year=2025)  # after the visit day: last year's
    assert (values["travel_means"], values["travel_number"]) == ("火车", "G1234")
    assert (values["contact"], values["measure"], values["note"]) == ("确诊或疑似病例", "居家隔离", "门口测温")


def test_a_round_entered_by_keyboard(qtbot, demo_round, main_window, on_modal, output_dir):  # type: ignore[no-untyped-def]
    round_id = demo_round
    page = _page(qtbot, main_window)
    table = page.entry.table
    order = [h.household_id for h in page.households]
    assert page.household_list.currentRow() == 0 and QApplication.focusWidget() is table
    assert (table.currentRow(), table.currentColumn()) == (0, FIRST_ENTRY)
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert names == [Person.get_by_id(pid).name for pid in due_members(order[0])]
    keys = 0

    # Three households, one key each: 全户正常.
    for expected in order[:3]:
        assert _current_household(page) == expected
        _key(qtbot, Qt.Key.Key_F2)
        keys += 1
    assert keys == 3 and _current_household(page) == order[3]

    # One with exceptions: the first person's fever and symptom typed, then Ctrl+S.
    _type(qtbot, "382")
    _key(qtbot, Qt.Key.Key_Return)  # on to 症状
    assert table.currentColumn() == FIRST_ENTRY + 1
    _type(qtbot, "2")  # 2: 咳嗽, as on the paper
    _key(qtbot, Qt.Key.Key_Return)
    assert "发热 38.2℃" in table.reasons(0) and "咳嗽" in table.reasons(0)
    assert table.reasons(1) == "" and page.entry.abnormal_people == {table.item(0, 0).data(Qt.ItemDataRole.UserRole)}
    feverish = Person.get_by_id(table.item(0, 0).data(Qt.ItemDataRole.UserRole))
    save_screenshot(main_window, output_dir, "screening_exception_typed")
    _looks_right(main_window, table, page.coverage_table)
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert _current_household(page) == order[4]

    # Nobody at home: the outcome by key, then save.
    _key(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert page.entry.outcome.currentData() == VisitOutcome.NOBODY_HOME.value
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert _current_household(page) == order[5]

    # A person met at the door, not in the roster: added as 暂住, then the household 全户正常.
    def add_person(dialog) -> None:  # type: ignore[no-untyped-def]
        type_text(dialog.findChild(QLineEdit, "field_name"), "赵临住")
        save_screenshot(dialog, output_dir, "screening_add_person")
        dialog.try_save()

    on_modal(add_person)
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    met = Person.get(Person.name == "赵临住")
    assert (met.household_id, met.status) == (order[5], "暂住")
    assert met.id in [table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(table.rowCount())]
    _active(qtbot, main_window)
    assert QApplication.focusWidget() is table
    _key(qtbot, Qt.Key.Key_F2)
    assert _current_household(page) == order[6]

    # The ledger holds exactly these visits and findings.
    screened = [*order[:4], order[5]]
    visits = {v.household_id: v for v in Visit.select().where(Visit.round == round_id)}
    assert set(visits) == {*screened, order[4]}
    assert visits[order[4]].outcome == VisitOutcome.NOBODY_HOME.value
    assert all(visits[h].outcome == VisitOutcome.SCREENED.value and visits[h].on == TODAY for h in screened)
    findings = {
        (f.visit.household_id, f.person_id): f for f in Finding.select().join(Visit).where(Visit.round == round_id)
    }
    assert set(findings) == {(h, pid) for h in screened for pid in due_members(h)}
    assert met.id in due_members(order[5])
    fever = findings[(order[3], feverish.id)]
    assert (fever.temperature, fever.symptoms) == (38.2, "咳嗽")
    abnormal = abnormal_findings(round_id)
    assert [a.finding_id for a in abnormal] == [fever.id]

    # The page's coverage is the ledger's.
    db_coverage = coverage(round_id)
    shown = [
        tuple(page.coverage_table.item(r, c).text() for c in range(page.coverage_table.columnCount()))
        for r in range(page.coverage_table.rowCount())
    ]
    assert shown == [coverage_cells(line) for line in (*db_coverage.grids, db_coverage.total)]
    total = db_coverage.total
    assert (total.visited, total.waiting) == (len(screened), 1)
    assert total.screened == sum(len(due_members(h)) for h in screened)
    save_screenshot(main_window, output_dir, "screening_page")
    _looks_right(main_window, table, page.coverage_table, page.findings.table)

    # The abnormal finding opens its case in one action.
    assert page.findings.table.rowCount() == 1
    _active(qtbot, main_window)
    _key(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)  # to the findings, on the one not registered
    assert QApplication.focusWidget() is page.findings.table and page.findings.table.currentRow() == 0

    def confirm_case(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.policy.count() > 0
        save_screenshot(dialog, output_dir, "screening_open_case")
        _looks_right(dialog)
        dialog.accept()

    on_modal(confirm_case)
    _key(qtbot, Qt.Key.Key_Return)
    fever = Finding.get_by_id(fever.id)
    case = Case.get_by_id(fever.__data__["case"])
    assert (case.person_id, case.source, case.start_date) == (feverish.id, CaseSource.SCREENING.value, TODAY)
    assert page.findings.table.item(0, 5).text() == "已登记"
    _active(qtbot, main_window)
    _key(qtbot, Qt.Key.Key_Escape)  # back to the household's rows
    assert QApplication.focusWidget() is table

    # Closing the round lists its gaps and asks.
    expected_gaps = [[g.grid, g.number, g.head_name, g.outcome] for g in gaps(round_id)]
    assert len(expected_gaps) == len(order) - len(screened)

    def accept_gaps(dialog) -> None:  # type: ignore[no-untyped-def]
        table = dialog.table
        listed = [[table.item(r, c).text() for c in (0, 1, 2, 4)] for r in range(table.rowCount())]
        assert [row[:3] for row in listed] == [g[:3] for g in expected_gaps]
        assert all(row[3].startswith(g[3]) for row, g in zip(listed, expected_gaps, strict=True))
        assert any("无人在家待复查" in row[3] for row in listed)
        save_screenshot(dialog, output_dir, "screening_gaps")
        _looks_right(dialog)
        dialog.findChild(QPushButton, "acceptGaps").click()

    on_modal(accept_gaps)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    closed = ScreeningRound.get_by_id(round_id)
    assert (closed.status, closed.closed_on) == (RoundStatus.CLOSED.value, TODAY)
    assert str(len(expected_gaps)) in closed.closing_note
    assert page.entry.read_only and not page.close_button.isEnabled()
    assert "已结束" in page.round_combo.currentText()
    save_screenshot(main_window, output_dir, "screening_closed_round")


def test_a_refused_value_writes_nothing_and_says_why(qtbot, demo_round, main_window):  # type: ignore[no-untyped-def]
    page = _page(qtbot, main_window)
    first = _current_household(page)
    _type(qtbot, "45")  # no body has 45℃
    _key(qtbot, Qt.Key.Key_Return)
    assert "体温" in page.entry.message.text()
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "未保存" in page.entry.message.text()
    assert Visit.select().count() == 0 and _current_household(page) == first
    # 全户正常 does not throw away what was typed either.
    _key(qtbot, Qt.Key.Key_F2)
    assert Visit.select().count() == 0 and "Ctrl+S" in page.entry.message.text()


def test_jump_to_a_household_by_its_head(qtbot, demo_round, main_window):  # type: ignore[no-untyped-def]
    page = _page(qtbot, main_window)
    target = page.households[len(page.households) // 2]
    main_window.findChild(QAction, "action_find").trigger()
    assert QApplication.focusWidget() is page.search
    type_text(page.search, target.head_name)
    _key(qtbot, Qt.Key.Key_Return)
    assert page.households[page.household_list.currentRow()].head_name == target.head_name
    assert QApplication.focusWidget() is page.entry.table


def test_a_member_who_left_is_marked_from_here(qtbot, demo_round, main_window, on_modal):  # type: ignore[no-untyped-def]
    page = _page(qtbot, main_window)
    table = page.entry.table
    household = _current_household(page)
    due = due_members(household)
    assert table.rowCount() == len(due) > 1
    table.setCurrentCell(1, FIRST_ENTRY)
    leaving = Person.get_by_id(due[1])

    def mark(dialog) -> None:  # type: ignore[no-untyped-def]
        assert leaving.name in dialog.findChild(QLabel, "who").text()
        dialog.status.setCurrentIndex(0)  # 迁出
        dialog.confirm_button.click()

    on_modal(mark)
    _key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert Person.get_by_id(leaving.id).status == "迁出"
    shown = [table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(table.rowCount())]
    assert shown == [pid for pid in due if pid != leaving.id] == due_members(household)
    _active(qtbot, main_window)
    _key(qtbot, Qt.Key.Key_F2)
    visit = Visit.get((Visit.round == demo_round) & (Visit.household == household))
    assert sorted(f.person_id for f in Finding.select().where(Finding.visit == visit.id)) == sorted(shown)


def test_enter_on_the_last_cell_saves_the_household(qtbot, demo_round, main_window):  # type: ignore[no-untyped-def]
    page = _page(qtbot, main_window)
    table = page.entry.table
    household = _current_household(page)
    table.setCurrentCell(table.rowCount() - 1, REASONS - 2)  # 措施 of the last person
    _key(qtbot, Qt.Key.Key_Return)  # on to 备注
    assert Visit.select().count() == 0 and table.currentColumn() == REASONS - 1
    _key(qtbot, Qt.Key.Key_Return)  # past the last cell: saved, on to the next household
    visit = Visit.get((Visit.round == demo_round) & (Visit.household == household))
    assert visit.outcome == VisitOutcome.SCREENED.value
    assert Finding.select().where(Finding.visit == visit.id).count() == len(due_members(household))
    assert _current_household(page) != household


def test_a_key_area_arrival_typed_by_place_name_is_flagged(qtbot, demo_round, main_window):  # type: ignore[no-untyped-def]
    page = _page(qtbot, main_window)
    table = page.entry.table
    household = _current_household(page)
    table.setCurrentCell(0, FIRST_ENTRY + 2)  # 重点地区旅居史
    _type(qtbot, "湖北武汉")
    _key(qtbot, Qt.Key.Key_Return)  # on to 返回日期
    _type(qtbot, "1115")
    _key(qtbot, Qt.Key.Key_Return)
    _type(qtbot, "G1234")  # 交通方式/车次: the train number alone
    _key(qtbot, Qt.Key.Key_Return)
    assert "重点地区（武汉市）" in table.reasons(0)
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    visit = Visit.get((Visit.round == demo_round) & (Visit.household == household))
    person = due_members(household)[0]
    finding = Finding.get((Finding.visit == visit.id) & (Finding.person == person))
    assert (finding.area_code, finding.area_name, finding.returned_on) == ("420100", "湖北武汉", date(2026, 11, 15))
    assert finding.travel_number == "G1234"
    assert [a.finding_id for a in abnormal_findings(demo_round)] == [finding.id]


def test_tab_goes_through_the_typed_cells_and_a_revisit_updates_the_visit(qtbot, demo_round, main_window):  # type: ignore[no-untyped-def]
    page = _page(qtbot, main_window)
    table = page.entry.table
    seen = [(table.currentRow(), table.currentColumn())]
    for _ in range(len(ENTRY_COLUMNS)):
        _key(qtbot, Qt.Key.Key_Tab)
        seen.append((table.currentRow(), table.currentColumn()))
    assert seen == [(0, c) for c in range(FIRST_ENTRY, REASONS)] + [(1, FIRST_ENTRY)]
    _key(qtbot, Qt.Key.Key_Backtab)
    assert (table.currentRow(), table.currentColumn()) == (0, REASONS - 1)

    first = _current_household(page)
    _key(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # 无人在家待复查
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert coverage(demo_round).total.waiting == 1 and _current_household(page) != first
    _key(qtbot, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)  # back to it: the revisit
    assert _current_household(page) == first
    assert page.entry.outcome.currentData() == VisitOutcome.NOBODY_HOME.value
    _key(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # 已排查 now
    _key(qtbot, Qt.Key.Key_F2)
    visits = list(Visit.select().where(Visit.round == demo_round))
    assert [(v.household_id, v.outcome) for v in visits] == [(first, VisitOutcome.SCREENED.value)]
    total = coverage(demo_round).total
    assert (total.visited, total.waiting, total.screened) == (1, 0, len(due_members(first)))
