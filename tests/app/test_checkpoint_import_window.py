"""The checkpoint register import in the shared import dialog: the clerk picks the checkpoint and the day the
sheet lacks, sees the columns and every row's fate (the refused one in red with its reason), imports, and the
register holds the entries; the same file offered again is refused at the preview."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from PyQt6.QtCore import QDate

from db.checkpoint_actions import save_checkpoint
from db.models.checkpoint import GateEntry, Vehicle
from tests.app.english_check import english_words, visible_texts
from tests.conftest import HANG_GUARD_MS, save_screenshot, wait_for_task

DAY = date(2026, 12, 3)


def _sheet(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "登记"  # the file's own words are the clerk's: an English sheet name would be shown as it is
    ws.append(["卡点出入登记表"])
    ws.append(["卡点名称(位置)：________    日期：____年__月__日"])
    ws.append(["序号", "时间", "进出", "姓名", "体温(℃)", "出行方式", "车牌号码", "处理结果"])
    ws.append([1, "07:50", "☑进 □出", "孙悟", "36.2", "驾车", "鄂A12345", "☑放行 □劝返"])
    ws.append([2, "07:50", "☑进 □出", "孙小", "36.4", "驾车", "鄂A12345", "☑放行 □劝返"])
    ws.append([3, "08:10", "□进 ☑出", "周小", "39.9", "步行", "", ""])
    ws.append([4, "08:20", "☑进 □出", "错体温", "3.65", "步行", "", ""])
    ws.append([5, "", "□进 □出", "", "", "", "", "□放行 □劝返"])
    wb.save(path)
    return path


def test_the_clerk_imports_a_typed_paper_register(qtbot, village, on_modal, tmp_path: Path, output_dir):  # type: ignore[no-untyped-def]
    from app.checkpoint.import_dialog import CheckpointImportDialog

    save_checkpoint({"name": "村东卡点"})
    west = save_checkpoint({"name": "村西卡点"}).id
    path = _sheet(tmp_path / "纸质录入.xlsx")
    dialog = CheckpointImportDialog(path, west, today=date(2026, 12, 5))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.checkpoint.currentText() == "村西卡点"
    dialog.start()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
    assert {p.lead["at"].date() for p in dialog.plan.parties} == {date(2026, 12, 5)}  # the day offered: today
    dialog.day.setDate(QDate(DAY))
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
    save_screenshot(dialog, output_dir, "checkpoint_import_dialog")
    text = dialog.summary.text()
    assert "共读取 8 行（不含空行）：新建 3、未导入 1、跳过 4" in text
    assert "将登记到 村西卡点：3 人次（车辆 1 辆，需处置提示 1 人）" in text and "注意" not in text
    refused = {dialog.problems.item(row, 2).text(): dialog.problems.item(row, 4).text()
               for row in range(dialog.problems.rowCount())}  # fmt: skip
    assert "不在 34～43℃ 之间" in refused["错体温"]
    assert dialog.import_button.isEnabled()
    assert [(where, t) for where, t in visible_texts(dialog, cells=5) if english_words(t)] == []

    on_modal(lambda box: box.accept())  # the "导入完成" message
    dialog.import_button.click()
    wait_for_task(qtbot, dialog.task)
    assert dialog.result_summary.startswith("卡点登记 3 人次（车辆 1 辆")
    entries = list(GateEntry.select().order_by(GateEntry.at, GateEntry.id))
    assert [(e.name, e.direction, e.at.date(), e.checkpoint_id) for e in entries] == [
        ("孙悟", "进入", DAY, west),
        ("孙小", "进入", DAY, west),
        ("周小", "外出", DAY, west),
    ]
    assert entries[1].party_id == entries[0].id and Vehicle.select().count() == 1
    assert entries[2].outcome == "转发热门诊"  # no box ticked: a fever goes to the clinic

    again = CheckpointImportDialog(path, west, today=DAY)
    qtbot.addWidget(again)
    again.show()
    again.start()
    qtbot.waitUntil(lambda: "这个文件已于" in again.summary.text(), timeout=HANG_GUARD_MS)
    assert again.plan is None and not again.import_button.isEnabled()
