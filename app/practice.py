"""Practice on the demo village: a file of its own (db.paths.practice_db_path), opened in a window of its own.

The first-start dialog never builds a demo in the clerk's ledger; it starts a second program on the practice
file (`practice_command`) and stays open for the real village. That window says on top and in its title that
its people are invented, so practice entries are never taken for the village's.
"""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

from PyQt6.QtWidgets import QLabel, QMessageBox

if TYPE_CHECKING:
    from app.main_window import MainWindow

BANNER = "练习用的演示村庄：这里的人员都是编的，不是本村的台账。"
TITLE_MARK = "【练习】"
PRACTICE_OPTION = "--practice"


def practice_command() -> list[str]:
    """How to start the program on the practice file: the bundle's own exe (PyInstaller sets sys.frozen and
    makes sys.executable the exe, whose entry is app.cli.main), else this Python with `-m app`."""
    if getattr(sys, "frozen", False):
        return [sys.executable, PRACTICE_OPTION]
    return [sys.executable, "-m", "app", PRACTICE_OPTION]


def launch_practice() -> None:
    """Start the practice window as a separate process and return at once (it outlives this one)."""
    subprocess.Popen(
        practice_command(), stdin=subprocess.DEVNULL, close_fds=True, start_new_session=sys.platform != "win32"
    )  # not ended with this window's terminal


def practice_banner() -> QLabel:
    """The yellow line on top of every page of a practice window (hidden on the clerk's ledger)."""
    banner = QLabel(BANNER)
    banner.setObjectName("practiceBanner")
    banner.setWordWrap(True)
    banner.setStyleSheet(
        "QLabel { background: #fff3b0; color: #5c4400; border-bottom: 1px solid #e0c040;"
        " padding: 6px 12px; font-size: 14px; font-weight: bold; }"
    )
    banner.hide()
    return banner


def build_practice_village(window: MainWindow, people: int) -> None:
    """Fill the empty practice file with the demo village off the UI thread (a cancellable progress bar),
    then show it; cancelled or failed, the file stays empty and the next practice start tries again."""
    from app.tasks import BackgroundTask
    from db.demo import build_demo_village
    from db.progress import Cancelled

    def done(_summary: object) -> None:
        window.roster.reload()
        window.ledger.reload()
        window.home.refresh()

    def failed(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            QMessageBox.information(
                window, "演示村庄", "已取消，演示村庄没有生成。下次用“演示村庄练习”打开时会重新生成。"
            )
        else:
            QMessageBox.warning(window, "演示村庄没有生成", str(exc) or type(exc).__name__)

    window.task = BackgroundTask(
        window,
        "正在生成练习用的演示村庄……",
        lambda progress: build_demo_village(people=people, progress=progress),
        done,
        failed,
    ).start()
