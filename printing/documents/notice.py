"""居家隔离医学观察告知书: served on the household when observation starts, with a tear-off receipt
(回执) the family signs and the village keeps."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, Spacer

from db.progress import Progress
from db.rules.chinese_dates import long_date
from printing.case_print import CasePrint
from printing.documents.flowables import CutLine, PushToBottom, TextBlock
from printing.documents.layout import FRAME_WIDTH, build_batch, require_cases
from printing.documents.letter import Signature, body, fact_box, heading, person_and_phone
from printing.pdf_file import write_pdf
from printing.templates import BLANK, DEFAULT_NOTICE

TITLE = "居家隔离医学观察告知书"


def title_for(case: CasePrint) -> str:
    """居家隔离医学观察告知书, 集中隔离医学观察告知书 or 居家健康监测告知书."""
    return f"{case.kind}告知书"


def facts(case: CasePrint) -> list[tuple[str, str]]:
    return [
        ("观察期", f"{long_date(case.start)} 至 {long_date(case.end)}（共{case.days}天）"),
        ("期满解除日期", f"{long_date(case.release_due)}（观察期内无异常的）"),
        ("包保网格员", person_and_phone(case.grid_worker, case.grid_worker_phone)),
        ("包保村医", person_and_phone(case.doctor, case.doctor_phone)),
        ("监督电话", f"{case.supervision_phone or BLANK}（{case.committee}）"),
    ]


def receipt(case: CasePrint) -> list[Flowable]:
    """The part below the cut line: what the family signs to say the notice was served."""
    return [
        CutLine("✂ 沿此线剪下，回执交村委会留存"),
        Spacer(1, 4),
        TextBlock("回　　执", 14, 24, align="center", bold=True),
        TextBlock(
            f"本人已收到{case.committee}送达的《{title_for(case)}》（编号：{case.serial}），知晓观察期为"
            f"{long_date(case.start)}至{long_date(case.end)}，承诺遵守告知书的各项要求。",
            11, 19, indent=22,
        ),
        Spacer(1, 6),
        TextBlock(f"被观察人：{case.person_name}　　　签收人（签字）：____________　　与被观察人关系：________",
                  11, 22, align="left"),
        TextBlock("送达人（签字）：____________　　　签收日期：________年____月____日", 11, 22, align="left"),
    ]


def story(case: CasePrint, template: str) -> list[Flowable]:
    tail = receipt(case)
    tail_height = sum(f.wrap(FRAME_WIDTH, 1000)[1] for f in tail)
    return [
        *heading(case, title_for(case)),
        *body(case, template),
        Spacer(1, 8),
        fact_box(facts(case)),
        Signature(case),
        PushToBottom(tail_height),
        KeepTogether(tail),
    ]


def render(cases: Sequence[CasePrint], out: Path, progress: Progress | None = None,
           template: str | None = None) -> Path:
    """One notice page per case (more if the template is long) in one PDF at `out`."""
    require_cases(cases)
    text = DEFAULT_NOTICE if template is None else template
    return write_pdf(Path(out), lambda path: build_batch(path, TITLE, cases, progress,
                                                         lambda case: story(case, text)))
