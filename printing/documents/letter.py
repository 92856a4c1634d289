"""The shape both notices share: title, addressee, the filled-in template, a box of dates and phones,
and the committee's signature with room for its stamp."""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from db.rules.chinese_dates import long_date
from printing.case_print import CasePrint
from printing.documents.flowables import TextBlock
from printing.documents.layout import FRAME_WIDTH, LINE_GREY, SHADE
from printing.fonts import draw_string, main_font, string_width
from printing.papers import seal_number
from printing.templates import BLANK, fill_template, paragraphs

BODY_SIZE = 11.5
BODY_LEADING = 19


def heading(case: CasePrint, title: str, number: str) -> list[Flowable]:
    """Title, the paper's number (and the door seal's, for a case at home) and the addressee line."""
    seal = f"　封条编号：{seal_number(case)}" if case.at_home else ""
    place = "住址" if case.at_home else "隔离地点"
    return [
        TextBlock(title, 22, 30, align="center", bold=True),
        TextBlock(f"编号：{number}{seal}", 9, 14, align="right", color=colors.grey),
        Spacer(1, 4),
        TextBlock(f"{case.person_name}（{place}：{case.address}）：", 13, 24, align="left"),
    ]


def body(case: CasePrint, template: str) -> list[Flowable]:
    """The template filled in for this case: each line a paragraph indented by two characters."""
    flow: list[Flowable] = []
    for paragraph in paragraphs(fill_template(template, case)):
        if paragraph is None:
            flow.append(Spacer(1, BODY_LEADING * 0.35))
        else:
            flow.append(TextBlock(paragraph, BODY_SIZE, BODY_LEADING, indent=2 * BODY_SIZE))
    return flow


def person_and_phone(name: str, phone: str) -> str:
    return f"{name or BLANK}　　电话：{phone or BLANK}"


def fact_box(rows: list[tuple[str, str]]) -> Table:
    """A two-column ruled box: shaded labels on the left, values (any characters) on the right."""
    label_width = 88
    value_width = FRAME_WIDTH - label_width
    data = [[TextBlock(label, 11, 16, align="center"), TextBlock(value, 11, 16, align="left")] for label, value in rows]
    table = Table(data, colWidths=[label_width, value_width])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), main_font()),
                ("BOX", (0, 0), (-1, -1), 1.0, LINE_GREY),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, LINE_GREY),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


class Signature(Flowable):
    """Committee name with "（盖章）" and the date centred under the name, at the right, with room above
    for the round stamp (which is pressed over name and date)."""

    size = 12
    stamp_room = 22

    def __init__(self, case: CasePrint, day: date | None = None) -> None:
        super().__init__()
        self.committee = case.committee or BLANK
        self.date = long_date(day or case.printed_on)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.stamp_room + 2.2 * self.size * 1.6
        return self.width, self.height

    def draw(self) -> None:
        mark = "（盖章）"
        right = self.width - self.size
        name_width = string_width(self.committee, self.size)
        centre = right - string_width(mark, self.size) - name_width / 2
        line = self.size * 1.6
        draw_string(self.canv, right, line + self.size * 0.4, self.committee + mark, self.size, "right")
        draw_string(self.canv, centre, self.size * 0.4, self.date, self.size, "center")
