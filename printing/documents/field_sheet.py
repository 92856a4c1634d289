"""入户排查登记表（填写用）: the paper a grid worker takes door to door in a screening round.

A4 landscape, one grid of one round: each household (户号 order) is a group of rows, its 户号, head and door
in the first column, a line for the visit's result and date, its people due pre-filled (ID number and phone
masked: the paper leaves the office), then two blank rows for people met at the door. The blank columns
come in the order the entry screen asks them (ENTRY_ORDER), so the paper is typed in as it is read.
Drawn straight on the canvas with fixed row heights: every page is known before it is drawn (第 N 页 / 共 M
页), a household never splits unless it alone is longer than a page, and a long name shrinks or wraps
inside its cell rather than being cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from db.progress import Progress, check_cancelled
from db.queries.field_sheet import FieldSheet, SheetHousehold, SheetMember
from db.rules.chinese_dates import long_date
from forms.definitions.grid import GRID
from printing.documents.layout import CREATOR, LINE_GREY, SHADE
from printing.fonts import draw_string, main_font, string_width
from printing.line_breaking import wrap
from printing.pdf_file import write_pdf
from printing.templates import BLANK

TITLE = "入户排查登记表"
#: The round's worker for the grid is the grid's own worker by default: named as the roster names them.
GRID_WORKER = GRID.field("worker").label
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
SIDE = 10 * mm
TOP = BOTTOM = 9 * mm
HEADER_HEIGHT = 50  # title, round line, how to fill in
FOOTER_HEIGHT = 24  # signatures
HEAD_ROW = 26
LINE_ROW = 15  # the household's visit line
ROW = 21  # a person
NEW_PEOPLE = 2  # blank rows per household for people met at the door
CELL_SIZE = 8.5
BOX_SIZE = 7
GREY = colors.Color(0.45, 0.45, 0.45)
TABLE_TOP = PAGE_HEIGHT - TOP - HEADER_HEIGHT
TABLE_BOTTOM = BOTTOM + FOOTER_HEIGHT


@dataclass(frozen=True)
class Column:
    """A column of the sheet: heading, width in points, and what a blank column carries pre-printed."""

    heading: str
    width: float
    blank: str = ""
    printed: str = ""  # the heading as printed, broken into lines where it reads best (default: heading)


_SHARES = (
    Column("户号／户主／门牌", 64, printed="户号\n户主／门牌"),
    Column("姓名", 60),
    Column("性别", 26),
    Column("年龄", 26),
    Column("身份证号", 88),
    Column("联系电话", 60),
    Column("体温(℃)", 36),
    Column("症状（□内打√）", 80, "□发热 □咳嗽 □乏力\n□咽痛 □腹泻 □其他"),
    Column("14天内重点地区旅居史", 80, "□无\n□有：__________", "14天内\n重点地区旅居史"),
    Column("返回日期", 42, "月　　日"),
    Column("交通方式/车次", 58, printed="交通方式\n/车次"),
    Column("接触史", 64, "□无 □确诊疑似\n□重点地区人员"),
    Column("措施", 50),
    Column("备注", 50),
)
_SCALE = (PAGE_WIDTH - 2 * SIDE) / sum(c.width for c in _SHARES)
#: The sheet's columns, left to right; the entry screen asks the blank ones in this same order.
COLUMNS = tuple(Column(c.heading, c.width * _SCALE, c.blank, c.printed or c.heading) for c in _SHARES)
#: The column headings in order, for the entry screen.
ENTRY_ORDER = tuple(c.heading for c in COLUMNS)
#: Index of the first column filled in at the door (体温).
FIRST_BLANK = 6
VISIT_LINE = "走访结果：□已排查　□无人在家待复查　□拒绝配合　□已搬离　　　走访日期：______月______日"
SIGNATURES = "排查人签名：________________　　日期：________年____月____日　　审核人：________________"
HOW_TO = (
    "填写说明：在□内打√；体温写读数；有旅居史写明地区、返回日期和交通方式/车次。"
    "身份证号、电话已部分隐去；新增人员写在“新增”空行，身份证号、电话写全。"
)


@dataclass(frozen=True)
class _Row:
    """One row of a household's group: its visit line, a person due, or a blank row for a new person."""

    height: float
    member: SheetMember | None = None
    new: bool = False


@dataclass(frozen=True)
class _Chunk:
    """The rows of one household on one page (continued: the household began on an earlier page)."""

    household: SheetHousehold
    rows: tuple[_Row, ...]
    continued: bool = False


def _group(household: SheetHousehold) -> list[_Row]:
    rows = [_Row(LINE_ROW)] + [_Row(ROW, member=m) for m in household.members]
    return rows + [_Row(ROW, new=True)] * NEW_PEOPLE


def paginate(households: Sequence[SheetHousehold]) -> list[list[_Chunk]]:
    """The households laid out on pages: a household that does not fit on what is left of a page starts the
    next one; one longer than a whole page goes on over the following pages."""
    room = TABLE_TOP - TABLE_BOTTOM - HEAD_ROW
    pages: list[list[_Chunk]] = [[]]
    used = 0.0
    for household in households:
        rows = _group(household)
        if pages[-1] and used + sum(r.height for r in rows) > room:
            pages.append([])
            used = 0.0
        continued = False
        while rows:
            take = 0
            while take < len(rows) and used + rows[take].height <= room:
                used += rows[take].height
                take += 1
            take = max(take, 1)
            pages[-1].append(_Chunk(household, tuple(rows[:take]), continued))
            rows, continued = rows[take:], True
            if rows:
                pages.append([])
                used = 0.0
    return pages


# --- text in a cell ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _fit(text: str, size: float, width: float, height: float) -> tuple[float, tuple[str, ...]]:
    """The largest size up to `size` at which text (lines split on "\\n", each wrapped) fits the box, with
    its lines: a long name or a rare character's wider glyph shrinks or wraps, never runs out of its cell.
    A number (an ID) is kept on one line while it can be at seven tenths of the size."""
    paragraphs = text.split("\n")
    for smaller in range(int(size * 4), int(size * 2.8) - 1, -1):
        one_line = smaller / 4
        if len(paragraphs) * one_line * 1.15 > height:
            break
        if all(string_width(part, one_line) <= width for part in paragraphs):
            return one_line, tuple(paragraphs)
    lines: list[str] = []
    while True:
        lines = [line for part in text.split("\n") for line in wrap(part, size, width)]
        fits = all(string_width(line, size) <= width + 0.01 for line in lines)
        if size <= 3 or (fits and len(lines) * size * 1.15 <= height):
            return size, tuple(lines)
        size -= 0.25


def _cell(
    canvas: Any,
    x: float,
    top: float,
    width: float,
    height: float,
    text: str,
    size: float = CELL_SIZE,
    align: str = "center",
    **style: Any,
) -> None:
    """Text centred in the box whose top-left corner is (x, top), two points in from its sides."""
    if not text:
        return
    pad = 2.0
    size, lines = _fit(text, size, width - 2 * pad, height - 2)
    leading = size * 1.15
    baseline = top - (height - leading * len(lines)) / 2 - size * 0.92
    at = {"left": x + pad, "center": x + width / 2, "right": x + width - pad}[align]
    for line in lines:
        draw_string(canvas, at, baseline, line, size, align, **style)
        baseline -= leading


# --- a page ------------------------------------------------------------------------------------------


def _edges() -> list[float]:
    xs = [SIDE]
    for column in COLUMNS:
        xs.append(xs[-1] + column.width)
    return xs


def _page_header(canvas: Any, sheet: FieldSheet, page: int, pages: int) -> None:
    top = PAGE_HEIGHT - TOP
    draw_string(canvas, PAGE_WIDTH / 2, top - 16, f"{TITLE}（填写用）", 16, "center", bold=True)
    dates = f"{long_date(sheet.starts_on)}至{long_date(sheet.ends_on)}"
    left = f"村（社区）：{sheet.village or BLANK}　　排查轮次：{sheet.round_name}（{dates}）"
    right = f"网格：{sheet.grid}　　{GRID_WORKER}：{sheet.worker or BLANK}　　第 {page} 页 / 共 {pages} 页"
    draw_string(canvas, SIDE, top - 34, left, 9.5)
    draw_string(canvas, PAGE_WIDTH - SIDE, top - 34, right, 9.5, "right")
    draw_string(canvas, SIDE, top - 46, HOW_TO, 7.5, color=GREY)


def _page_footer(canvas: Any) -> None:
    draw_string(canvas, SIDE, BOTTOM + 6, SIGNATURES, 10)
    draw_string(canvas, PAGE_WIDTH - SIDE, BOTTOM + 6, f"{TITLE}（填写用）", 7.5, "right", color=GREY)


def _head_row(canvas: Any, xs: list[float], top: float) -> None:
    canvas.saveState()
    canvas.setFillColor(SHADE)
    canvas.rect(SIDE, top - HEAD_ROW, xs[-1] - SIDE, HEAD_ROW, stroke=0, fill=1)
    canvas.restoreState()
    for x, column in zip(xs, COLUMNS, strict=False):
        _cell(canvas, x, top, column.width, HEAD_ROW, column.printed, 8.5, bold=True)


def _member_cells(member: SheetMember | None) -> list[str]:
    """A row's texts from the name column on: the person's own, or a new person's blanks."""
    if member is None:
        known = ["", "□男\n□女", "", "", ""]
    else:
        age = "" if member.age is None else str(member.age)
        known = [member.name, member.sex, age, member.id_number, member.phone]
    return known + [c.blank for c in COLUMNS[FIRST_BLANK:]]


def _household_label(chunk: _Chunk) -> str:
    household = chunk.household
    parts = [household.number, household.head_name or "（户主未填）", household.door_no]
    return "\n".join(p for p in parts if p) + ("\n（续）" if chunk.continued else "")


def _draw_chunk(canvas: Any, xs: list[float], top: float, chunk: _Chunk) -> float:
    """The household's rows from `top` down; returns where they end."""
    height = sum(r.height for r in chunk.rows)
    _cell(canvas, xs[0], top, COLUMNS[0].width, height, _household_label(chunk), 9)
    y = top
    for row in chunk.rows:
        if row.member is None and not row.new:
            _visit_line(canvas, xs, y, chunk.household)
        else:
            for x, column, text in zip(xs[1:], COLUMNS[1:], _member_cells(row.member), strict=False):
                size = BOX_SIZE if text == column.blank or row.new else CELL_SIZE
                _cell(canvas, x, y, column.width, row.height, text, size)
            if row.new:
                draw_string(canvas, xs[1] + 2, y - 7, "新增", 6, color=GREY)
        canvas.setLineWidth(0.4)
        canvas.line(xs[1], y - row.height, xs[-1], y - row.height)
        y -= row.height
    canvas.setLineWidth(0.4)
    for x in xs[2:-1]:  # the visit line spans the columns; the people's rows do not
        canvas.line(x, top - chunk.rows[0].height if not chunk.continued else top, x, y)
    canvas.setLineWidth(1.0)
    canvas.line(SIDE, y, xs[-1], y)
    return y


def _visit_line(canvas: Any, xs: list[float], top: float, household: SheetHousehold) -> None:
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.97, 0.97, 0.97))
    canvas.rect(xs[1], top - LINE_ROW, xs[-1] - xs[1], LINE_ROW, stroke=0, fill=1)
    canvas.restoreState()
    baseline = top - LINE_ROW + 4.5
    draw_string(canvas, xs[1] + 4, baseline, VISIT_LINE, 8.5)
    if household.outcome:
        on = f" {household.visited_on:%m-%d}" if household.visited_on else ""
        said = f"本轮已登记：{household.outcome}{on}"
        draw_string(canvas, xs[-1] - 4, baseline, said, 7.5, "right", color=GREY)


def draw_page(canvas: Any, sheet: FieldSheet, chunks: Sequence[_Chunk], page: int, pages: int) -> None:
    """One page: header, column heads, the households' rows, signatures."""
    xs = _edges()
    _page_header(canvas, sheet, page, pages)
    _head_row(canvas, xs, TABLE_TOP)
    y = TABLE_TOP - HEAD_ROW
    canvas.setStrokeColor(LINE_GREY)
    for chunk in chunks:
        y = _draw_chunk(canvas, xs, y, chunk)
    canvas.setLineWidth(0.4)
    canvas.line(SIDE, TABLE_TOP - HEAD_ROW, xs[-1], TABLE_TOP - HEAD_ROW)
    canvas.line(xs[1], TABLE_TOP, xs[1], y)
    for x in xs[2:-1]:
        canvas.line(x, TABLE_TOP, x, TABLE_TOP - HEAD_ROW)
    canvas.setLineWidth(1.0)
    canvas.rect(SIDE, y, xs[-1] - SIDE, TABLE_TOP - y)
    _page_footer(canvas)


def render(sheet: FieldSheet, out: Path, progress: Progress | None = None) -> Path:
    """The grid's sheet for the round, in one PDF at `out` (at least one page, even for an empty grid)."""
    pages = paginate(sheet.households)

    def draw(path: Path) -> None:
        canvas = Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=main_font())
        canvas.setTitle(f"{TITLE}（{sheet.round_name} {sheet.grid}）")
        canvas.setCreator(CREATOR)
        canvas.setAuthor(sheet.village)
        for number, chunks in enumerate(pages, start=1):
            check_cancelled(progress)
            if progress is not None:
                progress.update(number - 1, len(pages))
            draw_page(canvas, sheet, chunks, number, len(pages))
            canvas.showPage()
        canvas.save()
        if progress is not None:
            progress.update(len(pages), len(pages))

    return write_pdf(Path(out), draw)
