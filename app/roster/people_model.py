"""People of the current selection and search, fetched a page at a time as the view scrolls."""

from __future__ import annotations

import dataclasses
import sqlite3
import weakref
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, Qt, pyqtSignal
from PyQt6.QtGui import QColor

from db.base import database
from db.models.household import LEFT_STATUSES
from db.queries.people import Scope, count_people, person_record, search_people
from db.rules.household_numbers import format_number
from forms.definitions import HOUSEHOLD, PERSON
from forms.kinds import Choice, IdNumber, Kind, Phone, YesNo
from forms.types import Field

PAGE_SIZE = 200
_TOP = QModelIndex()  # the table's (invalid) parent, Qt's default argument
ID_ROLE = Qt.ItemDataRole.UserRole + 1

#: The special-group flags (60岁以上, 慢性病, 孕产妇 …) as the definition declares them.
FLAG_FIELDS = tuple(f for f in PERSON.table_fields if isinstance(f.kind, YesNo))
#: What the 标记 column calls each flag: short enough that a person's flags fit one narrow column.
SHORT_FLAG_NAMES = {"senior": "老人", "chronic": "慢病", "pregnant": "孕产", "disabled": "残疾", "lives_alone": "独居"}
FLAG_SEPARATOR = " "


def _flags_of(record: Mapping[str, Any]) -> list[Field]:
    return [f for f in FLAG_FIELDS if (f.compute(record) if f.compute else record.get(f.name))]


def flags_text(record: Mapping[str, Any]) -> str:
    return FLAG_SEPARATOR.join(SHORT_FLAG_NAMES.get(f.name, f.label) for f in _flags_of(record))


#: The person's fields a clerk reads in the list: the definition's table fields in its order, the household's
#: number after the name (the address and household are in the tree), the flags folded into one 标记 column
#: and the note last, where it takes the room left.
SHOWN_FIELDS = (
    "name",
    "household_number",
    *(f.name for f in PERSON.table_fields if f.name not in ("name", "note") and not isinstance(f.kind, YesNo)),
    "flags",
    "note",
)
_EXTRA = {
    "household_number": dataclasses.replace(HOUSEHOLD.field("number"), name="household_number"),
    "flags": Field("flags", "标记", Kind(), compute=flags_text),
}
_LEFT = {s.value for s in LEFT_STATUSES}
#: Made-up values with the widest shape a masked column shows, to measure it by (never shown).
_MASKED_SAMPLES = {IdNumber: "410122199001011234", Phone: "13800000000"}


def widest_text(field: Field) -> str:
    """The widest text a column shows, from its definition: a choice's longest value, a masked number's
    mask, the flags all set; otherwise the definition's width in characters (Excel's unit, a digit)."""
    if isinstance(field.kind, Choice):
        return max(field.kind.choices, key=len)
    sample = _MASKED_SAMPLES.get(type(field.kind))
    if sample is not None:
        return field.kind.display(sample, masked=True)
    if field.name == "flags":
        return FLAG_SEPARATOR.join(SHORT_FLAG_NAMES.get(f.name, f.label) for f in FLAG_FIELDS)
    if field.name == "household_number":
        return format_number(0, 0)  # the shape the program gives (01-0001); a longer imported one is cut
    if field is LAST_COLUMN:
        return ""  # it takes the room left (its header's width at least)
    return "0" * field.width


def _columns() -> tuple[Field, ...]:
    own = {f.name: f for f in PERSON.table_fields}
    return tuple(_EXTRA.get(name) or own[name] for name in SHOWN_FIELDS)


COLUMNS = _columns()
LAST_COLUMN = COLUMNS[-1]


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
        # The counting thread is the model's own: shut down with it (shutdown(), or when it is collected).
        self._finalizer = weakref.finalize(self, self._counter.shutdown, wait=False, cancel_futures=True)
        self._counted.connect(self._on_counted)
        self.columns: tuple[Field, ...] = COLUMNS
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
        elif not self._finalizer.alive:  # shut down: no more counting in the background
            self.total = count_people(self.query_text, self.scope)
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

    def shutdown(self) -> None:
        """End the counting thread (waiting for a count under way); later totals are counted in place."""
        if self._finalizer.detach() is not None:
            self._counter.shutdown(wait=True, cancel_futures=True)

    def wait_for_total(self) -> None:
        """Block until the pending count is in (for tests and the benchmark)."""
        if not self._finalizer.alive:
            return
        self._counter.submit(lambda: None).result()

    def canFetchMore(self, parent: QModelIndex = _TOP) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex = _TOP) -> None:
        if parent.isValid() or self._exhausted:
            return
        page = search_people(self.query_text, self.scope, PAGE_SIZE, offset=len(self.rows))
        self._exhausted = len(page) < PAGE_SIZE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    # --- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = _TOP) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = _TOP) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
        if role == Qt.ItemDataRole.ToolTipRole and field.name == "flags":  # the flags' full names
            record = self._records.get(index.row()) or person_record(row)
            return "、".join(f.label for f in _flags_of(record)) or None
        if role == Qt.ItemDataRole.ToolTipRole and field is LAST_COLUMN:  # a long note, whole
            return row[field.name] or None
        if role == Qt.ItemDataRole.ForegroundRole and row["status"] in _LEFT:
            return QColor("#888888")
        return None

    def person_id(self, row: int) -> int | None:
        return self.rows[row]["id"] if 0 <= row < len(self.rows) else None

    def row_of(self, person_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r["id"] == person_id), None)
