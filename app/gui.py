"""Start the Qt application: show the main window first, then open the database and fill it."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication, QMessageBox


def freeze_startup_objects() -> None:
    """Keep what start-up built (Qt wrappers, the roster's rows, modules) out of later full garbage
    collections: each one would otherwise walk them all, a pause of tens of ms in the middle of typing."""
    gc.collect()
    gc.freeze()


def run_gui(db_path: Path, smoke: bool = False, practice_people: int | None = None) -> int:
    """Show the main window; with smoke, open the database and window offscreen and exit at once.
    practice_people: db_path is the practice file (app/practice.py), built with that many people if empty."""
    if smoke:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("村级疫情防控台账")
    from app.translations import install_translations

    install_translations(app)  # Qt's own buttons and menus in Chinese; --smoke reports a missing file
    from app import error_hook

    error_hook.install()
    from app.main_window import MainWindow
    from app.single_instance import InstanceGuard

    guard = InstanceGuard(db_path)
    if guard.another_is_running():
        print(f"该数据库已在另一个窗口中打开，已切换到那个窗口：{db_path}", file=sys.stderr)
        return 0
    guard.listen()
    window = MainWindow(db_path, first_run=not smoke, practice_people=practice_people)  # a check asks nothing
    guard.raise_requested.connect(window.bring_forward)
    window.show()
    if smoke:
        print("main window shown", flush=True)  # the installer check and the benchmark read this
    failure: list[Exception] = []

    def start() -> None:
        from db.errors import LedgerError

        try:
            window.start()
            freeze_startup_objects()
        except LedgerError as exc:  # a database from a newer program, say: tell the clerk, then close
            failure.append(exc)
            if not smoke:
                QMessageBox.critical(window, "无法打开数据库", str(exc))
            window.close()
        if smoke:
            from app.self_check import smoke_problems

            if not failure:  # the database is open: check the data files, write a PDF and a workbook
                failure.extend(LedgerError(problem) for problem in smoke_problems())
            window.close()
            app.quit()

    QTimer.singleShot(0, start)
    code = app.exec()
    from db.connection import close_database

    close_database()
    if failure:
        print(f"错误：{failure[0]}", file=sys.stderr)
        return 2
    return code
