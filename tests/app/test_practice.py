"""Practice on the demo village: its own file and window, marked on top and in the title; never the ledger."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from PyQt6.QtWidgets import QApplication, QLabel

from db.connection import close_database, open_database
from db.models import Person, Village
from tests.conftest import HANG_GUARD_MS, ROOT, save_screenshot, settle

BANNER = "练习用的演示村庄：这里的人员都是编的，不是本村的台账。"
TODAY = date(2020, 2, 10)


def _practice_labels(window) -> list[QLabel]:  # type: ignore[no-untyped-def]
    return [label for label in window.findChildren(QLabel) if label.isVisible() and "练习" in label.text()]


def _open_window(qtbot, path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    from app.main_window import MainWindow

    window = MainWindow(path, first_run=False)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    settle(window)
    return window


def test_the_practice_file_is_marked_on_top_and_in_the_title_and_the_ledger_never(  # type: ignore[no-untyped-def]
    qtbot, village, db_path: Path, tmp_path: Path, output_dir
):
    from db.demo import build_demo_village

    ledger = _open_window(qtbot, db_path, tmp_path)
    assert _practice_labels(ledger) == [] and "练习" not in ledger.windowTitle()
    ledger.close()
    close_database()

    practice = tmp_path / "practice" / "practice.db"
    open_database(practice)
    build_demo_village(people=60, today=TODAY)
    window = _open_window(qtbot, practice, tmp_path)
    assert [label.text() for label in _practice_labels(window)] == [BANNER]
    banner = _practice_labels(window)[0]
    assert banner.mapTo(window, banner.rect().topLeft()).y() <= window.menuBar().height() + 2  # on top
    assert "【练习】" in window.windowTitle()
    save_screenshot(window, output_dir, "practice_window")


def test_practice_command_starts_this_program_on_the_practice_file(own_data_folder: Path, tmp_path: Path):
    from app.practice import practice_command
    from db.paths import default_db_path, practice_db_path

    command = practice_command()
    assert command[:3] == [sys.executable, "-m", "app"] and command[3:] == ["--practice"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [*command, "--smoke"],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_MS / 1000,
    )
    assert done.returncode == 0, done.stderr
    assert "main window shown" in done.stdout
    assert practice_db_path().is_file()
    assert practice_db_path().parent != default_db_path().parent  # its backups never mix with the ledger's
    assert not default_db_path().exists()  # the clerk's ledger is not even created


def test_the_windows_bundle_starts_itself_with_practice(monkeypatch: pytest.MonkeyPatch):
    """The bundle's exe is app.cli.main (installer/entry.py): it takes --practice without `-m app`."""
    from app.cli import build_parser
    from app.practice import practice_command

    exe = r"C:\Users\li\AppData\Local\Programs\村级疫情防控台账\village-ledger.exe"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", exe)
    command = practice_command()
    assert command == [exe, "--practice"]
    assert build_parser().parse_args(command[1:]).practice
    assert "from app.cli import main" in (ROOT / "installer" / "entry.py").read_text(encoding="utf-8")


def test_practice_option_builds_the_demo_once_in_its_own_file(  # type: ignore[no-untyped-def]
    qtbot, qapp, own_data_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_dir
):
    """`python -m app --practice` end to end, in this process: the first start builds the demo village off the
    UI thread, the window says it is practice; the clerk's ledger is never created."""
    from PyQt6.QtCore import QTimer

    from app.cli import main
    from app.main_window import MainWindow
    from db.paths import default_db_path, practice_db_path
    from db.queries import village as vq

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs the app's own; put back after
    name = qapp.applicationName()
    seen: dict[str, object] = {}

    def windows() -> list[MainWindow]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]

    def poll() -> None:
        shown = [w for w in windows() if w.db_path == practice_db_path()]
        window = shown[0] if shown else None
        if (
            window is None
            or window.task is None
            or not window.task.worker.isFinished()
            or window.roster.people.rowCount() == 0
        ):
            QTimer.singleShot(20, poll)
            return
        seen["title"] = window.windowTitle()
        seen["banner"] = [label.text() for label in _practice_labels(window)]
        seen["people"] = Person.select().count()
        save_screenshot(window, output_dir, "practice_first_start")
        window.close()  # the last window closed ends app.exec() (its posted quit), as when the clerk closes it

    QTimer.singleShot(0, poll)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(QApplication.quit)  # a hang guard only: the test fails below, it does not wait for it
    guard.start(HANG_GUARD_MS)
    try:
        code = main(["--practice", "--practice-people", "80"])
    finally:
        guard.stop()
        qapp.setApplicationName(name)
    assert code == 0
    assert seen, "the practice window never showed its demo village"
    assert seen["people"] == 80
    assert seen["banner"] == [BANNER] and "【练习】" in str(seen["title"])
    open_database(practice_db_path())
    try:
        assert vq.is_practice() and Person.select().count() == 80 and Village.select().count() == 1
    finally:
        close_database()
    assert not default_db_path().exists()
