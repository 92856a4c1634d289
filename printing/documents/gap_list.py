"""未完成排查户清单: the households a screening round has not finished (not visited yet, nobody at home,
refused), for the grid workers to go back to, or for the record when a round is closed with gaps.

A4 portrait, grid by grid (a shaded line with the grid, its worker and its count), one row per household:
户号, head, door, phone (masked), what the round has so far and the grid worker, with a blank column for
the worker's note. Drawn on the canvas with fixed row heights, so 第 N 页 / 共 M 页 is known before drawing;
a grid that goes on over a page repeats its line with （续）.
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
from db.queries.gap_list import GapGrid, GapHousehold, GapSheet
from db.rules.chinese_dates import long_date
from printing.documents.layout import CREATOR, LINE_GREY, SHADE
from printing.fonts import draw_string, fit_size, main_font
from printing.pdf_file import write_pdf
from printing.templates import BLANK

TITLE = "未完成排查户清单"
PAGE_WIDTH, PAGE_HEIGHT = A4
SIDE = 14 * mm
TOP = BOTTOM = 12 * mm
HEADER_HEIGHT = 52
FOOTER_HEIGHT = 20
HEAD_ROW = 20
GRID_ROW = 18
ROW = 20
CELL_SIZE = 9.5
GREY = colors.Color(0.45, 0.45, 0.45)
TABLE_TOP = PAGE_HEIGHT - TOP - HEADER_HEIGHT
TABLE_BOTTOM = BOTTOM + FOOTER_HEIGHT
#: Headings and their shares of the width.
_SHARES = (
    ("序号", 26),
    ("户号", 48),
    ("户主", 58),
    ("门牌", 58),
    ("联系电话", 74),
    ("本轮情况", 126),
    ("网格员", 52),
    ("复查结果／备注", 82),
)
_SCALE = (PAGE_WIDTH - 2 * SIDE) / sum(w for _h, w in _SHARES)
COLUMNS = tuple((heading, width * _SCALE) for heading, width in _SHARES)
HEADINGS = tuple(h for h, _w in COLUMNS)


@dataclass(frozen=True)
class _Line:
    """A line of the table: a grid's shaded line (household None) or a household's row."""

    grid: GapGrid
    household: GapHousehold | None = None
    number: int = 0  # the household's running number in the list
    continued: bool = False

    @property
    def height(self) -> float:
        return GRID_ROW if self.household is None else ROW


def paginate(sheet: GapSheet) -> list[list[_Line]]:
    """The lines laid out on pages: a grid's line never ends a page, and a grid going on over a page starts
    the next one with its line again, marked （续）. An empty list is one page saying so."""
    room = TABLE_TOP - TABLE_BOTTOM - HEAD_ROW
    pages: list[list[_Line]] = [[]]
    used = 0.0
    number = 0
    for grid in sheet.grids:
        if pages[-1] and used + GRID_ROW + ROW > room:
            pages.append([])
            used = 0.0
        pages[-1].append(_Line(grid))
        used += GRID_ROW
        for household in grid.households:
            if used + ROW > room:
                pages.append([_Line(grid, continued=True)])
                used = GRID_ROW
            number += 1
            pages[-1].append(_Line(grid, household, number))
            used += ROW
    return pages


def _cell(canvas: Any, x: float, top: float, width: float, height: float, text: str, **style: Any) -> None:
    """One line of text centred in its box, shrunk (never cut) where it is wider than the box."""
    if not text:
        return
    size = fit_size(text, CELL_SIZE, width - 4, smallest=5)
    draw_string(canvas, x + width / 2, top - height / 2 - size * 0.35, text, size, "center", **style)


def _edges() -> list[float]:
    xs = [SIDE]
    for _heading, width in COLUMNS:
        xs.append(xs[-1] + width)
    return xs


def _page_header(canvas: Any, sheet: GapSheet, on: date, page: int, pages: int) -> None:
    top = PAGE_HEIGHT - TOP
    draw_string(canvas, PAGE_WIDTH / 2, top - 16, TITLE, 16, "center", bold=True)
    dates = f"{long_date(sheet.starts_on)}至{long_date(sheet.ends_on)}"
    left = f"村（社区）：{sheet.village or BLANK}　　排查轮次：{sheet.round_name}（{dates}，{sheet.status}）"
    draw_string(canvas, SIDE, top - 32, left, 9.5)
    said = f"制表日期：{long_date(on)}　　列出未走访、无人在家待复查、拒绝配合的户；联系电话已部分隐去。"
    draw_string(canvas, SIDE, top - 44, said, 7.5, color=GREY)
    right = f"共 {sheet.households} 户　　第 {page} 页 / 共 {pages} 页"
    draw_string(canvas, PAGE_WIDTH - SIDE, top - 44, right, 9.5, "right")


def _page_footer(canvas: Any) -> None:
    draw_string(canvas, SIDE, BOTTOM + 4, "网格员签名：________________　　复查日期：________年____月____日", 10)
    draw_string(canvas, PAGE_WIDTH - SIDE, BOTTOM + 4, TITLE, 7.5, "right", color=GREY)


def _row_cells(line: _Line) -> list[str]:
    h = line.household
    assert h is not None
    return [str(line.number), h.number, h.head_name or "（户主未填）", h.door_no, h.phone, h.so_far, h.worker, ""]


def draw_page(canvas: Any, sheet: GapSheet, lines: list[_Line], on: date, page: int, pages: int) -> None:
    """One page: header, column heads, the grids' lines and households' rows, the signature line."""
    xs = _edges()
    _page_header(canvas, sheet, on, page, pages)
    canvas.setStrokeColor(LINE_GREY)
    canvas.saveState()
    canvas.setFillColor(SHADE)
    canvas.rect(SIDE, TABLE_TOP - HEAD_ROW, xs[-1] - SIDE, HEAD_ROW, stroke=0, fill=1)
    canvas.restoreState()
    for x, (heading, width) in zip(xs, COLUMNS, strict=False):
        _cell(canvas, x, TABLE_TOP, width, HEAD_ROW, heading, bold=True)
    y = TABLE_TOP - HEAD_ROW
    canvas.setLineWidth(0.4)
    if not lines:
        draw_string(canvas, PAGE_WIDTH / 2, y - 18, "本轮各户都已排查完，没有未完成的户。", 10.5, "center")
        y -= 28
    for line in lines:
        if line.household is None:
            canvas.saveState()
            canvas.setFillColor(colors.Color(0.96, 0.96, 0.96))
            canvas.rect(SIDE, y - GRID_ROW, xs[-1] - SIDE, GRID_ROW, stroke=0, fill=1)
            canvas.restoreState()
            worker = f"　　网格员：{line.grid.worker}" if line.grid.worker else ""
            text = (
                f"{line.grid.grid}{'（续）' if line.continued else ''}{worker}　　未完成 {len(line.grid.households)} 户"
            )
            draw_string(canvas, SIDE + 4, y - GRID_ROW + 5.5, text, 9.5, bold=True)
        else:
            for x, (_heading, width), text in zip(xs, COLUMNS, _row_cells(line), strict=False):
                _cell(canvas, x, y, width, ROW, text)
            for x in xs[1:-1]:
                canvas.line(x, y, x, y - ROW)
        y -= line.height
        canvas.line(SIDE, y, xs[-1], y)
    for x in xs[1:-1]:
        canvas.line(x, TABLE_TOP, x, TABLE_TOP - HEAD_ROW)
    canvas.setLineWidth(1.0)
    canvas.rect(SIDE, y, xs[-1] - SIDE, TABLE_TOP - y)
    _page_footer(canvas)


def render(sheet: GapSheet, out: Path, on: date, progress: Progress | None = None) -> Path:
    """The round's gap list in one PDF at `out` (on: the day printed in its header)."""
    pages = paginate(sheet)

    def draw(path: Path) -> None:
        canvas = Canvas(str(path), pagesize=A4, initialFontName=main_font())
        canvas.setTitle(f"{TITLE}（{sheet.round_name}）")
        canvas.setCreator(CREATOR)
        canvas.setAuthor(sheet.village)
        for number, lines in enumerate(pages, start=1):
            check_cancelled(progress)
            if progress is not None:
                progress.update(number - 1, len(pages))
            draw_page(canvas, sheet, lines, on, number, len(pages))
            canvas.showPage()
        canvas.save()
        if progress is not None:
            progress.update(len(pages), len(pages))

    return write_pdf(Path(out), draw)
