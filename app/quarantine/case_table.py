"""A read-only table of cases (CaseLine rows) used by 首页 and the ledger; IDs and phones masked."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from db.models.quarantine import CaseStatus
from db.queries.cases import CaseLine
from db.rules.chinese_dates import short_date
from db.rules.id_number import mask_id_number
from forms.case_fields import RESPONSIBLE
from forms.parsing.phones import mask_phone

#: (header, value of a line, width in pixels)
COLUMNS: tuple[tuple[str, Callable[[CaseLine], str], int], ...] = (
    ("姓名", lambda c: c.name, 80),
    ("网格", lambda c: c.grid, 60),
    ("地址", lambda c: c.address, 150),
    ("管控方式", lambda c: c.kind, 130),
    ("状态", lambda c: c.status, 70),
    ("开始", lambda c: short_date(c.start_date), 70),
    ("最后一天", lambda c: short_date(c.last_day), 80),
    ("应解除", lambda c: short_date(c.release_due), 80),
    ("身份证号", lambda c: mask_id_number(c.id_number) if c.id_number else "", 160),
    ("电话", lambda c: mask_phone(c.phone) if c.phone else "", 110),
    (RESPONSIBLE, lambda c: c.grid_worker, 80),
)


class CaseTable(QTableWidget):
    """Emits open_case(case id) on double-click or Enter."""

    open_case = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None, extra: Sequence[tuple[str, int]] = ()) -> None:
        super().__init__(0, len(COLUMNS) + len(extra), parent)
        self.extra = tuple(extra)
        self.setHorizontalHeaderLabels([h for h, _v, _w in COLUMNS] + [h for h, _w in extra])
        for column, (_h, _v, width) in enumerate(COLUMNS):
            self.setColumnWidth(column, width)
        for offset, (_h, width) in enumerate(extra):
            self.setColumnWidth(len(COLUMNS) + offset, width)
            # Shown right after the name: a fever's reading or a need is what the list is for, and the
            # case's own columns already fill the width of the window.
            self.horizontalHeader().moveSection(len(COLUMNS) + offset, 1 + offset)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setDefaultSectionSize(26)
        self.lines: list[CaseLine] = []
        self.cellDoubleClicked.connect(lambda row, _column: self._open(row))

    def set_lines(self, lines: Sequence[CaseLine], extra_values: Sequence[Sequence[str]] | None = None) -> None:
        self.lines = list(lines)
        self.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            values = [value(line) for _h, value, _w in COLUMNS] + list(extra_values[row] if extra_values else [])
            grey = line.status not in (CaseStatus.ACTIVE.value, CaseStatus.MISSING.value)
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if grey:
                    item.setForeground(QColor("#888888"))
                self.setItem(row, column, item)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [self.lines[r].id for r in rows]

    def current_id(self) -> int | None:
        row = self.currentRow()
        return self.lines[row].id if 0 <= row < len(self.lines) else None

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
        from PyQt6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self._open(self.currentRow())
            return
        super().keyPressEvent(event)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            self.open_case.emit(self.lines[row].id)
