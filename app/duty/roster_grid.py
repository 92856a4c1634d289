"""The roster tab's grid: a block of lines per shift, one line per person on it (the leader first) and one
「（空缺）」 line per open place, as the printed roster (form 12) has them, so a person's phone, 签到/签退 and
note sit on their own line and choosing a line chooses the person. The shift's 日期, 星期, 班次, 岗位 and
带班干部 are written on its first line; why places are open is said in red. Phones are masked."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from PyQt6.QtGui import QBrush, QColor
from PyQt6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from app.editors.dialog_parts import ERROR_COLOUR
from db.queries.duty import DutyMember, ShiftLine
from db.rules.phones import mask_phone

COLUMNS = ("日期", "星期", "班次", "岗位", "带班干部", "值守人员", "联系电话", "签到/签退", "备注")
#: Each column's width in Chinese characters (the last one stretches).
WIDTHS = (6, 3, 11, 7, 5, 6, 8, 7, 20)
PERSON_COLUMN = COLUMNS.index("值守人员")
OPEN_SEAT = "（空缺）"
RED = QColor(ERROR_COLOUR)
#: Every other shift's block is shaded, so the blocks read apart.
SHADE = QColor("#eef3f8")


@dataclass(frozen=True)
class GridLine:
    """One line of the grid: a shift and the person on it (None: an open place)."""

    shift: ShiftLine
    member: DutyMember | None
    first: bool  # the shift's first line
    first_open: bool = False  # the shift's first open place (its line says why places are open)


def grid_lines(shifts: Sequence[ShiftLine]) -> list[GridLine]:
    """The lines of the shifts in the order given: the people (leader first), then one line per open place."""
    lines: list[GridLine] = []
    for shift in shifts:
        people: list[DutyMember | None] = list(shift.members)
        people += [None] * shift.missing
        if not people:
            people = [None]  # a shift of nobody needed still shows
        opened = len(shift.members)
        lines += [GridLine(shift, member, n == 0, n == opened) for n, member in enumerate(people)]
    return lines


def shift_note(shift: ShiftLine) -> str:
    """Why places of the shift are open: the reason the generation left on it ("缺 1 人（含带班干部）：…"),
    else the count; "" when the shift is full and led."""
    if not (shift.missing or shift.leader_missing):
        return ""
    reason = shift.open_reason.strip()
    if reason:
        return reason
    return f"缺 {shift.missing} 人" if shift.missing else "缺带班干部"


class RosterGrid(QTableWidget):
    """The lines of a range; `lines[row]` is what a row shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("dutyRosterGrid")
        self.lines: list[GridLine] = []
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = self.fontMetrics()
        for column, (label, chars) in enumerate(zip(COLUMNS, WIDTHS, strict=True)):
            wanted = metrics.horizontalAdvance("国") * chars + 12
            self.setColumnWidth(column, max(wanted, metrics.horizontalAdvance(label) + 20))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)

    def fill(self, shifts: Sequence[ShiftLine], post_names: Mapping[int, str], missed: Collection[int]) -> None:
        """Show the shifts (missed: assignments whose shift ended with no sign-in), keeping the line chosen."""
        chosen = self.current_line()
        self.lines = grid_lines(shifts)
        self.setRowCount(len(self.lines))
        block = -1
        for row, line in enumerate(self.lines):
            block += line.first
            for column, (text, red) in enumerate(self._cells(line, post_names, missed)):
                item = QTableWidgetItem(text)
                if column == PERSON_COLUMN and line.member is not None and line.member.leader:
                    font = item.font()
                    font.setBold(True)  # the leader stands the shift too: their own line, in bold
                    item.setFont(font)
                    item.setToolTip(f"{text}（带班干部）")
                if red:
                    item.setForeground(RED)
                if block % 2:
                    item.setBackground(QBrush(SHADE))
                if text and not item.toolTip():
                    item.setToolTip(text)
                self.setItem(row, column, item)
        if chosen is not None:
            self.choose(chosen.shift.shift_id, chosen.member.assignment_id if chosen.member else None)
        elif self.lines:
            self.selectRow(0)

    @staticmethod
    def _cells(line: GridLine, post_names: Mapping[int, str], missed: Collection[int]) -> list[tuple[str, bool]]:
        shift, member = line.shift, line.member
        head: list[tuple[str, bool]] = [("", False)] * 5
        if line.first:
            leader = shift.leader_name or ("缺带班干部" if shift.needs_leader else "")
            head = [
                (f"{shift.day:%m-%d}", False),
                (f"周{shift.weekday}", False),
                (shift.label, False),
                (post_names.get(shift.post_id, ""), False),
                (leader, not shift.leader_name),
            ]
        if member is None:
            note = shift_note(shift) if line.first_open else ""
            return [*head, (OPEN_SEAT if shift.needs else "", True), ("", False), ("", False), (note, True)]
        attendance = member.attendance or ("未签到" if member.assignment_id in missed else "")
        name = member.name
        note = member.note
        if line.first and not shift.missing and (said := shift_note(shift)):  # full, but nobody leads
            note = "；".join(x for x in (note, said) if x)
        return [
            *head,
            (name, False),
            (mask_phone(member.phone) if member.phone else "", False),
            (attendance, member.assignment_id in missed),
            (note, bool(note) and note != member.note),
        ]

    def current_line(self) -> GridLine | None:
        row = self.currentRow()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def choose(self, shift_id: int, assignment_id: int | None = None) -> None:
        """Choose the person's line on the shift (else the shift's first line)."""
        fallback = None
        for row, line in enumerate(self.lines):
            if line.shift.shift_id != shift_id:
                continue
            if assignment_id is not None and line.member is not None and line.member.assignment_id == assignment_id:
                self.selectRow(row)
                return
            if fallback is None:
                fallback = row
        if fallback is not None:
            self.selectRow(fallback)
        elif self.lines:
            self.selectRow(0)

    def row_of(self, assignment_id: int) -> int:
        return next(
            (r for r, line in enumerate(self.lines) if line.member and line.member.assignment_id == assignment_id), -1
        )

    def text(self, row: int, column: str) -> str:
        item = self.item(row, COLUMNS.index(column))
        return item.text() if item is not None else ""


def sort_shifts(shifts: Sequence[ShiftLine], post_order: Mapping[int, int]) -> list[ShiftLine]:
    """A range across posts read by time: day, start, then the posts in the clerk's order."""
    return sorted(shifts, key=lambda s: (s.day, s.starts, post_order.get(s.post_id, 0), s.seq))
