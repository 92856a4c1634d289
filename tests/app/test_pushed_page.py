"""核查名单 in the real window, by keyboard: confirm fuzzy matches in one key, reject one, pick another, move
names on (one by one and a group, nothing half written), open a case from one; 首页's overdue list.

The lists are written the way an import writes them (db.imports.pushed.apply_pushed_plan with a plan built
here), so the page reads what a real import leaves; "now" is injected, never the wall clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication

from db import changes, pushed_actions, session
from db.imports.pushed import PlannedItem, PushedPlan, apply_pushed_plan
from db.models import Case, ItemStep, Person, PushedItem
from db.models.operator import Role
from db.models.pushed import ItemStatus, MatchReason
from db.rules.id_number import check_digit
from tests.conftest import open_module, save_screenshot, type_text

NOW = datetime(2026, 12, 3, 10, 0)
#: The overdue list came 30 hours before NOW with the default 24 h to answer: 6 hours past its deadline.
RECEIVED = NOW - timedelta(hours=30)
DEADLINE_HOURS = 24
CHECKER = "赵录入"


def _id(first17: str) -> str:
    return first17 + check_digit(first17)


WANG_ID = _id("41010219800101123")
#: One digit of 王建国's number mistyped (its check digit then fails: the typo shows).
WANG_TYPO = WANG_ID[:10] + ("2" if WANG_ID[10] != "2" else "3") + WANG_ID[11:]


@pytest.fixture
def lists(village: dict[str, int]) -> dict[str, int]:
    """Three more people on the roster and two pushed lists: one past its deadline (exact, ID typo,
    name + phone, same pinyin + phone tail, nobody), one just received."""
    with changes.transaction("测试人员", who="测试") as cs:
        wang = cs.create(
            Person,
            {"household": village["h1"], "name": "王建国", "relation": "子", "sex": "男", "id_number": WANG_ID},
        )
        liu = cs.create(
            Person, {"household": village["h2"], "name": "刘芳", "relation": "女", "sex": "女", "phone": "13700002222"}
        )
        zhang_wei = cs.create(
            Person, {"household": village["h2"], "name": "章伟", "relation": "子", "sex": "男", "phone": "13600003333"}
        )
    rows = [
        ("张三丰", "11010519491231002X", "", "湖北省武汉市"),
        ("王建国", WANG_TYPO, "", "北京市朝阳区"),
        ("刘芳", "", "13700002222", "上海市"),
        ("张伟", "", "18655553333", "河北省石家庄市"),
        ("赵无名", "", "13911112222", "河北省石家庄市"),
    ]
    items = [
        PlannedItem(row_no, [name, number, phone, origin], name, number, phone, origin=origin)
        for row_no, (name, number, phone, origin) in enumerate(rows, start=4)
    ]
    plan = PushedPlan(
        source="铁路部门",
        issuer="红旗镇防控办",
        batch_no="第3批",
        file_name="铁路第3批.xlsx",
        file_sha256="a" * 64,
        sheet_name="Sheet1",
        columns=["姓名", "身份证号", "电话", "来源地"],
        mapping={0: "name", 1: "id_number", 2: "phone", 3: "origin"},
        items=items,
    )
    overdue = apply_pushed_plan(plan, RECEIVED, DEADLINE_HOURS).batch_id
    fresh_plan = PushedPlan(
        source="大数据比对",
        batch_no="第1批",
        file_sha256="b" * 64,
        columns=["姓名", "电话"],
        mapping={0: "name", 1: "phone"},
        items=[PlannedItem(4, ["孙新来", "13500001111"], "孙新来", phone="13500001111")],
    )
    fresh = apply_pushed_plan(fresh_plan, NOW - timedelta(hours=1), DEADLINE_HOURS).batch_id
    session.begin(session.Session(CHECKER, Role.ENTRY, None))
    return {"overdue": overdue, "fresh": fresh, "wang": wang.id, "liu": liu.id, "zhang_wei": zhang_wei.id, **village}


def _item(name: str) -> PushedItem:
    return PushedItem.get(PushedItem.name == name)


def _names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [line.name for line in page.items.lines]


def _cell(page, name: str, header: str) -> str:  # type: ignore[no-untyped-def]
    from app.pushed.items_table import HEADERS

    row = _names(page).index(name)
    return page.items.text(row, HEADERS.index(header))


def _choose(qtbot, page, *names: str) -> None:  # type: ignore[no-untyped-def]
    """Click the first name, Ctrl+click the others, as the clerk does; the list keeps the focus (in its window
    active again: offscreen, a closed dialog hands the activation back to no one)."""
    from PyQt6.QtCore import QItemSelectionModel

    page.window().activateWindow()
    qtbot.waitUntil(page.window().isActiveWindow)
    rows = [_names(page).index(n) for n in names]
    page.items.select_row(rows[0])
    for row in rows[1:]:
        index = page.items.model().index(row, 0)
        page.items.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        )
    page.items.setFocus()


@pytest.fixture
def page(qtbot, main_window, lists):  # type: ignore[no-untyped-def]
    main_window.pushed.now = lambda: NOW
    shown = open_module(qtbot, main_window, "核查名单")
    assert shown is main_window.pushed
    batch_ids = [b.id for b in shown.batch_lines]
    shown.batches.setCurrentCell(batch_ids.index(lists["overdue"]), 0)
    assert shown.current_batch_id() == lists["overdue"]
    return shown


def test_batches_show_their_deadline_and_the_names_their_match(page, lists, output_dir):  # type: ignore[no-untyped-def]
    from app.pushed.page import BATCH_HEADERS

    rows = {b.id: r for r, b in enumerate(page.batch_lines)}
    deadline = page.batches.item(rows[lists["overdue"]], BATCH_HEADERS.index("反馈时限"))
    assert deadline.text().endswith("超时 6 小时")
    assert deadline.foreground().color().name() == "#c0392b"
    fresh = page.batches.item(rows[lists["fresh"]], BATCH_HEADERS.index("反馈时限")).text()
    assert fresh.endswith("剩 23 小时")
    assert page.batches.item(rows[lists["overdue"]], BATCH_HEADERS.index("待确认")).text() == "3"
    assert _names(page) == ["张三丰", "王建国", "刘芳", "张伟", "赵无名"]
    assert _cell(page, "张三丰", "身份证号") == "110105********002X"
    assert _cell(page, "刘芳", "电话") == "137****2222"
    assert _cell(page, "张三丰", "匹配依据") == f"{MatchReason.ID.value} 100%"
    assert _cell(page, "张三丰", "花名册人员") == "张三丰（12号 张三丰户）"
    assert _cell(page, "王建国", "匹配依据") == "身份证号差一位，姓名相同 90%"
    assert _cell(page, "王建国", "花名册人员") == "待确认：王建国（12号 张三丰户）"
    assert _cell(page, "刘芳", "匹配依据").startswith(MatchReason.NAME_PHONE.value)
    assert _cell(page, "张伟", "花名册人员").startswith("待确认：章伟（")
    assert _cell(page, "张伟", "匹配依据").startswith(MatchReason.PINYIN_PHONE_TAIL.value)
    assert _cell(page, "赵无名", "花名册人员") == "花名册中未找到"
    assert "待核查 5" in page.counts.text()
    page.filter.setCurrentText("待确认匹配")
    assert _names(page) == ["王建国", "刘芳", "张伟"]
    page.filter.setCurrentText("已闭环")
    assert _names(page) == []
    page.filter.setCurrentText("全部")
    save_screenshot(page.window(), output_dir, "pushed_page")


def test_matches_are_confirmed_rejected_and_picked_by_keyboard(qtbot, page, lists, on_modal, output_dir):  # type: ignore[no-untyped-def]
    page.filter.setCurrentText("待确认匹配")
    assert page.items.current_line().name == "王建国"
    page.items.setFocus()
    qtbot.keyClick(page.items, Qt.Key.Key_Y)
    wang = _item("王建国")
    assert (wang.person_id, wang.match_confirmed) == (lists["wang"], True)
    # The confirmed name leaves the list of those waiting; the next one is chosen, ready for its key.
    assert _names(page) == ["刘芳", "张伟"]
    assert page.items.current_line().name == "刘芳"
    qtbot.keyClick(page.items, Qt.Key.Key_N)
    liu = _item("刘芳")
    assert (liu.person_id, liu.match_confirmed, liu.status) == (None, False, ItemStatus.PENDING.value)
    assert _names(page) == ["张伟"]
    qtbot.keyClick(page.items, Qt.Key.Key_Return)
    zhang_wei = _item("张伟")
    assert (zhang_wei.person_id, zhang_wei.match_confirmed) == (lists["zhang_wei"], True)
    assert _names(page) == []
    assert "已确认" in page.note.text()

    page.filter.setCurrentText("全部")
    _choose(qtbot, page, "刘芳")

    def pick(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.people.count() == 0  # nobody proposed any more: the clerk searches
        type_text(dialog.search, "刘芳")
        dialog.find()
        assert dialog.people.count() == 1
        save_screenshot(dialog, output_dir, "pushed_pick_person")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    on_modal(pick)
    qtbot.keyClick(page.items, Qt.Key.Key_C)
    liu = _item("刘芳")
    assert (liu.person_id, liu.match_confirmed, liu.match_reason) == (lists["liu"], True, "文书指定")
    assert (_cell(page, "刘芳", "花名册人员"), _cell(page, "刘芳", "匹配依据")) == (
        "刘芳（3号 钱𠮷祥户）",
        "文书指定 100%",
    )


def test_names_move_on_with_findings_signed_and_dated(qtbot, page, lists, on_modal, output_dir):  # type: ignore[no-untyped-def]
    # 张三丰 could close, 张伟's match is not confirmed yet: the group is refused whole, nothing written.
    _choose(qtbot, page, "张三丰", "张伟")

    def refused(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.status.setCurrentText(ItemStatus.NOT_HERE.value)
        dialog.try_save()
        assert dialog.isVisible()
        assert "张伟" in dialog.banner.text() and "尚未确认" in dialog.banner.text()
        save_screenshot(dialog, output_dir, "pushed_move_refused")
        dialog.reject()

    on_modal(refused)
    qtbot.keyClick(page.items, Qt.Key.Key_F2)
    assert _item("张三丰").status == ItemStatus.PENDING.value
    assert ItemStep.select().count() == 0

    pushed_actions.confirm_match(_item("王建国").id, lists["wang"])
    page.reload()
    _choose(qtbot, page, "张三丰")

    def contacted(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.status.currentText() == ItemStatus.CONTACTED.value  # the next step comes first
        dialog.method.setCurrentText("电话")
        qtbot.keyClick(dialog.status, Qt.Key.Key_Return)

    on_modal(contacted)
    qtbot.keyClick(page.items, Qt.Key.Key_F2)
    zhang = _item("张三丰")
    assert (zhang.status, zhang.method, zhang.checker, zhang.checked_at) == ("已联系", "电话", CHECKER, NOW)
    assert _cell(page, "张三丰", "核查人/时间") == f"{CHECKER} 12月3日 10:00"

    # A group closed at once, with the clerk's own words for the result.
    _choose(qtbot, page, "张三丰", "王建国")

    def not_here(dialog) -> None:  # type: ignore[no-untyped-def]
        assert ItemStatus.CONTACTED.value not in [dialog.status.itemText(i) for i in range(dialog.status.count())]
        dialog.status.setCurrentText(ItemStatus.NOT_HERE.value)
        type_text(dialog.result.lineEdit(), "已返京，不在本村居住")
        type_text(dialog.address, "北京市朝阳区")
        dialog.method.setCurrentText("电话")
        save_screenshot(dialog, output_dir, "pushed_move_dialog")
        dialog.try_save()

    on_modal(not_here)
    qtbot.keyClick(page.items, Qt.Key.Key_F2)
    for name in ("张三丰", "王建国"):
        item = _item(name)
        assert (item.status, item.result, item.current_address) == ("不在本村", "已返京，不在本村居住", "北京市朝阳区")
    steps = [(s.item.name, s.status, s.operator, s.at) for s in ItemStep.select().order_by(ItemStep.id)]
    assert steps == [
        ("张三丰", "已联系", CHECKER, NOW),
        ("张三丰", "不在本村", CHECKER, NOW),
        ("王建国", "不在本村", CHECKER, NOW),
    ]

    _choose(qtbot, page, "赵无名")

    def not_found(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.status.setCurrentText(ItemStatus.NOT_FOUND.value)
        assert dialog.result.lineEdit().placeholderText() == "不填则记为“查无此人”"
        dialog.try_save()

    on_modal(not_found)
    qtbot.keyClick(page.items, Qt.Key.Key_F2)
    assert (_item("赵无名").status, _item("赵无名").result) == ("查无此人", "查无此人")
    page.filter.setCurrentText("已闭环")
    assert _names(page) == ["张三丰", "王建国", "赵无名"]
    assert "不在本村 2" in page.counts.text() and "查无此人 1" in page.counts.text()
    save_screenshot(page.window(), output_dir, "pushed_page_closed")


def test_a_case_opens_from_a_name_and_screening_is_asked_for(qtbot, page, lists, on_modal, output_dir):  # type: ignore[no-untyped-def]
    _choose(qtbot, page, "张伟")
    assert not page.actions_by_name["open_case"].isEnabled()  # the clerk says who it is first
    qtbot.keyClick(page.items, Qt.Key.Key_Y)
    _choose(qtbot, page, "张伟")
    assert page.actions_by_name["open_case"].isEnabled()

    def register(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.policy.count() > 0
        save_screenshot(dialog, output_dir, "pushed_case_dialog")
        qtbot.keyClick(dialog.policy, Qt.Key.Key_Return)

    on_modal(register)
    page.actions_by_name["open_case"].trigger()
    item = _item("张伟")
    case = Case.get_by_id(item.case_id)
    assert (case.person_id, case.source, case.origin, case.start_date) == (
        lists["zhang_wei"],
        "上级推送",
        "河北省石家庄市",
        NOW.date(),
    )
    assert case.address == "二组3号"  # where the roster says they live, as 登记管控对象 fills it in
    assert (item.status, item.measure, item.checker) == ("已纳入管控", case.kind, CHECKER)
    assert _cell(page, "张伟", "状态") == "已纳入管控"
    assert not page.actions_by_name["open_case"].isEnabled()

    # Opened again for the same person (from another list, say): refused in Chinese, nothing written.
    with pytest.raises(pushed_actions.PushedError, match="不能重复登记"):
        pushed_actions.open_case_from_item(item.id, {"policy": case.policy_id}, NOW)

    with qtbot.waitSignal(page.open_household_in_screening) as asked:
        page.actions_by_name["screening"].trigger()
    assert asked.args == [lists["h2"]]


def test_home_lists_the_overdue_names_until_they_are_closed(qtbot, main_window, lists, output_dir):  # type: ignore[no-untyped-def]
    home = main_window.home
    panel = home.pushed_overdue
    home.refresh(NOW)
    QApplication.processEvents()
    tile = home.tiles["pushed_overdue"]
    assert (tile.count, tile.property("warn")) == (5, True)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert panel.isVisible() and home.list_title.text().startswith("核查名单超时（5）")
    assert panel.tree.topLevelItemCount() == 1  # the fresh list is not past its deadline
    batch = panel.tree.topLevelItem(0)
    assert batch.text(0).startswith("铁路部门 第3批") and "共 5 人" in batch.text(0)
    assert batch.text(2) == "6 小时"
    assert [batch.child(i).text(0) for i in range(batch.childCount())] == ["张三丰", "王建国", "刘芳", "张伟", "赵无名"]
    assert {batch.child(i).text(2) for i in range(batch.childCount())} == {"6 小时"}
    save_screenshot(main_window, output_dir, "pushed_home_overdue")
    home.refresh(NOW + timedelta(hours=2))
    assert panel.tree.topLevelItem(0).text(2) == "8 小时"

    later = NOW + timedelta(hours=2)
    names = {i.name: i.id for i in PushedItem.select().where(PushedItem.batch == lists["overdue"])}
    pushed_actions.move_items([names["赵无名"], names["刘芳"]], ItemStatus.NOT_FOUND.value, later)
    home.refresh(later)
    batch = panel.tree.topLevelItem(0)
    assert "共 3 人" in batch.text(0)
    assert [batch.child(i).text(0) for i in range(batch.childCount())] == ["张三丰", "王建国", "张伟"]
    pushed_actions.move_items([names[n] for n in ("张三丰", "王建国", "张伟")], ItemStatus.NOT_FOUND.value, later)
    home.refresh(later)
    assert panel.tree.topLevelItemCount() == 0 and (tile.count, tile.property("warn")) == (0, False)

    # A double-click on 首页's batch line shows that list on its page.
    pushed_actions.move_item(names["赵无名"], ItemStatus.CONTACTED.value, later)
    home.refresh(later)
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert main_window.pages.currentWidget() is main_window.pushed
    assert main_window.pushed.current_batch_id() == lists["overdue"]
    assert _names(main_window.pushed) == ["赵无名"]


def test_another_of_the_people_that_fit_is_picked_with_the_arrow_keys(qtbot, main_window, lists, on_modal):  # type: ignore[no-untyped-def]
    """Two 李明 share a phone: the match proposes one and names the other; the clerk picks the other."""
    with changes.transaction("测试人员", who="测试") as cs:
        first, second = (
            cs.create(
                Person,
                {"household": lists[h], "name": "李明", "relation": "子", "sex": "男", "phone": "13300004444"},
            )
            for h in ("h1", "h2")
        )
    plan = PushedPlan(
        source="群众举报",
        file_sha256="d" * 64,
        columns=["姓名", "电话"],
        mapping={0: "name", 1: "phone"},
        items=[PlannedItem(3, ["李明", "13300004444"], "李明", phone="13300004444")],
    )
    batch = apply_pushed_plan(plan, NOW, DEADLINE_HOURS).batch_id
    main_window.pushed.now = lambda: NOW
    page = open_module(qtbot, main_window, "核查名单")
    page.show_batch(batch)
    page.filter.setCurrentText("全部")
    line = page.items.current_line()
    assert (line.name, line.person_id, line.candidates) == ("李明", first.id, (second.id,))
    assert _cell(page, "李明", "匹配依据").endswith("，另有 1 人符合")

    def pick_second(dialog) -> None:  # type: ignore[no-untyped-def]
        shown = [dialog.people.item(r).text() for r in range(dialog.people.count())]
        assert [text.split("　")[-1] for text in shown] == ["一组12号", "二组3号"]
        qtbot.keyClick(dialog.people, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.people, Qt.Key.Key_Return)

    on_modal(pick_second)
    _choose(qtbot, page, "李明")
    qtbot.keyClick(page.items, Qt.Key.Key_C)
    item = _item("李明")
    assert (item.person_id, item.match_confirmed, item.candidates) == (second.id, True, "[]")


def test_a_list_imported_from_the_page_is_shown_with_its_names_to_confirm(  # type: ignore[no-untyped-def]
    qtbot, main_window, village, on_modal, tmp_path, monkeypatch
):
    """导入核查名单… runs the import dialog (app/pushed/import_dialog.py) on the chosen workbook; the new batch is
    shown at once, the names waiting for a word first."""
    from PyQt6.QtCore import QTimer
    from PyQt6.QtWidgets import QFileDialog, QMessageBox

    from db.models import PushedBatch
    from tests.conftest import HANG_GUARD_MS
    from tests.forms.pushed_lists import railway

    sheet = railway()
    # The batch number without its letters ("LS-0312"): the English check cannot tell the township's data on the
    # page from the program's words.
    sheet.lines[2][0] = str(sheet.lines[2][0]).replace("LS-", "")
    path = sheet.write(tmp_path / "railway.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    main_window.pushed.now = lambda: NOW
    page = open_module(qtbot, main_window, "核查名单")
    assert page.batch_stack.currentWidget() is page.empty_hint

    said: list[str] = []

    def accept_the_message() -> None:
        """The import's closing message comes from the task's end, inside the dialog's own loop: poll for it."""
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, accept_the_message)
            return
        said.append(box.text())
        box.accept()

    def run_import(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
        QTimer.singleShot(0, accept_the_message)
        dialog.import_button.click()

    on_modal(run_import, closes=False)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert said and "已导入核查名单" in said[0]
    batch = PushedBatch.get()
    assert (batch.received_at, page.current_batch_id()) == (NOW, batch.id)
    items = list(PushedItem.select().where(PushedItem.batch == batch.id))
    waiting = sorted(i.name for i in items if i.person_id is not None and not i.match_confirmed)
    assert waiting, "the railway list has names the roster matches only fuzzily"
    assert page.filter.currentText() == "待确认匹配"
    assert sorted(_names(page)) == waiting
    assert "已导入核查名单" in page.note.text()
