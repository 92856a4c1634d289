"""打印 fits a 1366×768 screen, and at 125 % scaling, with 打印 / 另存为 PDF in view; the preview of what is
chosen is shown without pressing anything, a preview overtaken by a newer choice is dropped, and nothing
is recorded as printed until 打印 or 另存为 PDF.

The 125 % check runs the dialog in a child process started with QT_SCALE_FACTOR=1.25 and the same
1366×768 screen (Qt reads the scaling once, at its start): `python -m tests.app.test_print_dialog_fits DB OUT`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import HANG_GUARD_MS, ROOT, SCREEN_CONFIG, TASKBAR

HOME_POLICY = "14天居家隔离医学观察"


def _print_records() -> list[dict[str, object]]:
    from db.models import AuditEntry

    return [json.loads(e.after or "{}") for e in AuditEntry.select().where(AuditEntry.action == "print")]


def _two_cases(village: dict[str, int]) -> list[int]:
    from db import quarantine_actions as qa
    from db.models import Policy

    policy = Policy.get(Policy.name == HOME_POLICY)
    today = date.today()  # the dialog prints for the real today
    return [
        qa.open_case(
            person,
            {
                "policy": policy.id,
                "start_date": start,
                "address": "一组12号",
                "reason": "密切接触者",
                "grid_worker": "王网格",
            },
        ).id
        for person, start in ((village["zhang"], today), (village["qian"], today - timedelta(days=3)))
    ]


def fit_problems(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    """What is out of view: the dialog past the screen above the taskbar, or a button outside the dialog."""
    room = dialog.screen().availableGeometry()
    frame = dialog.frameGeometry()
    problems = []
    if frame.width() > room.width() or frame.height() > room.height() - TASKBAR:
        problems.append(f"dialog {frame.width()}×{frame.height()} on {room.width()}×{room.height() - TASKBAR}")
    for button in (dialog.print_button, dialog.save_button):
        corner = button.mapTo(dialog, button.rect().bottomRight())
        if not button.isVisible() or not dialog.rect().contains(corner):
            problems.append(f"{button.text()} out of view")
    if dialog.view.height() < 200:
        problems.append(f"preview only {dialog.view.height()} px high")
    return problems


@pytest.fixture
def cases(village: dict[str, int]) -> list[int]:
    return _two_cases(village)


def test_the_preview_is_shown_at_once_and_nothing_is_recorded_until_printed(  # type: ignore[no-untyped-def]
    qtbot, main_window, cases, tmp_path, output_dir
):
    from PyQt6.QtPdf import QPdfPageRenderer
    from PyQt6.QtPrintSupport import QPrinter

    from app.quarantine.print_dialog import PrintDialog
    from tests.conftest import save_screenshot
    from tests.printing.conftest import page_count

    dialog = PrintDialog(main_window, chosen=cases, document="seals")
    qtbot.addWidget(dialog)
    rendered: list[int] = []  # pages the preview has drawn (the view renders them off the UI thread)
    dialog.view.findChild(QPdfPageRenderer).pageRendered.connect(lambda page, *_: rendered.append(page))
    dialog.show()
    qtbot.waitUntil(lambda: dialog.pdf.pageCount() > 0, timeout=HANG_GUARD_MS)  # nothing was pressed
    qtbot.waitUntil(lambda: 0 in rendered, timeout=HANG_GUARD_MS)  # drawn, for the picture
    assert dialog.pdf.pageCount() == page_count(dialog.file)
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert fit_problems(dialog) == []
    save_screenshot(dialog, output_dir, "h3-print-dialog-1366")
    assert _print_records() == []  # a preview is not a print

    # Another choice: its preview replaces the first by itself; one overtaken on its way is dropped.
    dialog.document.setCurrentIndex(dialog.document.findData("notices"))
    dialog.document.setCurrentIndex(dialog.document.findData("temperature-sheets"))
    qtbot.waitUntil(lambda: not dialog._tasks, timeout=HANG_GUARD_MS)  # every preview begun has ended
    assert dialog.batch is not None and dialog.batch.document == "temperature-sheets"
    assert dialog.file is not None and dialog.pdf.pageCount() == page_count(dialog.file)
    assert dialog.message.text().startswith(dialog.batch.title)
    assert _print_records() == []

    saved = dialog.save_pdf(str(tmp_path / "体温表.pdf"))
    assert saved is not None and page_count(saved) == dialog.pdf.pageCount()
    records = _print_records()
    assert [(r["document"], r["file"], sorted(r["cases"])) for r in records] == [
        (dialog.batch.title, str(saved), sorted(cases))
    ]

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # a PDF printer stands in for the office one
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_pdf(printer)
    assert page_count(tmp_path / "printed.pdf") == dialog.pdf.pageCount()
    assert len(_print_records()) == 2 and str(tmp_path / "printed.pdf") in str(_print_records()[1]["file"])


def test_the_dialog_fits_at_125_percent_scaling(db_path: Path, cases: list[int], output_dir: Path) -> None:
    from db.connection import close_database

    close_database()  # the child opens the file (the fixture closes it again at the end: a no-op)
    shot = output_dir / "h3-print-dialog-125.png"
    env = {**os.environ, "QT_SCALE_FACTOR": "1.25", "QT_QPA_PLATFORM": f"offscreen:configfile={SCREEN_CONFIG}"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.app.test_print_dialog_fits", str(db_path), str(shot)],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_MS / 1000 + 60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["screen"] == [1093, 614]  # 1366×768 at 125 %: the scaling did reach the child
    assert seen["problems"] == [] and seen["pages"] > 0, seen
    assert seen["records"] == 0


def _child(db: Path, shot: Path) -> int:
    """The dialog at this process's scaling: opened, its preview awaited (a hang guard only), measured."""
    from PyQt6.QtCore import QEventLoop, QTimer
    from PyQt6.QtPdf import QPdfPageRenderer
    from PyQt6.QtWidgets import QAbstractItemView, QApplication

    from db.connection import open_database
    from db.models import Case

    app = QApplication([])
    open_database(db)
    from app.quarantine.print_dialog import PrintDialog

    dialog = PrintDialog(None, chosen=[c.id for c in Case.select()], document="notices-and-seals")
    dialog.show()
    loop = QEventLoop()
    # The preview comes by itself; its first page drawn is what the picture shows.
    dialog.view.findChild(QPdfPageRenderer).pageRendered.connect(lambda *_: loop.quit())
    QTimer.singleShot(HANG_GUARD_MS, loop.quit)  # a guard against a hang, not a wait
    loop.exec()
    for view in dialog.findChildren(QAbstractItemView):
        view.doItemsLayout()
    dialog.grab().save(str(shot))
    room = app.primaryScreen().geometry()
    print(
        json.dumps(
            {
                "screen": [room.width(), room.height()],
                "problems": fit_problems(dialog),
                "pages": dialog.pdf.pageCount(),
                "records": len(_print_records()),
            }
        )
    )
    dialog.done(0)
    return 0


if __name__ == "__main__":
    sys.exit(_child(Path(sys.argv[1]), Path(sys.argv[2])))
