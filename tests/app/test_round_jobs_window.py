"""The screening page's 纸质表和文件 and 核查名单's 导出反馈表 from the window: the same files as the headless
commands, written off the UI thread, each ending with a message naming the file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pypdf
from openpyxl import load_workbook

from PyQt6.QtGui import QAction, QDesktopServices
from PyQt6.QtWidgets import QFileDialog, QInputDialog

from app.screening import round_jobs
from db import screening_actions
from db.imports.pushed import PlannedItem, PushedPlan, apply_pushed_plan
from db.queries.screening import coverage
from tests.app.test_screening_page import TODAY, _page
from tests.conftest import close_next_message_box, open_module


def _save_as(monkeypatch, target: Path, asked: list[str]) -> None:  # type: ignore[no-untyped-def]
    def save_as(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        asked.append(Path(start).name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)


def test_the_field_sheet_of_a_chosen_grid_is_saved_and_opened(  # type: ignore[no-untyped-def]
    qtbot, demo_round, main_window, monkeypatch, tmp_path: Path
):
    page = _page(qtbot, main_window)
    grids = [line.grid for line in coverage(demo_round).grids]
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *_a: (items[1], True))
    asked: list[str] = []
    _save_as(monkeypatch, tmp_path / "sheet.pdf", asked)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    messages: list[str] = []
    close_next_message_box(messages)
    page.jobs_button.menu().actions()[0].trigger()  # 打印入户排查表（填写用）…
    assert asked == [f"入户排查表-第二轮拉网排查-{grids[1]}.pdf"]
    assert opened == [str(tmp_path / "sheet.pdf")]
    text = "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "sheet.pdf").pages)
    assert grids[1] in text and "第二轮拉网排查" in text
    assert len(messages) == 1 and messages[0].startswith(f"{grids[1]}的入户排查表（") and "sheet.pdf" in messages[0]


def test_the_register_is_exported_from_the_page(  # type: ignore[no-untyped-def]
    qtbot, demo_round, main_window, on_modal, monkeypatch, tmp_path: Path
):
    page = _page(qtbot, main_window)
    first = page.households[0]
    screening_actions.mark_all_normal(demo_round, first.household_id, TODAY)
    asked: list[str] = []
    _save_as(monkeypatch, tmp_path / "登记表.xlsx", asked)
    on_modal(lambda notice: notice.save())  # the personal-data notice, then the file
    messages: list[str] = []
    close_next_message_box(messages)
    page.jobs_button.menu().actions()[3].trigger()  # 导出入户排查登记表…
    assert asked and asked[0].endswith(f"入户排查登记表_第二轮拉网排查_{TODAY:%Y%m%d}.xlsx")
    sheet = load_workbook(tmp_path / "登记表.xlsx")["入户排查登记表"]
    names = {c.value for row in sheet.iter_rows() for c in row}
    assert first.head_name in names
    assert messages and messages[0].startswith("第二轮拉网排查的入户排查登记表已导出 ")
    assert round_jobs.JOBS[3][1] == page.jobs_button.menu().actions()[3].text()


def test_the_feedback_of_a_batch_is_exported_from_the_pushed_page(  # type: ignore[no-untyped-def]
    qtbot, demo_round, main_window, on_modal, monkeypatch, tmp_path: Path
):
    plan = PushedPlan(
        source="大数据比对",
        batch_no="第5批",
        file_sha256="b" * 64,
        sheet_name="Sheet1",
        header_lines=[["大数据比对核查名单"]],
        columns=["姓名", "电话号码"],
        mapping={0: "name", 1: "phone"},
        items=[PlannedItem(3, ["赵无名", "13900002222"], "赵无名", phone="13900002222")],
        rows_read=2,
        sheets=["Sheet1"],
    )
    batch_id = apply_pushed_plan(plan, datetime(2026, 11, 20, 9, 0), 24).batch_id
    page = open_module(qtbot, main_window, "核查名单")
    page.reload()
    asked: list[str] = []
    _save_as(monkeypatch, tmp_path / "反馈.xlsx", asked)
    on_modal(lambda notice: notice.save())
    messages: list[str] = []
    close_next_message_box(messages)
    page.export_feedback_requested.emit(batch_id)
    rows = list(load_workbook(tmp_path / "反馈.xlsx").active.iter_rows(values_only=True))
    assert rows[0][0] == "大数据比对核查名单"
    assert any(row[:2] == ("赵无名", "13900002222") for row in rows)
    assert messages == [f"核查反馈表已导出 1 人到：\n{tmp_path / '反馈.xlsx'}"]


def test_a_pushed_name_is_screened_at_its_household(qtbot, demo_round, main_window):  # type: ignore[no-untyped-def]
    screening = _page(qtbot, main_window)
    wanted = screening.households[5]
    pushed = open_module(qtbot, main_window, "核查名单")
    pushed.open_household_in_screening.emit(wanted.household_id)
    assert main_window.pages.currentWidget() is screening
    assert screening.households[screening.household_list.currentRow()].household_id == wanted.household_id
    outside = max(h.household_id for h in screening.households) + 1000  # a household the round does not cover
    pushed.open_household_in_screening.emit(outside)  # said on the page, no dialog to stop the clerk
    assert "不包括此户" in screening.entry.message.text()


def test_the_deadline_for_lists_without_one_is_a_setting(qtbot, demo_round, main_window, monkeypatch):  # type: ignore[no-untyped-def]
    from db.settings_values import pushed_deadline_hours

    asked: list[int] = []

    def get_int(_parent, _title, _label, current, low, high):  # type: ignore[no-untyped-def]
        asked.extend((current, low, high))
        return 48, True

    monkeypatch.setattr(QInputDialog, "getInt", get_int)
    main_window.findChild(QAction, "action_pushed_deadline").trigger()
    assert asked == [24, 1, 720] and pushed_deadline_hours() == 48
