"""A list of things waiting for the clerk (首页's 入户排查异常, 卡点异常): a table of lines, the buttons that act
on the chosen one, and a line saying what was just done. Enter or a double click does `act()`.

A subclass gives the headings and widths, `read()` for the lines, `cells(line)` for a row's texts, the
buttons (`add_button`) and `act()`; `follow()` enables the buttons for the chosen line.
"""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QKeyEvent
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_STYLE

_DONE_STYLE = "color: #2e6da4;"
ROW_HEIGHT = 24


class _Table(QTableWidget):
    def __init__(self, owner: ActionList, columns: int) -> None:
        super().__init__(0, columns, owner)
        self.owner = owner

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if event is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.owner.act()
            return
        super().keyPressEvent(event)


class ActionList(QWidget):
    """`refresh()` reads the lines again; `lines` holds what is shown, `current()` the chosen one."""

    def __init__(
        self, name: str, headings: tuple[str, ...], widths: tuple[int, ...], stretch: int, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.lines: list[Any] = []
        self.message = QLabel()
        self.message.setObjectName(f"{name}Message")
        self.table = _Table(self, len(headings))
        self.table.setObjectName(name)
        self.table.setHorizontalHeaderLabels(list(headings))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.doubleClicked.connect(lambda _index: self.act())
        header = self.table.horizontalHeader()
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # As short as the header and one row allow: 首页 must fit a 1366×768 screen at 150 % with its tiles.
        self.table.setMinimumHeight(header.sizeHint().height() + ROW_HEIGHT + 2 * self.table.frameWidth())
        self.table.currentCellChanged.connect(lambda *_a: self.follow())
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table)

    def add_button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons.addWidget(button)
        return button

    def read(self) -> list[Any]:
        raise NotImplementedError

    def cells(self, line: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def act(self) -> None:
        raise NotImplementedError

    def follow(self) -> None:
        """Enable the buttons for the chosen line (none by default)."""

    def refresh(self) -> None:
        self.lines = self.read()
        row = self.table.currentRow()
        self.table.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            for column, text in enumerate(self.cells(line)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, column, item)
        if self.lines:
            self.table.setCurrentCell(min(max(row, 0), len(self.lines) - 1), 0)
        self.follow()

    def current(self) -> Any:
        row = self.table.currentRow()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def tell(self, text: str, problem: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if problem else _DONE_STYLE)
        self.message.setText(text)

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """What was just done is said until the clerk leaves the page."""
        self.message.clear()
        super().hideEvent(event)
