"""The notice served when an observation (or a stage of it) starts, with a tear-off receipt (回执) the family
signs and the village keeps: 居家隔离医学观察告知书, 集中隔离医学观察告知书 or 居家健康监测告知书, each with
its own wording (printing.papers), whichever the case is in now.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, Spacer

from db.progress import Progress
from db.rules.chinese_dates import long_date
from forms.case_fields import DOCTOR, RESPONSIBLE
from printing.case_print import CasePrint
from printing.documents.flowables import CutLine, PushToBottom, TextBlock
from printing.documents.layout import FRAME_WIDTH, build_batch, require_cases
from printing.documents.letter import Signature, body, fact_box, heading, person_and_phone
from printing.papers import Paper, notice_for, notice_title
from printing.pdf_file import write_pdf
from printing.templates import BLANK, describe_kind

#: A notice's wording: one text for every case, or a text per paper (Template.kind); None: the defaults.
Wording = str | Mapping[str, str] | None


def title_for(case: CasePrint) -> str:
    """居家隔离医学观察告知书, 集中隔离医学观察告知书 or 居家健康监测告知书: the case's present kind."""
    return notice_for(case).title_for(case)


def facts(case: CasePrint) -> list[tuple[str, str]]:
    kind, first, last = case.current_stage
    rows = [("观察期", f"{long_date(case.start)} 至 {long_date(case.end)}（共{case.days}天）")]
    if len(case.stages) > 1:
        rows = [
            ("观察方式", describe_kind(case)),
            *rows,
            ("本阶段", f"{kind}：{long_date(first)} 至 {long_date(last)}（共{case.stage_days}天）"),
        ]
    if not case.at_home:
        rows.append(("隔离地点", case.address or BLANK))
    rows += [
        ("期满解除日期", f"{long_date(case.release_due)}（观察期内无异常的）"),
        (RESPONSIBLE, person_and_phone(case.grid_worker, case.grid_worker_phone)),
        (DOCTOR, person_and_phone(case.doctor, case.doctor_phone)),
        ("监督电话", f"{case.supervision_phone or BLANK}（{case.committee}）"),
    ]
    return rows


def receipt(case: CasePrint, paper: Paper) -> list[Flowable]:
    """The part below the cut line: what the family signs to say the notice was served."""
    kind, first, last = case.current_stage
    return [
        CutLine("✂ 沿此线剪下，回执交村委会留存"),
        Spacer(1, 4),
        TextBlock("回　　执", 14, 24, align="center", bold=True),
        TextBlock(
            f"本人已收到{case.committee}送达的《{paper.title_for(case)}》（编号：{paper.number(case)}），知晓"
            f"{kind}的期限为{long_date(first)}至{long_date(last)}，承诺遵守告知书的各项要求。",
            11,
            19,
            indent=22,
        ),
        Spacer(1, 6),
        TextBlock(
            f"被观察人：{case.person_name}　　　签收人（签字）：____________　　与被观察人关系：________",
            11,
            22,
            align="left",
        ),
        TextBlock("送达人（签字）：____________　　　签收日期：________年____月____日", 11, 22, align="left"),
    ]


def wording_for(paper: Paper, wording: Wording) -> str:
    if isinstance(wording, str):
        return wording
    if wording is not None and paper.template in wording:
        return wording[paper.template]
    return paper.default


def story(case: CasePrint, wording: Wording) -> list[Flowable]:
    paper = notice_for(case)
    tail = receipt(case, paper)
    tail_height = sum(f.wrap(FRAME_WIDTH, 1000)[1] for f in tail)
    return [
        *heading(case, paper.title_for(case), paper.number(case)),
        *body(case, wording_for(paper, wording)),
        Spacer(1, 8),
        fact_box(facts(case)),
        Signature(case),
        PushToBottom(tail_height),
        KeepTogether(tail),
    ]


def render(cases: Sequence[CasePrint], out: Path, progress: Progress | None = None, template: Wording = None) -> Path:
    """One notice page per case (more if the wording is long), each of its present kind, in one PDF at `out`."""
    require_cases(cases)
    title = notice_title(case.kind for case in cases)
    return write_pdf(
        Path(out), lambda path: build_batch(path, title, cases, progress, lambda case: story(case, template))
    )
