"""The import dialogs' "识别的说法" table, driven offscreen on a real database: the clerk sees how the words of
the choice columns were read, corrects one, the preview follows, and the next file is read the same way."""

from __future__ import annotations

import json
from pathlib import Path

from PyQt6.QtWidgets import QComboBox, QTableWidget

from db.models import AuditEntry, Setting
from tests.conftest import HANG_GUARD_MS, save_screenshot
from tests.forms.test_choice_words import _ledger, _roster


def _groups(dialog) -> QTableWidget:  # type: ignore[no-untyped-def]
    table = dialog.findChild(QTableWidget, "choiceGroups")
    assert table is not None
    return table


def _rows(table: QTableWidget) -> dict[tuple[str, str], tuple[str, str]]:
    """(field, words) → (count, value the combo shows)."""
    rows = {}
    for r in range(table.rowCount()):
        combo = table.cellWidget(r, 3)
        assert isinstance(combo, QComboBox)
        rows[(table.item(r, 0).text(), table.item(r, 1).text())] = (table.item(r, 2).text(), combo.currentText())
    return rows


def _open(qtbot, dialog_class, path: Path):  # type: ignore[no-untyped-def]
    dialog = dialog_class(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
    return dialog


def test_a_corrected_group_is_remembered_and_read_so_next_time(  # type: ignore[no-untyped-def]
    qtbot, village, tmp_path, output_dir
) -> None:
    from app.quarantine.case_import_dialog import CaseImportDialog

    dialog = _open(qtbot, CaseImportDialog, _ledger(tmp_path / "台账.xlsx"))
    table = _groups(dialog)
    assert table.isVisibleTo(dialog)
    rows = _rows(table)
    assert rows[("隔离原因", "武汉返乡")] == ("×2", "重点地区返回")
    assert rows[("隔离原因", "探亲")] == ("×2", "其他")
    assert rows[("隔离方式", "居家观察")] == ("×7", "居家隔离医学观察")
    assert rows[("隔离方式", "自我隔离")] == ("×1", "（留空）")
    save_screenshot(dialog, output_dir, "import_choice_groups")

    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "探亲")
    combo = table.cellWidget(row, 3)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText("密切接触者"))  # as the clerk picks it
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)  # previewed again at once
    assert _rows(_groups(dialog))[("隔离原因", "探亲")] == ("×2", "密切接触者")
    assert {c.values["reason"] for c in dialog.plan.cases if c.values.get("reason_text") == "探亲"} == {"密切接触者"}
    assert json.loads(Setting.get_by_id("choice_words.case.reason").value) == {"探亲": "密切接触者"}
    assert AuditEntry.select().where(AuditEntry.table == "setting").count() == 1
    dialog.reject()

    later = _open(qtbot, CaseImportDialog, _ledger(tmp_path / "下个月.xlsx", [("孙一", "居家观察", "探亲")]))
    assert [c.values["reason"] for c in later.plan.cases] == ["密切接触者"]
    assert "按上次的修改" in _groups(later).item(1, 4).text()
    later.reject()


def test_the_roster_dialog_shows_its_groups(qtbot, village, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.roster.import_dialog import ImportDialog

    dialog = _open(qtbot, ImportDialog, _roster(tmp_path / "花名册.xlsx"))
    rows = _rows(_groups(dialog))
    assert rows[("与户主关系", "侄子")] == ("×1", "其他")
    assert rows[("性别", "男性")] == ("×1", "男")
    dialog.reject()
