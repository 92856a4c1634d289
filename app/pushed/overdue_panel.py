"""首页's 核查名单超时: the pushed names still open past their batch's 反馈时限, by batch, with the hours overdue.

Hidden while nothing is overdue (首页 keeps its room for the day's cases). A double-click on a batch or a
name (or Enter) emits batch_chosen: the window shows that batch on the 核查名单 page.
"""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.editors.dialog_parts import ERROR_COLOUR
from db.queries import pushed as pq
from db.queries.pushed import OverdueLine
from db.rules.chinese_dates import short_date

#: Rows the list shows before it scrolls (首页's own lists keep the rest of the room).
SHOWN_ROWS = 3
BATCH_ROLE = Qt.ItemDataRole.UserRole


class OverduePanel(QWidget):
    """`refresh(now)` re-reads the overdue names; `lines` holds what is shown."""

    batch_chosen = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pushedOverdue")
        self.lines: list[OverdueLine] = []
        self.title = QLabel()
        self.title.setObjectName("pushedOverdueTitle")
        self.title.setStyleSheet(f"font-weight: bold; color: {ERROR_COLOUR};")
        self.tree = QTreeWidget()
        self.tree.setObjectName("pushedOverdueList")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["名单 / 姓名", "状态", "超时"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        metrics = self.tree.fontMetrics()
        self.tree.setColumnWidth(0, metrics.horizontalAdvance("大数据比对 第12批（12月31日 18:00 截止）共 999 人") + 40)
        self.tree.setColumnWidth(1, metrics.horizontalAdvance("已纳入管控") + 20)
        self.tree.addTopLevelItem(QTreeWidgetItem(["张三丰", "待核查", "6 小时"]))  # a sample row, measured
        row = self.tree.sizeHintForRow(0)
        self.tree.clear()
        frame = 2 * self.tree.frameWidth()
        self.tree.setFixedHeight(self.tree.header().sizeHint().height() + SHOWN_ROWS * row + frame)
        self.tree.itemActivated.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.tree)
        self.hide()

    def refresh(self, now: datetime) -> None:
        self.lines = pq.overdue(now)
        self.tree.clear()
        for batch_id, group in groupby(self.lines, key=lambda line: line.batch_id):
            names = list(group)
            first = names[0]
            due = f"{short_date(first.deadline.date())} {first.deadline:%H:%M}"
            top = QTreeWidgetItem([f"{first.batch}（{due} 截止）共 {len(names)} 人", "", f"{first.hours_overdue} 小时"])
            top.setData(0, BATCH_ROLE, batch_id)
            top.setForeground(2, QColor(ERROR_COLOUR))
            for line in names:
                child = QTreeWidgetItem([line.name, line.status, f"{line.hours_overdue} 小时"])
                child.setData(0, BATCH_ROLE, batch_id)
                child.setForeground(2, QColor(ERROR_COLOUR))
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        batches = self.tree.topLevelItemCount()
        if batches == 1:
            self.tree.expandAll()
        self.title.setText(f"核查名单超时：{batches} 批名单 {len(self.lines)} 人过了反馈时限仍未闭环（双击查看）")
        self.setVisible(bool(self.lines))

    def _chosen(self, item: QTreeWidgetItem, _column: int) -> None:
        self.batch_chosen.emit(int(item.data(0, BATCH_ROLE)))
