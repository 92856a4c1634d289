"""添加随访 in a case's file: the follow-up is dated today unless the clerk writes it up later and picks the day
it was done (never a day ahead), and it is saved under that day."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from app.quarantine.case_file_dialog import CaseFileDialog
from db.models import FollowUp
from db.rules.chinese_dates import short_date
from tests.conftest import save_screenshot
from tests.data.report_ledger import at, open_case, people


def test_a_follow_up_written_up_the_next_morning_keeps_its_day(  # type: ignore[no-untyped-def]
    qtbot, db_path: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch, on_modal
) -> None:
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        case = open_case(people(1)[0], date(2026, 12, 1))
    file = CaseFileDialog(case)
    qtbot.addWidget(file)
    chosen: list[date] = []

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        today = dialog.day.maximumDate()
        assert dialog.day.date() == today  # today, and no day after it can be picked
        dialog.day.setDate(today.addDays(1))
        assert dialog.day.date() == today
        dialog.day.setDate(today.addDays(-1))  # yesterday's visit, written up this morning
        chosen.append(dialog.day.date().toPyDate())
        dialog.method.setCurrentText("上门")
        dialog.findings.setText("情绪稳定，无不适")
        save_screenshot(dialog, output_dir, "follow_up_dialog")
        dialog.accept()

    on_modal(fill)
    file.add_follow_up()

    [saved] = FollowUp.select()
    assert (saved.on, saved.method, saved.findings) == (chosen[0], "上门", "情绪稳定，无不适")
    shown = [file.follow_ups.item(0, c).text() for c in range(3)]
    assert shown == [short_date(chosen[0]), "上门", "情绪稳定，无不适"]  # the file lists it under its day
