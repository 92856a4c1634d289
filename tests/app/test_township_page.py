"""乡镇汇总 on screen: a township's PC loads its villages' packages from a stick folder (every file accounted
for, a damaged one named with its reason), shows a row per village and 合计 and the coloured villages × days
grid, and writes the summary workbook; a village's PC never shows the page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.editors.dialog_parts import fit_screen_size
from app.main_window import MODULES
from app.township.page import STATE_COLOURS, TownshipPage
from db.connection import close_database
from db.models import Village
from db.models.village import TOWNSHIP_MODE
from db.queries.township import MISSING, REPORTED, ZERO, merged_lists
from db.rules.id_number import mask_id_number
from db.rules.phones import mask_phone
from tests.conftest import HANG_GUARD_MS, close_next_message_box, save_screenshot
from tests.data.report_ledger import IDS
from tests.db.test_township_import import DEC_2, PASSWORD, open_township, village_packages


def test_the_township_page_loads_packages_and_shows_who_reported(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "U盘"
    _a, a_figures = village_packages(tmp_path / "a.db", "东风村", "410122101201", 2, stick / "东风村", monkeypatch)
    village_packages(tmp_path / "b.db", "西河村", "410122101202", 0, stick / "西河村", monkeypatch)
    (stick / "坏的.zip").write_bytes(b"PK\x03\x04 not a whole zip")
    open_township(tmp_path / "town.db", monkeypatch, datetime(2026, 12, 3, 9, 0))
    try:
        page = TownshipPage(today=lambda: DEC_2)
        qtbot.addWidget(page)
        fit_screen_size(page, 1100, 640)
        page.show()
        qtbot.waitExposed(page)
        assert page.state.text().startswith("还没有导入")

        messages: list[str] = []
        close_next_message_box(messages)
        result = page.import_packages(stick, PASSWORD)
        qtbot.waitUntil(lambda: bool(messages), timeout=HANG_GUARD_MS)
        assert result is not None and len(result.outcomes) == 5
        assert messages[0].startswith("共 5 个数据包：已导入 4 个，未导入 1 个") and "坏的.zip：" in messages[0]

        names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
        assert names == ["东风村", "西河村", "合计"]
        states = [page.table.item(r, 1).text() for r in range(2)]
        assert states == [ZERO, ZERO]  # 12月2日: nothing new in either village
        headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
        home = headers.index("居家隔离医学观察\n现有")
        home_now = a_figures[DEC_2][("居家隔离医学观察", "居家隔离医学观察")]["current"]
        assert page.table.item(0, home).text() == page.table.item(2, home).text() == str(home_now)

        grid_days = [page.grid.horizontalHeaderItem(c).text() for c in range(page.grid.columnCount())]
        first, second = grid_days.index("12月1日"), grid_days.index("12月2日")
        cells = [[page.grid.item(r, c).text() for c in (0, first, second)] for r in range(2)]
        assert cells == [["东风村", REPORTED, ZERO], ["西河村", ZERO, ZERO]]
        assert page.grid.item(0, first).background().color().name() == STATE_COLOURS[REPORTED]
        assert page.grid.item(0, 1).text() == MISSING  # 11月26日: nothing came
        save_screenshot(page, output_dir, "township_page")

        # 合并名单: the day's lists with both villages' rows, a village column first, ID numbers masked.
        page.lower.setCurrentWidget(page.merged)
        picker = page.merged.picker
        picker.setCurrentIndex(picker.findData("居家隔离人员名单"))
        headers, rows = merged_lists(DEC_2)["居家隔离人员名单"]
        model = page.merged.table.model()
        assert model.rowCount() == len(rows) == 2 and model.columnCount() == len(headers)
        on_screen = [[model.index(r, c).data() for c in range(len(headers))] for r in range(len(rows))]
        assert [line[0] for line in on_screen] == ["东风村", "东风村"]
        ids = [line[headers.index("身份证号码")] for line in on_screen]
        assert ids == [mask_id_number(IDS[0]), mask_id_number(IDS[1])]
        phones = [line[headers.index("联系电话")] for line in on_screen]
        assert phones == [mask_phone("13812340000"), mask_phone("13812340001")]  # masked once, still readable
        assert picker.currentText() == "居家隔离人员名单（2 行）"
        save_screenshot(page, output_dir, "township_merged_lists")

        out = tmp_path / "汇总.xlsx"
        close_next_message_box(messages)
        assert page.export(out) == out
        sheet = load_workbook(out)["汇总"]
        assert [r[0] for r in sheet.iter_rows(min_row=4, values_only=True)] == ["东风村", "西河村", "合计"]
    finally:
        close_database()


def test_a_village_pc_has_no_township_page_until_its_mode_says_so(main_window, village) -> None:  # type: ignore[no-untyped-def]
    row = MODULES.index("乡镇汇总")
    assert main_window.nav.item(row).isHidden()
    Village.update(mode=TOWNSHIP_MODE).execute()
    main_window.apply_mode()
    assert not main_window.nav.item(row).isHidden() and main_window.pages.currentWidget() is main_window.township
