"""The main window: left navigation of modules, the module page on the right."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtWidgets import QMainWindow, QLabel


class MainWindow(QMainWindow):
    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self.setWindowTitle("村级疫情防控台账")
        self.setCentralWidget(QLabel("户籍花名册"))
        self.resize(1200, 760)
