"""解除隔离告知书: given to the person when the observation ends (on the actual release date if
there is one, else the due date)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer

from db.progress import Progress
from db.rules.chinese_dates import long_date
from printing.case_print import HOME_MONITORING, CasePrint
from printing.documents.flowables import TextBlock
from printing.documents.layout import build_batch, require_cases
from printing.documents.letter import Signature, body, fact_box, heading, person_and_phone
from printing.pdf_file import write_pdf
from printing.templates import DEFAULT_RELEASE_NOTICE, describe_kind

TITLE = "解除隔离医学观察告知书"


def title_for(case: CasePrint) -> str:
    if all(kind == HOME_MONITORING for kind, _, _ in case.stages) and case.kind == HOME_MONITORING:
        return "解除居家健康监测告知书"
    return TITLE


def facts(case: CasePrint) -> list[tuple[str, str]]:
    return [
        ("观察方式", describe_kind(case)),
        ("观察期", f"{long_date(case.start)} 至 {long_date(case.end)}（共{case.days}天）"),
        ("解除日期", long_date(case.release_date)),
        ("包保村医", person_and_phone(case.doctor, case.doctor_phone)),
    ]


def story(case: CasePrint, template: str) -> list[Flowable]:
    return [
        *heading(case, title_for(case)),
        *body(case, template),
        Spacer(1, 8),
        fact_box(facts(case)),
        Signature(case, case.release_date),  # dated the day the release takes effect
        Spacer(1, 16),
        TextBlock("本告知书一式两份，一份交被观察人，一份由村委会存档。", 9.5, 16, align="left", color=colors.grey),
    ]


def render(cases: Sequence[CasePrint], out: Path, progress: Progress | None = None,
           template: str | None = None) -> Path:
    """One release notice per case, in one PDF at `out`."""
    require_cases(cases)
    text = DEFAULT_RELEASE_NOTICE if template is None else template
    return write_pdf(Path(out), lambda path: build_batch(path, TITLE, cases, progress,
                                                         lambda case: story(case, text)))
