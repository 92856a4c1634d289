"""Village → grid → household tree (a grid's households are loaded when it is first expanded), and what the
roster shows instead while nobody is in it yet."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QModelIndex, Qt
from PyQt6.QtGui import QStandardItem, QStandardItemModel
from PyQt6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.queries import village as village_queries

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_PLACEHOLDER = "…"


class VillageTreeModel(QStandardItemModel):
    """Items carry (kind, id): kind is "village", "grid" or "household"."""

    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalHeaderLabels(["村 / 网格 / 户"])

    def reload(self, totals: tuple[int, int]) -> None:
        """Rebuild from the database; totals are the village's (households, people)."""
        self.clear()
        self.setHorizontalHeaderLabels(["村 / 网格 / 户"])
        village = village_queries.village()
        households, people = totals
        root = _item(f"{village.name if village else '本村'}（{households} 户 {people} 人）", "village", 0)
        self.appendRow(root)
        for grid in village_queries.grid_rows():
            label = f"{grid.name}（{grid.households} 户 {grid.people} 人）"
            item = _item(label, "grid", grid.id)
            if grid.worker:
                item.setToolTip(f"网格员：{grid.worker}")
            if grid.households:
                item.appendRow(QStandardItem(_PLACEHOLDER))
            root.appendRow(item)

    def ensure_loaded(self, index: QModelIndex) -> None:
        """Fill a grid's households on first expansion."""
        item = self.itemFromIndex(index)
        if item is None or item.data(KIND_ROLE) != "grid":
            return
        if item.rowCount() == 1 and item.child(0).data(KIND_ROLE) is None:
            item.removeRow(0)
            for h in village_queries.household_rows(item.data(ID_ROLE)):
                label = f"{h.number}  {h.head_name or '（无户主）'}  {h.door_no}（{h.people} 人）"
                item.appendRow(_item(label, "household", h.id))

    def find(self, kind: str, record_id: int) -> QModelIndex:
        for item in self._walk(self.invisibleRootItem()):
            if item.data(KIND_ROLE) == kind and item.data(ID_ROLE) == record_id:
                return item.index()
        return QModelIndex()

    def _walk(self, parent: QStandardItem):  # type: ignore[no-untyped-def]
        for row in range(parent.rowCount()):
            child = parent.child(row)
            yield child
            yield from self._walk(child)


def _item(text: str, kind: str, record_id: int) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(kind, KIND_ROLE)
    item.setData(record_id, ID_ROLE)
    return item


EMPTY_HINT = "还没有人员。先导入花名册，或新建户。"


def empty_roster_hint(import_roster: Callable[[], None], new_household: Callable[[], None]) -> QWidget:
    """What a new village's roster says and offers instead of an empty table."""
    hint = QWidget()
    hint.setObjectName("emptyRoster")
    label = QLabel(EMPTY_HINT)
    label.setObjectName("emptyRosterHint")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("font-size: 15px;")
    import_button = QPushButton("导入花名册…")
    import_button.setObjectName("emptyRosterImport")
    import_button.clicked.connect(lambda: import_roster())
    new_button = QPushButton("新建户")
    new_button.setObjectName("emptyRosterNewHousehold")
    new_button.clicked.connect(lambda: new_household())
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    buttons.addWidget(import_button)
    buttons.addWidget(new_button)
    buttons.addStretch(1)
    layout = QVBoxLayout(hint)
    layout.addStretch(1)
    layout.addWidget(label)
    layout.addLayout(buttons)
    layout.addStretch(2)
    return hint
