"""操作记录: the audit trail, filtered and read-only (the database refuses any change to it).

The words of the detail (labels, values, whose record) come from forms/audit_text.py."""

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
from db.rules.chinese_dates import long_date
from forms import audit_text
from forms.audit_text import Entry

PAGE = 500


def _date_box(name: str, value: date) -> QDateEdit:
    box = QDateEdit(QDate(value.year, value.month, value.day))
    box.setObjectName(name)
    box.setCalendarPopup(True)
    box.setDisplayFormat("yyyy-MM-dd")
    return box


class AuditDialog(QDialog):
    """操作记录: who changed what and when, filtered, with each change's before and after."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("操作记录")
        fit_screen_size(self, 1000, 640)
        filters = self._build_filters()
        self._build_table()
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("detail")
        self.detail.setReadOnly(True)
        self._lay_out(filters)
        for combo in (self.who, self.action, self.table_filter):
            combo.currentIndexChanged.connect(self.reload)
        self.entries: list[Entry] = []
        #: Names behind the ids the shown entries mention (db/queries/audit.record_names), kept across pages.
        self.names: dict[audit_text.Ref, str] = {}
        self.reload()

    def _build_filters(self) -> QHBoxLayout:
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
        for label, widget in (
            ("从", self.since),
            ("到", self.until),
            (None, self.who),
            (None, self.action),
            (None, self.table_filter),
            (None, self.text),
        ):
            if label:
                filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(push_button("查询", self.reload, "search", default=True))
        return filters

    def _build_table(self) -> None:
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels(["时间", "操作员", "操作", "对象", "摘要"])
        # Wide enough for what they hold: "系统（按政策自动）" in full, the longest action, a case's name.
        metrics = self.table.fontMetrics()
        operators = [metrics.horizontalAdvance(name) for name in [*audit.names_in_trail(), "系统（按政策自动）"]]
        for column, width in enumerate(
            (
                metrics.horizontalAdvance("2026-12-02 23:59:59") + 24,
                max(operators) + 24,
                metrics.horizontalAdvance("转入下一阶段") + 24,
                metrics.horizontalAdvance("管控对象 阿依古丽·买买提") + 24,
            )
        ):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.currentCellChanged.connect(lambda row, *_: self.show_detail(row))

    def _lay_out(self, filters: QHBoxLayout) -> None:
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

    def filters(self) -> audit.Filters:
        return audit.Filters(
            since=self.since.date().toPyDate(),
            until=self.until.date().toPyDate(),
            who=self.who.currentData(),
            action=self.action.currentData(),
            table=self.table_filter.currentData(),
            text=self.text.text(),
        )

    def reload(self) -> None:
        self.entries = []
        self.names = {}
        self.table.setRowCount(0)
        self.total = audit.count(self.filters())
        self.load_more()
        if self.entries:
            self.table.selectRow(0)  # the newest entry's detail at once, not an empty pane

    def load_more(self) -> None:
        batch = [
            audit_text.entry_of(row) for row in audit.entries(self.filters(), offset=len(self.entries), limit=PAGE)
        ]
        self.names.update(audit.record_names(audit_text.references(batch) - self.names.keys()))
        start = len(self.entries)
        self.entries += batch
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(batch, start):
            cells = (
                f"{e.at:%Y-%m-%d %H:%M:%S}",
                e.who,
                audit.ACTIONS.get(e.action, e.action),
                audit_text.record_text(e, self.names),
                e.summary,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.counts.setText(f"共 {self.total} 条，显示 {len(self.entries)} 条（最新的在前）")
        self.more.setEnabled(len(self.entries) < self.total)

    def show_detail(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            self.detail.clear()
            return
        e = self.entries[row]
        at = f"{long_date(e.at.date())} {e.at:%H:%M:%S}" if e.at else ""
        lines = [
            f"{at}  {e.who}  {audit.ACTIONS.get(e.action, e.action)}  {audit_text.record_text(e, self.names)}",
            e.summary,
            "",
            *audit_text.detail_lines(e, self.names),
        ]
        self.detail.setPlainText("\n".join(lines))
