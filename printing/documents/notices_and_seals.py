"""告知书和封条 in one PDF: what the clerk takes to the doors of the day's new cases in one print job.

Each part is rendered by its own module, then the pages are joined with pypdf, so the two papers look
exactly as when printed apart.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfWriter

from db.progress import Progress
from printing.case_print import CasePrint
from printing.documents import notice, seal
from printing.pdf_file import write_pdf


class _Half:
    """Reports one part's progress per case of the whole batch (each part is half a case's work), and
    passes the cancel on."""

    def __init__(self, progress: Progress, second: bool) -> None:
        self.progress, self.second = progress, second

    @property
    def cancelled(self) -> bool:
        return self.progress.cancelled

    def update(self, done: int, total: int) -> None:
        self.progress.update(((total if self.second else 0) + done) // 2, total)


def render(cases: Sequence[CasePrint], out: Path, progress: Progress | None = None, template: str | None = None) -> Path:
    with tempfile.TemporaryDirectory(prefix="village-ledger-") as folder:
        notices = notice.render(cases, Path(folder) / "notices.pdf",
                                _Half(progress, second=False) if progress else None, template=template)
        seals = seal.render(cases, Path(folder) / "seals.pdf", _Half(progress, second=True) if progress else None)

        def join(path: Path) -> None:
            writer = PdfWriter()
            for part in (notices, seals):
                writer.append(str(part))
            with path.open("wb") as f:
                writer.write(f)

        return write_pdf(out, join)
