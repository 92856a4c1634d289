"""Start the Qt application on a database."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication

from db.connection import close_database, open_database


def run_gui(db_path: Path, smoke: bool = False) -> int:
    """Show the main window; with smoke, open the database and window offscreen and exit at once."""
    if smoke:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("村级疫情防控台账")
    open_database(db_path)
    from app.main_window import MainWindow

    window = MainWindow(db_path)
    window.show()
    if smoke:
        print("main window shown", flush=True)  # the installer check and the benchmark read this
        QTimer.singleShot(0, window.close)
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    close_database()
    return code
