"""The window keeps the clerk's data backed up without being asked: a daily copy and one on exit."""

from __future__ import annotations

from pathlib import Path

from db import backups


def test_daily_backup_at_start_and_one_on_exit(qtbot, main_window, db_path: Path):  # type: ignore[no-untyped-def]
    main_window._backup_thread.join(timeout=30)
    labels = [path.name.split("_")[1] for _made, path in backups.backups_in(backups.folder_for(db_path))]
    assert labels == ["daily"]
    main_window.close()
    labels = [path.name.split("_")[1] for _made, path in backups.backups_in(backups.folder_for(db_path))]
    assert labels == ["exit"]  # the same day: rotation keeps the newest routine copy
    assert all(not backups.problems(path) for _made, path in backups.backups_in(backups.folder_for(db_path)))
