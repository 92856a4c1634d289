"""The pushed list's import dialog: the source's remembered columns map themselves when it is chosen, the
preview says the list's facts, and importing writes the batch (off the UI thread, then a message)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PyQt6.QtCore import Qt

from db.imports.pushed import apply_pushed_plan
from db.models import PushedBatch
from forms.pushed_import import plan_pushed_import
from tests.conftest import HANG_GUARD_MS, close_next_message_box, save_screenshot
from tests.forms.pushed_lists import Row, railway

NOW = datetime(2026, 12, 3, 9, 30)


def test_source_maps_the_columns_then_imports(qtbot, village, tmp_path: Path, output_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from app.pushed.import_dialog import PushedImportDialog

    first = railway()
    first.header[4] = "乘车人"  # 姓名 by another name: the guess misses it
    path = first.write(tmp_path / "first.xlsx")
    plan = plan_pushed_import(path, "铁路", {0: "arrived_on", 4: "name", 5: "id_number", 6: "phone"})
    apply_pushed_plan(plan, NOW, 24)  # the source learns 乘车人 → 姓名

    second = railway()
    second.header[4] = "乘车人"
    second.rows.append(Row([None, "G1", "平安站", "武汉", "吴一", "", "", "", "", ""], name="吴一"))
    dialog = PushedImportDialog(second.write(tmp_path / "second.xlsx"), now=NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
    table = dialog.tabs.widget(0)
    assert table.combos[4].currentData() is None  # no source yet: 乘车人 is not read

    assert dialog.source.currentText() == "" and dialog.source.itemText(0) == "铁路"  # the sources seen before
    dialog.source.setFocus()
    qtbot.keyClick(dialog.source, Qt.Key.Key_Down)  # the first source offered
    assert dialog.source.currentText() == "铁路"
    assert table.combos[4].currentData() == "name" and dialog.plan is None
    qtbot.keyClick(dialog.preview_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
    text = dialog.summary.text()
    assert "来源：铁路" in text and "下发批次：LS-0312" in text and "反馈时限：2026-12-03 10:00" in text
    assert f"将导入 {len(second.items())} 人" in text
    save_screenshot(dialog, output_dir, "pushed_import_dialog_preview")

    seen: list[str] = []
    close_next_message_box(seen)
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result is not None and bool(seen), timeout=HANG_GUARD_MS)
    assert "已导入核查名单" in seen[0]
    batch = PushedBatch.get_by_id(dialog.result.batch_id)
    assert batch.received_at == NOW and batch.source.name == "铁路" and batch.items.count() == len(second.items())
