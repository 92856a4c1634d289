"""解除…告知书: given to the person when the observation ends, dated the day it ends.

Which cases may have one is decided by printing.from_ledger (released, or due today with nothing
unhandled). A case not yet released in the ledger gets a draft: marked 草稿（待确认） across the page and
under the title, so it cannot pass for the release itself before the clerk has recorded it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer

from db.progress import Progress
from db.rules.chinese_dates import long_date
from forms.case_fields import DOCTOR
from printing.case_print import CasePrint
from printing.documents.flowables import TextBlock
from printing.documents.layout import PAGE_HEIGHT, PAGE_WIDTH, SEAL_RED, build_batch, require_cases
from printing.documents.letter import Signature, body, fact_box, heading, person_and_phone
from printing.fonts import draw_string
from printing.papers import RELEASE, RELEASE_TITLE
from printing.pdf_file import write_pdf
from printing.templates import describe_kind

TITLE = RELEASE_TITLE
DRAFT = "草稿（待确认）"
#: Under the title of a draft: what the clerk must do before it is handed out.
DRAFT_LINE = (
    f"{DRAFT}：台账中尚未办理解除。核实观察期满、无未处置的异常，在台账中办理解除后，再打印正式告知书交给本人。"
)
_WATERMARK = colors.Color(0.80, 0.05, 0.05, alpha=0.16)


def title_for(case: CasePrint) -> str:
    return RELEASE.title_for(case)


def is_draft(case: CasePrint) -> bool:
    """Not released in the ledger yet: the paper is a draft the clerk confirms by recording the release."""
    return case.released_on is None


def facts(case: CasePrint) -> list[tuple[str, str]]:
    return [
        ("观察方式", describe_kind(case)),
        ("观察期", f"{long_date(case.start)} 至 {long_date(case.end)}（共{case.days}天）"),
        ("解除日期", long_date(case.release_date) + ("（待确认）" if is_draft(case) else "")),
        (DOCTOR, person_and_phone(case.doctor, case.doctor_phone)),
    ]


def story(case: CasePrint, template: str) -> list[Flowable]:
    draft = [TextBlock(DRAFT_LINE, 11, 17, align="left", bold=True, color=SEAL_RED), Spacer(1, 4)]
    return [
        *heading(case, title_for(case), RELEASE.number(case)),
        *(draft if is_draft(case) else []),
        *body(case, template),
        Spacer(1, 8),
        fact_box(facts(case)),
        Signature(case, case.release_date),  # dated the day the release takes effect
        Spacer(1, 16),
        TextBlock("本告知书一式两份，一份交被观察人，一份由村委会存档。", 9.5, 16, align="left", color=colors.grey),
    ]


def _watermark(canvas, case: CasePrint, page: int) -> None:  # type: ignore[no-untyped-def]
    if not is_draft(case):
        return
    canvas.saveState()
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(35)
    draw_string(canvas, 0, -30, DRAFT, 64, "center", bold=True, color=_WATERMARK)
    canvas.restoreState()


def render(
    cases: Sequence[CasePrint],
    out: Path,
    progress: Progress | None = None,
    template: str | Mapping[str, str] | None = None,
) -> Path:
    """One release notice per case, in one PDF at `out`."""
    require_cases(cases)
    text = template if isinstance(template, str) else (template or {}).get(RELEASE.template, RELEASE.default)
    return write_pdf(
        Path(out),
        lambda path: build_batch(path, TITLE, cases, progress, lambda case: story(case, text), on_page_end=_watermark),
    )
