"""The window keeps the clerk's data backed up without being asked: a daily copy and one on exit."""

from __future__ import annotations

from pathlib import Path

from db import backups
from tests.conftest import join_backup, make_administrator, wait_for_task


def test_daily_backup_at_start_and_one_on_exit(qtbot, main_window, db_path: Path):  # type: ignore[no-untyped-def]
    join_backup(main_window)
    labels = [path.name.split("_")[1] for _made, path in backups.backups_in(backups.folder_for(db_path))]
    assert labels == ["daily"]
    main_window.close()
    labels = [path.name.split("_")[1] for _made, path in backups.backups_in(backups.folder_for(db_path))]
    assert labels == ["exit"]  # the same day: rotation keeps the newest routine copy
    assert all(not backups.problems(path) for _made, path in backups.backups_in(backups.folder_for(db_path)))


def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 2 + 2048] = b"\xff" * 2048
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_restored_from_the_newest_good_backup_when_the_clerk_agrees(  # type: ignore[no-untyped-def]
    qtbot, village, db_path: Path, tmp_path: Path, on_modal, monkeypatch
):
    from PyQt6.QtWidgets import QMessageBox

    from app.main_window import MainWindow
    from db.connection import close_database
    from db.models import Person

    good = backups.make_backup(db_path, "daily")
    close_database()
    with __import__("sqlite3").connect(db_path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _scribble(db_path)
    assert backups.problems(db_path, thorough=False)

    window = MainWindow(db_path, first_run=True)
    qtbot.addWidget(window)
    asked: list[str] = []

    def agree(box) -> None:  # type: ignore[no-untyped-def]
        asked.append(box.text())
        on_modal(make_administrator)  # the backup was made before accounts: it asks for its administrator
        box.button(QMessageBox.StandardButton.Yes).click()

    on_modal(agree)
    window.start()
    assert "最近的完好备份" in asked[0] and "2 户、4 人" in asked[0]
    assert Person.select().count() == 4
    assert not backups.problems(db_path)
    damaged = [p for _m, p in backups.backups_in(backups.folder_for(db_path)) if "_damaged_" in p.name]
    assert len(damaged) == 1 and damaged[0].stat().st_size > 0
    assert good.exists()
    window.close()


def test_a_foreign_file_is_never_opened_or_replaced(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    import pytest

    from app.main_window import MainWindow
    from db.errors import LedgerError

    path = tmp_path / "ledger.db"
    path.write_text("这是一份说明文字，不是数据库")
    window = MainWindow(path, first_run=False)
    qtbot.addWidget(window)
    with pytest.raises(LedgerError, match="不是本程序的数据库文件"):
        window.start()
    assert path.read_text() == "这是一份说明文字，不是数据库"


def test_restore_from_the_window_shows_what_it_brings_back(
    qtbot, main_window, village, db_path: Path, on_modal, output_dir
):  # type: ignore[no-untyped-def]
    from PyQt6.QtWidgets import QMessageBox

    from app.backup_dialog import BackupDialog
    from db import changes
    from db.models import Person
    from tests.conftest import save_screenshot

    join_backup(main_window)
    dialog = BackupDialog(db_path, main_window.restore_backup, main_window)
    qtbot.addWidget(dialog)
    dialog.back_up(None)
    wait_for_task(qtbot, dialog.task)
    assert "已备份并检查" in dialog.message.text(), dialog.message.text()
    assert dialog.table.item(0, 1).text() == "手动" and dialog.table.item(0, 3).text() == "4"
    with changes.transaction("改名") as cs:
        cs.update(Person.get_by_id(village["zhang"]), {"name": "张三"})
    dialog.show()
    save_screenshot(dialog, output_dir, "backup_dialog")

    def agree(box) -> None:  # type: ignore[no-untyped-def]
        assert "4 人" in box.text() and "恢复前" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    on_modal(agree)
    dialog.table.selectRow(0)
    dialog.restore_selected()
    assert Person.get_by_id(village["zhang"]).name == "张三丰"
    assert any(held.label == "before-restore" for held in dialog.held)
