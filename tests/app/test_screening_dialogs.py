"""The screening round's supporting screens, driven offscreen on a real database: key areas and the days
setting (a finding judged again), a new round, closing a round with gaps (the list, its print, the clerk's
word), and 首页's 入户排查异常 opening a case from a finding in one action."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QDialog, QLineEdit, QPushButton

from app import permissions
from app.editors.dialog_parts import fit_screen_size
from db import screening_actions, session
from db.models import AuditEntry, Case, Finding, KeyArea, Person, RoundGrid, ScreeningRound
from db.models.operator import Role
from db.models.screening import VisitOutcome
from db.queries import screening as screening_queries
from db.session import Session
from db.settings_values import key_area_days
from tests.conftest import HANG_GUARD_MS, save_screenshot, type_text

VISIT = date(2020, 2, 10)


def _key_area_dialog(qtbot):  # type: ignore[no-untyped-def]
    from app.screening.key_area_dialog import KeyAreaDialog

    dialog = KeyAreaDialog(today=VISIT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _returned_from_zhongmu(village: dict[str, int]) -> int:
    """张三丰 came back from 中牟县 ten days before the visit: abnormal under 14 days, not under 7."""
    r = screening_actions.new_round("第一轮拉网排查", date(2020, 2, 1), date(2020, 2, 20))
    given = {"person": village["zhang"], "area_code": "410122", "returned_on": date(2020, 1, 31)}
    screening_actions.record_visit(r.id, village["h1"], VISIT, "", VisitOutcome.SCREENED.value, [given])
    return r.id


def test_a_key_area_is_added_by_keyboard_and_the_days_judge_the_finding(
    qtbot, village: dict[str, int], output_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    round_id = _returned_from_zhongmu(village)
    assert screening_queries.abnormal_findings(round_id) == []  # 中牟 is not a key area yet
    dialog = _key_area_dialog(qtbot)
    type_text(dialog.region, "中牟")
    popup = dialog.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=HANG_GUARD_MS)
    shown = [dialog.completer.completionModel().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["河南省 郑州市中牟县（410122）"]
    save_screenshot(dialog, output_dir, "screening-key-areas-completion")
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.region.text() == "河南省 郑州市中牟县（410122）" and not popup.isVisible()
    qtbot.keyClick(dialog.region, Qt.Key.Key_Return)
    (area,) = KeyArea.select()
    assert (area.region_code, area.name, area.counts_from, area.until) == ("410122", "郑州市中牟县", VISIT, None)
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(5)] == ["郑州市中牟县", "县", "410122", "2020-02-10", ""]
    assert "已添加重点地区：郑州市中牟县" in dialog.status.text() and dialog.region.text() == ""
    (line,) = screening_queries.abnormal_findings(round_id)
    assert line.reasons == ("14天内来自重点地区（郑州市中牟县）",)

    dialog.days.setFocus()
    dialog.days.selectAll()
    qtbot.keyClicks(dialog.days, "7")
    qtbot.keyClick(dialog.days, Qt.Key.Key_Return)
    assert key_area_days() == 7 and "按走访日前 7 天内计算" in dialog.status.text()
    assert screening_queries.abnormal_findings(round_id) == []  # ten days ago is not within 7
    save_screenshot(dialog, output_dir, "screening-key-areas")

    dialog.table.selectRow(0)
    dialog.until.setDate(date(2020, 2, 12))
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    assert KeyArea.get_by_id(area.id).until == date(2020, 2, 12)
    assert dialog.table.item(0, 4).text() == "2020-02-12" and not dialog.end_button.isEnabled()


def test_a_name_several_regions_have_asks_which(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _key_area_dialog(qtbot)
    dialog.region.setText("朝阳区")
    dialog.add()
    assert "请从下拉列表中选择一个" in dialog.status.text() and KeyArea.select().count() == 0
    dialog.region.setText("北京市朝阳区")
    dialog.add()
    assert [a.region_code for a in KeyArea.select()] == ["110105"]
    dialog.region.setText("110103")  # 崇文区 (merged in 2010): not offered, still taken when typed
    dialog.add()
    assert [a.name for a in KeyArea.select().order_by(KeyArea.id)] == ["北京市朝阳区", "北京市崇文区"]
    dialog.region.setText("火星")
    dialog.add()
    assert "行政区划表中没有“火星”" in dialog.status.text()


def test_without_the_settings_permission_the_list_is_only_shown(
    qtbot, village: dict[str, int], output_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    screening_actions.save_key_area({"region_code": "420100", "counts_from": date(2020, 1, 23)})
    session.begin(Session("王录入", Role.ENTRY))
    dialog = _key_area_dialog(qtbot)
    refused = dialog.findChild(type(dialog.status), "keyAreaRefused")
    assert refused is not None and "录入员“王录入”没有“修改设置”的权限" in refused.text()
    assert not dialog.region.isEnabled() and not dialog.days.isEnabled()
    assert not dialog.add_button.isEnabled() and not dialog.save_days.isEnabled()
    permissions.apply(dialog)  # as the window's filter does for every dialog shown
    assert not dialog.findChild(QPushButton, "addKeyArea").isVisible()
    assert dialog.table.rowCount() == 1
    dialog.region.setText("河南省")
    dialog.add()  # had it been reached anyway: the save path says no, in Chinese
    assert "没有“修改设置”的权限" in dialog.status.text() and KeyArea.select().count() == 1
    save_screenshot(dialog, output_dir, "screening-key-areas-refused")


def test_a_round_is_created_through_the_dialog(qtbot, village: dict[str, int], output_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from app.screening.round_dialog import RoundDialog

    screening_actions.new_round("第一轮拉网排查", date(2020, 2, 1), date(2020, 2, 7))
    dialog = RoundDialog(today=VISIT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.name.text() == "第二轮拉网排查" and dialog.focusWidget() is dialog.name
    assert dialog.scope.text() == "全部 2 个网格"
    table = dialog.grids
    table.setFocus()
    table.setCurrentCell(1, dialog.GRID)
    qtbot.keyClick(table, Qt.Key.Key_Space)  # 二组 off
    assert dialog.scope.text() == "已选 1 / 2 个网格"
    table.setCurrentCell(0, dialog.WORKER)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = dialog.focusWidget()  # the cell's editor, which F2 opened
    assert isinstance(editor, QLineEdit) and editor.text() == "王网格"
    editor.selectAll()
    type_text(editor, "赵网格")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(0, dialog.WORKER).text() == "赵网格", timeout=HANG_GUARD_MS)  # a queued commit
    save_screenshot(dialog, output_dir, "screening-new-round")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter: 新建
    assert dialog.result() == QDialog.DialogCode.Accepted
    made = ScreeningRound.get_by_id(dialog.round_id)
    assert (made.name, made.starts_on, made.ends_on) == ("第二轮拉网排查", VISIT, date(2020, 2, 16))
    grids = [(g.grid_id, g.worker) for g in RoundGrid.select().where(RoundGrid.round == made.id)]
    assert grids == [(village["grid_one"], "赵网格")]


def test_a_round_with_no_grid_ticked_is_not_made(qtbot, village: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    from app.screening.round_dialog import RoundDialog

    dialog = RoundDialog(today=VISIT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.findChild(QPushButton, "tickNoGrids"), Qt.MouseButton.LeftButton)
    dialog.try_save()
    assert dialog.banner.text() == "请至少勾选一个网格。" and ScreeningRound.select().count() == 0
    qtbot.mouseClick(dialog.findChild(QPushButton, "tickAllGrids"), Qt.MouseButton.LeftButton)
    dialog.ends.setDate(date(2020, 2, 1))
    dialog.try_save()
    assert dialog.banner.text() == "结束日期早于开始日期" and ScreeningRound.select().count() == 0


def test_closing_a_round_with_gaps_lists_them_prints_them_and_asks(
    qtbot, on_modal, village: dict[str, int], tmp_path: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from app.screening.round_dialog import CloseRoundDialog, close_round_asking

    r = screening_actions.new_round("第二轮拉网排查", date(2020, 2, 1), date(2020, 2, 20))
    screening_actions.record_visit(r.id, village["h2"], date(2020, 2, 5), "", VisitOutcome.NOBODY_HOME.value)
    expected = screening_queries.gaps(r.id)
    assert len(expected) == 2  # 张三丰 not visited, 钱𠮷祥 nobody at home
    opened: list[str] = []
    monkeypatch.setattr(
        CloseRoundDialog, "open_file", staticmethod(lambda url: opened.append(url.toLocalFile()) or True)
    )
    pdf = tmp_path / "清单.pdf"

    def keep_round(dialog) -> None:  # type: ignore[no-untyped-def]
        rows = [[dialog.table.item(r, c).text() for c in range(6)] for r in range(dialog.table.rowCount())]
        assert rows == [
            ["一组", "01-0001", "张三丰", "12号", "未走访", "王网格"],
            ["二组", "02-0001", "钱𠮷祥", "3号", "无人在家待复查（2月5日）", ""],
        ]
        assert "还有 <b>2</b> 户没有排查完" in dialog.findChild(type(dialog.message), "gapSummary").text()
        assert dialog.print_list(str(pdf)) == pdf
        assert "已生成清单（2 户）" in dialog.message.text()
        save_screenshot(dialog, output_dir, "screening-close-round-gaps")
        assert dialog.findChild(QPushButton, "keepRound").isDefault()
        assert not dialog.findChild(QPushButton, "acceptGaps").isDefault()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter: 取消, the default

    on_modal(keep_round)
    assert close_round_asking(None, r.id, r.name, date(2020, 2, 20)) is False
    assert ScreeningRound.get_by_id(r.id).status == "进行中"
    assert opened == [str(pdf)]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "未完成排查户清单" in text and "张三丰" in text and "钱𠮷祥" in text
    assert AuditEntry.select().where(AuditEntry.action == "print").count() == 1

    def end_anyway(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.mouseClick(dialog.findChild(QPushButton, "acceptGaps"), Qt.MouseButton.LeftButton)

    on_modal(end_anyway)
    assert close_round_asking(None, r.id, r.name, date(2020, 2, 20)) is True
    closed = ScreeningRound.get_by_id(r.id)
    assert (closed.status, closed.closed_on) == ("已结束", date(2020, 2, 20))
    assert closed.closing_note.splitlines()[1:] == [g.line() for g in expected]


def test_home_shows_an_abnormal_finding_and_opens_its_case(
    qtbot, on_modal, village: dict[str, int], output_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    from app.quarantine.home_page import HomePage

    r = screening_actions.new_round("第二轮拉网排查", date(2020, 2, 1), date(2020, 2, 20))
    fever = {"person": village["qian"], "temperature": 38.2, "symptoms": "咳嗽"}
    screening_actions.record_visit(r.id, village["h2"], VISIT, "", VisitOutcome.SCREENED.value, [fever])
    screening_actions.mark_all_normal(r.id, village["h1"], VISIT)
    page = HomePage()
    qtbot.addWidget(page)
    fit_screen_size(page, 1200, 640)  # as the window gives it room
    page.show()
    qtbot.waitExposed(page)
    page.refresh(datetime(2020, 2, 10, 9, 0))
    section = page.screening_alerts
    tile = page.tiles["screening_abnormal"]
    assert (tile.count, tile.property("warn")) == (1, True)  # it stands out among the day's figures
    assert not section.isVisible()
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert section.isVisible() and section.table.rowCount() == 1
    cells = [section.table.item(0, c).text() for c in range(6)]
    assert cells == ["钱𠮷祥", "二组3号", "2月10日", "第二轮拉网排查", "发热 38.2℃；咳嗽", "无"]
    assert page.list_title.text().startswith("入户排查异常（1）")
    save_screenshot(page, output_dir, "home-screening-alerts")

    def choose_policy(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.windowTitle() == "登记管控：钱𠮷祥"
        index = dialog.policy.findText("14天居家隔离医学观察")
        assert index >= 0
        dialog.policy.setCurrentIndex(index)
        save_screenshot(dialog, output_dir, "home-screening-open-case")
        qtbot.mouseClick(dialog.findChild(QPushButton, "confirmButton"), Qt.MouseButton.LeftButton)

    on_modal(choose_policy)
    section.table.setFocus()
    qtbot.keyClick(section.table, Qt.Key.Key_Return)
    finding = Finding.get(Finding.person == village["qian"])
    case = Case.get_by_id(finding.__data__["case"])
    assert (case.person_id, case.source, case.start_date, case.status) == (village["qian"], "入户排查", VISIT, "在管")
    assert case.policy.name == "14天居家隔离医学观察"
    assert section.table.rowCount() == 0 and tile.count == 0  # it left the list
    assert tile.property("warn") is False
    assert screening_queries.abnormal_findings(open_only=True) == []
    assert [a.case_id for a in screening_queries.abnormal_findings()] == [case.id]  # still abnormal, now linked
    assert Person.get_by_id(village["qian"]).name == "钱𠮷祥"


def test_the_window_opens_both_from_its_menu_and_the_screening_page(qtbot, on_modal, village, main_window) -> None:  # type: ignore[no-untyped-def]
    from PyQt6.QtGui import QAction

    from app.screening.key_area_dialog import KeyAreaDialog
    from app.screening.round_dialog import RoundDialog

    seen: list[str] = []

    def key_areas(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, KeyAreaDialog)
        seen.append(dialog.windowTitle())
        dialog.accept()

    on_modal(key_areas)
    action = main_window.findChild(QAction, "action_key_areas")
    assert action.text() == "重点地区…" and action.isVisible()
    action.trigger()
    assert seen == ["重点地区"]

    def new_round(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, RoundDialog)
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    on_modal(new_round)
    qtbot.mouseClick(main_window.screening.new_round_button, Qt.MouseButton.LeftButton)
    (made,) = ScreeningRound.select()
    assert made.name == "第一轮拉网排查"
    assert main_window.screening.round_combo.currentText().startswith("第一轮拉网排查")
