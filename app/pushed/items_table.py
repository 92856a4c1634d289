"""The names of one pushed list (ItemLine rows): what the township sent, who we think it is, where it stands.

ID numbers and phones are masked. The proposed roster person is shown with the reason and how sure the
match is ("身份证号差一位，姓名相同 90%"); a match still waiting for the clerk's word is yellow and says
"待确认：" before the person (words, so colour is never the only sign), a closed item is grey.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from db.models.household import PersonStatus
from db.queries.pushed import ItemLine
from db.rules.chinese_dates import short_date
from db.rules.id_number import mask_id_number
from db.rules.phones import mask_phone

GONE = (PersonStatus.MOVED_OUT.value, PersonStatus.DECEASED.value)
#: Background of a match the clerk has not confirmed yet.
UNCONFIRMED_COLOUR = "#fff1c2"
CLOSED_TEXT = "#888888"
_PADDING = 14
#: The filters over the list: their words and which lines they keep.
FILTERS: dict[str, Callable[[ItemLine], bool]] = {
    "全部": lambda _line: True,
    "待确认匹配": lambda line: line.needs_confirmation,
    "未闭环": lambda line: not line.closed,
    "已闭环": lambda line: line.closed,
}


def match_person(line: ItemLine) -> str:
    """Who on the roster the name is taken to be ("张三丰（12号 张三丰户）"), or that nobody fits."""
    if line.person_id is None:
        return "花名册中未找到"
    gone = f"·{line.person_status}" if line.person_status in GONE else ""
    waiting = "待确认：" if line.needs_confirmation else ""
    return f"{waiting}{line.person_name}（{line.person_place}{gone}）"


def match_reason(line: ItemLine) -> str:
    """Why and how sure: "身份证号差一位，姓名相同 90%", and how many others fit as well."""
    if line.person_id is None:
        return ""
    text = f"{line.match_reason} {line.match_strength}%" if line.match_reason else "已指定"
    return text + (f"，另有 {len(line.candidates)} 人符合" if line.candidates else "")


def _checked(line: ItemLine) -> str:
    if line.checked_at is None:
        return line.checker
    return f"{line.checker} {short_date(line.checked_at.date())} {line.checked_at:%H:%M}".strip()


@dataclass(frozen=True)
class Column:
    """A column of the names' list: its header, its text for a line, and the text it is sized to."""

    header: str
    value: Callable[[ItemLine], str]
    sample: str


COLUMNS = (
    Column("行", lambda i: str(i.row_no), "999"),
    Column("姓名", lambda i: i.name, "欧阳三丰"),
    Column("身份证号", lambda i: mask_id_number(i.id_number) if i.id_number else "", "110105********002X"),
    Column("电话", lambda i: mask_phone(i.phone) if i.phone else "", "138****5678"),
    Column("来源地", lambda i: i.origin, "河北省石家庄市"),
    Column("到达", lambda i: short_date(i.arrived_on) if i.arrived_on else "", "12月31日"),
    Column("花名册人员", match_person, "待确认：张三丰（12号 张三丰户）"),
    Column("匹配依据", match_reason, "身份证号差一位，姓名相同 90%"),
    Column("状态", lambda i: i.status, "已纳入管控"),
    Column("核查结果", lambda i: i.result, "已核实在本村"),
    Column("核查人/时间", _checked, "李文书 12月31日 23:59"),
)
HEADERS = tuple(c.header for c in COLUMNS)


class ItemsModel(QAbstractTableModel):
    """The lines as a table model: texts are made when a row is drawn, so a list of 40,000 names shows at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[ItemLine] = []

    def set_lines(self, lines: Sequence[ItemLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.lines):
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = COLUMNS[column].value(line)
            return text if text or role == Qt.ItemDataRole.DisplayRole else None
        matched = column in _MATCHED
        if role == Qt.ItemDataRole.ForegroundRole and (line.closed or (matched and line.person_id is None)):
            return QColor(CLOSED_TEXT)
        if role == Qt.ItemDataRole.BackgroundRole and matched and not line.closed and line.needs_confirmation:
            return QColor(UNCONFIRMED_COLOUR)
        return None


_MATCHED = (HEADERS.index("花名册人员"), HEADERS.index("匹配依据"))


class ItemsTable(QTableView):
    """Read-only; several rows may be chosen (to move a group at once). `lines` holds what is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pushedItems")
        self.items_model = ItemsModel(self)
        self.setModel(self.items_model)
        metrics = self.fontMetrics()
        header = self.horizontalHeader()
        header_metrics = header.fontMetrics()
        for column, c in enumerate(COLUMNS):
            width = max(metrics.horizontalAdvance(c.sample), header_metrics.horizontalAdvance(c.header)) + _PADDING
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The person takes the room left (cut with "…", whole in its tooltip); the reason and strength stay whole.
        header.setSectionResizeMode(HEADERS.index("花名册人员"), QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self._rows: dict[int, int] = {}

    @property
    def lines(self) -> list[ItemLine]:
        return self.items_model.lines

    def set_lines(self, lines: Sequence[ItemLine]) -> None:
        self.items_model.set_lines(lines)
        self._rows = {line.id: row for row, line in enumerate(self.items_model.lines)}

    def text(self, row: int, column: int) -> str:
        return str(self.items_model.data(self.items_model.index(row, column)) or "")

    def current_line(self) -> ItemLine | None:
        row = self.currentIndex().row()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def selected_lines(self) -> list[ItemLine]:
        """The chosen rows in list order; the current row when none is selected."""
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        chosen = [self.lines[r] for r in rows if r < len(self.lines)]
        if not chosen and (line := self.current_line()) is not None:
            chosen = [line]
        return chosen

    def select_row(self, row: int) -> None:
        self.setCurrentIndex(self.items_model.index(row, 0))
        self.selectRow(row)

    def select_item(self, item_id: int) -> bool:
        row = self._rows.get(item_id)
        if row is None:
            return False
        self.select_row(row)
        return True
