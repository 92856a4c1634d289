"""备份与恢复: the backups the program keeps, what each holds, a backup now (or to a USB stick), and a
restore that shows what it will bring back and backs the current file up first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PyQt6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import confirm, fit_screen_size, push_button
from app.tasks import BackgroundTask
from db import backups
from db.errors import LedgerError


class BackupDialog(QDialog):
    """restore(path) is the window's: it closes the database, restores, and opens it again."""

    def __init__(self, db_path: Path, restore: Callable[[Path], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("备份与恢复")
        fit_screen_size(self, 760, 460)
        self.db_path = db_path
        self._restore = restore
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(["时间", "类型", "户", "人", "管控对象", "文件"])
        for column, width in enumerate((140, 110, 60, 70, 80, 240)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.message = QLabel(
            f"备份保存在：{backups.folder_for(db_path)}（每日和退出时自动备份，保留最近 14 天和 8 周）"
        )
        self.message.setObjectName("backupMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot, name in (
            ("立即备份", lambda: self.back_up(None), "backupNow"),
            ("备份到U盘…", self.back_up_to_folder, "backupToFolder"),
            ("恢复所选备份…", self.restore_selected, "restoreSelected"),
        ):
            buttons.addWidget(push_button(text, slot, name))
        buttons.addStretch(1)
        buttons.addWidget(push_button("关闭", self.reject))
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.held: list[backups.BackupInfo] = []
        self.task: BackgroundTask | None = None
        self.reload()

    def reload(self) -> None:
        self.held = []
        for _made, path in backups.backups_in(backups.folder_for(self.db_path)):
            try:
                self.held.append(backups.info(path))
            except LedgerError:
                continue  # a damaged file kept as evidence: not something to restore
        self.table.setRowCount(len(self.held))
        for row, held in enumerate(self.held):
            cells = (
                f"{held.made_at:%Y-%m-%d %H:%M}",
                backups.label_words(held.label),
                str(held.households),
                str(held.people),
                str(held.cases),
                held.path.name,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self.held:
            self.table.selectRow(0)

    def back_up(self, folder: Path | None) -> None:
        def done(path: Path) -> None:
            backups.note_backup(path, self.db_path, "manual")
            self.message.setText(f"已备份并检查：{path}")
            self.reload()

        def failed(exc: BaseException) -> None:
            self.message.setText(f"备份没有成功：{exc}")

        self.task = BackgroundTask(self, "正在备份……", lambda _p: self._make(folder), done, failed).start()

    def _make(self, folder: Path | None) -> Path:
        path = backups.make_backup(self.db_path, "manual", folder=folder)
        if folder is None:
            backups.rotate(backups.folder_for(self.db_path))
        return path

    def back_up_to_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择 U 盘或文件夹")
        if folder:
            self.back_up(Path(folder))

    def restore_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.held):
            return
        held = self.held[row]
        text = (
            f"用 {held.made_at:%Y-%m-%d %H:%M} 的备份（{backups.label_words(held.label)}）替换当前数据？\n\n"
            f"它有 {held.households} 户、{held.people} 人、{held.cases} 个管控对象。\n"
            "这之后录入的内容将不在恢复后的数据中；当前数据会先备份一份（“恢复前”），可以再恢复回来。"
        )
        if confirm(self, "恢复备份", text, "恢复", "取消", default_yes=False):
            self._restore(held.path)
            self.message.setText(f"已恢复 {held.made_at:%Y-%m-%d %H:%M} 的备份；恢复前的数据已备份。")
            self.reload()

    def done(self, result: int) -> None:
        if self.task is not None:
            self.task.stop()
        super().done(result)
