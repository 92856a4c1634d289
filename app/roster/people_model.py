"""People of the current selection and search, fetched a page at a time as the view scrolls."""

from __future__ import annotations

import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, Qt, pyqtSignal
from PyQt6.QtGui import QColor

from db.base import database
from db.models.household import LEFT_STATUSES
from db.queries.people import Scope, count_people, person_record, search_people
from forms.definitions import PERSON
from forms.types import Field, Kind

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1

#: Household columns shown beside the person's own table fields.
EXTRA_COLUMNS = (Field("household_number", "户号", Kind()), Field("address", "住址", Kind()))
_LEFT = {s.value for s in LEFT_STATUSES}


def _count_in_thread(query_text: str, scope: Scope) -> int:
    with database.connection_context():  # this thread's own connection, closed again
        return count_people(query_text, scope)


class PeopleTableModel(QAbstractTableModel):
    """Rows come from db.queries.people in roster order; ID numbers and phones are shown masked.

    The first page is fetched at once; when it is full, the total is counted in a background thread
    (a count scans every match) and announced by `total_changed`, so typing never waits for it.
    """

    total_changed = pyqtSignal(int)
    _counted = pyqtSignal(int, int)  # (generation, total), from the counting thread

    def __init__(self) -> None:
        super().__init__()
        self._generation = 0
        self._counter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="people-count")
        self._counted.connect(self._on_counted)
        self.columns: tuple[Field, ...] = PERSON.table_fields[:1] + EXTRA_COLUMNS + PERSON.table_fields[1:]
        self.rows: list[sqlite3.Row] = []
        self._records: dict[int, dict[str, Any]] = {}  # rows turned into records as they are shown
        self.query_text = ""
        self.scope = Scope()
        self.total: int | None = 0
        self._exhausted = True

    # --- loading ------------------------------------------------------------------------------

    def set_filter(self, query_text: str | None = None, scope: Scope | None = None) -> None:
        """Show the first page for a new search or selection; the total is counted once."""
        if query_text is not None:
            self.query_text = query_text
        if scope is not None:
            self.scope = scope
        self._load(PAGE_SIZE)

    def refresh(self) -> None:
        """Reload after an edit, keeping as many rows loaded as before."""
        self._load(max(len(self.rows), PAGE_SIZE))

    def _load(self, wanted: int) -> None:
        self.beginResetModel()
        self.rows = search_people(self.query_text, self.scope, wanted)
        self._records.clear()
        self._exhausted = len(self.rows) < wanted
        self.endResetModel()
        self._generation += 1
        if self._exhausted:
            self.total = len(self.rows)
            self.total_changed.emit(self.total)
        else:
            self.total = None
            generation = self._generation
            future = self._counter.submit(_count_in_thread, self.query_text, self.scope)
            future.add_done_callback(lambda done, g=generation: self._deliver(g, done))

    def _deliver(self, generation: int, future: Future[int]) -> None:
        if future.exception() is None:
            self._counted.emit(generation, future.result())

    def _on_counted(self, generation: int, total: int) -> None:
        if generation == self._generation:  # a newer search has started since: drop it
            self.total = total
            self.total_changed.emit(total)

    def wait_for_total(self) -> None:
        """Block until the pending count is in (for tests and the benchmark)."""
        self._counter.submit(lambda: None).result()

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802 - Qt API
        if parent.isValid() or self._exhausted:
            return
        page = search_people(self.query_text, self.scope, PAGE_SIZE, offset=len(self.rows))
        self._exhausted = len(page) < PAGE_SIZE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    # --- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        field = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            record = self._records.get(index.row())
            if record is None:
                record = self._records[index.row()] = person_record(row)
            value = field.compute(record) if field.compute else record.get(field.name)
            text = field.kind.display(value, masked=field.kind.masked)
            return text
        if role == ID_ROLE:
            return row["id"]
        if role == Qt.ItemDataRole.ForegroundRole and row["status"] in _LEFT:
            return QColor("#888888")
        return None

    def person_id(self, row: int) -> int | None:
        return self.rows[row]["id"] if 0 <= row < len(self.rows) else None

    def row_of(self, person_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r["id"] == person_id), None)
