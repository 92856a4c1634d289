"""The import dialog when another program imported the same roster between the clerk's preview and 开始导入:
the clerk is told to check again, nothing is written, and the fresh preview imports nobody twice."""

from __future__ import annotations

from db.models import AuditEntry, Household, Person
from forms.roster_import import import_roster
from tests.conftest import DATA, HANG_GUARD_MS, wait_for_task
from tests.other_writer import run_elsewhere

ROSTER = DATA / "messy_roster.xlsx"


def test_an_outdated_preview_is_refused_and_a_fresh_one_imports(qtbot, main_window, on_modal) -> None:  # type: ignore[no-untyped-def]
    from app.roster.import_dialog import ImportDialog

    dialog = ImportDialog(ROSTER, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
    assert "将新建 7 户、15 人" in dialog.summary.text()

    run_elsewhere(lambda: import_roster(ROSTER))  # a headless import on its own connection, to its end
    counts = (Person.select().count(), Household.select().count(), AuditEntry.select().count())

    dialog.import_button.click()
    wait_for_task(qtbot, dialog.task)
    assert "预览之后，台账已被另一个窗口或命令修改，这次没有导入任何数据。" in dialog.summary.text()
    assert "请重新“预览”后再导入" in dialog.summary.text() and not dialog.import_button.isEnabled()
    assert dialog.result_summary == ""
    assert (Person.select().count(), Household.select().count(), AuditEntry.select().count()) == counts

    dialog.preview_button.click()
    wait_for_task(qtbot, dialog.task)
    assert "将新建 0 户、0 人" in dialog.summary.text()
    on_modal(lambda box: box.accept())  # the "导入完成" message
    dialog.import_button.click()
    wait_for_task(qtbot, dialog.task)
    assert dialog.result_summary.startswith("新建 0 户、0 人")
    assert (Person.select().count(), Household.select().count()) == counts[:2]
