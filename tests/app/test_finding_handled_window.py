"""无需管控… and 并入已有管控 by keyboard, on 首页's 入户排查异常 and on the screening page's 本轮异常情况, over the
demo village: a fever settled with a reason (refused first without one), a finding of a person under control
joined to the running case with Enter, and on the screening page a finding handled in the clerk's own words,
shown so, and opened again with 撤销处理."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication, QPushButton

from app import permissions
from app.editors.dialog_parts import fit_screen_size
from db import quarantine_actions as qa
from db import screening_actions, session
from db.models import Finding, Policy, Role
from db.queries.screening import abnormal_findings, due_members, gaps, running_cases
from tests.app.test_screening_page import _looks_right
from tests.conftest import HANG_GUARD_MS, SCREENING_DAY, open_module, save_screenshot, type_text

DAY = SCREENING_DAY + timedelta(days=1)
NOW = datetime.combine(DAY, time(9, 0))


def _two_findings(round_id: int) -> tuple[int, int, int]:
    """A fever for someone not under control and a cough for someone whose case runs (opened here when the
    demo has none): (fever finding, cough finding, the running case)."""
    running = running_cases()
    households = [g.household_id for g in gaps(round_id)]
    free = next((h, p) for h in households for p in due_members(h) if p not in running)
    taken = next((h, p) for h in households for p in due_members(h) if h != free[0])
    if taken[1] not in running:
        case = qa.open_case(taken[1], {"policy": Policy.select().first().id, "start_date": SCREENING_DAY})
        running[taken[1]] = case.id
    found = []
    for (household, person), given in ((free, {"temperature": 38.5}), (taken, {"symptoms": "咳嗽"})):
        visit = screening_actions.record_visit(
            round_id, household, SCREENING_DAY, "", "已排查", [{"person": person, **given}]
        )
        found.append(Finding.get((Finding.visit == visit.id) & (Finding.person == person)).id)
    return found[0], found[1], running[taken[1]]


def _row_of(lines, finding_id: int) -> int:  # type: ignore[no-untyped-def]
    return next(r for r, line in enumerate(lines) if line.finding_id == finding_id)


def _active(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Mnemonics reach the active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=HANG_GUARD_MS)


def test_home_settles_a_fever_without_a_case_and_joins_a_cough_to_the_running_case(
    qtbot, on_modal, demo_round: int, output_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    from app.quarantine.home_page import HomePage

    fever, cough, running = _two_findings(demo_round)
    page = HomePage()
    qtbot.addWidget(page)
    fit_screen_size(page, 1200, 640)
    page.show()
    qtbot.waitExposed(page)
    page.refresh(NOW)
    qtbot.mouseClick(page.tiles["screening_abnormal"], Qt.MouseButton.LeftButton)
    section = page.screening_alerts
    assert [line.finding_id for line in section.lines] == [a.finding_id for a in abnormal_findings(open_only=True)]
    assert {fever, cough} <= {line.finding_id for line in section.lines}

    section.table.setFocus()
    section.table.setCurrentCell(_row_of(section.lines, fever), 0)
    assert section.case_button.isEnabled() and section.handled_button.isEnabled()
    assert not section.link_button.isEnabled()  # not under control: no case to join
    name = section.current().name

    def settle(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.windowTitle() == f"无需管控：{name}"
        assert dialog.focusWidget() is dialog.reason  # the reason first
        assert dialog.findChild(QPushButton, "confirmHandled").isDefault()
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # nothing chosen yet: refused, the dialog stays
        assert dialog.isVisible() and dialog.error.text() == "未保存：请选择或填写无需管控的原因"
        assert dialog.focusWidget() is dialog.reason  # back where it is missing
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Down)  # the first reason of the list
        assert dialog.reason.currentText() == "复测体温正常"
        assert dialog.error.text() == ""  # the refusal is gone with its cause
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.note
        type_text(dialog.note, "上午复测36.6℃")
        save_screenshot(dialog, output_dir, "finding-handled-dialog")
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # the default button: 确定无需管控

    _active(qtbot, page)
    on_modal(settle)
    with qtbot.waitSignal(section.finding_handled, timeout=HANG_GUARD_MS):  # a mnemonic clicks on a timer
        qtbot.keyClick(section.table, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # 无需管控(&W)…
    stored = Finding.get_by_id(fever)
    assert (stored.handled_on, stored.handled_by, stored.handled_reason, stored.handled_note) == (
        DAY,
        "李文书",
        "复测体温正常",
        "上午复测36.6℃",
    )
    assert fever not in {line.finding_id for line in section.lines}  # it left the list
    assert section.message.text() == f"{name}：已标为无需管控（复测体温正常），可在入户排查页撤销"
    assert page.tiles["screening_abnormal"].count == len(abnormal_findings(open_only=True))
    qtbot.waitUntil(lambda: f"（{len(section.lines)}）" in page.list_title.text(), timeout=HANG_GUARD_MS)
    save_screenshot(page, output_dir, "finding-handled-home")

    page.refresh(NOW)  # 首页's day, as a new day's refresh gives it
    section.table.setFocus()
    section.table.setCurrentCell(_row_of(section.lines, cough), 0)
    assert section.link_button.isEnabled() and not section.case_button.isEnabled()  # offered by itself
    qtbot.keyClick(section.table, Qt.Key.Key_Return)  # Enter: 并入已有管控, no dialog
    joined = Finding.get_by_id(cough)
    assert (joined.__data__["case"], joined.handled_reason, joined.handled_on) == (running, "并入已有管控", DAY)
    assert cough not in {line.finding_id for line in section.lines}
    assert section.message.text().startswith(f"{joined.person.name}：已并入在管的管控（")
    qtbot.waitUntil(lambda: f"（{len(section.lines)}）" in page.list_title.text(), timeout=HANG_GUARD_MS)
    save_screenshot(page, output_dir, "finding-handled-home-joined")


def test_a_read_only_operator_sees_no_handling_buttons(qtbot, demo_round: int) -> None:  # type: ignore[no-untyped-def]
    from app.quarantine.screening_alerts import ScreeningAlerts
    from app.screening.findings_table import FindingsPanel

    session.begin(session.Session("只读员", Role.READONLY))
    for widget, names in (
        (ScreeningAlerts(), ("screeningLinkCase", "screeningHandled")),
        (FindingsPanel(), ("findingHandled",)),
    ):
        qtbot.addWidget(widget)
        permissions.apply(widget)
        assert [widget.findChild(QPushButton, n).isVisibleTo(widget) for n in names] == [False] * len(names)


def test_the_screening_page_shows_how_a_finding_was_handled_and_reopens_it(
    qtbot, on_modal, demo_round: int, main_window, output_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    fever, cough, _running = _two_findings(demo_round)
    page = open_module(qtbot, main_window, "入户排查")
    page.today = lambda: DAY
    page.reload()
    _active(qtbot, main_window)
    findings = page.findings
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is findings.table
    while findings.current().finding_id != fever:  # down the list by keyboard to the fever
        qtbot.keyClick(findings.table, Qt.Key.Key_Down)
    row = findings.table.currentRow()
    assert findings.table.item(row, 5).text() == "未登记"
    assert (findings.case_button.text(), findings.handled_button.text()) == ("登记管控 Enter", "无需管控(&W)…")
    findings.table.setCurrentCell(_row_of(findings.lines, cough), 0)
    assert findings.table.item(findings.table.currentRow(), 5).text() == "已在管控"  # to be joined
    assert findings.case_button.text() == "并入已有管控 Enter"  # Enter joins it
    findings.table.setCurrentCell(row, 0)

    def own_words(dialog) -> None:  # type: ignore[no-untyped-def]
        type_text(dialog.reason.lineEdit(), "体温计故障，换表复测正常")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    on_modal(own_words)
    with qtbot.waitSignal(findings.handled, timeout=HANG_GUARD_MS):
        qtbot.keyClick(findings.table, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    stored = Finding.get_by_id(fever)
    assert (stored.handled_reason, stored.handled_on) == ("体温计故障，换表复测正常", DAY)
    row = _row_of(findings.lines, fever)  # still listed in the round, now settled
    assert findings.table.item(row, 5).text() == "无需管控"
    assert findings.table.item(row, 5).toolTip() == "无需管控：体温计故障，换表复测正常（11月21日 李文书）"
    open_count = sum(1 for line in abnormal_findings(demo_round) if line.is_open)
    assert findings.title.text() == f"本轮异常情况：{len(findings.lines)} 人（未处理 {open_count} 人）"
    findings.table.setCurrentCell(row, 0)
    assert findings.handled_button.text() == "撤销处理(&U)" and not findings.case_button.isEnabled()
    save_screenshot(main_window, output_dir, "finding-handled-screening-page")
    _looks_right(main_window, findings.table)

    _active(qtbot, main_window)
    with qtbot.waitSignal(findings.handled, timeout=HANG_GUARD_MS):
        qtbot.keyClick(findings.table, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # 撤销处理(&U)
    assert Finding.get_by_id(fever).handled_on is None
    assert findings.table.item(_row_of(findings.lines, fever), 5).text() == "未登记"
    assert findings.message.text().endswith("已撤销“体温计故障，换表复测正常”，重新列为待处理")
