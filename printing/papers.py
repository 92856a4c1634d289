"""The kinds of paper served on a case: one per kind of observation (home, central, health monitoring) and
the release notice, each with its own title, wording (db Template.kind) and number.

Which notice a case gets follows its kind now (case.kind, moved by transfers and by the policy's stages),
so the screen that offers a paper and the paper itself always name the same one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from forms.case_fields import CENTRAL, HOME, MONITOR
from printing.case_print import CasePrint
from printing.templates import (
    DEFAULT_CENTRAL_NOTICE,
    DEFAULT_MONITORING_NOTICE,
    DEFAULT_NOTICE,
    DEFAULT_RELEASE_NOTICE,
)


@dataclass(frozen=True)
class Paper:
    """A kind of paper. template is its wording's db Template.kind; code starts its number (居隔〔2026〕12号)."""

    template: str
    code: str
    default: str
    kind: str | None = None  # the case kind a notice is for; None: the release notice

    def title_for(self, case: CasePrint) -> str:
        if self.kind is not None:
            return f"{self.kind}告知书"
        kinds = {kind for kind, _first, _last in case.stages} | {case.kind}
        return f"解除{kinds.pop()}告知书" if len(kinds) == 1 else RELEASE_TITLE

    def number(self, case: CasePrint) -> str:
        """The paper's number: stable for the case (a reprint carries the same), never blank."""
        return f"{self.code}〔{case.start.year}〕{case.case_id}号"


#: A release after observation of more than one kind (7天集中 + 7天居家健康监测).
RELEASE_TITLE = "解除隔离医学观察告知书"

NOTICES: dict[str, Paper] = {
    HOME: Paper("notice", "居隔", DEFAULT_NOTICE, HOME),  # "notice": the wording saved before there were three
    CENTRAL: Paper("central_notice", "集隔", DEFAULT_CENTRAL_NOTICE, CENTRAL),
    MONITOR: Paper("monitoring_notice", "监测", DEFAULT_MONITORING_NOTICE, MONITOR),
}
RELEASE = Paper("release_notice", "解除", DEFAULT_RELEASE_NOTICE)
#: Every paper by its wording's Template.kind.
BY_TEMPLATE: dict[str, Paper] = {p.template: p for p in (*NOTICES.values(), RELEASE)}


def notice_for(case: CasePrint) -> Paper:
    """The notice of the case's present kind (a kind not ours gets the home notice)."""
    return NOTICES.get(case.kind, NOTICES[HOME])


def notice_title(kinds: Iterable[str]) -> str:
    """What a batch of notices is called: the one paper's title, or each paper with its count."""
    counts = Counter(kind if kind in NOTICES else HOME for kind in kinds)
    if len(counts) == 1:
        return f"{next(iter(counts))}告知书"
    if not counts:
        return "告知书"
    parts = "、".join(f"{kind}告知书 {counts[kind]} 份" for kind in NOTICES if counts[kind])
    return f"告知书（{parts}）"


def seal_number(case: CasePrint) -> str:
    """The seal's number as the ledger records it; one made like a paper's when none was (a 7+7 case that
    came home from the site was opened without one)."""
    return case.serial.strip() or f"封〔{case.start.year}〕{case.case_id}号"
