"""The screening import in the shared import dialog: the clerk sees the columns, every row's fate (the refused
one in red with its reason), imports, and the round holds the visits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from db import screening_actions
from db.models import Finding, Visit
from tests.conftest import HANG_GUARD_MS, save_screenshot, wait_for_task


def test_the_clerk_imports_a_grid_workers_sheet(qtbot, village, on_modal, tmp_path: Path, output_dir):  # type: ignore[no-untyped-def]
    from app.screening.import_dialog import ScreeningImportDialog

    r = screening_actions.new_round("第二轮拉网排查", date(2026, 11, 1), date(2026, 11, 7))
    path = tmp_path / "一组排查.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["东风村一组入户排查登记表"])
    ws.append(
        ["序号", "姓名", "身份证号", "家庭住址", "体温", "其他症状", "来源地", "采取措施", "排查日期", "走访结果"]
    )
    ws.append([1, "张三丰", "11010519491231002X", "一组12号", "38.5℃", "咳嗽", "武汉", "居家观察", "2026-11-02", None])
    ws.append([2, "李秀英", None, "一组12号", "36.5", "正常", None, "无", "2026-11-02", None])
    ws.append([3, "钱𠮷祥", None, "二组3号", None, None, None, None, "2026-11-03", "不在家"])
    ws.append([4, "王五", None, "一组12号", "36.6", "无", None, None, "2026-11-02", None])
    wb.save(path)

    dialog = ScreeningImportDialog(path, r.id, today=date(2026, 11, 5))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
    save_screenshot(dialog, output_dir, "screening_import_dialog")
    text = dialog.summary.text()
    assert "共读取 6 行（不含空行）：新建 3、未导入 1、跳过 2" in text
    assert "新走访 2 户" in text
    refused = [dialog.problems.item(row, 4).text() for row in range(dialog.problems.rowCount())]
    assert any("花名册中没有此人" in reason for reason in refused)
    assert dialog.import_button.isEnabled()

    on_modal(lambda box: box.accept())  # the "导入完成" message
    dialog.import_button.click()
    wait_for_task(qtbot, dialog.task)
    assert dialog.result_summary.startswith("新走访 2 户")
    assert Visit.select().count() == 2 and Finding.select().count() == 2
