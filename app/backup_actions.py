"""The window's care of its database file: the check before opening, the automatic backups, a restore.

Kept apart from the main window so that it stays about the screens. The day's backup runs on
app/tasks.py (a quiet task: no dialog, the window stays usable) and its audit entry is written back on
the UI thread, like every save; the backup on exit and a restore run while the window waits anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PyQt6.QtWidgets import QMessageBox, QWidget

from app.editors.dialog_parts import confirm
from app.tasks import BackgroundTask
from db import backups
from db.errors import LedgerError
from db.rules.chinese_dates import long_date

DAMAGED = "数据库文件已损坏："


def check_file(db_path: Path, parent: QWidget, asks: bool) -> None:
    """A damaged or foreign file is never opened (nor replaced by a new empty one): the clerk is told,
    and offered the newest good backup; anything else ends with a LedgerError naming the problem."""
    if not db_path.exists():
        return
    found = backups.problems(db_path, thorough=False)
    if not found:
        return
    if found[0].startswith(DAMAGED):  # the rest is SQLite's own check lines, in English
        found = ["数据库文件已损坏：文件内部的数据结构有错误，程序不能安全地读写它"]
    problem = "；".join(found)
    newest = backups.newest_good(db_path)
    if newest is None:
        raise LedgerError(f"{problem}。没有找到可用的备份，程序没有打开也没有改动这个文件。")
    held = backups.info(newest)
    made = f"{long_date(held.made_at.date())} {held.made_at:%H:%M}"
    question = (
        f"{problem}。\n\n最近的完好备份：{made}，{held.households} 户、"
        f"{held.people} 人、{held.cases} 个管控对象。\n\n恢复备份：用这份备份代替损坏的文件"
        "（损坏的文件另存在备份文件夹中，不会丢）。\n退出：不打开、也不改动这个文件。"
    )
    if not asks or not confirm(parent, "数据库文件已损坏", question, "恢复备份", "退出"):
        raise LedgerError(f"{problem}。可用备份：{newest}")
    backups.restore(newest, db_path)


def _make_backup(db_path: Path, label: str) -> Path:
    path = backups.make_backup(db_path, label)
    backups.rotate(backups.folder_for(db_path))
    return path


class AutomaticBackups:
    """The daily backup at the first start of a day (off the UI thread) and the one on exit.

    A failed backup leaves the data untouched, but the clerk must still hear of it.
    """

    def __init__(self, parent: QWidget, db_path: Path) -> None:
        self.parent = parent
        self.db_path = db_path
        self.task: BackgroundTask | None = None

    def start_daily(self) -> None:
        """Start the day's copy if none was made today; the window is usable meanwhile."""
        if backups.daily_backup_due(self.db_path):
            self.task = BackgroundTask(
                self.parent,
                "正在备份……",
                lambda _p: _make_backup(self.db_path, "daily"),
                lambda path: self._made(path, "daily"),
                self._failed,
                quiet=True,
            ).start()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Let a running daily backup end (never cancelled: a half copy is no backup); False if it still runs."""
        return self.task is None or self.task.wait(timeout_ms)

    def on_exit(self) -> None:
        """Every session ends with a checked copy (kept by rotation), after the day's one has ended."""
        self.wait()
        try:
            path = _make_backup(self.db_path, "exit")
        except LedgerError as exc:
            self._failed(exc)
        else:
            self._made(path, "exit")

    def _made(self, path: Path, label: str) -> None:
        backups.note_backup(path, self.db_path, label, who=backups.AUTOMATIC)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, LedgerError):
            raise exc
        QMessageBox.warning(self.parent, "自动备份没有成功", str(exc))


def restore(db_path: Path, backup: Path, reopened: Callable[[], None]) -> None:
    """Close the database, put the backup in its place (after a safety copy) and open it again; `reopened`
    refreshes the screens from the file then open (the restored one, or the untouched one on failure)."""
    from db.connection import close_database, open_database

    close_database()
    try:
        safety = backups.restore(backup, db_path)
    finally:
        open_database(db_path)
        reopened()
    backups.note_restore(backup, safety)
