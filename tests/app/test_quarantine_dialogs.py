"""The quarantine settings and import dialogs, driven offscreen on a real database: ledger import,
policies (editing moves no running case; applying does), and versioned notice wording."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from db import quarantine_actions as qa
from db.models import Case, CaseEvent, Person, Policy, Template
from db.models.quarantine import CaseKind
from printing.templates import DEFAULT_NOTICE, DEFAULT_RELEASE_NOTICE
from tests.conftest import DATA, HANG_GUARD_MS, save_screenshot, type_text, wait_for_task

CASES = DATA / "messy_cases.xlsx"
HOME_14 = "14天居家隔离医学观察"
CENTRAL_7_7 = "7天集中隔离+7天居家健康监测"
MONITOR_7 = "7天居家健康监测"


def _problem_rows(dialog) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    table = dialog.problems
    return [tuple(table.item(r, c).text() for c in range(5)) for r in range(table.rowCount())]


def _on_message_box(handler) -> None:  # type: ignore[no-untyped-def]
    """Like the on_modal fixture, but waits for a message box: the dialog that will show it is modal too."""
    from PyQt6.QtCore import QTimer

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        try:
            handler(box)
        finally:
            if box.isVisible():
                box.reject()

    QTimer.singleShot(0, poll)


def _open_import(qtbot, path: Path = CASES):  # type: ignore[no-untyped-def]
    from app.quarantine.case_import_dialog import CaseImportDialog

    dialog = CaseImportDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
    return dialog


# --- importing the ledger ------------------------------------------------------------------------


def test_ledger_imported_from_the_menu_entry_point(  # type: ignore[no-untyped-def]
    qtbot, main_window, village, monkeypatch, on_modal, output_dir
):
    from app.quarantine.case_import_dialog import BY_ROW, CaseImportDialog, open_case_import

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(CASES), ""))
    seen: dict[str, object] = {}

    def check_then_import(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, CaseImportDialog)
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
        assert dialog.policy.currentText() == BY_ROW
        seen["summary"] = dialog.summary.text()
        seen["rows"] = _problem_rows(dialog)
        seen["red"] = {
            dialog.problems.item(r, 1).text(): dialog.problems.item(r, 4).foreground().color().name()
            for r in range(dialog.problems.rowCount())
        }
        save_screenshot(dialog, output_dir, "case_import_dialog_preview")
        _on_message_box(lambda box: seen.setdefault("done", box.text()))
        assert dialog.import_button.isEnabled() and dialog.import_button.isDefault()
        qtbot.keyClick(dialog.import_button, Qt.Key.Key_Return)  # Enter imports once the preview is there

    on_modal(check_then_import, closes=False)
    result = open_case_import(main_window)

    assert result == "新建 6 个管控对象、加入花名册 2 人（暂住）、未导入 4 行"
    summary = str(seen["summary"])
    assert "将新建 6 个管控对象（其中已结束 1 个）、加入花名册 2 人（暂住）" in summary
    assert "未导入 4 行" in summary
    assert f"居家隔离医学观察 4 人 → “{HOME_14}”" in summary
    assert f"集中隔离医学观察 1 人 → “{CENTRAL_7_7}”" in summary
    refused = {(row[1], row[2], row[3]): row[4] for row in seen["rows"] if row[1] in ("12", "13", "14", "15")}  # type: ignore[union-attr]
    assert set(refused) == {
        ("12", "王桂兰", "身份证号码"),
        ("13", "刘洋", "隔离开始日期"),
        ("14", "钱明", "身份证号码"),
        ("15", "张三丰", "姓名"),
    }
    assert "存成了数字" in refused[("12", "王桂兰", "身份证号码")]
    assert refused[("15", "张三丰", "姓名")] == "与第 5 行是同一人"
    assert seen["red"]["13"] == "#c0392b"  # type: ignore[index]
    assert any(row[1] == "9" and "暂住" in row[4] for row in seen["rows"])  # type: ignore[union-attr]  # warnings listed too
    assert "导入完成" in str(seen["done"])
    # What landed.
    assert Case.select().count() == 6
    zhang = Case.get(Case.person == village["zhang"])
    assert (zhang.policy.name, zhang.start_date, zhang.release_due) == (HOME_14, date(2026, 11, 2), date(2026, 11, 16))
    assert Person.get(Person.name == "马丽").household.grid.name == "未分组"
    assert Person.select().where(Person.name == "王桂兰").count() == 0
    assert QApplication.activeModalWidget() is None


def test_mapping_and_policy_changes_ask_for_a_new_preview(qtbot, village, output_dir):  # type: ignore[no-untyped-def]
    from app.editors.import_dialog import MappingTable

    dialog = _open_import(qtbot)
    table = dialog.tabs.widget(0)
    assert isinstance(table, MappingTable)
    headers = [table.item(r, 0).text() for r in range(table.rowCount())]
    kind_col = headers.index("隔离方式")
    assert table.mapping()[kind_col] == "case.kind"
    assert "居家隔离" in table.item(kind_col, 1).text()  # samples shown beside the header
    assert dialog.plan.policies == {HOME_14: 4, MONITOR_7: 1, CENTRAL_7_7: 1}

    # The clerk says 隔离方式 is not to be imported: a row without a site is then taken as home observation.
    table.combos[kind_col].setCurrentIndex(0)
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    assert "重新“预览”" in dialog.summary.text()
    dialog.preview_button.click()
    wait_for_task(qtbot, dialog.task)
    assert dialog.plan is not None, dialog.summary.text()
    assert dialog.plan.policies == {HOME_14: 5, CENTRAL_7_7: 1}
    assert f"居家隔离医学观察 5 人 → “{HOME_14}”" in dialog.summary.text()

    # One policy for every row.
    dialog.policy.setCurrentIndex(dialog.policy.findText(MONITOR_7))
    assert dialog.plan is None and "管控政策已修改" in dialog.summary.text()
    dialog.preview_button.click()
    wait_for_task(qtbot, dialog.task)
    assert dialog.plan is not None, dialog.summary.text()
    assert dialog.plan.policies == {MONITOR_7: 6}
    save_screenshot(dialog, output_dir, "case_import_dialog_one_policy")  # lays the tables out first

    # Without a 姓名 column nothing can be planned: said inline, in red.
    name_col = headers.index("姓名")
    table.combos[name_col].setCurrentIndex(0)
    dialog.preview_button.click()
    assert "找不到“姓名”列" in dialog.summary.text()
    assert "c0392b" in dialog.summary.styleSheet()
    assert not dialog.import_button.isEnabled()
    assert Case.select().count() == 0


def test_a_cancelled_import_changes_nothing_and_asks_for_a_new_preview(qtbot, village, on_modal):  # type: ignore[no-untyped-def]
    dialog = _open_import(qtbot)
    apply = dialog.apply

    def cancelled_at_once(plan, progress):  # type: ignore[no-untyped-def]
        progress.cancelled = True  # as if the clerk pressed 取消 on the progress dialog at once
        return apply(plan, progress)

    dialog.apply = cancelled_at_once
    dialog.import_button.click()
    wait_for_task(qtbot, dialog.task)
    assert "已取消" in dialog.summary.text(), dialog.summary.text()
    assert "隔离台账没有任何改动" in dialog.summary.text() and "请重新“预览”" in dialog.summary.text()
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    assert Case.select().count() == 0

    dialog.apply = apply
    dialog.preview_button.click()
    wait_for_task(qtbot, dialog.task)
    assert dialog.plan is not None, dialog.summary.text()
    on_modal(lambda box: box.accept())
    dialog.import_button.click()
    wait_for_task(qtbot, dialog.task)  # the import, then its "导入完成" message
    assert dialog.result_summary, dialog.summary.text()
    assert Case.select().count() == 6


# --- policies ------------------------------------------------------------------------------------


def _spin(table, row: int):  # type: ignore[no-untyped-def]
    return table.cellWidget(row, 1)


def test_editing_a_policy_moves_no_case_until_it_is_applied(  # type: ignore[no-untyped-def]
    qtbot, village, on_modal, output_dir
):
    from app.quarantine.apply_policy_dialog import ApplyPolicyDialog
    from app.quarantine.policy_dialog import PolicyDialog
    from app.quarantine.policy_edit_dialog import PolicyEditDialog

    start = date.today() - timedelta(days=3)
    home = Policy.get(Policy.name == HOME_14)
    case = qa.open_case(village["zhang"], {"policy": home.id, "start_date": start})
    assert case.release_due == start + timedelta(days=14)

    dialog = PolicyDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    shown = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert shown[CENTRAL_7_7] == "7天集中隔离医学观察 + 7天居家健康监测"
    assert dialog.table.item(0, 2).text() == "从隔离开始之日算起"
    assert "已在管控中的对象仍按登记时的阶段计算" in dialog.unchanged.text()
    save_screenshot(dialog, output_dir, "policy_dialog")
    dialog.select(home.id)

    def edit(editor) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(editor, PolicyEditDialog)
        stages = editor.stages
        _spin(stages, 0).setValue(10)
        editor.findChild(QPushButton, "addStage").click()
        assert stages.rowCount() == 2
        stages.cellWidget(1, 0).setCurrentText(CaseKind.MONITOR.value)
        _spin(stages, 1).setValue(7)
        assert "合计 17 天" in editor.total.text()
        assert "第1天是隔离开始的那一天" in editor.rule.text()
        assert "最后一天为11月17日，11月18日解除" in editor.rule.text()  # worked example: 17 days from 1 Nov
        editor.from_exposure.setChecked(True)
        assert "末次接触" in editor.rule.text() and "次日" in editor.rule.text()
        editor.from_start.setChecked(True)
        save_screenshot(editor, output_dir, "policy_edit_dialog")
        qtbot.keyClick(editor.name, Qt.Key.Key_Return)  # Enter saves

    on_modal(edit)
    dialog.edit()
    assert Policy.get_by_id(home.id).stages == '[["居家隔离医学观察", 10], ["居家健康监测", 7]]'
    running = Case.get_by_id(case.id)
    assert running.release_due == start + timedelta(days=14)  # editing the policy moved no running case
    assert running.stages == '[["居家隔离医学观察", 14]]'
    assert "仍按原来的阶段计算" in dialog.status.text()

    def apply(chooser) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(chooser, ApplyPolicyDialog)
        assert chooser.checked_ids() == [case.id]  # on this policy but counted by its old stages
        new_due = start + timedelta(days=17)
        assert chooser.table.item(0, 6).text().startswith(f"{new_due.month}月{new_due.day}日")
        save_screenshot(chooser, output_dir, "apply_policy_dialog")

        def confirm(box) -> None:  # type: ignore[no-untyped-def]
            assert "1 个在管对象" in box.text() and "解除日期" in box.text()
            box.button(QMessageBox.StandardButton.Yes).click()

        on_modal(confirm)
        qtbot.keyClick(chooser.table, Qt.Key.Key_Return)  # Enter: the default button, 应用…

    on_modal(apply)
    dialog.apply_to_cases()
    moved = Case.get_by_id(case.id)
    assert moved.release_due == start + timedelta(days=17)
    assert moved.stages == Policy.get_by_id(home.id).stages
    event = CaseEvent.select().where(CaseEvent.case == case.id).order_by(CaseEvent.id.desc()).first()
    assert event.kind == "改用政策" and "10天居家隔离医学观察 + 7天居家健康监测" in event.reason
    assert "1 个在管对象改用" in dialog.status.text()


def test_new_policy_name_must_be_unique_and_retired_ones_are_greyed(qtbot, village, on_modal):  # type: ignore[no-untyped-def]
    from app.quarantine.policy_dialog import PolicyDialog

    dialog = PolicyDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    before = Policy.select().count()

    def add(editor) -> None:  # type: ignore[no-untyped-def]
        type_text(editor.name, MONITOR_7)
        qtbot.keyClick(editor.name, Qt.Key.Key_Return)
        assert editor.isVisible() and "已有名为" in editor.name_message.text()
        editor.name.clear()
        type_text(editor.name, "21天居家隔离")
        _spin(editor.stages, 0).setValue(21)
        editor.from_exposure.setChecked(True)
        qtbot.keyClick(editor.name, Qt.Key.Key_Return)

    on_modal(add)
    dialog.windowHandle().requestActivate()  # shortcuts reach only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=HANG_GUARD_MS)
    qtbot.keyClick(dialog.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    new = Policy.get(Policy.name == "21天居家隔离")
    assert (new.stages, new.count_from, Policy.select().count()) == (
        '[["居家隔离医学观察", 21]]',
        "exposure",
        before + 1,
    )
    assert dialog.current_id() == new.id
    dialog.retire_button.click()
    assert Policy.get_by_id(new.id).retired
    row = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())].index("21天居家隔离")
    assert dialog.table.item(row, 3).text() == "已停用"
    assert not dialog.apply_button.isEnabled() and dialog.retire_button.text() == "恢复使用"


# --- notice templates ----------------------------------------------------------------------------


def _template_dialog(qtbot, kind: str):  # type: ignore[no-untyped-def]
    from app.quarantine.template_dialog import TemplateDialog

    dialog = TemplateDialog(kind)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.windowHandle().requestActivate()  # shortcuts (Ctrl+S) reach only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=HANG_GUARD_MS)
    return dialog


def test_each_save_is_a_new_version_and_old_ones_are_kept(qtbot, village, on_modal, output_dir):  # type: ignore[no-untyped-def]
    from PyQt6.QtGui import QTextCursor

    dialog = _template_dialog(qtbot, "notice")
    assert dialog.text() == DEFAULT_NOTICE
    assert "默认文字" in dialog.version_info.text()
    assert not dialog.unknown.isVisible()
    # A placeholder clicked in the list goes in at the cursor.
    dialog.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(dialog.editor, "特此告知：")
    item = dialog.placeholders.item(0)
    qtbot.mouseClick(
        dialog.placeholders.viewport(), Qt.MouseButton.LeftButton, pos=dialog.placeholders.visualItemRect(item).center()
    )
    assert dialog.text().endswith("特此告知：{姓名}")
    type_text(dialog.note, "加一行落款")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # Enter saves
    first = Template.get((Template.kind == "notice") & (Template.version == 1))
    assert first.body == DEFAULT_NOTICE + "特此告知：{姓名}" and first.note == "加一行落款"

    dialog = _template_dialog(qtbot, "notice")
    assert dialog.text() == first.body and "第 1 版" in dialog.version_info.text()
    assert "存为第 2 版" in dialog.version_info.text()
    qtbot.keyClick(dialog.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and "相同" in dialog.message.text()  # nothing changed: no new version
    dialog.restore_default()
    assert dialog.text() == DEFAULT_NOTICE
    dialog.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(dialog.editor, "请于{解除日其}前")
    assert dialog.unknown.isVisible() and "{解除日其}" in dialog.unknown.text()
    save_screenshot(dialog, output_dir, "template_dialog_notice")
    dialog.save_button.click()  # a warning, not a refusal
    assert not dialog.isVisible()

    assert qa.current_template("notice").version == 2
    assert qa.current_template("notice").body == DEFAULT_NOTICE + "请于{解除日其}前"
    assert Template.get((Template.kind == "notice") & (Template.version == 1)).body == first.body
    assert qa.current_template("release_notice") is None

    # The release notice starts from its own default; Esc after typing asks before dropping the text.
    dialog = _template_dialog(qtbot, "release_notice")
    assert dialog.text() == DEFAULT_RELEASE_NOTICE
    save_screenshot(dialog, output_dir, "template_dialog_release_notice")
    type_text(dialog.editor, "改")

    def discard(box) -> None:  # type: ignore[no-untyped-def]
        assert "放弃" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()  # 放弃修改

    on_modal(discard)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert Template.select().where(Template.kind == "release_notice").count() == 0


def test_unknown_template_kind_is_a_programming_error(qtbot, village) -> None:  # type: ignore[no-untyped-def]
    from app.quarantine.template_dialog import TemplateDialog

    with pytest.raises(ValueError):
        TemplateDialog("seal")
