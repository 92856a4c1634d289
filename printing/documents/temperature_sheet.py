"""每日体温记录表: the sheet left with the family (一人一档) on which each visit's reading is written.

Every day of the period is printed in advance, a morning and an afternoon row each, so the checker only
writes the temperature and ticks boxes. Where the observation changes kind (7 days central isolation,
then home health monitoring) a shaded row says so. ID number and phone are masked: the sheet leaves
the office. A 14-day period fits on one page; a longer one continues with the column heads repeated.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from db.progress import Progress
from db.rules.chinese_dates import long_date, short_date
from db.rules.id_number import mask_id_number
from db.rules.phones import mask_phone
from forms.case_fields import DOCTOR, RESPONSIBLE
from printing.case_print import CasePrint
from printing.documents.flowables import TextBlock
from printing.documents.layout import BOTTOM_MARGIN, LINE_GREY, PAGE_WIDTH, SHADE, build_batch, require_cases
from printing.fonts import draw_string, main_font
from printing.pdf_file import write_pdf
from printing.templates import BLANK, describe_kind

TITLE = "每日体温记录表"
SIDE_MARGIN = 12 * mm
WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN
SLOTS = ("上午", "下午")
SYMPTOMS = "□无 □发热 □咳嗽 □乏力 □气促 □腹泻 □其他"
METHODS = "□上门 □电话 □视频"
COLUMNS = (  # heading, share of the width
    ("天数", 40),
    ("日期", 56),
    ("时段", 32),
    ("体温(℃)", 46),
    ("症状（在□内打√）", 172),
    ("测量方式", 80),
    ("测量人签字", 58),
    ("备注", 43),
)
ROW_HEIGHT = 18
HEAD_HEIGHT = 22
STAGE_ROW_HEIGHT = 16
STAGE_SHADE = colors.Color(1.0, 0.93, 0.85)


def _widths() -> list[float]:
    total = sum(share for _, share in COLUMNS)
    return [WIDTH * share / total for _, share in COLUMNS]


def header_block(case: CasePrint) -> Table:
    """Who, where, which observation and who looks after the person, in a ruled box."""
    w = [WIDTH * s for s in (0.115, 0.22, 0.095, 0.175, 0.105, 0.29)]
    age = f"{case.age}岁" if case.age is not None else ""
    stages = "；".join(f"{kind}（{short_date(first)}—{short_date(last)}）" for kind, first, last in case.stages)
    how = stages if len(case.stages) > 1 else describe_kind(case)
    # (text, columns spanned, is a label)
    rows = [
        [
            ("姓名", 1, True),
            (case.person_name, 1, False),
            ("性别", 1, True),
            (case.sex, 1, False),
            ("年龄", 1, True),
            (age, 1, False),
        ],
        [
            ("身份证号", 1, True),
            (mask_id_number(case.id_number), 3, False),
            ("联系电话", 1, True),
            (mask_phone(case.phone), 1, False),
        ],
        [("观察地点", 1, True), (case.address, 5, False)],
        [("观察方式", 1, True), (how, 5, False)],
        [
            ("观察期", 1, True),
            (f"{long_date(case.start)} 至 {long_date(case.end)}（共{case.days}天）", 3, False),
            ("期满解除", 1, True),
            (long_date(case.release_due), 1, False),
        ],
        [
            (RESPONSIBLE, 1, True),
            (f"{case.grid_worker or BLANK}　{case.grid_worker_phone}", 2, False),
            (DOCTOR, 1, True),
            (f"{case.doctor or BLANK}　{case.doctor_phone}", 2, False),
        ],
    ]
    data, style = (
        [],
        [
            ("FONTNAME", (0, 0), (-1, -1), main_font()),  # else the span fillers ("") name Helvetica
            ("BOX", (0, 0), (-1, -1), 1.0, LINE_GREY),
            ("INNERGRID", (0, 0), (-1, -1), 0.5, LINE_GREY),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ],
    )
    for r, cells in enumerate(rows):
        line: list[object] = []
        for text, span, label in cells:
            c = len(line)
            line.append(TextBlock(text, 10, 15.5, align="center" if label else "left"))
            line += [""] * (span - 1)
            if span > 1:
                style.append(("SPAN", (c, r), (c + span - 1, r)))
            if label:
                style.append(("BACKGROUND", (c, r), (c, r), SHADE))
        data.append(line)
    table = Table(data, colWidths=w)
    table.setStyle(TableStyle(style))
    return table


def readings_table(case: CasePrint) -> Table:
    """Two rows a day for the whole period (day and date spanning both), a shaded row where the stage changes."""
    size = 9
    data: list[list[str]] = [[heading for heading, _ in COLUMNS]]
    heights = [HEAD_HEIGHT]
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), main_font()),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("FONTSIZE", (4, 1), (5, -1), 7.5),
        ("LEADING", (4, 1), (5, -1), 9),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("BOX", (0, 0), (-1, -1), 1.0, LINE_GREY),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, LINE_GREY),
    ]
    previous = None
    for number in range(1, case.days + 1):
        day = case.day(number)
        stage = case.stage_on(day)
        if previous is not None and stage != previous:
            r = len(data)
            last = next((end for kind, first, end in case.stages if first <= day <= end), case.end)
            data.append(
                [f"▼ 自第{number}天（{short_date(day)}）起转为{stage}，至{short_date(last)}"]
                + [""] * (len(COLUMNS) - 1)
            )
            heights.append(STAGE_ROW_HEIGHT)
            style += [
                ("SPAN", (0, r), (-1, r)),
                ("BACKGROUND", (0, r), (-1, r), STAGE_SHADE),
                ("ALIGN", (0, r), (-1, r), "LEFT"),
                ("LEFTPADDING", (0, r), (-1, r), 8),
                ("FONTSIZE", (0, r), (-1, r), size),
            ]
        previous = stage
        r = len(data)
        for slot in SLOTS:
            first_row = slot == SLOTS[0]
            data.append(
                [
                    f"第{number}天" if first_row else "",
                    short_date(day) if first_row else "",
                    slot,
                    "",
                    SYMPTOMS,
                    METHODS,
                    "",
                    "",
                ]
            )
            heights.append(ROW_HEIGHT)
        style += [
            ("SPAN", (0, r), (0, r + 1)),
            ("SPAN", (1, r), (1, r + 1)),
            ("LINEBELOW", (0, r + 1), (-1, r + 1), 0.9, LINE_GREY),
        ]
    table = Table(data, colWidths=_widths(), rowHeights=heights, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def footer(case: CasePrint) -> Table:
    """Release date and basis (written in when known) and the place for the village's stamp."""
    released = long_date(case.released_on) if case.released_on else "________年____月____日"
    left = [
        TextBlock(f"解除日期：{released}", 10.5, 20, align="left"),
        TextBlock("解除依据：□期满无异常　□卫生院/疾控解除告知", 10.5, 20, align="left"),
    ]
    right = [
        TextBlock("村（社区）盖章：", 10.5, 20, align="left"),
        TextBlock("________年____月____日", 10.5, 20, align="right"),
    ]
    table = Table([[left, right]], colWidths=[WIDTH * 0.6, WIDTH * 0.4])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), main_font()),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def story(case: CasePrint) -> list[Flowable]:
    return [
        TextBlock(TITLE, 18, 26, align="center", bold=True),
        _Subtitle(case),
        header_block(case),
        Spacer(1, 6),
        readings_table(case),
        Spacer(1, 8),
        footer(case),
    ]


class _Subtitle(Flowable):
    """Committee at the left, serial number at the right, on one line under the title."""

    def __init__(self, case: CasePrint) -> None:
        super().__init__()
        self.case = case

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, 18
        return self.width, self.height

    def draw(self) -> None:
        draw_string(self.canv, 0, 6, f"填报单位：{self.case.committee}", 9.5)
        draw_string(self.canv, self.width, 6, f"编号：{self.case.serial}", 9.5, "right")


def _page_footer(canvas, case: CasePrint, page: int) -> None:  # type: ignore[no-untyped-def]
    text = f"{case.person_name}　{TITLE}　编号：{case.serial}　第{page}页"
    draw_string(canvas, PAGE_WIDTH / 2, BOTTOM_MARGIN / 2, text, 8, "center", color=colors.grey)


def render(cases: Sequence[CasePrint], out: Path, progress: Progress | None = None) -> Path:
    """A sheet (one page for up to 14 days) per case, in one PDF at `out`."""
    require_cases(cases)
    return write_pdf(
        Path(out),
        lambda path: build_batch(
            path, TITLE, cases, progress, story, on_page_end=_page_footer, side_margin=SIDE_MARGIN
        ),
    )
