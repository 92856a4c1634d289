"""设置 → 重点地区: the key areas a screening finding is judged against, and how many days count.

The clerk types a province, city or county by name or code; the completion offers the ID region table's
current regions ("中牟" → 河南省 郑州市中牟县（410122）), Enter adds it from the day given. A key area is never
deleted, it stops counting from a day (停止计算): a finding is judged by the list as it stood on its visit
day, so earlier visits keep their judgement. The days ("14天内") are a setting too. Both are the settings
permission's (as 管控政策 is): for anyone else the list is shown, the inputs are off and a note says why.
"""

from __future__ import annotations

from datetime import date

from PyQt6.QtCore import QDate, QStringListModel, Qt
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDateEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_STYLE, fit_screen_size, push_button
from db import screening_actions, session, settings_values
from db.errors import LedgerError
from db.queries.key_areas import KeyAreaLine, key_area_lines
from db.rules.key_areas import check_region_code, region_name
from db.rules.regions import Region, current_regions, find_regions, level_of, region_by_code
from db.session import Can
from db.settings_values import KEY_AREA_DAYS

GREY = QColor("#888888")
OK_STYLE = "color: #2e7d32;"


def _date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day))
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


def region_from_text(text: str) -> Region:
    """The region the typed text names: a completion's label, a code, or a name only one region has.
    LedgerError in the clerk's words otherwise (none found, or several to choose from)."""
    text = text.strip()
    if not text:
        raise LedgerError("请输入省、市或县的名称或6位地区代码，如“武汉”“420100”")
    by_label = {r.label: r for r in current_regions()}
    if text in by_label:
        return by_label[text]
    if len(text) == 6 and text.isdigit() and check_region_code(text) is None:
        return region_by_code(text) or Region(text, region_name(text), region_name(text[:2] + "0000"), level_of(text))
    found = find_regions(text, limit=200)
    exact = [r for r in found if text in (r.code, r.name, r.province + r.name)]
    if len(exact) == 1:
        return exact[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise LedgerError(f"行政区划表中没有“{text}”，请核对名称或代码")
    shown = "、".join(r.label for r in found[:3])
    raise LedgerError(f"“{text}”对应 {len(found)} 个地区（{shown}……），请从下拉列表中选择一个")


class KeyAreaDialog(QDialog):
    """The key areas and the days; `today` is the day new areas count from by default."""

    HEADINGS = ("地区", "级别", "代码", "起始日期", "停止日期", "备注")

    def __init__(self, parent: QWidget | None = None, *, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle("重点地区")
        self.today = today
        self.lines: list[KeyAreaLine] = []
        self.may = session.may(Can.SETTINGS)
        intro = QLabel(
            "入户排查时，在下面天数内从这些地区来或经过的人记为异常，列在首页。"
            "每条按走访当天的名单判断：停止计算后，之前的走访结果不变。"
        )
        intro.setWordWrap(True)
        self.table = self._build_table()
        self.status = QLabel()
        self.status.setObjectName("keyAreaStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if not self.may:
            who = session.current()
            name = f"{who.role.value}“{who.name}”" if who is not None else "当前操作员"
            refused = QLabel(f"{name}没有“{Can.SETTINGS.value}”的权限：只能查看。修改重点地区和天数请找管理员。")
            refused.setObjectName("keyAreaRefused")
            refused.setWordWrap(True)
            refused.setStyleSheet(ERROR_STYLE)
            layout.addWidget(refused)
        layout.addLayout(self._build_days())
        layout.addWidget(self.table, 1)
        layout.addWidget(self._build_add())
        layout.addLayout(self._build_end())
        layout.addWidget(self.status)
        close = push_button("关闭", self.accept, "closeKeyAreas")
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        for widget in (self.days, self.save_days, self.region, self.counts_from, self.note, self.add_button):
            widget.setEnabled(self.may)
        self.reload()
        fit_screen_size(self, 820, 600)
        (self.region if self.may else self.table).setFocus()

    # --- building ----------------------------------------------------------------------------------

    def _build_days(self) -> QHBoxLayout:
        self.days = QSpinBox()
        self.days.setObjectName("keyAreaDays")
        self.days.setRange(KEY_AREA_DAYS.low, KEY_AREA_DAYS.high)
        self.days.setValue(settings_values.key_area_days())
        self.days.setSuffix(" 天")
        self.save_days = push_button("保存天数", self.save_days_setting, "saveKeyAreaDays")
        self.days.editingFinished.connect(self.save_days_setting)
        row = QHBoxLayout()
        row.addWidget(QLabel("旅居史按走访日前"))
        row.addWidget(self.days)
        row.addWidget(QLabel("内计算（默认 14 天）"))
        row.addWidget(self.save_days)
        row.addStretch(1)
        return row

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, len(self.HEADINGS))
        table.setObjectName("keyAreaTable")
        table.setHorizontalHeaderLabels(list(self.HEADINGS))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        table.itemSelectionChanged.connect(self._update_end)
        return table

    def _build_add(self) -> QGroupBox:
        self.region = QLineEdit()
        self.region.setObjectName("keyAreaRegion")
        self.region.setPlaceholderText("名称或代码，如：武汉、中牟县、420100")
        completer = QCompleter(QStringListModel([r.label for r in current_regions()], self), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        self.region.setCompleter(completer)
        self.completer = completer
        self.region.returnPressed.connect(self._region_entered)
        self.counts_from = _date_edit(self.today, "keyAreaFrom")
        self.note = QLineEdit()
        self.note.setObjectName("keyAreaNote")
        self.note.setPlaceholderText("如：依据县指挥部第12号通知")
        self.note.returnPressed.connect(self.add)
        self.add_button = push_button("添加", self.add, "addKeyArea")
        box = QGroupBox("添加重点地区（输入后回车）")
        row = QHBoxLayout(box)
        row.addWidget(self.region, 3)
        row.addWidget(QLabel("起始日期"))
        row.addWidget(self.counts_from)
        row.addWidget(QLabel("备注"))
        row.addWidget(self.note, 2)
        row.addWidget(self.add_button)
        return box

    def _build_end(self) -> QHBoxLayout:
        self.until = _date_edit(self.today, "keyAreaUntil")
        self.end_button = push_button("停止计算", self.end_selected, "endKeyArea")
        row = QHBoxLayout()
        row.addWidget(QLabel("选中的地区从"))
        row.addWidget(self.until)
        row.addWidget(QLabel("起不再算重点地区"))
        row.addWidget(self.end_button)
        row.addStretch(1)
        return row

    # --- showing -----------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        self.lines = key_area_lines(self.today)
        self.table.setRowCount(len(self.lines))
        for r, a in enumerate(self.lines):
            until = f"{a.until:%Y-%m-%d}" if a.until else ""
            values = (a.name, a.level, a.region_code, f"{a.counts_from:%Y-%m-%d}", until, a.note)
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if not a.counting:
                    item.setForeground(GREY)
                    item.setToolTip("今天不算重点地区（尚未开始或已停止）")
                self.table.setItem(r, c, item)
            if a.id == select_id:
                self.table.selectRow(r)
        self.table.resizeColumnsToContents()
        counting = sum(a.counting for a in self.lines)
        self.table.setAccessibleName(f"重点地区 {counting} 个正在计算")
        self._update_end()

    def _update_end(self) -> None:
        chosen = self.chosen()
        self.end_button.setEnabled(self.may and chosen is not None and chosen.until is None)
        self.until.setEnabled(self.end_button.isEnabled())

    def chosen(self) -> KeyAreaLine | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.lines[rows[0].row()] if rows else None

    def _say(self, text: str, problem: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if problem else OK_STYLE)
        self.status.setText(text)

    # --- doing -------------------------------------------------------------------------------------

    def _region_entered(self) -> None:
        """Enter in the region: the completion's pick is taken (the popup closes), then it is added."""
        popup = self.completer.popup()
        if popup is not None and popup.isVisible():
            return
        self.add()

    def add(self) -> None:
        try:
            region = region_from_text(self.region.text())
            values = {
                "region_code": region.code,
                "name": region.name,
                "counts_from": self.counts_from.date().toPyDate(),
                "note": self.note.text().strip(),
            }
            made = screening_actions.save_key_area(values)
        except LedgerError as exc:
            self._say(f"未添加：{exc}", problem=True)
            self.region.setFocus()
            return
        self.region.clear()
        self.note.clear()
        self.reload(made.id)
        self._say(f"已添加重点地区：{made.name}（{made.region_code}），{made.counts_from:%Y-%m-%d} 起计算。")
        self.region.setFocus()

    def end_selected(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            self._say("请先在列表中选中要停止计算的地区。", problem=True)
            return
        until = self.until.date().toPyDate()
        try:
            screening_actions.end_key_area(chosen.id, until)
        except LedgerError as exc:
            self._say(f"未停止：{exc}", problem=True)
            return
        self.reload(chosen.id)
        self._say(f"{chosen.name} 从 {until:%Y-%m-%d} 起不再算重点地区（之前的走访仍按当时的名单）。")

    def save_days_setting(self) -> None:
        days = self.days.value()
        if days == settings_values.key_area_days():
            return
        try:
            settings_values.set_value(KEY_AREA_DAYS, days)
        except LedgerError as exc:
            self.days.setValue(settings_values.key_area_days())
            self._say(f"未保存：{exc}", problem=True)
            return
        self._say(f"已保存：旅居史按走访日前 {days} 天内计算。")
