"""The last safety net: an error no screen caught is shown to the clerk instead of ending the program.

PyQt6 aborts the process when an exception escapes a slot, and a ledger must not vanish mid-entry. A
LedgerError (a refused permission, a locked file) is shown as what it says; anything else as a program
error, with the details on stderr for whoever looks after the PC. Saved data is untouched: every save is
one transaction, which the exception rolled back.
"""

from __future__ import annotations

import sys
from types import TracebackType

from PyQt6.QtWidgets import QApplication, QMessageBox

from db.errors import LedgerError


def show_error(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    import traceback  # (only on the way out of an error: not loaded before the window shows)

    traceback.print_exception(kind, exc, tb)
    parent = QApplication.activeWindow()
    if isinstance(exc, LedgerError):
        QMessageBox.warning(parent, "无法完成", str(exc))
    else:
        QMessageBox.critical(
            parent,
            "程序出错",
            f"程序遇到了意外错误，这一步没有完成；已保存的数据不受影响。\n\n{type(exc).__name__}：{exc}",
        )


def install() -> None:
    sys.excepthook = show_error
