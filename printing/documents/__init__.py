"""The printable documents of the quarantine ledger, by the name the headless commands use.

Each module's render(cases, out, progress=None[, template=None]) writes one A4 PDF for a batch of cases.
The notices are one document whose pages are each case's own paper (printing.papers): a batch names its
title by the cases in it (printing.papers.notice_title), the registry only the kind of document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from printing.documents import notice, notices_and_seals, release_notice, seal, temperature_sheet
from printing.papers import NOTICES, RELEASE, Paper


@dataclass(frozen=True)
class Document:
    """A document kind: its Chinese title, its render function and, for the notices, the papers whose
    wording it prints (empty: render takes no template)."""

    title: str
    render: Callable[..., Path]
    papers: tuple[Paper, ...] = ()

    @property
    def default_template(self) -> str | None:
        """The first paper's default wording (None for a document without wording)."""
        return self.papers[0].default if self.papers else None


DOCUMENTS: dict[str, Document] = {
    "notices": Document("告知书", notice.render, tuple(NOTICES.values())),
    "seals": Document(seal.TITLE, seal.render),
    "notices-and-seals": Document("告知书和封条", notices_and_seals.render, tuple(NOTICES.values())),
    "temperature-sheets": Document("每日体温记录表", temperature_sheet.render),
    "release-notices": Document(release_notice.TITLE, release_notice.render, (RELEASE,)),
}
