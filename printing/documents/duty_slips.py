"""个人值班通知单: a slip per person on duty in a date range — their shifts in time order, the post, who they
stand each shift with, and the 带班干部 with the phone to call — several on an A4 portrait page, a dashed cut
line between them (✂ 沿虚线剪开).

The slip is handed to the person it names, so the leader's phone is printed in full (it is the number they
need); a slip too long for a page goes on over the next with （续）. Drawn on the canvas with fixed heights.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from db.progress import Progress, check_cancelled
from db.queries.duty import PersonSlip, SlipShift
from db.rules.chinese_dates import long_date, short_date
from printing.documents.flowables import draw_cut_line
from printing.documents.layout import CREATOR, LINE_GREY, SHADE
from printing.fonts import draw_string, fit_size, main_font
from printing.pdf_file import write_pdf
from printing.templates import BLANK

TITLE = "个人值班通知单"
PAGE_WIDTH, PAGE_HEIGHT = A4
SIDE = 14 * mm
TOP = BOTTOM = 10 * mm
CUT = 16  # the gap a cut line takes between two slips
TITLE_ROW = 24
INFO_ROW = 18
HEAD_ROW = 17
ROW = 16
TAIL = 20
PADDING = 8
GREY = colors.Color(0.45, 0.45, 0.45)
CUT_CAPTION = "✂ 沿虚线剪开"
TIP = "请提前 10 分钟到岗，当面交接、签到签退；不得擅自离岗；确需调班的，提前一天告知带班干部。"
_SHARES = (("日期", 46), ("星期", 28), ("岗位", 76), ("班次", 104), ("同班人员", 96), ("带班干部及电话", 126))
_SCALE = (PAGE_WIDTH - 2 * SIDE) / sum(w for _h, w in _SHARES)
COLUMNS = tuple((heading, width * _SCALE) for heading, width in _SHARES)
#: Rows a slip (or part of one) holds at most, its notes counted: what one page has room for.
MOST_ROWS = int((PAGE_HEIGHT - TOP - BOTTOM - TITLE_ROW - INFO_ROW - HEAD_ROW - TAIL - 2 * PADDING) // ROW)


@dataclass(frozen=True)
class SlipHeader:
    """What every slip says besides the person's own: the village, the range and whom to call."""

    village: str
    first_day: date
    last_day: date
    office_phone: str


@dataclass(frozen=True)
class _Part:
    slip: PersonSlip
    shifts: tuple[SlipShift, ...]
    continued: bool

    @property
    def notes(self) -> list[str]:
        """The person's own notes on these shifts (调班 …), a line each under the table."""
        return [f"{short_date(s.day)} {s.name}：{s.note}" for s in self.shifts if s.note]

    @property
    def height(self) -> float:
        rows = max(1, len(self.shifts)) + len(self.notes)
        return 2 * PADDING + TITLE_ROW + INFO_ROW + HEAD_ROW + ROW * rows + TAIL


def paginate(slips: list[PersonSlip]) -> list[list[_Part]]:
    """The slips (split when longer than a page) laid on pages top to bottom, as many as fit."""
    parts: list[_Part] = []
    for slip in slips:
        taken: list[SlipShift] = []
        lines = 0
        for shift in slip.shifts:
            rows = 2 if shift.note else 1
            if taken and lines + rows > MOST_ROWS:
                parts.append(_Part(slip, tuple(taken), len(parts) > 0 and parts[-1].slip is slip))
                taken, lines = [], 0
            taken.append(shift)
            lines += rows
        parts.append(_Part(slip, tuple(taken), len(parts) > 0 and parts[-1].slip is slip))
    room = PAGE_HEIGHT - TOP - BOTTOM
    pages: list[list[_Part]] = [[]]
    used = 0.0
    for part in parts:
        need = part.height + (CUT if pages[-1] else 0)
        if pages[-1] and used + need > room:
            pages.append([])
            used, need = 0.0, part.height
        pages[-1].append(part)
        used += need
    return pages


def _cell(canvas: Any, x: float, top: float, width: float, height: float, text: str, size: float, **style: Any) -> None:
    if not text:
        return
    fitted = fit_size(text, size, width - 4, smallest=5)
    draw_string(canvas, x + width / 2, top - height / 2 - fitted * 0.35, text, fitted, "center", **style)


def _row(shift: SlipShift) -> list[str]:
    leader = "本人带班" if shift.leads else f"{shift.leader_name} {shift.leader_phone}".strip()
    return [
        short_date(shift.day),
        shift.weekday,
        shift.post,
        f"{shift.name} {shift.times}",
        "、".join(shift.partners) or "—",
        leader or "（未定）",
    ]


def draw_slip(canvas: Any, part: _Part, header: SlipHeader, top: float) -> float:
    """One slip from `top` down; returns its bottom."""
    slip = part.slip
    left, right = SIDE, PAGE_WIDTH - SIDE
    bottom = top - part.height
    canvas.saveState()
    canvas.setStrokeColor(LINE_GREY)
    canvas.setLineWidth(0.8)
    canvas.rect(left, bottom, right - left, part.height)
    canvas.restoreState()
    y = top - PADDING
    title = f"{header.village}疫情防控{TITLE}{'（续）' if part.continued else ''}"
    draw_string(canvas, PAGE_WIDTH / 2, y - 17, title, 14, "center", bold=True)
    y -= TITLE_ROW
    nights = sum(1 for s in slip.shifts if s.starts.date() != s.ends.date())
    count = f"共 {len(slip.shifts)} 班" + (f"（其中夜班 {nights} 班）" if nights else "")
    info = f"姓名：{slip.name}　　联系电话：{slip.phone or BLANK}　　{count}"
    draw_string(canvas, left + 8, y - 13, info, 10.5, bold=False)
    dates = f"值班时间：{short_date(header.first_day)}至{short_date(header.last_day)}"
    draw_string(canvas, right - 8, y - 13, dates, 9.5, "right", color=GREY)
    y -= INFO_ROW
    inner_left, inner_right = left + 8, right - 8
    scale = (inner_right - inner_left) / (right - left)
    xs = [inner_left]
    for _h, width in COLUMNS:
        xs.append(xs[-1] + width * scale)
    canvas.saveState()
    canvas.setFillColor(SHADE)
    canvas.rect(inner_left, y - HEAD_ROW, inner_right - inner_left, HEAD_ROW, stroke=0, fill=1)
    canvas.restoreState()
    for x, (heading, width) in zip(xs, COLUMNS, strict=False):
        _cell(canvas, x, y, width * scale, HEAD_ROW, heading, 9.5, bold=True)
    table_top = y
    y -= HEAD_ROW
    canvas.setStrokeColor(LINE_GREY)
    canvas.setLineWidth(0.4)
    canvas.line(inner_left, y, inner_right, y)
    if not part.shifts:
        draw_string(canvas, PAGE_WIDTH / 2, y - ROW + 4.5, "这段时间没有排班。", 9.5, "center")
        y -= ROW
    for shift in part.shifts:
        for x, (_h, width), text in zip(xs, COLUMNS, _row(shift), strict=False):
            _cell(canvas, x, y, width * scale, ROW, text, 9.5)
        y -= ROW
        canvas.line(inner_left, y, inner_right, y)
    for x in xs:
        canvas.line(x, table_top, x, y)
    canvas.line(inner_left, table_top, inner_right, table_top)
    for note in part.notes:
        said = f"备注：{note}"
        draw_string(canvas, inner_left, y - ROW + 4.5, said, fit_size(said, 9.5, inner_right - inner_left, 6))
        y -= ROW
    tip = TIP + (f"村委会电话：{header.office_phone}" if header.office_phone else "")
    size = fit_size(tip, 8.5, inner_right - inner_left, smallest=6)
    draw_string(canvas, inner_left, bottom + PADDING + 3, tip, size, color=GREY)
    return bottom


def draw_page(canvas: Any, parts: list[_Part], header: SlipHeader) -> None:
    y = PAGE_HEIGHT - TOP
    for n, part in enumerate(parts):
        if n:
            draw_cut_line(canvas, SIDE - 6 * mm, PAGE_WIDTH - SIDE + 6 * mm, y - CUT / 2, CUT_CAPTION, 8)
            y -= CUT
        y = draw_slip(canvas, part, header, y)


def render(slips: list[PersonSlip], header: SlipHeader, out: Path, progress: Progress | None = None) -> Path:
    """Every slip in one PDF at `out` (A4 portrait, several to a page)."""
    pages = paginate(slips)

    def draw(path: Path) -> None:
        canvas = Canvas(str(path), pagesize=A4, initialFontName=main_font())
        span = f"{long_date(header.first_day)}至{long_date(header.last_day)}"
        canvas.setTitle(f"{header.village}{TITLE}（{span}）")
        canvas.setCreator(CREATOR)
        canvas.setAuthor(header.village)
        for number, page in enumerate(pages, start=1):
            check_cancelled(progress)
            if progress is not None:
                progress.update(number - 1, len(pages))
            draw_page(canvas, page, header)
            canvas.showPage()
        canvas.save()
        if progress is not None:
            progress.update(len(pages), len(pages))

    return write_pdf(Path(out), draw)
