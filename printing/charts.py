"""The trend chart's look, shared by the screens (app.charts, QPainter) and the paper (reportlab graphics):
one colour, dash pattern and marker per series, so a line is the same on 首页, the report screen and the
printed daily report. Colours are Okabe-Ito (told apart with colour-blindness); the dashes and markers keep the
lines apart on a black-and-white printer."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.validators import Auto

from db.reports.trend import Trend
from printing.fonts import main_font


@dataclass(frozen=True)
class Look:
    """How one series is drawn: colour (#rrggbb), dash pattern (on/off lengths; () solid) and marker."""

    colour: str
    dash: tuple[float, ...]
    marker: str  # reportlab marker name: Circle, Square, Triangle, Diamond, Cross, StarFive, FilledCircle...


#: Series name (db.reports.trend) -> its look, in the trend's order.
PALETTE: tuple[tuple[str, Look], ...] = (
    ("居家隔离", Look("#0072B2", (), "FilledCircle")),
    ("集中隔离", Look("#D55E00", (6, 2), "FilledSquare")),
    ("居家健康监测", Look("#009E73", (2, 2), "FilledTriangle")),
    ("新增管控", Look("#E69F00", (6, 2, 2, 2), "FilledDiamond")),
    ("解除", Look("#56B4E9", (4, 4), "Cross")),
    ("发热", Look("#CC79A7", (), "StarFive")),
    ("推送名单未核查", Look("#000000", (1, 3), "Square")),
)
_OTHER = Look("#777777", (3, 3), "Circle")
LOOKS = dict(PALETTE)


def look(name: str) -> Look:
    """The look of a series (a grey dashed line for one the palette does not name)."""
    return LOOKS.get(name, _OTHER)


def day_label(day: object) -> str:
    """An x label: "12/1"."""
    return f"{day.month}/{day.day}"  # type: ignore[attr-defined]


def label_step(days: int, room: int) -> int:
    """Label every n-th day so at most `room` labels are shown (1 for 14 days on a wide chart)."""
    return max(1, -(-days // max(1, room)))


def y_top(trend: Trend) -> int:
    """The y axis' top: the largest value (at least 1), rounded up to an even tick."""
    biggest = max((max(s.values, default=0) for s in trend.series), default=0)
    top = max(1, biggest)
    step = tick_step(top)
    return -(-top // step) * step


def tick_step(top: int) -> int:
    """An integer tick step giving at most about 6 ticks."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 6:
            return step
    return max(1, top // 5)


def is_empty(trend: Trend) -> bool:
    return not any(any(s.values) for s in trend.series)


def _colour(hex_colour: str) -> colors.Color:
    return colors.HexColor(hex_colour)


def trend_drawing(trend: Trend, width: float, height: float) -> Drawing:
    """The trend as a reportlab Drawing (points): lines with markers, x labels "12/1", integer y ticks and
    a legend on the right naming the series in Chinese. All zeros: a note instead of an empty plot."""
    font = main_font()
    drawing = Drawing(width, height)
    days = len(trend.days)
    if is_empty(trend) or not days:
        drawing.add(String(width / 2, height / 2, f"近{days}天无数据", fontName=font, fontSize=11, textAnchor="middle"))
        return drawing
    legend_width = 88.0
    plot = LinePlot()
    plot.x, plot.y = 28, 22
    plot.width = width - plot.x - legend_width - 10
    plot.height = height - plot.y - 10
    plot.data = [[(n, v) for n, v in enumerate(s.values)] for s in trend.series]
    for n, series in enumerate(trend.series):
        style = look(series.name)
        line = plot.lines[n]
        line.strokeColor = _colour(style.colour)
        line.strokeWidth = 1.2
        line.name = series.name
        if style.dash:
            line.strokeDashArray = list(style.dash)
        marker = makeMarker(style.marker)
        marker.size = 4
        marker.fillColor = _colour(style.colour)
        marker.strokeColor = _colour(style.colour)
        line.symbol = marker
    step = label_step(days, int(plot.width // 26))
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.valueMax = days - 1
    plot.xValueAxis.valueSteps = list(range(0, days, step))
    plot.xValueAxis.labelTextFormat = lambda n: day_label(trend.days[int(round(n))])
    plot.xValueAxis.labels.fontName = font
    plot.xValueAxis.labels.fontSize = 7
    top = y_top(trend)
    plot.yValueAxis.valueMin = 0
    plot.yValueAxis.valueMax = top
    plot.yValueAxis.valueStep = tick_step(top)
    plot.yValueAxis.labelTextFormat = "%d"
    plot.yValueAxis.labels.fontName = font
    plot.yValueAxis.labels.fontSize = 7
    plot.yValueAxis.visibleGrid = True
    plot.yValueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    drawing.add(plot)
    legend = Legend()
    legend.x = width - legend_width
    legend.y = height - 8
    legend.alignment = "right"
    legend.fontName = font
    legend.fontSize = 7.5
    legend.dx, legend.dy = 14, 2
    legend.deltay = 11
    legend.columnMaximum = len(trend.series)
    # the plot's own swatches: each name beside a piece of its line, dashes and marker included (black and white)
    legend.colorNamePairs = Auto(obj=plot)
    legend.dx = 20
    drawing.add(legend)
    return drawing
