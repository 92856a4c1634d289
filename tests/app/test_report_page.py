"""上报 on screen: the day's figures as the workbook has them, the records behind a figure listed with ID
numbers masked, 零报告 said on a quiet day and exported in one action."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from PyQt6.QtWidgets import QFileDialog

from app.editors.dialog_parts import fit_screen_size
from app.reports.page import FIXED, ReportPage
from db import quarantine_actions as qa
from db.models.quarantine import EventKind
from db.reports.figures import compute
from forms.reports.daily_export import REPORT_SHEET
from forms.reports.definitions import daily
from tests.app.test_screen_tour import clerk_problems
from tests.conftest import HANG_GUARD_MS, close_next_message_box, save_screenshot
from tests.data.report_ledger import IDS, at, open_case, people

DEC_1, DEC_2 = date(2026, 12, 1), date(2026, 12, 2)


def test_the_report_page_shows_the_figures_and_what_is_behind_them(  # type: ignore[no-untyped-def]
    qtbot, db_path: Path, tmp_path: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch, on_modal
) -> None:
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(3)
        first = open_case(folk[0], DEC_1)
        open_case(folk[1], DEC_1)
    with at(datetime(2026, 12, 2, 9, 0), monkeypatch):
        qa.change_status(first, EventKind.RELEASED, DEC_2, "解除")
    page = ReportPage(today=lambda: DEC_2)
    qtbot.addWidget(page)
    fit_screen_size(page, 1100, 640)
    page.show()
    qtbot.waitExposed(page)
    figures = compute(daily(), DEC_2)
    shown = [
        [page.table.item(r, c).text() for c in range(page.table.columnCount())] for r in range(page.table.rowCount())
    ]
    assert [row[1] for row in shown] == [row.label for row in figures.rows]
    home = next(r for r, row in enumerate(figures.rows) if row.label == "居家隔离医学观察")
    assert shown[home][FIXED:] == ["0", "1", "1", "2"]
    assert page.export_button.text().startswith("导出日报表")

    page.table.setCurrentCell(home, FIXED + 2)  # 现有: who is still observed
    behind = [
        [page.behind.item(r, c).text() for c in range(page.behind.columnCount())] for r in range(page.behind.rowCount())
    ]
    assert [row[1] for row in behind] == ["村民2"]
    id_column = [page.behind.horizontalHeaderItem(c).text() for c in range(page.behind.columnCount())].index("身份证号")
    assert (
        behind[0][id_column] != IDS[1] and behind[0][id_column].startswith(IDS[1][:4]) and "*" in behind[0][id_column]
    )
    assert "现有：1 条" in page.behind_title.text()
    assert clerk_problems(page) == []
    save_screenshot(page, output_dir, "report_page")

    page.step(1)  # 12月3日: nothing happened
    assert page.day == date(2026, 12, 3)
    assert page.state.text().startswith("零报告") and page.export_button.text().startswith("导出零报告")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "零报告"), ""))
    messages: list[str] = []
    on_modal(lambda notice: notice.save())
    close_next_message_box(messages)
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(messages), timeout=HANG_GUARD_MS)
    assert messages[0].startswith("2026-12-03 的零报告已导出")
    sheet = load_workbook(tmp_path / "零报告.xlsx")[REPORT_SHEET]
    assert sheet["A1"].value == "东风村疫情防控工作日报表（零报告）"


def test_a_townships_definition_is_imported_kept_and_undone_from_the_page(  # type: ignore[no-untyped-def]
    qtbot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """报表定义 ▸ 导入…: the township's file decides the rows from then on (also after the page is opened again);
    a file with a mistake is refused with the reason and changes nothing; 恢复内置 brings the built-in back.
    The 审核人 box starts with the reviewer of 村庄设置."""
    import json

    from db.models import Village
    from forms.reports.definitions import to_data

    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        open_case(people(2)[0], DEC_1)
    Village.update(reviewer="周卫东").execute()  # as 村庄设置 keeps it
    data = to_data(daily())
    data["title"] = "红旗镇疫情防控工作日报表（试行）"
    data["categories"] = [c for c in data["categories"] if c["source"] == "cases"][:2]
    good = tmp_path / "乡镇下发.json"
    good.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    bad = tmp_path / "写错的.json"
    bad.write_text(json.dumps({**data, "categories": [{"label": "发热", "source": "体温"}]}), encoding="utf-8")

    def page_rows(page: ReportPage) -> list[str]:
        return [page.table.item(r, 1).text() for r in range(page.table.rowCount())]

    page = ReportPage(today=lambda: DEC_2)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.reviewer.text() == "周卫东"
    built_in = page_rows(page)
    assert built_in == [row.label for row in compute(daily(), DEC_2).rows]
    [import_action, _export_action, builtin_action] = page.definition_button.menu().actions()

    messages: list[str] = []
    for chosen in (bad, good):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, path=chosen: (str(path), ""))
        close_next_message_box(messages)
        import_action.trigger()
    assert messages[0].startswith("没有导入“写错的.json”") and "“体温”不认识" in messages[0]
    assert messages[1].startswith("已导入“红旗镇疫情防控工作日报表（试行）”（2 个统计项目）")
    wanted = [c["label"] for c in data["categories"]]
    assert page_rows(page) == wanted

    again = ReportPage(today=lambda: DEC_2)  # kept in the ledger, not only on this page
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert page_rows(again) == wanted

    builtin_action.trigger()
    assert page_rows(page) == built_in
