"""隔离管控台账 and 首页 at 1366×768: the ledger's search box, its 隔离点 and 第几天 columns, rows marked in words
and colour, every column in view without sideways scrolling, and what an empty ledger offers first."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from PyQt6.QtCore import QObject, Qt, QUrl, pyqtSlot
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from db import quarantine_actions as qa
from db.models import Person, Policy
from db.models.quarantine import CaseKind, EventKind
from tests.conftest import open_module, save_screenshot, type_text

DAY = date(2026, 11, 20)  # the day the ledger is looked at (passed in, not the clock)
HOME_POLICY = "14天居家隔离医学观察"


def _open(person_id: int, start: date, **values: object) -> int:
    policy = Policy.get(Policy.name == HOME_POLICY)
    return qa.open_case(
        person_id,
        {
            "policy": policy.id,
            "start_date": start,
            "address": "一组12号",
            "reason": "密切接触者",
            "grid_worker": "王网格",
            **values,
        },
    ).id


@pytest.fixture
def four_cases(village: dict[str, int]) -> dict[str, int]:
    """张三丰 on day 3, 钱𠮷祥 due for release on DAY, 李秀英 central at a site and past her release day,
    阿依古丽 gone without leave."""
    li = Person.get(Person.name == "李秀英").id
    ayi = Person.get(Person.name == "阿依古丽·买买提").id
    cases = {
        "zhang": _open(village["zhang"], DAY - timedelta(days=2)),
        "qian": _open(village["qian"], DAY - timedelta(days=14)),
        "li": _open(li, DAY - timedelta(days=16), kind=CaseKind.CENTRAL.value, site="县党校", room="203"),
        "ayi": _open(ayi, DAY - timedelta(days=5)),
    }
    qa.change_status(cases["ayi"], EventKind.MISSING, DAY - timedelta(days=1), "电话不通，家中无人")
    return cases


def _column(table, header: str) -> list[str]:  # type: ignore[no-untyped-def]
    column = table.column_of(header)
    return [table.item(row, column).text() for row in range(table.rowCount())]


def _names(table) -> list[str]:  # type: ignore[no-untyped-def]
    return _column(table, "姓名")


def test_the_search_box_filters_the_ledger_as_it_is_typed(qtbot, main_window, four_cases, on_modal):  # type: ignore[no-untyped-def]
    from app.quarantine.case_file_dialog import CaseFileDialog

    ledger = open_module(qtbot, main_window, "隔离管控台账")
    assert ledger is main_window.ledger
    everyone = _names(ledger.table)
    assert sorted(everyone) == sorted(["张三丰", "钱𠮷祥", "李秀英", "阿依古丽·买买提"])
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # the window's 查找
    assert ledger.search.hasFocus()
    qtbot.keyClicks(ledger.search, "zsf")  # pinyin initials
    assert _names(ledger.table) == ["张三丰"] and ledger.count.text() == "共 1 人"
    for typed, found in (
        ("002X", ["张三丰"]),
        ("02-0001", ["钱𠮷祥", "阿依古丽·买买提"]),
        ("qjx", ["钱𠮷祥"]),
        ("李秀", ["李秀英"]),
    ):
        ledger.search.selectAll()
        type_text(ledger.search, typed)  # typing over the selection, as the clerk does (an IME's keys for 李秀)
        assert sorted(_names(ledger.table)) == sorted(found), typed
    # Enter goes on to the case found; Enter there opens its file.
    seen: list[int] = []
    on_modal(
        lambda dialog: (
            (seen.append(dialog.case_id), dialog.reject()) if isinstance(dialog, CaseFileDialog) else dialog.reject()
        )
    )
    qtbot.keyClick(ledger.search, Qt.Key.Key_Return)
    assert ledger.table.hasFocus() and ledger.table.current_id() == four_cases["li"]
    qtbot.keyClick(ledger.table, Qt.Key.Key_Return)
    assert seen == [four_cases["li"]]
    ledger.search.clear()
    assert sorted(_names(ledger.table)) == sorted(everyone)


def test_the_day_of_observation_and_the_marks_for_a_given_day(qtbot, four_cases, output_dir):  # type: ignore[no-untyped-def]
    from app.quarantine.case_table import MARK_COLOURS
    from app.quarantine.ledger_page import LedgerPage

    page = LedgerPage(today=lambda: DAY)
    qtbot.addWidget(page)
    page.reload()
    table = page.table
    rows = dict(zip(_names(table), range(table.rowCount()), strict=True))
    day = {name: table.item(row, table.column_of("第几天")).text() for name, row in rows.items()}
    status = {name: table.item(row, table.column_of("状态")).text() for name, row in rows.items()}
    site = {name: table.item(row, table.column_of("隔离点")).text() for name, row in rows.items()}
    # Day N counted for DAY: day 1 is the first day.
    assert day["张三丰"] == f"第{(DAY - (DAY - timedelta(days=2))).days + 1}/14天" == "第3/14天"
    assert day["阿依古丽·买买提"] == "第6/14天"
    assert day["钱𠮷祥"] == "满14天"  # its 14 days are over: due for release today
    assert status["钱𠮷祥"] == "在管·今日到期"
    assert status["李秀英"] == "在管·已超期"
    assert status["阿依古丽·买买提"] == "失联外出"
    assert status["张三丰"] == "在管"
    assert site["李秀英"] == "县党校 203房间" and site["张三丰"] == ""

    def background(name: str) -> str:
        return table.item(rows[name], 0).background().color().name()

    assert background("钱𠮷祥") == MARK_COLOURS["今日到期"]
    assert background("李秀英") == MARK_COLOURS["已超期"]
    assert background("阿依古丽·买买提") == MARK_COLOURS["失联"]
    assert background("张三丰") not in MARK_COLOURS.values()
    # The legend names every colour in words.
    legend = page.findChild(QObject, "markLegend")
    assert legend is not None and all(
        any(mark in label.text() for label in legend.children() if hasattr(label, "text")) for mark in MARK_COLOURS
    )
    # Another day, other figures: nothing is fixed to the clock.
    page.today = lambda: DAY - timedelta(days=1)
    page.reload()
    assert table.item(_names(table).index("钱𠮷祥"), table.column_of("状态")).text() == "在管"


def _fits(table) -> list[str]:  # type: ignore[no-untyped-def]
    """Columns whose right edge is past the viewport, or narrower than their header's text."""
    header = table.horizontalHeader()
    room = table.viewport().width()
    problems = []
    for logical in range(header.count()):
        text = table.horizontalHeaderItem(logical).text()
        right = header.sectionViewportPosition(logical) + header.sectionSize(logical)
        if right > room:
            problems.append(f"{text} ends at {right} > {room}")
        if header.sectionSize(logical) < header.fontMetrics().horizontalAdvance(text):
            problems.append(f"{text} narrower than its header")
    if table.horizontalScrollBar().maximum() > 0:
        problems.append("scrolls sideways")
    return problems


def test_the_ledger_and_home_lists_show_every_column_at_1366(  # type: ignore[no-untyped-def]
    qtbot, main_window, four_cases, output_dir
):
    qa.record_reading(four_cases["zhang"], DAY, "上午", {"value": 38.2, "symptoms": "咳嗽、咽痛"})
    qa.record_follow_up(four_cases["li"], {"on": DAY, "need_kind": "代购", "needs": "降压药一盒、大米一袋"})
    screen = main_window.screen().availableGeometry()
    assert main_window.frameGeometry().width() <= screen.width()
    ledger = open_module(qtbot, main_window, "隔离管控台账")
    ledger.reload()
    ledger.table.doItemsLayout()
    assert ledger.table.rowCount() == len(four_cases)
    assert _fits(ledger.table) == []
    save_screenshot(main_window, output_dir, "h3-ledger")
    home = open_module(qtbot, main_window, "首页")
    home.refresh()
    for key, table in (("readings_missing", home.cases), ("alerts", home.alerts), ("needs", home.needs)):
        home.show_list(key)
        assert home.lists.currentWidget() is table and table.rowCount() > 0, key
        table.doItemsLayout()
        assert _fits(table) == [], key
        save_screenshot(main_window, output_dir, f"h3-home-{key}")
    home.show_list("readings_missing")
    assert home.cases.rowCount() > 0
    save_screenshot(main_window, output_dir, "h3-home")


class _Opened(QObject):
    """Stands for the desktop's file manager: records the folder QDesktopServices was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @pyqtSlot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_an_empty_ledger_says_what_to_do_first_and_offers_it(  # type: ignore[no-untyped-def]
    qtbot, main_window, on_modal, monkeypatch, tmp_path, output_dir
):
    from app.quarantine.export_action import IsolationListDialog
    from app.quarantine.new_case_dialog import NewCaseDialog

    home, ledger = main_window.home, main_window.ledger
    home.refresh()
    ledger.reload()
    # No roster yet: both pages say to import it first, with the button that does.
    assert home.first_steps.isVisibleTo(home) and "导入" in home.first_steps.text.text()
    save_screenshot(main_window, output_dir, "h3-home-empty")
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda _parent, title, *_rest: (asked.append(title), ("", ""))[1]
    )
    home.findChild(QPushButton, "homeImportRoster").click()
    ledger.findChild(QPushButton, "ledgerImportRoster").click()
    assert asked == ["选择花名册文件", "选择花名册文件"]
    assert home.findChild(QPushButton, "homeNewCase").isHidden()  # no one to register yet

    # With a roster and no case: register the first, or import the village's ledger.
    from db import changes
    from db.models import Grid, Household

    with changes.transaction("测试村民", who="测试") as cs:
        grid = cs.create(Grid, {"name": "一组", "sort_order": 1})
        household = cs.create(Household, {"number": "01-0001", "grid": grid.id, "door_no": "1号", "head_name": "张刚"})
        cs.create(Person, {"household": household.id, "name": "张刚", "relation": "户主", "sex": "男"})
    home.refresh()
    ledger.reload()
    assert "还没有管控对象" in home.first_steps.text.text() and "还没有管控对象" in ledger.first_steps.text.text()
    for page, name in ((home, "homeImportCases"), (ledger, "ledgerImportCases")):
        page.findChild(QPushButton, name).click()
    assert asked[2:] == ["选择隔离台账文件", "选择隔离台账文件"]
    opened: list[str] = []
    for page, name in ((home, "homeNewCase"), (ledger, "ledgerNewCase")):
        on_modal(lambda dialog: (opened.append(type(dialog).__name__), dialog.reject()))
        page.findChild(QPushButton, name).click()
    assert opened == [NewCaseDialog.__name__] * 2

    # 导出隔离人员名单 from 首页 and from 台账, and after it 打开所在文件夹.
    for start in (
        lambda: home.findChild(QPushButton, "homeExportIsolation").click(),
        lambda: ledger.actions_by_name["export_isolation"].trigger(),
    ):
        on_modal(lambda dialog: (opened.append(type(dialog).__name__), dialog.reject()))
        start()
    assert opened[2:] == [IsolationListDialog.__name__] * 2

    target = tmp_path / "导出" / "名单.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
    folder = _Opened()
    QDesktopServices.setUrlHandler("file", folder, "open")
    try:

        def open_folder(box: QMessageBox) -> None:
            assert str(target) in box.text()
            next(b for b in box.buttons() if b.text() == "打开所在文件夹").click()

        def notice(dialog) -> None:  # type: ignore[no-untyped-def]
            on_modal(open_folder)
            dialog.save()

        def choose(dialog) -> None:  # type: ignore[no-untyped-def]
            on_modal(notice)
            dialog.accept()

        on_modal(choose)
        ledger.actions_by_name["export_isolation"].trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert target.exists()
    assert [Path(url.toLocalFile()) for url in folder.urls] == [target.parent]
