"""操作记录: the audit trail, filtered and read-only (the database refuses any change to it)."""

from __future__ import annotations

from datetime import date, timedelta

from PyQt6.QtCore import QDate, Qt
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import fit_screen_size, push_button
from db.queries import audit
from forms.definitions import CASE, GRID, HOUSEHOLD, PERSON, VILLAGE

PAGE = 500
#: Columns the program derives (search keys): they change with the fields shown and tell the reader nothing.
DERIVED = {"search_text", "pinyin_initials", "pinyin_full", "sort_key"}
_FORMS = {"person": PERSON, "household": HOUSEHOLD, "grid": GRID, "village": VILLAGE, "case": CASE}
_NOTE_WORDS = {"source": "文件", "file": "文件", "count": "数量", "households": "户", "people": "人",
               "merged": "合并", "refused_rows": "未导入行", "name": "姓名", "document": "文书", "cases": "管控对象",
               "label": "类型", "backup": "备份文件", "safety_copy": "恢复前备份", "day": "日期", "list": "名单",
               "ids": "编号", "template": "模板", "to": "位置"}


def field_label(table: str, key: str) -> str:
    form = _FORMS.get(table)
    if form is not None:
        try:
            return form.field(key).label
        except KeyError:
            pass
    return _NOTE_WORDS.get(key, key)


def _date_box(name: str, value: date) -> QDateEdit:
    box = QDateEdit(QDate(value.year, value.month, value.day))
    box.setObjectName(name)
    box.setCalendarPopup(True)
    box.setDisplayFormat("yyyy-MM-dd")
    return box


class AuditDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("操作记录")
        fit_screen_size(self, 1000, 640)
        today = date.today()
        self.since = _date_box("since", today - timedelta(days=30))
        self.until = _date_box("until", today)
        self.who = QComboBox()
        self.who.setObjectName("who")
        self.who.addItem("全部操作员", None)
        for name in audit.names_in_trail():
            self.who.addItem(name, name)
        self.action = QComboBox()
        self.action.setObjectName("action")
        self.action.addItem("全部操作", None)
        for key in audit.actions_in_trail():
            self.action.addItem(audit.ACTIONS.get(key, key), key)
        self.table_filter = QComboBox()
        self.table_filter.setObjectName("table")
        self.table_filter.addItem("全部对象", None)
        for key, label in audit.TABLES.items():
            self.table_filter.addItem(label, key)
        self.text = QLineEdit()
        self.text.setObjectName("text")
        self.text.setPlaceholderText("摘要或内容包含……")
        filters = QHBoxLayout()
        for label, widget in (("从", self.since), ("到", self.until), (None, self.who), (None, self.action),
                              (None, self.table_filter), (None, self.text)):
            if label:
                filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(push_button("查询", self.reload, "search", default=True))
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels(["时间", "操作员", "操作", "对象", "摘要"])
        for column, width in enumerate((150, 110, 90, 90)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.currentCellChanged.connect(lambda row, *_: self.show_detail(row))
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("detail")
        self.detail.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([440, 160])
        self.counts = QLabel()
        self.counts.setObjectName("auditCounts")
        self.more = push_button(f"再显示 {PAGE} 条", self.load_more, "more")
        bottom = QHBoxLayout()
        bottom.addWidget(self.counts, 1)
        bottom.addWidget(self.more)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        for combo in (self.who, self.action, self.table_filter):
            combo.currentIndexChanged.connect(self.reload)
        self.entries: list = []
        self.reload()

    def filters(self) -> audit.Filters:
        return audit.Filters(since=self.since.date().toPyDate(), until=self.until.date().toPyDate(),
                             who=self.who.currentData(), action=self.action.currentData(),
                             table=self.table_filter.currentData(), text=self.text.text())

    def reload(self) -> None:
        self.entries = []
        self.table.setRowCount(0)
        self.total = audit.count(self.filters())
        self.load_more()

    def load_more(self) -> None:
        batch = audit.entries(self.filters(), offset=len(self.entries), limit=PAGE)
        start = len(self.entries)
        self.entries += batch
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(batch, start):
            cells = (f"{e.at:%Y-%m-%d %H:%M:%S}", e.who, audit.ACTIONS.get(e.action, e.action),
                     audit.TABLES.get(e.table, e.table), e.summary)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.counts.setText(f"共 {self.total} 条，显示 {len(self.entries)} 条（最新的在前）")
        self.more.setEnabled(len(self.entries) < self.total)

    def show_detail(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            self.detail.clear()
            return
        e = self.entries[row]
        lines = [f"{e.at:%Y-%m-%d %H:%M:%S}  {e.who}  {audit.ACTIONS.get(e.action, e.action)}"
                 f"  {audit.TABLES.get(e.table, e.table)}{f' 第 {e.record_id} 号' if e.record_id else ''}",
                 e.summary, ""]
        for key, before, after in audit.changed_fields(e):
            if key in DERIVED:
                continue
            label = field_label(e.table, key)
            if e.before is None:
                lines.append(f"{label}：{after}")
            else:
                lines.append(f"{label}：{before} → {after}")
        self.detail.setPlainText("\n".join(lines))
