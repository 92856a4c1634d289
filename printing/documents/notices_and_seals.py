"""告知书和封条 in one PDF: what the clerk takes to the doors of the day's new cases in one print job.

Each part is rendered by its own module, then the pages are joined with pypdf, so the two papers look
exactly as when printed apart. Only the cases at home get a seal; a batch of central cases is notices only.
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


class _Part:
    """Reports one part's progress as cases of the whole batch (the notices are the first half of the work,
    the seals the second, whatever their counts), and passes the cancel on."""

    def __init__(self, progress: Progress, cases: int, second: bool, halves: int) -> None:
        self.progress, self.cases, self.second, self.halves = progress, cases, second, halves

    @property
    def cancelled(self) -> bool:
        return self.progress.cancelled

    def update(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        if self.halves == 1:
            self.progress.update(int(self.cases * share), self.cases)
        else:
            self.progress.update(int(self.cases * ((1.0 if self.second else 0.0) + share) / 2), self.cases)


def render(
    cases: Sequence[CasePrint], out: Path, progress: Progress | None = None, template: notice.Wording = None
) -> Path:
    at_home = [case for case in cases if case.at_home]
    halves = 2 if at_home else 1
    with tempfile.TemporaryDirectory(prefix="village-ledger-") as folder:
        parts = [
            notice.render(
                cases,
                Path(folder) / "notices.pdf",
                _Part(progress, len(cases), False, halves) if progress else None,
                template=template,
            )
        ]
        if at_home:
            parts.append(
                seal.render(
                    at_home, Path(folder) / "seals.pdf", _Part(progress, len(cases), True, halves) if progress else None
                )
            )

        def join(path: Path) -> None:
            writer = PdfWriter()
            for part in parts:
                writer.append(str(part))
            with path.open("wb") as f:
                writer.write(f)

        return write_pdf(out, join)
