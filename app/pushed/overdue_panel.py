"""首页's 核查名单超时: the pushed names still open past their batch's 反馈时限, by batch, with the hours overdue.

首页 shows it below the tiles when its tile is chosen; the tile's number is len(lines). A double-click on a
batch or a name (or Enter) emits batch_chosen: the window shows that batch on the 核查名单 page.
"""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.editors.dialog_parts import ERROR_COLOUR
from db.queries import pushed as pq
from db.queries.pushed import OverdueLine
from db.rules.chinese_dates import short_date

BATCH_ROLE = Qt.ItemDataRole.UserRole


class OverduePanel(QWidget):
    """`refresh(now)` re-reads the overdue names; `lines` holds what is shown."""

    batch_chosen = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pushedOverdue")
        self.lines: list[OverdueLine] = []
        self.tree = QTreeWidget()
        self.tree.setObjectName("pushedOverdueList")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["名单 / 姓名", "状态", "超时"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        metrics = self.tree.fontMetrics()
        self.tree.setColumnWidth(0, metrics.horizontalAdvance("大数据比对 第12批（12月31日 18:00 截止）共 999 人") + 40)
        self.tree.setColumnWidth(1, metrics.horizontalAdvance("已纳入管控") + 20)
        self.tree.itemActivated.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)

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
        if self.tree.topLevelItemCount() == 1:
            self.tree.expandAll()

    def _chosen(self, item: QTreeWidgetItem, _column: int) -> None:
        self.batch_chosen.emit(int(item.data(0, BATCH_ROLE)))
