"""疫情防控卡点值班表 (12-duty-roster.md): the roster of a date range, one A4 landscape table per post in form 12's
grid — 日期, 星期, 班次, 带班干部, 值守人员, 联系电话, 签到/签退, 备注 — under the title "东风村疫情防控卡点值班表
（12月1日至12月7日）" and the post's 卡点名称(位置), 卡点负责人 and 联系电话; the duty rules, 监督电话, 制表人,
制表日期 and room for the village's seal at the foot.

A shift is a block of lines, one per person on it (the leader first) and one per place left open（空缺）, so each
person's phone and 签到/签退 sit on their own line; 日期 and 星期 span the day's shifts, 班次, 带班干部 and 备注 the
shift's. Drawn on the canvas with fixed heights: the lines shrink (to a readable floor) so a post's range fits
one page; a longer range goes on over pages, a shift never split, each page saying 第 N 页 / 共 M 页.

Phones are printed in full by default: the roster is handed to the duty team, who call each other at the
change of shift (form 12 has a phone per person); a copy for a notice board is printed with mask_phones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from db.progress import Progress, check_cancelled
from db.queries.duty import PostRoster, Roster, ShiftLine
from db.rules.chinese_dates import long_date, short_date
from db.rules.phones import mask_phone
from printing.documents.layout import CREATOR, LINE_GREY, SHADE
from printing.fonts import draw_string, fit_size, main_font, string_width
from printing.line_breaking import wrap
from printing.pdf_file import write_pdf
from printing.templates import BLANK

TITLE = "疫情防控值班表"
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
SIDE = 12 * mm
TOP = BOTTOM = 10 * mm
HEADER_HEIGHT = 48
FOOTER_HEIGHT = 58
HEAD_ROW = 20
#: A person's line: as tall as the page allows up to LINE_MAX, never under LINE_MIN (then a new page).
LINE_MAX = 20.0
LINE_MIN = 12.0
TABLE_TOP = PAGE_HEIGHT - TOP - HEADER_HEIGHT
TABLE_BOTTOM = BOTTOM + FOOTER_HEIGHT
GREY = colors.Color(0.45, 0.45, 0.45)
FAINT = colors.Color(0.7, 0.7, 0.7)
NIGHT_SHADE = colors.Color(0.95, 0.95, 0.97)
#: Form 12's headings and their shares of the width.
_SHARES = (
    ("日期", 62),
    ("星期", 34),
    ("班次", 96),
    ("带班干部", 66),
    ("值守人员", 76),
    ("联系电话", 96),
    ("签到/签退", 96),
    ("备注", 250),
)
_SCALE = (PAGE_WIDTH - 2 * SIDE) / sum(w for _h, w in _SHARES)
COLUMNS = tuple((heading, width * _SCALE) for heading, width in _SHARES)
HEADINGS = tuple(h for h, _w in COLUMNS)
#: The duty rules of form 12, in our words (the sources' rules: P-GZ, P-SC).
RULES = (
    "一、按本表轮流值守，每班由带班干部负责，上岗时查岗点名。",
    "二、坚守岗位，不得擅自离岗；交接班当面进行，签到、签退。",
    "三、确需调班的，提前一天提出，经带班干部同意后在备注栏注明。",
    "四、认真填写值班日志，遇到不能当场处置的情况立即报告。",
)
OPEN_SEAT = "（空缺）"


@dataclass(frozen=True)
class Footer:
    """What the foot of every page says besides the rules."""

    supervision_phone: str
    made_by: str
    made_on: date


@dataclass(frozen=True)
class _Page:
    post: PostRoster
    lines: tuple[ShiftLine, ...]
    line_height: float
    number: int  # within the post
    count: int  # pages of the post


def seats(line: ShiftLine) -> int:
    """A shift's lines on the paper: its people and its open places (one line at least)."""
    return max(1, len(line.members) + line.missing)


def paginate(roster: Roster) -> list[_Page]:
    """Each post on its own page(s): the post's shifts on one page when their lines fit at LINE_MIN, else as
    many shifts per page as fit (a shift is never split); an empty post is one page saying so."""
    room = TABLE_TOP - TABLE_BOTTOM - HEAD_ROW
    most = int(room // LINE_MIN)
    pages: list[_Page] = []
    for post in roster.posts:
        chunks: list[list[ShiftLine]] = [[]]
        used = 0
        for line in post.lines:
            if chunks[-1] and used + seats(line) > most:
                chunks.append([])
                used = 0
            chunks[-1].append(line)
            used += seats(line)
        total = max(sum(seats(x) for x in chunk) for chunk in chunks) or 1
        height = min(LINE_MAX, room / total)
        for number, chunk in enumerate(chunks, start=1):
            pages.append(_Page(post, tuple(chunk), height, number, len(chunks)))
    return pages


def _edges() -> list[float]:
    xs = [SIDE]
    for _heading, width in COLUMNS:
        xs.append(xs[-1] + width)
    return xs


def _cell(canvas: Any, x: float, top: float, width: float, height: float, text: str, size: float, **style: Any) -> None:
    """One line of text centred in its box, shrunk (never cut) where it is wider than the box."""
    if not text:
        return
    fitted = fit_size(text, size, width - 4, smallest=5)
    draw_string(canvas, x + width / 2, top - height / 2 - fitted * 0.35, text, fitted, "center", **style)


def _lines_in(canvas: Any, x: float, top: float, width: float, height: float, texts: list[str], size: float) -> None:
    """Several centred lines stacked in a box (班次 and its hours)."""
    size = min(size, (height - 2) / (len(texts) * 1.15))
    step = size * 1.15
    first = top - (height - step * len(texts)) / 2 - step
    for n, text in enumerate(texts):
        fitted = fit_size(text, size, width - 4, smallest=5)
        draw_string(canvas, x + width / 2, first - n * step + (step - fitted) * 0.5, text, fitted, "center")


def _paragraph(canvas: Any, x: float, top: float, width: float, height: float, text: str, size: float) -> None:
    """备注: wrapped to the box, left aligned, the size brought down until every line fits (never cut)."""
    if not text:
        return
    while True:
        lines = wrap(text, size, width - 6)
        leading = size * 1.25
        if leading * len(lines) <= height - 2 or size <= 5:
            break
        size -= 0.5
    first = top - (height - leading * len(lines)) / 2 - leading
    for n, line in enumerate(lines):
        draw_string(canvas, x + 3, first - n * leading + (leading - size) * 0.55, line, size)


def _title(roster: Roster, post: PostRoster) -> str:
    """ "东风村疫情防控卡点值班表（12月1日至12月7日）"; the year is written when the range crosses one."""
    village = roster.village or f"{BLANK}村"
    same_year = roster.first_day.year == roster.last_day.year
    say = short_date if same_year else long_date
    return f"{village}{post.title_words}（{say(roster.first_day)}至{say(roster.last_day)}）"


def _page_header(canvas: Any, roster: Roster, page: _Page, masked: bool) -> None:
    top = PAGE_HEIGHT - TOP
    post = page.post
    draw_string(canvas, PAGE_WIDTH / 2, top - 18, _title(roster, post), 17, "center", bold=True)
    phone = mask_phone(post.head_phone) if masked else post.head_phone
    what = post.where_label
    left = f"{what}名称(位置)：{post.where}　　　{what}负责人：{post.head or BLANK}　　　联系电话：{phone or BLANK}"
    draw_string(canvas, SIDE, top - 40, left, 10.5)
    said = "联系电话已部分隐去" if masked else "联系电话供交接班联系，请勿外传"
    right = f"{said}　　第 {page.number} 页 / 共 {page.count} 页"
    draw_string(canvas, PAGE_WIDTH - SIDE, top - 40, right, 8.5, "right", color=GREY)


def _page_footer(canvas: Any, footer: Footer) -> None:
    y = BOTTOM + FOOTER_HEIGHT - 14
    draw_string(canvas, SIDE, y, "值班要求：", 9, bold=True)
    indent = SIDE + string_width("值班要求：", 9)
    half = (PAGE_WIDTH - SIDE - indent) / 2
    for n, rule in enumerate(RULES):
        draw_string(canvas, indent + (n % 2) * half, y - (n // 2) * 12, rule, 8.5)
    line = (
        f"监督电话：{footer.supervision_phone or BLANK}　　　　制表人：{footer.made_by or BLANK}"
        f"　　　　制表日期：{long_date(footer.made_on)}"
    )
    draw_string(canvas, SIDE, BOTTOM + 6, line, 10)
    draw_string(canvas, PAGE_WIDTH - SIDE - 150, BOTTOM + 6, "村（社区）盖章：", 10)


def _day_spans(lines: tuple[ShiftLine, ...]) -> list[tuple[date, int]]:
    """(day, lines of that day) in order, for the merged 日期 and 星期 cells."""
    spans: list[tuple[date, int]] = []
    for line in lines:
        if spans and spans[-1][0] == line.day:
            spans[-1] = (line.day, spans[-1][1] + seats(line))
        else:
            spans.append((line.day, seats(line)))
    return spans


def draw_page(canvas: Any, roster: Roster, page: _Page, footer: Footer, masked: bool = False) -> None:
    """One page of a post: header, form 12's column heads, a block per shift, the rules and signatures."""
    xs = _edges()
    right = xs[-1]
    h = page.line_height
    size = min(10.0, h * 0.62)
    _page_header(canvas, roster, page, masked)
    canvas.saveState()
    canvas.setFillColor(SHADE)
    canvas.rect(SIDE, TABLE_TOP - HEAD_ROW, right - SIDE, HEAD_ROW, stroke=0, fill=1)
    canvas.restoreState()
    for x, (heading, width) in zip(xs, COLUMNS, strict=False):
        _cell(canvas, x, TABLE_TOP, width, HEAD_ROW, heading, 10.5, bold=True)
    canvas.setStrokeColor(LINE_GREY)
    y = TABLE_TOP - HEAD_ROW
    if not page.lines:
        draw_string(canvas, PAGE_WIDTH / 2, y - 22, "这段时间没有排班。", 11, "center")
        y -= 34
    shade_top = y
    for line in page.lines:  # first, so the lines drawn below stay on top
        block = seats(line) * h
        if line.is_night:
            canvas.saveState()
            canvas.setFillColor(NIGHT_SHADE)
            canvas.rect(xs[2], shade_top - block, right - xs[2], block, stroke=0, fill=1)
            canvas.restoreState()
        shade_top -= block
    day_top = y
    for day, span in _day_spans(page.lines):
        _cell(canvas, xs[0], day_top, COLUMNS[0][1], span * h, short_date(day), size)
        _cell(canvas, xs[1], day_top, COLUMNS[1][1], span * h, "一二三四五六日"[day.weekday()], size)
        day_top -= span * h
    for index, line in enumerate(page.lines):
        block = seats(line) * h
        _lines_in(canvas, xs[2], y, COLUMNS[2][1], block, [line.name, line.times], size)
        if line.leader is not None:
            _cell(canvas, xs[3], y, COLUMNS[3][1], block, line.leader_name, size)
        elif line.needs_leader:
            _cell(canvas, xs[3], y, COLUMNS[3][1], block, OPEN_SEAT, size, color=GREY)
        row = y
        for member in line.members:
            phone = mask_phone(member.phone) if masked else member.phone
            _cell(canvas, xs[4], row, COLUMNS[4][1], h, member.name, size)
            _cell(canvas, xs[5], row, COLUMNS[5][1], h, phone, size)
            if member.attendance:
                _cell(canvas, xs[6], row, COLUMNS[6][1], h, member.attendance, size)
            else:
                _cell(canvas, xs[6], row, COLUMNS[6][1], h, "/", size, color=FAINT)
            row -= h
        for _open in range(line.missing):
            _cell(canvas, xs[4], row, COLUMNS[4][1], h, OPEN_SEAT, size, color=GREY)
            row -= h
        _paragraph(canvas, xs[7], y, COLUMNS[7][1], block, line.note, size * 0.9)
        canvas.setLineWidth(0.3)
        canvas.setStrokeColor(FAINT)
        for n in range(1, seats(line)):
            canvas.line(xs[4], y - n * h, xs[7], y - n * h)
        canvas.setStrokeColor(LINE_GREY)
        y -= block
        # a day's last shift closes the day across the whole width; the others from 班次 on
        last_of_day = index + 1 == len(page.lines) or page.lines[index + 1].day != line.day
        canvas.setLineWidth(0.8 if last_of_day else 0.4)
        canvas.line(SIDE if last_of_day else xs[2], y, right, y)
    canvas.setLineWidth(0.5)
    for x in xs[1:-1]:
        canvas.line(x, TABLE_TOP, x, y)
    canvas.setLineWidth(1.0)
    canvas.rect(SIDE, y, right - SIDE, TABLE_TOP - y)
    canvas.line(SIDE, TABLE_TOP - HEAD_ROW, right, TABLE_TOP - HEAD_ROW)
    _page_footer(canvas, footer)


def render(
    roster: Roster,
    out: Path,
    footer: Footer,
    mask_phones: bool = False,
    progress: Progress | None = None,
) -> Path:
    """The roster in one PDF at `out`: each post on its own page(s), A4 landscape."""
    pages = paginate(roster)

    def draw(path: Path) -> None:
        canvas = Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=main_font())
        canvas.setTitle(f"{roster.village}{TITLE}（{short_date(roster.first_day)}至{short_date(roster.last_day)}）")
        canvas.setCreator(CREATOR)
        canvas.setAuthor(roster.village)
        for number, page in enumerate(pages, start=1):
            check_cancelled(progress)
            if progress is not None:
                progress.update(number - 1, len(pages))
            draw_page(canvas, roster, page, footer, mask_phones)
            canvas.showPage()
        canvas.save()
        if progress is not None:
            progress.update(len(pages), len(pages))

    return write_pdf(Path(out), draw)
