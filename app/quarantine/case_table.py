"""A read-only table of cases (CaseLine rows) used by 首页 and the ledger; IDs and phones masked.

Each column is as wide as its usual content in the table's own font (a sample text), so the columns a
clerk needs fit a 1366×768 screen at any display scaling; a longer value is cut with "…" and shown whole
in its tooltip. Rows due for release today, past it, or of someone gone are coloured and say so in the
状态 column (words, so colour is never the only sign); `legend()` explains the colours.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from db.models.quarantine import CaseStatus
from db.queries.cases import DUE_TODAY, LOST, OVERDUE, STATUS_WORDS, CaseLine
from db.rules.chinese_dates import short_date
from db.rules.id_number import mask_id_number
from forms.case_fields import RESPONSIBLE
from forms.definitions import CASE
from forms.parsing.phones import mask_phone
from forms.types import Field

#: Background of a marked row, and what the legend calls it.
MARK_COLOURS = {DUE_TODAY: "#fff1c2", OVERDUE: "#f9d6d2", LOST: "#e3dcf2"}
_ENDED_TEXT = "#888888"
_PADDING = 14  # a cell's margins and the header's sort arrow room


@dataclass(frozen=True)
class Column:
    """A column of the case list: its header, the text of a line on a day, and the text it is sized to."""

    header: str
    value: Callable[[CaseLine, date], str]
    #: The widest text the column usually holds: it sets the width.
    sample: str
    #: The case definition's fields it shows (a list column of its own is made for each other one listed).
    shows: tuple[str, ...] = ()


def _status(line: CaseLine, on: date) -> str:
    mark = line.mark(on)
    word = STATUS_WORDS.get(line.status, line.status)
    return f"{word}·{mark}" if mark and mark not in word else word


_OWN = (
    Column("姓名", lambda c, _on: c.name, "欧阳三丰", ("name",)),
    Column("网格", lambda c, _on: c.grid, "十二组"),
    Column("地址", lambda c, _on: c.address, "一组123号", ("address",)),
    Column("管控方式", lambda c, _on: c.kind, "居家隔离医学观察", ("kind",)),
    Column("隔离点", lambda c, _on: c.site, "县党校隔离点 203房间", ("site", "room")),
    Column("状态", _status, "在管·今日到期", ("status",)),
    Column("第几天", lambda c, on: c.day_number(on), "第14/14天"),
    Column("开始", lambda c, _on: short_date(c.start_date), "12月31日", ("start_date",)),
    Column("最后一天", lambda c, _on: short_date(c.last_day), "12月31日"),
    Column("应解除", lambda c, _on: short_date(c.release_due), "12月31日"),
    Column(
        "身份证号",
        lambda c, _on: mask_id_number(c.id_number) if c.id_number else "",
        "110105********002X",
        ("id_number",),
    ),
    Column("电话", lambda c, _on: mask_phone(c.phone) if c.phone else "", "138****5678", ("phone",)),
    Column(RESPONSIBLE, lambda c, _on: c.grid_worker, "欧阳大海", ("grid_worker",)),
)


def _defined(f: Field) -> Column:
    """A column for a field the definition lists and the table has no column of its own for, shown (masked
    where the kind masks) as the definition says."""
    return Column(f.label, lambda c, _on: f.kind.display(c.values.get(f.name), masked=True), "0" * f.width, (f.name,))


_SHOWN = {name for c in _OWN for name in c.shows}
COLUMNS: dict[str, Column] = {
    c.header: c for c in (*_OWN, *(_defined(f) for f in CASE.table_fields if f.name not in _SHOWN))
}
#: The ledger's and 首页's case list: every column.
ALL = tuple(COLUMNS)
#: Beside a reading or a need (首页): who, where, how far along, and how to reach them.
BRIEF = ("姓名", "网格", "地址", "管控方式", "状态", "第几天", "应解除", "电话", RESPONSIBLE)


class CaseTable(QTableWidget):
    """Emits open_case(case id) on double-click or Enter.

    `extra`: (header, sample text) columns whose values the caller gives, shown right after the name;
    `stretch`: the columns that take the room left over (their texts are the ones that run long)."""

    open_case = pyqtSignal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        extra: Sequence[tuple[str, str]] = (),
        columns: Sequence[str] = ALL,
        stretch: Sequence[str] = ("隔离点", "地址"),
    ) -> None:
        self.columns = [COLUMNS[name] for name in columns]
        super().__init__(0, len(self.columns) + len(extra), parent)
        self.extra = tuple(extra)
        headers = [c.header for c in self.columns] + [h for h, _sample in extra]
        self.setHorizontalHeaderLabels(headers)
        samples = [c.sample for c in self.columns] + [sample for _h, sample in extra]
        metrics = self.fontMetrics()
        header_metrics = self.horizontalHeader().fontMetrics()
        for column, (title, sample) in enumerate(zip(headers, samples, strict=True)):
            width = max(metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(title)) + _PADDING
            self.setColumnWidth(column, width)
        for offset in range(len(extra)):
            # Shown right after the name: a fever's reading or a need is what the list is for.
            self.horizontalHeader().moveSection(len(self.columns) + offset, 1 + offset)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        growing = [headers.index(name) for name in stretch if name in headers]
        for column in growing:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(not growing)
        self.verticalHeader().hide()  # the row count is said above the list; the room goes to the columns
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setDefaultSectionSize(26)
        self.lines: list[CaseLine] = []
        self.cellDoubleClicked.connect(lambda row, _column: self._open(row))

    def set_lines(
        self, lines: Sequence[CaseLine], extra_values: Sequence[Sequence[str]] | None = None, on: date | None = None
    ) -> None:
        """Show the lines; marks and 第几天 are for `on` (today)."""
        on = on or date.today()
        self.lines = list(lines)
        self.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            values = [c.value(line, on) for c in self.columns] + list(extra_values[row] if extra_values else [])
            ended = line.status not in (CaseStatus.ACTIVE.value, CaseStatus.MISSING.value)
            mark = line.mark(on)
            background = QColor(MARK_COLOURS[mark]) if mark else None
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if text:
                    item.setToolTip(text)
                if ended:
                    item.setForeground(QColor(_ENDED_TEXT))
                if background is not None:
                    item.setBackground(background)
                self.setItem(row, column, item)

    def column_of(self, header: str) -> int:
        """The model column of a header (the extras are moved on screen, not in the model)."""
        return [self.horizontalHeaderItem(c).text() for c in range(self.columnCount())].index(header)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [self.lines[r].id for r in rows]

    def current_id(self) -> int | None:
        row = self.currentRow()
        return self.lines[row].id if 0 <= row < len(self.lines) else None

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self._open(self.currentRow())
            return
        super().keyPressEvent(event)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            self.open_case.emit(self.lines[row].id)


def legend() -> QWidget:
    """The colours' meaning, in a line under the filters: each colour beside the word its rows say."""
    box = QWidget()
    box.setObjectName("markLegend")
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    row.addWidget(QLabel("颜色："))
    for mark, colour in MARK_COLOURS.items():
        chip = QLabel(f" {mark} ")
        chip.setStyleSheet(f"background: {colour}; border: 1px solid #b8b8b8; border-radius: 3px;")
        row.addWidget(chip)
    ended = QLabel("已解除、转运送医：灰字")
    ended.setStyleSheet(f"color: {_ENDED_TEXT};")
    row.addWidget(ended)
    return box


class FirstSteps(QWidget):
    """On a new ledger: what to do first, with the buttons that do it (hidden once there is data).

    `steps`: for each first step (db.queries.cases.first_step), the words and its buttons
    (text, object name, slot)."""

    def __init__(
        self,
        steps: dict[str, tuple[str, Sequence[tuple[str, str, Callable[[], object]]]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstSteps")
        self.setStyleSheet("#firstSteps { background: #eef5fc; border: 1px solid #9cc0e4; border-radius: 6px; }")
        self.text = QLabel()
        self.text.setObjectName("firstStepsText")
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-size: 14px;")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.text, 1)
        self.steps = steps
        self.buttons: dict[str, list[QPushButton]] = {}
        for step, (_text, offers) in steps.items():
            self.buttons[step] = []
            for label, name, slot in offers:
                button = QPushButton(label)
                button.setObjectName(name)
                button.clicked.connect(lambda _checked=False, slot=slot: slot())
                row.addWidget(button)
                self.buttons[step].append(button)
        self.step: str | None = None
        self.hide()

    def show_step(self, step: str | None) -> None:
        self.step = step if step in self.steps else None
        for name, buttons in self.buttons.items():
            for button in buttons:
                button.setVisible(name == self.step)
        if self.step is None:
            self.hide()
            return
        self.text.setText(self.steps[self.step][0])
        self.show()
