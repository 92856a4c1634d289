"""The daily report on paper: one A4 page that reads like the workbook's report sheet (forms.reports.daily_export)
— title (村名 + the spec's title, （零报告） on a day with nothing new), the header line (unit, day, 填表人,
审核人, phone), a row per category with the spec's columns (a block named on its first row only), the last 14
days as a chart beneath, and the signature lines. The print is recorded through db.prints like every paper."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from db import prints
from db.models import Village
from db.progress import Progress, check_cancelled
from db.reports.figures import Figures, compute
from db.reports.spec import ReportSpec
from db.reports.trend import trend
from forms.reports.daily_export import BLANK, ZERO, fill, report_title
from printing.charts import trend_drawing
from printing.documents.layout import CREATOR, LINE_GREY, SHADE
from printing.fonts import draw_string, fit_size
from printing.pdf_file import write_pdf

PAGE_WIDTH, PAGE_HEIGHT = A4
SIDE = 16 * mm
TOP = 14 * mm
BOTTOM = 14 * mm
CHART_HEIGHT = 200.0
CHART_DAYS = 14
ROW_MAX = 20.0
ROW_MIN = 11.0
#: 类别 and 项目 widths; the figure columns share the rest.
BLOCK_WIDTH = 90.0
LABEL_WIDTH = 190.0


def _cell(canvas: Canvas, x: float, top: float, width: float, height: float, text: str, align: str = "center") -> None:
    if not text:
        return
    size = fit_size(text, min(10.0, height * 0.6), width - 6, smallest=5)
    y = top - height / 2 - size * 0.35
    if align == "left":
        draw_string(canvas, x + 3, y, text, size)
    else:
        draw_string(canvas, x + width / 2, y, text, size, "center")


def _draw(canvas: Canvas, spec: ReportSpec, figures: Figures, village: Village | None, reviewer: str) -> None:
    title = report_title(spec, figures, village)
    canvas.setTitle(title)
    canvas.setCreator(CREATOR)
    y = PAGE_HEIGHT - TOP - 18
    width = PAGE_WIDTH - 2 * SIDE
    draw_string(canvas, PAGE_WIDTH / 2, y, title, fit_size(title, 18, width), "center", bold=True)
    header = "    ".join(fill(line, village, figures.day, reviewer) for line in spec.header)
    y -= 22
    if header:
        draw_string(canvas, SIDE, y, header, fit_size(header, 9.5, width, smallest=5))
    y -= 10
    labels = [spec.column_labels.get(c, c) for c in spec.columns]
    figure_width = (width - BLOCK_WIDTH - LABEL_WIDTH) / max(1, len(labels))
    edges = [SIDE, SIDE + BLOCK_WIDTH, SIDE + BLOCK_WIDTH + LABEL_WIDTH]
    edges += [edges[-1] + figure_width * (n + 1) for n in range(len(labels))]
    footer = [fill(line, village, figures.day, reviewer) for line in spec.footer]
    if figures.zero:
        footer.insert(0, f"{ZERO}：本日各项无新增、无减少。")
    room = y - BOTTOM - CHART_HEIGHT - 24 - 16 * len(footer)
    row = max(ROW_MIN, min(ROW_MAX, room / (len(figures.rows) + 1)))
    top = y
    canvas.setFillColor(SHADE)
    canvas.rect(SIDE, top - row, width, row, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    for n, heading in enumerate(("类别", "项目", *labels)):
        _cell(canvas, edges[n], top, edges[n + 1] - edges[n], row, heading)
    shown_block = None
    lines_y = [top, top - row]
    for n, found in enumerate(figures.rows):
        at = top - row * (n + 1)
        block = "" if found.block == shown_block else found.block
        shown_block = found.block
        _cell(canvas, edges[0], at, BLOCK_WIDTH, row, block)
        _cell(canvas, edges[1], at, LABEL_WIDTH, row, found.label, "left")
        for m, column in enumerate(spec.columns):
            value = found.figures.get(column)
            _cell(canvas, edges[2 + m], at, figure_width, row, BLANK if value is None else str(value))
        lines_y.append(at - row)
    bottom = lines_y[-1]
    canvas.setStrokeColor(LINE_GREY)
    canvas.setLineWidth(0.6)
    for x in edges:
        canvas.line(x, top, x, bottom)
    for line_y in lines_y:
        canvas.line(SIDE, line_y, SIDE + width, line_y)
    y = bottom - 18
    chart_title = f"近{CHART_DAYS}天趋势（人）"
    draw_string(canvas, SIDE, y, chart_title, 10, bold=True)
    drawing = trend_drawing(trend(figures.day, CHART_DAYS), width, CHART_HEIGHT)
    renderPDF.draw(drawing, canvas, SIDE, y - 6 - CHART_HEIGHT)
    y -= CHART_HEIGHT + 24
    for line in footer:
        draw_string(canvas, SIDE, y, line, fit_size(line, 10, width, smallest=5))
        y -= 16
    canvas.showPage()


def print_daily_report(
    spec: ReportSpec, day: date, target: Path, reviewer: str = "", progress: Progress | None = None
) -> Figures:
    """Compute the day's figures, write the one-page PDF to `target` (temp file, checked, renamed) and record
    the print; returns the figures printed (the same as the workbook's of that day)."""
    prints.may_print()
    figures = compute(spec, day)
    check_cancelled(progress)
    village = Village.select().first()

    def draw(path: Path) -> None:
        canvas = Canvas(str(path), pagesize=A4)
        _draw(canvas, spec, figures, village, reviewer)
        check_cancelled(progress)
        canvas.save()

    path = write_pdf(Path(target), draw)
    title = report_title(spec, figures, village)
    about = (("day", day.isoformat()), ("rows", len(figures.rows)), ("zero", figures.zero))
    prints.record_print(prints.PrintRecord(f"打印{title}（{day:%Y-%m-%d}）", spec.title, (), about=about), str(path))
    if progress is not None:
        progress.update(1, 1)
    return figures
