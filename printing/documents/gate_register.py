"""卡点出入登记表（纸质，填写用）: the blank register kept at the gate when the PC is not there (09-checkpoint.md).

A4 landscape, the header lines of form 09 (卡点名称(位置) pre-filled, 日期 ____年__月__日, 值守人员, 带班(负责人),
联系电话 — the checkpoint's leader and the leader's phone pre-filled when the checkpoint has them: the phone is
the gate's contact, not a resident's, so it is printed whole), then the people columns in the order of the
entry screen (forms.definitions.gate_entry's GATE_ENTRY), so the paper is typed back — or its Excel copy
imported (forms.checkpoint_import) — in the order it is read. 序号 runs on over the pages; the choices are
printed as boxes to tick (进 / 出, 放行 / 劝返 …), words the import reads back. Drawn on the canvas with fixed
row heights, as the screening field sheet is (printing.documents.field_sheet, whose cell drawing it uses).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from db.errors import LedgerError
from db.progress import Progress, check_cancelled
from forms.definitions.gate_entry import GATE_ENTRY
from printing.documents.field_sheet import _cell as cell
from printing.documents.layout import CREATOR, LINE_GREY, SHADE
from printing.fonts import draw_string, main_font
from printing.pdf_file import write_pdf
from printing.templates import BLANK

TITLE = "卡点出入登记表"
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
SIDE = 10 * mm
TOP = BOTTOM = 9 * mm
HEADER_HEIGHT = 56  # title, the form's header lines, how to fill in
FOOTER_HEIGHT = 22  # signatures and page number
HEAD_ROW = 28
#: Ruled rows a page: 16 of 9.7 mm, room for a hand-written ID number.
ROWS = 16
TABLE_TOP = PAGE_HEIGHT - TOP - HEADER_HEIGHT
ROW = (TABLE_TOP - HEAD_ROW - BOTTOM - FOOTER_HEIGHT) / ROWS
TICK_SIZE = 7
GREY = colors.Color(0.45, 0.45, 0.45)
MOST_PAGES = 200

#: Relative widths of the columns, by field; a field the list lacks gets its definition's width.
_WIDTHS = {
    "time": 30,
    "direction": 34,
    "name": 48,
    "id_number": 102,
    "phone": 62,
    "address": 62,
    "is_villager": 34,
    "from_place": 50,
    "to_place": 50,
    "reason": 38,
    "local_contact": 42,
    "temperature": 38,  # "37.3" written by hand
    "travel_mode": 50,
    "plate": 52,
    "outcome": 50,
    "recorder": 34,
    "note": 40,
}
#: What a choice column carries pre-printed: the boxes to tick, in the words the import reads back.
_TICKS = {
    "direction": "□进　□出",
    "is_villager": "□是　□否",
    "travel_mode": "□步行 □驾车\n□骑车 □其他",
    "outcome": "□放行　□劝返",
}
#: Headings broken where they read best.
_PRINTED = {"is_villager": "是否本村\n人员", "local_contact": "在本地\n联系人", "temperature": "体温\n(℃)"}
HOW_TO = (
    "填写说明：每人一行，同车人员每人一行、车牌号码写同一个；体温写读数（如 36.5、37.3）；"
    "在□内打√；体温≥37.3℃不放行，登记后转发热门诊。录入电脑时按本表顺序逐行录入，或整理成 Excel 后导入。"
)
SIGNATURES = "值守人员签名：________________　　带班(负责人)签字：________________　　交接时间：______时______分"


@dataclass(frozen=True)
class Column:
    """A column of the paper: the field it is, its heading, width in points and what it carries pre-printed."""

    field: str
    heading: str
    width: float
    blank: str = ""


def _columns() -> tuple[Column, ...]:
    fields = [f for f in GATE_ENTRY.export_fields]
    shares = [("serial", "序号", 20.0, "")] + [
        (f.name, _PRINTED.get(f.name, f.label), float(_WIDTHS.get(f.name, f.width * 4)), _TICKS.get(f.name, ""))
        for f in fields
    ]
    scale = (PAGE_WIDTH - 2 * SIDE) / sum(width for _n, _h, width, _b in shares)
    return tuple(Column(name, heading, width * scale, blank) for name, heading, width, blank in shares)


#: The paper's columns, left to right: 序号, then the entry screen's fields in its order.
COLUMNS = _columns()
#: The fields in the paper's order (the entry screen's and the import's).
FIELD_ORDER = tuple(c.field for c in COLUMNS[1:])


@dataclass(frozen=True)
class GateRegisterSheet:
    """What the header of the paper says: the village, the checkpoint and where it is, its leader."""

    village: str
    checkpoint: str
    place: str = ""
    leader: str = ""
    leader_phone: str = ""

    @property
    def location(self) -> str:
        return f"{self.checkpoint}（{self.place}）" if self.place else self.checkpoint


def _header(canvas: Any, sheet: GateRegisterSheet) -> None:
    top = PAGE_HEIGHT - TOP
    draw_string(canvas, PAGE_WIDTH / 2, top - 16, f"{sheet.village}{TITLE}", 16, "center", bold=True)
    facts = (
        f"卡点名称(位置)：{sheet.location}　　日期：________年____月____日　　值守人员：________________　　"
        f"带班(负责人)：{sheet.leader or BLANK}　　联系电话：{sheet.leader_phone or BLANK}"
    )
    draw_string(canvas, SIDE, top - 36, facts, 10.5)
    draw_string(canvas, SIDE, top - 50, HOW_TO, 7.5, color=GREY)


def _footer(canvas: Any, page: int, pages: int) -> None:
    draw_string(canvas, SIDE, BOTTOM + 6, SIGNATURES, 10)
    draw_string(canvas, PAGE_WIDTH - SIDE, BOTTOM + 6, f"第 {page} 页 / 共 {pages} 页", 10, "right")


def _edges() -> list[float]:
    xs = [SIDE]
    for column in COLUMNS:
        xs.append(xs[-1] + column.width)
    return xs


def draw_page(canvas: Any, sheet: GateRegisterSheet, page: int, pages: int) -> None:
    """One page: the header lines, the column heads, ROWS ruled rows numbered on from the page before."""
    xs = _edges()
    _header(canvas, sheet)
    canvas.saveState()
    canvas.setFillColor(SHADE)
    canvas.rect(SIDE, TABLE_TOP - HEAD_ROW, xs[-1] - SIDE, HEAD_ROW, stroke=0, fill=1)
    canvas.restoreState()
    for x, column in zip(xs, COLUMNS, strict=False):
        cell(canvas, x, TABLE_TOP, column.width, HEAD_ROW, column.heading, 8.5, bold=True)
    canvas.setStrokeColor(LINE_GREY)
    y = TABLE_TOP - HEAD_ROW
    for n in range(ROWS):
        serial = (page - 1) * ROWS + n + 1
        cell(canvas, xs[0], y, COLUMNS[0].width, ROW, str(serial), 8)
        for x, column in zip(xs[1:], COLUMNS[1:], strict=False):
            cell(canvas, x, y, column.width, ROW, column.blank, TICK_SIZE, color=GREY)
        y -= ROW
        canvas.setLineWidth(0.4)
        canvas.line(SIDE, y, xs[-1], y)
    canvas.setLineWidth(0.4)
    canvas.line(SIDE, TABLE_TOP - HEAD_ROW, xs[-1], TABLE_TOP - HEAD_ROW)
    for x in xs[1:-1]:
        canvas.line(x, TABLE_TOP, x, y)
    canvas.setLineWidth(1.0)
    canvas.rect(SIDE, y, xs[-1] - SIDE, TABLE_TOP - y)
    _footer(canvas, page, pages)


def render(sheet: GateRegisterSheet, out: Path, pages: int = 1, progress: Progress | None = None) -> Path:
    """`pages` blank pages of the checkpoint's register in one PDF at `out`."""
    if not 1 <= pages <= MOST_PAGES:
        raise LedgerError(f"页数应在 1～{MOST_PAGES} 之间（每页 {ROWS} 行）")

    def draw(path: Path) -> None:
        canvas = Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=main_font())
        canvas.setTitle(f"{TITLE}（{sheet.checkpoint}）")
        canvas.setCreator(CREATOR)
        canvas.setAuthor(sheet.village)
        for page in range(1, pages + 1):
            check_cancelled(progress)
            if progress is not None:
                progress.update(page - 1, pages)
            draw_page(canvas, sheet, page, pages)
            canvas.showPage()
        canvas.save()
        if progress is not None:
            progress.update(pages, pages)

    return write_pdf(Path(out), draw)


def headings() -> Sequence[str]:
    """The column headings as one line each (for the import's check that the paper reads back)."""
    return tuple(c.heading.replace("\n", "") for c in COLUMNS)
