"""导出隔离人员名单 from the window: choose the list and the day, save, and the workbook is written off
the UI thread with a message at the end."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook

from PyQt6.QtCore import QDate
from PyQt6.QtWidgets import QFileDialog, QLabel

from app.quarantine.export_action import export_isolation_list
from db import quarantine_actions as qa
from db.models import Policy
from forms.excel.report_sheet import HEADER_ROW
from tests.conftest import close_next_message_box, save_screenshot


def test_export_the_central_list_of_a_chosen_day(  # type: ignore[no-untyped-def]
    qtbot, main_window, village, on_modal, monkeypatch, tmp_path: Path, output_dir
):
    today = date.today()
    policy = Policy.get(Policy.name == "7天集中隔离+7天居家健康监测")
    qa.open_case(village["qian"], {"policy": policy.id, "start_date": today - timedelta(days=1), "site": "县党校"})
    asked: list[str] = []

    def save_as(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        asked.append(Path(start).name)
        return str(tmp_path / "名单"), "Excel 工作簿 (*.xlsx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)

    def choose(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.day.date() == QDate.currentDate()  # today unless changed
        assert dialog.count.text() == "该日名单无人（仍会导出一张写有“（无）”的表）"  # 居家 first: nobody at home
        dialog.kind.setCurrentIndex(dialog.kind.findData("central"))
        assert dialog.count.text() == "该日名单共 1 人"
        dialog.day.setDate(QDate(today.year, today.month, today.day).addDays(-1))
        save_screenshot(dialog, output_dir, "isolation_list_export_dialog")
        on_modal(notice)
        dialog.accept()

    def notice(dialog) -> None:  # type: ignore[no-untyped-def]
        assert "完整的身份证号码" in dialog.findChild(QLabel, "personalNotice").text()  # said before writing
        save_screenshot(dialog, output_dir, "export_personal_data_notice")
        dialog.save()

    messages: list[str] = []
    on_modal(choose)
    close_next_message_box(messages)
    written = export_isolation_list(main_window)

    yesterday = today - timedelta(days=1)
    assert asked == [f"东风村集中隔离人员名单_{yesterday:%Y%m%d}.xlsx"]
    assert written == tmp_path / "名单.xlsx" and written.exists()
    assert messages == [f"集中隔离人员名单（{yesterday:%Y-%m-%d}）已导出 1 人到：\n{written}"]
    ws = load_workbook(written)["集中隔离人员名单"]
    assert ws.cell(HEADER_ROW + 1, 2).value == "钱𠮷祥" and ws.cell(HEADER_ROW + 1, 8).value == "县党校"
    assert f"填报日期：{yesterday.year}年{yesterday.month}月{yesterday.day}日" in ws["A2"].value


def test_cancelling_the_dialog_writes_nothing(qtbot, main_window, village, on_modal, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (_ for _ in ()).throw(AssertionError("asked")))
    on_modal(lambda dialog: dialog.reject())
    assert export_isolation_list(main_window) is None


def test_a_target_that_cannot_be_written_says_why(  # type: ignore[no-untyped-def]
    qtbot, main_window, village, on_modal, monkeypatch, tmp_path: Path
):
    locked = tmp_path / "占用.xlsx"
    locked.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(locked), ""))
    messages: list[str] = []

    def choose(dialog) -> None:  # type: ignore[no-untyped-def]
        on_modal(lambda notice: notice.save())
        dialog.accept()

    on_modal(choose)
    close_next_message_box(messages)
    assert export_isolation_list(main_window) is None
    assert len(messages) == 1 and "占用.xlsx" in messages[0]


def test_the_list_can_go_out_as_an_encrypted_package(  # type: ignore[no-untyped-def]
    qtbot, main_window, village, on_modal, monkeypatch, tmp_path: Path
):
    import io

    import pytest

    from PyQt6.QtWidgets import QLineEdit

    from db.errors import LedgerError
    from forms.excel.data_package import read_member

    qa.open_case(
        village["zhang"], {"policy": Policy.get(Policy.name == "14天居家隔离医学观察").id, "start_date": date.today()}
    )
    folder = tmp_path / "U盘"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _p, _t, start, kind: (str(folder / "名单"), kind))
    problems: list[str] = []

    def choose(dialog) -> None:  # type: ignore[no-untyped-def]
        on_modal(seal)
        dialog.accept()

    def seal(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.encrypt.setChecked(True)
        dialog.findChild(QLineEdit, "packagePassword").setText("dongfeng2026")
        dialog.findChild(QLineEdit, "packageAgain").setText("dongfeng2025")
        dialog.save()
        problems.append(dialog.banner.text())
        dialog.findChild(QLineEdit, "packageAgain").setText("dongfeng2026")
        dialog.save()

    messages: list[str] = []
    on_modal(choose)
    close_next_message_box(messages)
    written = export_isolation_list(main_window)
    assert problems == ["两次输入的加密密码不一样"]
    package = folder / "名单.zip"
    assert written == package and "已导出 1 人（已加密）" in messages[0]
    assert [p.name for p in folder.iterdir()] == ["名单.zip"]  # no plain workbook, no temporary file
    ws = load_workbook(io.BytesIO(read_member(package, "dongfeng2026")))["居家隔离人员名单"]
    assert ws.cell(HEADER_ROW + 1, 2).value == "张三丰"
    with pytest.raises(LedgerError, match="加密包密码不对"):
        read_member(package, "guess-it")
    assert b"11010519491231002X" not in package.read_bytes()  # sealed, not merely zipped
