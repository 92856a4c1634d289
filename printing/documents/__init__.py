"""The printable documents of the quarantine ledger, by the name the headless commands use.

Each module's render(cases, out, progress=None[, template=None]) writes one A4 PDF for a batch of cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from printing.documents import notice, notices_and_seals, release_notice, seal, temperature_sheet
from printing.templates import DEFAULT_NOTICE, DEFAULT_RELEASE_NOTICE


@dataclass(frozen=True)
class Document:
    """A document kind: its Chinese title, its render function and, for the notices, its default wording."""

    title: str
    render: Callable[..., Path]
    default_template: str | None = None  # None: render takes no template


DOCUMENTS: dict[str, Document] = {
    "notices": Document("居家隔离医学观察告知书", notice.render, DEFAULT_NOTICE),
    "seals": Document("居家医学观察封条", seal.render),
    "notices-and-seals": Document("告知书和封条", notices_and_seals.render, DEFAULT_NOTICE),
    "temperature-sheets": Document("每日体温记录表", temperature_sheet.render),
    "release-notices": Document("解除隔离医学观察告知书", release_notice.render, DEFAULT_RELEASE_NOTICE),
}
