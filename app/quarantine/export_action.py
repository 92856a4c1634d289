"""导出隔离人员名单: choose the list and the day, then where to save; the workbook is written off the UI
thread by the same forms.isolation_export.export_isolation_list the `export isolation-list` command uses.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PyQt6.QtCore import QDate
from PyQt6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from app.export_task import export_with_progress
from forms.isolation_export import LISTS, default_file_name, list_rows
from forms.isolation_export import export_isolation_list as write_list

TITLE = "导出隔离人员名单"


class IsolationListDialog(QDialog):
    """Which list (居家 / 集中) and which day (today unless changed); shows how many people it holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.kind = QComboBox()
        self.kind.setObjectName("isolationKind")
        for key, wanted in LISTS.items():
            self.kind.addItem(wanted.title, key)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("isolationDay")
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setCalendarPopup(True)
        self.count = QLabel()
        self.count.setObjectName("isolationCount")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("名单", self.kind)
        form.addRow("日期", self.day)
        form.addRow("", self.count)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._recount)
        self.day.dateChanged.connect(self._recount)
        self._recount()

    @property
    def key(self) -> str:
        return str(self.kind.currentData())

    @property
    def chosen_day(self) -> date:
        return self.day.date().toPyDate()

    def _recount(self) -> None:
        count = len(list_rows(self.key, self.chosen_day))
        self.count.setText(f"该日名单共 {count} 人" if count else "该日名单无人（仍会导出一张写有“（无）”的表）")


def export_isolation_list(parent: QWidget) -> Path | None:
    """Ask for the list, the day and the file, write it, and say how it went; returns the written
    file, or None if the clerk cancelled or the export failed (the message says why)."""
    dialog = IsolationListDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    key, day = dialog.key, dialog.chosen_day
    title = LISTS[key].title
    return export_with_progress(
        parent,
        title,
        default_file_name(key, day),
        lambda path, progress: write_list(key, day, path, progress),
        lambda count: f"{title}（{day:%Y-%m-%d}）已导出 {count} 人",
    )
