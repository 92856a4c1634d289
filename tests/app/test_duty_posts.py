"""值班排班 → 岗位 in the real window: a three-shift checkpoint post tied to its checkpoint, a post of shifts
of the clerk's own, an overlapping pattern refused in the dialog with the reason in Chinese (nothing
written), and Del stopping a post."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLabel, QPushButton, QTableWidgetItem

from db import changes
from db.models import DutyPost
from db.models.checkpoint import Checkpoint
from db.rules import shift_patterns
from forms.definitions import DUTY_POST
from forms.definitions.duty_post import THREE_SHIFTS, pattern_shifts
from tests.conftest import HANG_GUARD_MS, open_module, save_screenshot, type_text

COLUMNS = [f.label for f in DUTY_POST.table_fields]


def _posts(qtbot, window):  # type: ignore[no-untyped-def]
    page = open_module(qtbot, window, "值班排班")
    page.tabs.setCurrentWidget(page.posts)
    return page.posts


def _cells(table, row: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {COLUMNS[c]: table.item(row, c).text() for c in range(table.columnCount())}


def _save(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def _set_shifts(dialog, rows: list[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    """Type the custom shifts into the dialog's table, row by row (添加班次 adds each)."""
    table = dialog.shifts
    while table.rowCount():
        table.selectRow(0)
        dialog.findChild(QPushButton, "postRemoveShift").click()
    for name, start, hours in rows:
        dialog.findChild(QPushButton, "postAddShift").click()
        row = table.rowCount() - 1
        for column, text in enumerate((name, start, hours)):
            table.setItem(row, column, QTableWidgetItem(text))


def test_a_three_shift_checkpoint_post(qtbot, village, main_window, on_modal, output_dir):  # type: ignore[no-untyped-def]
    with changes.transaction("测试卡点", who="测试") as cs:
        gate = cs.create(Checkpoint, {"name": "村东口卡点", "place": "村东口"})
    tab = _posts(qtbot, main_window)

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        form = dialog.form.inputs
        type_text(form["name"], "东口卡点值守")
        pattern = dialog.findChild(QComboBox, "postPattern")
        assert pattern.currentText() == shift_patterns.DEFAULT_PRESET
        pattern.setCurrentText(THREE_SHIFTS)
        assert dialog.shifts.rowCount() == 3
        assert not dialog.findChild(QPushButton, "postAddShift").isEnabled()  # a preset is not edited
        preview = dialog.findChild(QLabel, "postPatternPreview")
        assert preview.text() == "每天：零点班 00:00–08:00、八点班 08:00–16:00、四点班 16:00–次日00:00"
        form["per_shift"].clear()
        type_text(form["per_shift"], "3")
        checkpoint = dialog.findChild(QComboBox, "postCheckpoint")
        checkpoint.setCurrentIndex(checkpoint.findData(gate.id))
        type_text(form["head"], "钱支书")
        type_text(form["head_phone"], "13700001234")
        save_screenshot(dialog, output_dir, "duty-post-dialog")
        _save(dialog)

    on_modal(fill)
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window, timeout=HANG_GUARD_MS)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    post = DutyPost.get(DutyPost.name == "东口卡点值守")
    assert (post.kind, post.per_shift, post.needs_leader, post.checkpoint_id, post.head, post.head_phone) == (
        "卡点值守",
        3,
        True,
        gate.id,
        "钱支书",
        "13700001234",
    )
    assert pattern_shifts(post.pattern) == shift_patterns.PRESETS[THREE_SHIFTS]
    assert _cells(tab.table, 0) == {
        "岗位名称": "东口卡点值守",
        "岗位类别": "卡点值守",
        "班次": THREE_SHIFTS,
        "每班人数": "3",
        "需带班干部": "是",
        "关联卡点": "村东口卡点",
        "负责人": "钱支书",
        "负责人电话": "137****1234",
        "备注": "",
    }
    assert tab.count.text() == "在用 1 个岗位，每天需 9 人次"
    save_screenshot(main_window, output_dir, "duty-posts")


def test_custom_shifts_and_an_overlap_refused_in_the_dialog(qtbot, village, main_window, on_modal, output_dir):  # type: ignore[no-untyped-def]
    tab = _posts(qtbot, main_window)
    seen: dict[str, str] = {}

    def overlap_then_fix(dialog) -> None:  # type: ignore[no-untyped-def]
        type_text(dialog.form.inputs["name"], "夜间巡逻")
        dialog.form.inputs["kind"].setCurrentText("巡逻")
        dialog.findChild(QComboBox, "postPattern").setCurrentText("自定义班次")
        _set_shifts(dialog, [("前半夜", "20:00", "6"), ("后半夜", "01:00", "5")])
        preview = dialog.findChild(QLabel, "postPatternPreview")
        assert preview.text() == "前半夜（20:00 起 6 小时）与后半夜重叠"
        _save(dialog)
        assert dialog.isVisible()
        seen["banner"] = dialog.banner.text()
        save_screenshot(dialog, output_dir, "duty-post-overlap")
        assert DutyPost.select().count() == 0
        dialog.shifts.item(1, 1).setText("02:00")
        assert preview.text() == "每天：后半夜 02:00–07:00、前半夜 20:00–次日02:00"
        dialog.form.inputs["needs_leader"].setChecked(False)
        _save(dialog)

    on_modal(overlap_then_fix)
    tab.new_button.click()
    assert seen["banner"] == "班次：前半夜（20:00 起 6 小时）与后半夜重叠"
    post = DutyPost.get(DutyPost.name == "夜间巡逻")
    assert [(s.name, f"{s.start:%H:%M}", s.hours) for s in pattern_shifts(post.pattern)] == [
        ("后半夜", "02:00", 5),
        ("前半夜", "20:00", 6),
    ]
    assert (post.kind, post.needs_leader, post.per_shift, post.checkpoint_id) == ("巡逻", False, 2, None)
    assert _cells(tab.table, 0)["班次"] == "后半夜 02:00–07:00、前半夜 20:00–次日02:00"

    # Enter opens it again as the custom shifts it is; Del stops it (never deleted).
    def reopened(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.findChild(QComboBox, "postPattern").currentText() == "自定义班次"
        assert [dialog.shifts.item(r, 0).text() for r in range(dialog.shifts.rowCount())] == ["后半夜", "前半夜"]
        dialog.reject()

    on_modal(reopened)
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window, timeout=HANG_GUARD_MS)
    tab.table.selectRow(0)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    on_modal(lambda box: box.button(box.StandardButton.Yes).click())
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert not DutyPost.get_by_id(post.id).active
    assert tab.table.rowCount() == 0
