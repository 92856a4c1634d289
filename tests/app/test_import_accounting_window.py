"""The import dialog on a village's own workbook: the clerk sees every row accounted for, saves the report,
and the roster holds everyone."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

from PyQt6.QtWidgets import QFileDialog

from db.models import Grid, Household, Person
from tests.conftest import HANG_GUARD_MS, save_screenshot, wait_for_task
from tests.data import village_workbooks as vw


def test_the_clerk_sees_every_row_accounted_for(qtbot, main_window, monkeypatch, on_modal, tmp_path: Path, output_dir):  # type: ignore[no-untyped-def]
    from app.roster.import_dialog import ImportDialog

    book = vw.measured_roster(vw.MEASURED_PER_GROUP_SHEETS)  # sheets per group, header copies, merged cells
    path = book.write(tmp_path)
    dialog = ImportDialog(path, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
    save_screenshot(dialog, output_dir, "import_dialog_accounting")

    text = dialog.summary.text()
    rows_read = len(book.rows)  # every non-blank row the generator wrote, each with its truth
    people = len(book.people)
    skipped = sum(1 for r in book.rows if r.outcome == "skipped")
    assert f"共读取 {rows_read} 行（不含空行）：新建 {people}、" in text
    parts = re.search(r"：(.*?)。", text)
    assert parts is not None
    assert sum(int(n) for n in re.findall(r"(?:新建|合并|更新|已登记|未导入|跳过) (\d+)", parts.group(1))) == rows_read
    assert f"跳过 {skipped}" in text and "户的识别：按户号" in text
    assert [dialog.tabs.tabText(i).split("（")[0] for i in range(dialog.tabs.count())] == [s.name for s in book.sheets]

    report = tmp_path / "结果.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    dialog.save_report_button.click()
    summary = dict(load_workbook(report)["汇总"].iter_rows(min_row=2, values_only=True))
    assert (
        summary["共读取（不含空行）"] == rows_read
        and summary["新建"] == people
        and summary["跳过（不是数据）"] == skipped
    )

    on_modal(lambda box: box.accept())  # the "导入完成" message
    dialog.import_button.click()
    wait_for_task(qtbot, dialog.task)
    assert dialog.result_summary
    assert Person.select().count() == people
    assert Household.select().count() == len(book.taken_households)
    assert Grid.select().count() == len(book.groups)
