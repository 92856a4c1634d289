"""The door seal (封条) posted at a household under observation: two per A4 page, cut apart on the line.

A seal is read by every passer-by, so it carries the address, the period, the committee and its
phone, and never the person's name, ID number or phone. Only a door gets one: a case observed at a
central site has no seal (the site's room is not the family's door). Its heading is the case's kind as
the definitions name it, the very words of the notice served with it. Drawn straight on the canvas: a batch of a
thousand pages takes about a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from db.errors import LedgerError
from db.progress import Progress
from db.rules.chinese_dates import long_date
from printing.case_print import HOME_MONITORING, CasePrint
from printing.documents.flowables import draw_cut_line
from printing.documents.layout import (
    INK,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SEAL_RED,
    each_case,
    require_cases,
    set_metadata,
)
from printing.fonts import draw_string, fit_size, main_font, string_width
from printing.line_breaking import wrap
from printing.papers import seal_number
from printing.pdf_file import write_pdf
from printing.templates import BLANK

TITLE = "封条"
PER_PAGE = 2
_SIDE = 15 * mm  # page edge to border
_END = 11 * mm  # page edge (or cut line) to border, top and bottom
STAMP_RADIUS = 21 * mm  # a village committee's round stamp is 42 mm across


def headings(case: CasePrint) -> tuple[str, str]:
    """The two big lines of the seal: the case's kind (as its notice names it) and what it asks."""
    return case.kind, "非必要不外出" if case.kind == HOME_MONITORING else "请勿外出"


def refuse_central(cases: Sequence[CasePrint]) -> None:
    """A seal only for a door: naming who is at a central site, so no seal is made for them."""
    central = [c.person_name for c in cases if not c.at_home]
    if central:
        raise LedgerError(f"集中隔离的人不张贴封条：{'、'.join(central)}")


def draw_seal(canvas: Canvas, case: CasePrint, left: float, bottom: float, width: float, height: float) -> None:
    """One seal inside the rectangle (its double border is the rectangle's edge)."""
    top, right, centre = bottom + height, left + width, left + width / 2
    canvas.setFillColor(INK)
    canvas.setStrokeColor(SEAL_RED)
    canvas.setLineWidth(3.2)
    canvas.rect(left, bottom, width, height)
    canvas.setLineWidth(0.9)
    canvas.rect(left + 5, bottom + 5, width - 10, height - 10)

    draw_string(canvas, right - 16, top - 24, f"编号：{seal_number(case)}", 10.5, "right")
    first, second = headings(case)
    room = width - 70
    size = fit_size(first, 58, room)
    draw_string(canvas, centre, top - 30 - size * 0.85, first, size, "center", bold=True, color=SEAL_RED)
    second_size = fit_size(second, 44, room)
    second_base = top - 30 - size * 0.85 - 18 - second_size * 0.85
    draw_string(
        canvas,
        centre,
        second_base,
        second,
        second_size,
        "center",
        bold=True,
        color=SEAL_RED,
        char_space=second_size * 0.25,
    )

    label_x, value_x = left + 36, left + 36 + 5 * 15
    _kind, since, until = case.current_stage  # the days the household is at home under this seal
    lines = [
        ("地址", case.address or BLANK),
        ("观察期", f"{long_date(since)} 至 {long_date(until)}"),
        ("监督电话", case.supervision_phone or BLANK),
    ]
    y = second_base - 44
    for label, value in lines:
        # Labels spread over four characters' width, so the colons line up (地　　址：).
        draw_string(canvas, label_x, y, label, 15, char_space=(4 - len(label)) * 15 / (len(label) - 1))
        draw_string(canvas, label_x + 4 * 15, y, "：", 15)
        for part, size in _fitted(value, right - 20 - value_x):
            draw_string(canvas, value_x, y, part, size)
            y -= 15
        y -= 12

    # The committee, dated, in a dashed circle where its stamp goes.
    cx, cy = right - 30 - STAMP_RADIUS, bottom + 16 + STAMP_RADIUS
    canvas.saveState()
    canvas.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
    canvas.setLineWidth(0.7)
    canvas.setDash(3, 3)
    canvas.circle(cx, cy, STAMP_RADIUS)
    canvas.restoreState()
    draw_string(canvas, cx, cy + STAMP_RADIUS - 16, "盖章处", 9, "center", color=colors.grey)
    committee = case.committee or BLANK
    draw_string(canvas, cx, cy - 2, committee, fit_size(committee, 14, STAMP_RADIUS * 2.3, 7), "center")
    draw_string(canvas, cx, cy - 22, long_date(case.printed_on), 11, "center")
    draw_string(canvas, label_x, bottom + 24, "撕毁、遮挡本告示者，依法追究责任。", 10.5)


def _fitted(value: str, room: float) -> list[tuple[str, float]]:
    """A value on one line at 15 pt, else on two at 12.5 pt (a long address), else squeezed onto one."""
    if string_width(value, 15) <= room:
        return [(value, 15)]
    lines = wrap(value, 12.5, room)
    if len(lines) <= 2:
        return [(line, 12.5) for line in lines]
    return [(value, fit_size(value, 15, room, 6))]


def render(cases: Sequence[CasePrint], out: Path, progress: Progress | None = None) -> Path:
    """Seals for all cases, two to a page (top and bottom half), in one PDF at `out`; none for a central case."""
    require_cases(cases)
    refuse_central(cases)

    def draw(path: Path) -> None:
        canvas = Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=main_font())
        set_metadata(canvas, TITLE, cases)
        half = PAGE_HEIGHT / 2
        for index, case in each_case(cases, progress):
            slot = index % PER_PAGE
            if slot == 0 and index:
                canvas.showPage()
            if slot == 0 and index + 1 < len(cases):
                draw_cut_line(canvas, 8 * mm, PAGE_WIDTH - 8 * mm, half, "✂ 沿虚线剪开")
            bottom = half * (1 - slot) + _END
            draw_seal(canvas, case, _SIDE, bottom, PAGE_WIDTH - 2 * _SIDE, half - 2 * _END)
        canvas.showPage()
        canvas.save()

    return write_pdf(Path(out), draw)
