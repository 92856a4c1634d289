"""今日体温录入: every running case on one sheet, typed in one pass with the keyboard.

The cursor starts on the first person still 未录入 for the slot; a value and Enter saves that person's
reading and moves to the next person still missing (round to the top; when nobody is left the message line
says so and the cursor stays). 37.3 and above turns the row red while it is typed. A fever or a symptom then
asks what was done about it (Esc puts that off: the reading stays on 首页 until an action is recorded).

A saved reading is never replaced by one Enter: typing another value on a row already 已录入 asks, and the
default keeps what was saved. A refused value ("33") is cleared from its cell with the reason, naming the
person and the value, in the message line; the cell shows what is saved again, nothing new is recorded.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from PyQt6.QtCore import QDate, Qt, QTimer
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_STYLE, confirm, fit_screen_size
from db import quarantine_actions as qa
from db.changes import operator_name
from db.models import Reading
from db.models.quarantine import SLOTS
from db.queries import case_records
from db.queries import cases as case_queries
from db.queries.cases import CaseLine
from db.rules.temperature import parse_temperature

NAME, ADDRESS, DAY, VALUE, SYMPTOMS, STATE = range(6)
_FEVER_BACKGROUND = QColor("#f9d6d2")
_DONE_BACKGROUND = QColor("#e6f4ea")
_HINT = "输入体温后按回车，自动保存并跳到下一位未录入的人；症状可写“咳嗽、乏力”。"


class _EntryDelegate(QStyledItemDelegate):
    """Saves the row whenever a value or symptom is committed with Enter, even one typed again unchanged
    (Qt's itemChanged would stay silent then, and the sheet would not move on); the temperature column
    also colours the row as the value is typed."""

    def __init__(self, sheet: ReadingsSheet, preview: bool) -> None:
        super().__init__(sheet)
        self.sheet = sheet
        self.preview = preview

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]
        editor = QLineEdit(parent)
        editor.setObjectName("temperatureEditor" if self.preview else "symptomsEditor")
        if self.preview:
            row = index.row()
            editor.textEdited.connect(lambda text: self.sheet.preview_row(row, text))
        return editor

    def setModelData(self, editor, model, index) -> None:  # type: ignore[no-untyped-def]
        super().setModelData(editor, model, index)
        self.sheet.entered(index.row(), index.column())


class ReadingsSheet(QDialog):
    """体温录入: one row per running case for a day and slot, typed straight down the column, saved cell by cell."""

    def __init__(self, parent: QWidget | None = None, on: date | None = None, slot: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("体温录入")
        fit_screen_size(self, 820, 560)
        now = datetime.now()
        self.day = QDateEdit(QDate(on or now.date()))
        self.day.setObjectName("readingDate")
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setCalendarPopup(True)
        self.slot = QComboBox()
        self.slot.setObjectName("readingSlot")
        self.slot.addItems(SLOTS)
        self.slot.setCurrentText(slot or case_queries.slot_at(now))
        self.method = QComboBox()
        self.method.setObjectName("readingMethod")
        self.method.addItems(["电话", "上门", "视频", "自报"])
        top = QHBoxLayout()
        for label, widget in (("日期", self.day), ("时段", self.slot), ("方式", self.method)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addStretch(1)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("readingsTable")
        self.table.setHorizontalHeaderLabels(["姓名", "地址", "第几天", "体温(℃)", "症状", "状态"])
        for column, width in enumerate((130, 170, 60, 80, 170, 100)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setItemDelegateForColumn(VALUE, _EntryDelegate(self, preview=True))
        self.table.setItemDelegateForColumn(SYMPTOMS, _EntryDelegate(self, preview=False))
        self.message = QLabel(_HINT)
        self.message.setObjectName("readingsMessage")
        self.message.setWordWrap(True)
        close = QPushButton("完成")
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.lines: list[CaseLine] = []
        #: The reading saved for each row (None: 未录入), what a typed value is compared with.
        self.saved: list[Reading | None] = []
        self.day.dateChanged.connect(lambda _d: self.load())
        self.slot.currentTextChanged.connect(lambda _s: self.load())
        self.load()

    @property
    def on(self) -> date:
        return self.day.date().toPyDate()

    def load(self) -> None:
        """Every running case whose period includes the day, with what is already entered."""
        on = self.on
        self.lines = [c for c in case_queries.case_lines() if c.start_date <= on]
        entered = case_queries.readings_of([c.id for c in self.lines], on, self.slot.currentText())
        self.table.setRowCount(len(self.lines))
        self.saved = [entered.get(line.id) for line in self.lines]
        for row, line in enumerate(self.lines):
            reading = self.saved[row]
            day_number = (on - line.first_day).days + 1  # day 1 may be before the start (see observation)
            cells = [line.name, line.address, f"第{day_number}天", "", "", "未录入"]
            if reading is not None:
                cells[VALUE] = "" if reading.value is None else f"{reading.value:.1f}"
                cells[SYMPTOMS] = reading.symptoms
                cells[STATE] = "已录入"
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column not in (VALUE, SYMPTOMS):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
            self._paint(
                row, reading.value if reading else None, reading.symptoms if reading else "", reading is not None
            )
        self._say(_HINT)
        if self.lines:
            first = self._next_missing(-1)
            self.table.setCurrentCell(0 if first is None else first, VALUE)
            if first is None:
                self._say(f"本时段全部已录入（{len(self.lines)} 人）。")
        self.table.setFocus()

    def _next_missing(self, row: int) -> int | None:
        """The first row after `row` (round to the top) still 未录入; None when every row is entered."""
        count = len(self.saved)
        return next((r % count for r in range(row + 1, row + 1 + count) if self.saved[r % count] is None), None)

    def _move_on(self, row: int, said: str, problem: bool = False) -> None:
        """Say what was done; then on to the next person still missing, or say that nobody is and stay."""
        following = self._next_missing(row)
        if following is None:
            said += "本时段全部已录入。"
        else:
            self.table.setCurrentCell(following, VALUE)
        self._say(said, problem)

    def _say(self, text: str, problem: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if problem else "")
        self.message.setText(text)

    def _show_saved(self, row: int) -> None:
        """The row as saved: after a refused value, or a replacement the clerk declined."""
        reading = self.saved[row]
        value = reading.value if reading is not None else None
        symptoms = reading.symptoms if reading is not None else ""
        self.table.item(row, VALUE).setText("" if value is None else f"{value:.1f}")
        self.table.item(row, SYMPTOMS).setText(symptoms)
        self.table.item(row, STATE).setText("未录入" if reading is None else "已录入")
        self._paint(row, value, symptoms, reading is not None)

    def preview_row(self, row: int, text: str) -> None:
        try:
            value = parse_temperature(text)
        except ValueError:
            value = None
        # Not the cell being typed in: a change to its item would reset the open editor's text.
        self._paint(row, value, self.table.item(row, SYMPTOMS).text(), False, skip=VALUE)

    def _paint(self, row: int, value: float | None, symptoms: str, saved: bool, skip: int | None = None) -> None:
        alert = qa.is_alert(value, symptoms)
        colour = _FEVER_BACKGROUND if alert else (_DONE_BACKGROUND if saved else None)
        for column in range(self.table.columnCount()):
            item = self.table.item(row, column) if column != skip else None
            if item is not None:
                item.setBackground(colour if colour is not None else QColor(Qt.GlobalColor.transparent))

    def entered(self, row: int, column: int) -> None:
        """A value or symptom was committed in this row: save the row's reading, then go to the next person
        still missing. Another value over a saved one is asked about first, after the editor has closed."""
        line = self.lines[row]
        try:
            value = parse_temperature(self.table.item(row, VALUE).text())
        except ValueError as exc:
            self._show_saved(row)  # the refused text goes; the row says what is really saved
            self._say(f"{line.name}：{exc}，未保存。", problem=True)
            return
        typed = re.split(r"[、,，;；\s]+", self.table.item(row, SYMPTOMS).text())
        symptoms = "、".join(s for s in typed if s and s != "无")
        if value is None and not symptoms:
            self._show_saved(row)  # a cell emptied is no reading: it shows what is saved
            return
        saved = self.saved[row]
        if column == VALUE and saved is not None and saved.value is not None and value != saved.value:
            # After the editor has closed: a dialog opened inside its commit would fight it for focus.
            QTimer.singleShot(0, lambda: self._ask_replace(row, value, symptoms))
            return
        self._save(row, column, value, symptoms)

    def _ask_replace(self, row: int, value: float | None, symptoms: str) -> None:
        line, saved = self.lines[row], self.saved[row]
        assert saved is not None and saved.value is not None
        old = f"{saved.value:.1f}"
        new, question = (
            (f"{value:.1f}", f"要替换为 {value:.1f}℃ 吗？")
            if value is not None
            else ("空（未测）", "要改为未测（清除体温）吗？")
        )
        by = f"{saved.recorded_at:%H:%M} {saved.reporter}".strip()
        replace = confirm(
            self,
            "替换已录入的体温",
            f"{line.name} 本时段已录入 {old}℃（{by} 录入）。\n{question}",
            f"替换为 {new}",
            f"保留 {old}",
            default_yes=False,
        )
        if replace:
            self._save(row, VALUE, value, symptoms)
        else:
            self._show_saved(row)
            self._move_on(row, f"{line.name}：保留已录入的 {old}℃，未替换。")
        self.table.setFocus()

    def _save(self, row: int, column: int, value: float | None, symptoms: str) -> None:
        line = self.lines[row]
        reading = qa.record_reading(
            line.id,
            self.on,
            self.slot.currentText(),
            {
                "value": value,
                "symptoms": symptoms,
                "method": self.method.currentText(),
                "reporter": operator_name(),
            },
        )
        self.saved[row] = reading
        self._show_saved(row)
        alert = qa.is_alert(value, symptoms)
        what = " ".join(part for part in ("" if value is None else f"{value:.1f}℃", symptoms) if part)
        said = f"{line.name}：{what} 已保存" + ("（异常，请登记处置）" if alert else "") + "。"
        if column == VALUE:
            self._move_on(row, said, problem=alert)
        else:
            self._say(said, problem=alert)
        if alert and not case_records.reading_handled(reading.id):
            # After the editor has closed: a dialog opened inside its commit would fight it for focus.
            QTimer.singleShot(0, lambda: self.ask_action(reading.id))

    def ask_action(self, reading_id: int) -> None:
        from app.quarantine.fever_dialog import FeverActionDialog

        FeverActionDialog(reading_id, self).exec()
        self.table.setFocus()
