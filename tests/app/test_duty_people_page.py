"""值班排班 → 值班人员 in the real window, by keyboard: a roster person found by pinyin initials fills the
name and phone (and keeps the link), the limits are shown in one phrase, two people kept apart, a phone that
cannot be read is refused under its field, and Del stops a person who served rather than deleting them."""

from __future__ import annotations

from datetime import date, datetime

from PyQt6.QtCore import QDate, Qt
from PyQt6.QtWidgets import QApplication, QCheckBox, QComboBox, QDialogButtonBox, QLabel, QLineEdit, QPushButton

from db import duty_actions
from db.models import DutyApart, DutyAssignment, DutyPerson, DutyPost, DutyShift
from db.queries import duty_setup
from forms.definitions import DUTY_PERSON
from tests.conftest import HANG_GUARD_MS, close_next_message_box, open_module, save_screenshot, type_text

#: The day the page is looked at (days away before it are no limit any more).
TODAY = date(2026, 12, 3)
COLUMNS = [f.label for f in DUTY_PERSON.table_fields]


def _duty_page(qtbot, window):  # type: ignore[no-untyped-def]
    page = open_module(qtbot, window, "值班排班")
    page.people.today = lambda: TODAY
    page.reload()
    return page


def _press_on(qtbot, window, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key as the clerk presses it: the window active, the focus in the widget."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=HANG_GUARD_MS)
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def _cells(table, row: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {COLUMNS[c]: table.item(row, c).text() for c in range(table.columnCount())}


def _row_of(table, name: str) -> int:  # type: ignore[no-untyped-def]
    rows = [r for r in range(table.rowCount()) if table.item(r, 0).text() == name]
    assert len(rows) == 1, f"{name}: {rows}"
    return rows[0]


def _save(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_duty_sits_after_the_pushed_lists_with_its_two_tabs(qtbot, village, main_window, output_dir):  # type: ignore[no-untyped-def]
    labels = [main_window.nav.item(i).text() for i in range(main_window.nav.count())]
    assert labels.index("值班排班") == labels.index("核查名单") + 1
    page = _duty_page(qtbot, main_window)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["值班人员", "岗位", "排班表"]
    table = page.people.table
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == COLUMNS
    assert table.rowCount() == 0
    save_screenshot(main_window, output_dir, "duty-people-empty")


def test_a_roster_person_by_pinyin_with_limits(qtbot, village, main_window, on_modal, output_dir):  # type: ignore[no-untyped-def]
    page = _duty_page(qtbot, main_window)
    shots = {}

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        search = dialog.findChild(QLineEdit, "dutyRosterSearch")
        assert dialog.focusWidget() is search  # a new person starts at the roster search
        type_text(search, "zsf")
        qtbot.keyClick(search, Qt.Key.Key_Return)  # Enter takes the first found
        form = dialog.form.inputs
        assert (form["name"].text(), form["phone"].text()) == ("张三丰", "13812345678")
        assert dialog.findChild(QLabel, "dutyRosterLink").text() == "已关联花名册：张三丰（一组12号）"
        kind = form["kind"]
        assert isinstance(kind, QComboBox)
        kind.setCurrentText("村干部")
        assert form["can_lead"].isChecked()  # a 村干部 leads unless told otherwise
        type_text(form["organisation"], "东风村村委会")
        form["no_night"].setChecked(True)
        type_text(form["max_per_week"], "3")
        for day in (6, 7):
            dialog.findChild(QCheckBox, f"weekday_{day}").setChecked(False)
        for day in (date(2026, 12, 1), date(2026, 12, 5)):  # the 1st is past on TODAY: no limit shown
            dialog.findChild(type(dialog.away_date), "awayDate").setDate(QDate(day.year, day.month, day.day))
            dialog.findChild(QPushButton, "awayAdd").click()
        shots["dialog"] = save_screenshot(dialog, output_dir, "duty-person-dialog")
        _save(dialog)

    on_modal(fill)
    _press_on(qtbot, main_window, page.people.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.people.table.rowCount() == 1
    kept = DutyPerson.get(DutyPerson.name == "张三丰")
    assert kept.person_id == village["zhang"]
    assert (kept.phone, kept.kind, kept.can_lead, kept.weekdays, kept.no_night, kept.max_per_week) == (
        "13812345678",
        "村干部",
        True,
        "12345",
        True,
        3,
    )
    assert duty_actions.away_days(kept) == {date(2026, 12, 1), date(2026, 12, 5)}
    assert _cells(page.people.table, 0) == {
        "姓名": "张三丰",
        "联系电话": "138****5678",
        "人员类别": "村干部",
        "所在单位": "东风村村委会",
        "可带班": "是",
        "值班限制": "不上夜班 · 每周最多 3 班 · 周一至周五 · 12月5日不在",
        "不与谁同班": "",
        "备注": "",
    }
    assert page.people.count.text() == "在用 1 人，其中可带班 1 人"
    save_screenshot(main_window, output_dir, "duty-people")


def test_someone_not_on_the_roster_and_a_pair_kept_apart(qtbot, village, main_window, on_modal, output_dir):  # type: ignore[no-untyped-def]
    first = duty_actions.save_person({"name": "王志愿", "kind": "志愿者", "phone": "13900001111"})
    page = _duty_page(qtbot, main_window)

    def refused_then_fixed(dialog) -> None:  # type: ignore[no-untyped-def]
        form = dialog.form.inputs
        type_text(form["name"], "赵党员")
        form["kind"].setCurrentText("党员")
        assert not form["can_lead"].isChecked()
        type_text(form["phone"], "1390000")
        _save(dialog)
        message = dialog.findChild(QLabel, "message_phone")
        assert dialog.isVisible() and message.isVisible() and "位" in message.text()  # refused under its field
        assert dialog.banner.text() == "请改正标红的内容后再保存。"
        form["phone"].clear()
        items = [dialog.apart.item(i) for i in range(dialog.apart.count())]
        assert [i.text() for i in items] == ["王志愿（志愿者）"]
        items[0].setCheckState(Qt.CheckState.Checked)
        _save(dialog)

    on_modal(refused_then_fixed)
    page.people.new_button.click()
    second = DutyPerson.get(DutyPerson.name == "赵党员")
    assert second.person_id is None and second.phone == ""
    pair = DutyApart.get()
    assert (pair.first_id, pair.second_id) == tuple(sorted((first.id, second.id)))
    table = page.people.table
    assert _cells(table, _row_of(table, "王志愿"))["不与谁同班"] == "赵党员"
    assert _cells(table, _row_of(table, "赵党员"))["不与谁同班"] == "王志愿"

    # Enter on 王志愿 opens the change; letting the pair go removes it.
    def let_go(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.windowTitle() == "修改值班人员：王志愿"
        assert dialog.form.inputs["name"].text() == "王志愿"
        item = dialog.apart.item(0)
        assert item.text() == "赵党员（党员）" and item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked)
        _save(dialog)

    table.selectRow(_row_of(table, "王志愿"))
    on_modal(let_go)
    _press_on(qtbot, main_window, table, Qt.Key.Key_Return)
    assert DutyApart.select().count() == 0
    assert _cells(table, _row_of(table, "王志愿"))["不与谁同班"] == ""


def test_del_stops_a_person_who_served_and_never_deletes_them(qtbot, village, main_window, on_modal):  # type: ignore[no-untyped-def]
    served = duty_actions.save_person({"name": "钱干部", "kind": "村干部"})
    duty_actions.save_person({"name": "孙医生", "kind": "村医"})
    post = duty_actions.save_post({"name": "东口卡点"})
    shift = DutyShift.create(
        post=post,
        day=TODAY,
        seq=0,
        name="白班",
        starts=datetime(2026, 12, 3, 8),
        ends=datetime(2026, 12, 3, 20),
        needs=2,
    )
    DutyAssignment.create(shift=shift, person=served)
    page = _duty_page(qtbot, main_window)
    table = page.people.table
    table.selectRow(_row_of(table, "钱干部"))
    asked: list[str] = []

    def say_no(box) -> None:  # type: ignore[no-untyped-def]
        asked.append(box.text())
        box.button(box.StandardButton.No).click()

    on_modal(say_no)
    _press_on(qtbot, main_window, table, Qt.Key.Key_Delete)
    assert "钱干部已排过 1 个班次" in asked[0] and "不删除，只停用" in asked[0]
    assert DutyPerson.get_by_id(served.id).active

    on_modal(lambda box: box.button(box.StandardButton.Yes).click())
    _press_on(qtbot, main_window, table, Qt.Key.Key_Delete)
    assert not DutyPerson.get_by_id(served.id).active
    assert DutyAssignment.select().where(DutyAssignment.person == served.id).count() == 1  # the shift kept
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["孙医生"]

    page.people.show_stopped.setChecked(True)
    row = _row_of(table, "钱干部")
    assert _cells(table, row)["备注"] == "（已停用）"
    table.selectRow(row)
    assert page.people.stop_button.text() == "恢复"
    page.people.stop_button.click()  # 恢复 asks nothing
    assert DutyPerson.get_by_id(served.id).active
    assert DutyPost.select().count() == 1 and duty_setup.shifts_served(served.id) == 1


def test_a_duty_list_imported_from_the_tab(qtbot, village, main_window, on_modal, tmp_path, output_dir):  # type: ignore[no-untyped-def]
    """导入值班名单… in the shared import dialog: every row's fate shown (the refused one with its reason),
    then the people are in the table."""
    from openpyxl import Workbook

    from app.duty.import_dialog import DutyImportDialog

    path = tmp_path / "值班人员名单.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["东风村疫情防控值班人员名单"])
    sheet.append(["序号", "姓名", "联系电话", "身份", "可值班时间", "不与同班"])
    sheet.append([1, "张三丰", "13812345678", "干部", "", ""])
    sheet.append([2, "李党员", "13900001111", "党员志愿者", "周一至周五", "张三丰"])
    sheet.append([3, "", "13600003333", "志愿者", "", ""])
    book.save(path)
    page = _duty_page(qtbot, main_window)

    def check_and_import(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, DutyImportDialog)
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
        save_screenshot(dialog, output_dir, "duty-import-dialog")
        text = dialog.summary.text()
        assert "共读取 5 行（不含空行）：新建 2、未导入 1、跳过 2" in text
        assert "新增 2 人" in text and "不同班 1 对" in text
        assert [dialog.problems.item(r, 4).text() for r in range(dialog.problems.rowCount())] == ["不能为空"]
        close_next_message_box(said)  # the "导入完成" message
        dialog.import_button.click()

    said: list[str] = []
    on_modal(check_and_import, closes=False)
    assert page.people.import_list(path) == "新增值班人员 2 人、更新 0 人、不同班 1 对、未导入 1 行"
    table = page.people.table
    assert sorted(table.item(r, 0).text() for r in range(table.rowCount())) == ["张三丰", "李党员"]
    assert _cells(table, _row_of(table, "李党员"))["不与谁同班"] == "张三丰"
    assert DutyPerson.get(DutyPerson.name == "张三丰").person_id == village["zhang"]
    assert said == ["导入完成：新增值班人员 2 人、更新 0 人、不同班 1 对、未导入 1 行。"]
