"""Long work off the UI thread: a cancellable progress dialog, and results delivered on the UI thread.

The work itself is a plain function taking a progress object (`.update(done, total)`, `.cancelled`),
the same object db/, forms/ and printing/ accept from the headless commands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QObject, Qt, QThread, pyqtSignal
from PyQt6.QtWidgets import QProgressDialog, QWidget

from db.base import database


class ThreadProgress(QObject):
    """Progress reported from the worker thread; `cancelled` is set from the UI thread."""

    changed = pyqtSignal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.cancelled = False

    def update(self, done: int, total: int) -> None:
        self.changed.emit(done, total)


class _Worker(QThread):
    finished_ok = pyqtSignal(object)
    failed = pyqtSignal(object)

    def __init__(self, work: Callable[[ThreadProgress], Any], progress: ThreadProgress) -> None:
        super().__init__()
        self.work = work
        self.progress = progress

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except BaseException as exc:
            self.failed.emit(exc)
        else:
            self.finished_ok.emit(result)
        finally:
            db = database.obj
            if db is not None and not db.is_closed():
                db.close()  # this thread's connection only (peewee keeps one per thread)


class BackgroundTask(QObject):
    """Run work in a thread with a modal, cancellable progress dialog.

    on_done(result) or on_error(exc) is called on the UI thread; cancelling sets progress.cancelled,
    and the work is expected to stop by raising (its transaction then rolls back). A `quiet` task shows no
    dialog and leaves the window usable (the day's automatic backup).
    """

    done = pyqtSignal()

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[ThreadProgress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        quiet: bool = False,
    ) -> None:
        super().__init__(parent)
        self.progress = ThreadProgress()
        self.dialog: QProgressDialog | None = None
        if not quiet:
            self.dialog = QProgressDialog(title, "取消", 0, 0, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)
            self.progress.changed.connect(self._on_progress)
        self.worker = _Worker(work, self.progress)
        self.worker.finished_ok.connect(lambda result: self._finish(on_done, result))
        self.worker.failed.connect(lambda exc: self._finish(on_error, exc))

    def start(self) -> BackgroundTask:
        self.worker.start()
        return self

    def cancel(self) -> None:
        self.progress.cancelled = True
        if self.dialog is not None:
            self.dialog.setLabelText("正在取消……")

    def stop(self) -> None:
        """Cancel and wait for the thread: called when its window closes, so Qt never destroys a running
        thread (the work's transaction rolls back)."""
        if self.worker.isRunning():
            self.cancel()
            self.worker.wait()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Wait for the thread without cancelling its work (-1: however long it takes); False if still running.
        Its result still comes back on the UI thread, as a queued signal."""
        return self.worker.wait(timeout_ms) if timeout_ms >= 0 else self.worker.wait()

    def _on_progress(self, done: int, total: int) -> None:
        assert self.dialog is not None
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, total))

    def _finish(self, callback: Callable[[Any], None], value: Any) -> None:
        self.worker.wait()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
        callback(value)
        self.done.emit()
