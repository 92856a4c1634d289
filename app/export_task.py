"""Write one export off the UI thread after asking where: the isolation lists, a round's register and a
pushed list's feedback all ask the same way (the personal-data notice, the file, a password) and say the
same things when done, cancelled or refused.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QEventLoop, QUrl
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.export_notice import choose_target, tell_saved, write_to
from app.tasks import BackgroundTask
from db.progress import Cancelled, Progress


def export_with_progress(
    parent: QWidget,
    title: str,
    file_name: str,
    write: Callable[[Path, Progress], int],
    saved: Callable[[int], str],
) -> Path | None:
    """Ask for the target, run write(path, progress) in the background, tell the outcome; returns the written
    file, or None if the clerk cancelled or the export failed (the message says why).

    saved(count) is the sentence the clerk reads when it is done ("…已导出 12 人"); the target follows it."""
    chosen = choose_target(parent, title, file_name)
    if chosen is None:
        return None
    target, password = chosen
    sealed = "（已加密）" if password else ""

    def work(p: Progress) -> int:
        return write_to(target, password, lambda path: write(path, p))

    return write_in_background(parent, title, f"正在导出{title}……", target, work, saved, sealed)


def write_in_background(
    parent: QWidget,
    title: str,
    doing: str,
    target: Path,
    work: Callable[[Progress], Any],
    saved: Callable[[Any], str],
    sealed: str = "",
) -> Path | None:
    """Run work(progress) with the cancellable progress dialog (doing: what it says), waiting for it; then
    tell saved(result) and offer the folder, or say why nothing was written. Returns target when written."""
    outcome: list[Path] = []

    def done(result: Any) -> None:
        outcome.append(target)
        tell_saved(parent, target, f"{saved(result)}{sealed}到：\n{target}", title)

    def failed(exc: BaseException) -> None:
        text = "已取消，没有写入文件。" if isinstance(exc, Cancelled) else str(exc) or type(exc).__name__
        QMessageBox.warning(parent, title, text)

    # Wait here (the progress dialog is window-modal) so the caller gets the outcome.
    loop = QEventLoop()
    task = BackgroundTask(parent, doing, work, done, failed)
    task.done.connect(loop.quit)
    task.start()
    loop.exec()
    task.deleteLater()
    return outcome[0] if outcome else None


def save_pdf(
    parent: QWidget,
    title: str,
    file_name: str,
    doing: str,
    work: Callable[[Path, Progress], Any],
    saved: Callable[[Any], str],
) -> Path | None:
    """A paper job: ask where to save the PDF, write it off the UI thread (work(path, progress)), then open it
    in the system's viewer, from which it is printed. None when the clerk cancelled or it failed."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / file_name), "PDF 文件 (*.pdf)")
    if not chosen:
        return None
    target = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
    written = write_in_background(parent, title, doing, target, lambda p: work(target, p), saved)
    if written is not None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))
    return written
