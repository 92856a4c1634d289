"""状态变更 offers only the moves that fit the case, and a release before the due day waits for a tick."""

from __future__ import annotations

from datetime import date, timedelta

from PyQt6.QtCore import QDate, Qt

from db import quarantine_actions as qa
from db.models import Case, CaseEvent, Policy
from db.models.quarantine import CaseKind, CaseStatus, EventKind
from tests.conftest import save_screenshot, type_text

#: A 14-day case started on 25 November: its last day is 8 December, it is due for release on 9 December.
START = date(2026, 11, 25)
DUE = date(2026, 12, 9)


def _open(person_id: int, kind: CaseKind, start: date = START) -> int:
    policy = Policy.get(Policy.name == "14天居家隔离医学观察")
    return qa.open_case(
        person_id,
        {
            "policy": policy.id,
            "start_date": start,
            "kind": kind.value,
            "site": "红旗镇隔离点" if kind == CaseKind.CENTRAL else "",
        },
    ).id


def _offered(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    return [dialog.kind.itemText(i) for i in range(dialog.kind.count())]


def test_a_central_case_is_not_offered_a_move_to_central(qtbot, main_window, village, on_modal, output_dir):  # type: ignore[no-untyped-def]
    central = _open(village["zhang"], CaseKind.CENTRAL, date.today())
    home = _open(village["qian"], CaseKind.HOME, date.today())
    ledger = main_window.ledger
    ledger.reload()
    seen: dict[int, list[str]] = {}
    for case_id in (central, home):
        row = [ledger.table.lines[r].id for r in range(ledger.table.rowCount())].index(case_id)
        ledger.table.setCurrentCell(row, 0)

        def look(dialog, case_id: int = case_id) -> None:  # type: ignore[no-untyped-def]
            seen[case_id] = _offered(dialog)
            save_screenshot(dialog, output_dir, f"h2-status-{'central' if case_id == central else 'home'}")
            dialog.reject()

        on_modal(look)
        ledger.change_status()
    assert "转集中隔离" not in seen[central] and "转居家" in seen[central]
    assert "转居家" not in seen[home] and "转集中隔离" in seen[home]
    for case_id, offered in seen.items():
        case = Case.get_by_id(case_id)
        assert offered == [m.value for m in qa.moves_for(case.kind, case.status)]


def test_a_missing_case_can_only_be_found(qtbot, main_window, village):  # type: ignore[no-untyped-def]
    from app.quarantine.status_dialog import StatusDialog

    case_id = _open(village["zhang"], CaseKind.HOME)
    qa.change_status(case_id, EventKind.MISSING, START + timedelta(days=2), "电话不通")
    dialog = StatusDialog(case_id, main_window, today=START + timedelta(days=3))
    qtbot.addWidget(dialog)
    assert _offered(dialog) == ["找回"] and dialog.save_button.text() == "登记找回"


def test_an_early_release_says_how_early_and_waits_for_the_tick(  # type: ignore[no-untyped-def]
    qtbot, main_window, village, on_modal, output_dir
):
    from app.quarantine.status_dialog import StatusDialog

    case_id = _open(village["zhang"], CaseKind.HOME)
    today = DUE - timedelta(days=7)
    assert Case.get_by_id(case_id).release_due == DUE
    seen: dict[str, object] = {}

    def release(dialog: StatusDialog) -> None:
        assert dialog.kind.currentText() == "解除"
        assert dialog.early.isVisibleTo(dialog) and dialog.early.text() == "比应解除日期（12月9日）提前 7 天"
        assert dialog.early_ok.isVisibleTo(dialog) and dialog.early_ok.text() == "确认提前 7 天解除"
        type_text(dialog.reason, "卫生院核酸阴性，提前解除")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # not yet: the button waits for the tick
        seen["after_enter"] = (
            dialog.isVisible(),
            dialog.save_button.isEnabled(),
            CaseEvent.select().where(CaseEvent.case == case_id).count(),
        )
        save_screenshot(dialog, output_dir, "h2-status-early")
        # On the due day there is nothing to confirm.
        dialog.on.setDate(QDate(DUE.year, DUE.month, DUE.day))
        seen["on_due_day"] = (dialog.early.isVisibleTo(dialog), dialog.save_button.isEnabled())
        dialog.on.setDate(QDate(today.year, today.month, today.day))
        assert not dialog.early_ok.isChecked()
        dialog.early_ok.setFocus()
        qtbot.keyClick(dialog.early_ok, Qt.Key.Key_Space)
        assert dialog.early_ok.isChecked() and dialog.save_button.isEnabled()
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    on_modal(release)
    result = StatusDialog(case_id, main_window, today=today).exec()
    assert seen["after_enter"] == (True, False, 1)  # still open, disabled, only the 开始 event
    assert seen["on_due_day"] == (False, True)
    assert result == StatusDialog.DialogCode.Accepted
    case = Case.get_by_id(case_id)
    assert (case.status, case.ended_on) == (CaseStatus.RELEASED.value, today)
    event = CaseEvent.select().where(CaseEvent.case == case_id).order_by(CaseEvent.id.desc()).first()
    assert (event.kind, event.on, event.reason) == ("解除", today, "卫生院核酸阴性，提前解除")
