"""The last 14 (or 30) days as lines, painted with QPainter in the looks the printed daily report uses
(printing.charts.PALETTE): axes, gridlines, integer y ticks, day labels (thinned when they would crowd),
a legend, a 14天/30天 switch and a tooltip naming the day and every series' value."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PyQt6.QtCore import QPointF, QRectF, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen
from PyQt6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QToolTip, QVBoxLayout, QWidget

from db.reports.trend import Trend, trend
from printing.charts import day_label, is_empty, label_step, look, tick_step, y_top

SPANS = (14, 30)


class _Plot(QWidget):
    """The painted area."""

    def __init__(self, chart: TrendChart) -> None:
        super().__init__(chart)
        self._chart = chart
        self.setMouseTracking(True)
        self.setMinimumHeight(70)

    # geometry ---------------------------------------------------------------------------------------------
    def _legend_rows(self) -> int:
        """Legend entries per column: as many as the height holds (a short chart gets two or more columns)."""
        line = QFontMetricsF(self.font()).height() * 1.25
        found = self._chart.trend
        return max(1, min(len(found.series) if found else 1, int(self.height() // line)))

    def _column_width(self) -> float:
        metrics = QFontMetricsF(self.font())
        found = self._chart.trend
        names = [s.name for s in found.series] if found else []
        return max((metrics.horizontalAdvance(n) for n in names), default=0) + metrics.height() * 2.2

    def _legend_width(self) -> float:
        found = self._chart.trend
        count = len(found.series) if found else 0
        columns = -(-count // self._legend_rows()) if count else 1
        return self._column_width() * columns

    def plot_rect(self) -> QRectF:
        metrics = QFontMetricsF(self.font())
        left = metrics.horizontalAdvance("0000") + 6
        bottom = metrics.height() + 8
        return QRectF(
            left,
            metrics.height() / 2 + 2,
            self.width() - left - self._legend_width() - 10,
            self.height() - bottom - metrics.height() / 2 - 2,
        )

    def x_of(self, index: int) -> float:
        rect = self.plot_rect()
        days = len(self._chart.trend.days) if self._chart.trend else 1
        return rect.left() + (rect.width() * index / max(1, days - 1))

    def index_at(self, x: float) -> int | None:
        found = self._chart.trend
        if not found or not found.days:
            return None
        rect = self.plot_rect()
        days = len(found.days)
        step = rect.width() / max(1, days - 1)
        index = round((x - rect.left()) / step) if step else 0
        return min(max(index, 0), days - 1)

    # painting ---------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent | None) -> None:
        found = self._chart.trend
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        if found is None or is_empty(found) or not found.days:
            painter.setPen(QColor("#666666"))
            days = len(found.days) if found else self._chart.span
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, f"近{days}天无数据")
            return
        metrics = QFontMetricsF(self.font())
        rect = self.plot_rect()
        top = y_top(found)
        step = tick_step(top)
        grid = QPen(QColor("#d8d8d8"))
        for value in range(0, top + 1, step):
            y = rect.bottom() - rect.height() * value / top
            painter.setPen(grid)
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.setPen(text)
            label = QRectF(0, y - metrics.height() / 2, rect.left() - 5, metrics.height())
            painter.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value))
        painter.setPen(QPen(text, 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.topLeft())
        days = len(found.days)
        room = int(rect.width() // (metrics.horizontalAdvance("12/30") + 8))
        every = label_step(days, room)
        for n, day in enumerate(found.days):
            if (days - 1 - n) % every:
                continue  # the last day (the one reported) always labelled
            x = self.x_of(n)
            painter.drawLine(QPointF(x, rect.bottom()), QPointF(x, rect.bottom() + 3))
            width = metrics.horizontalAdvance(day_label(day)) + 4
            box = QRectF(x - width / 2, rect.bottom() + 4, width, metrics.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, day_label(day))
        mark = max(3.0, metrics.height() / 4)
        for series in found.series:
            style = look(series.name)
            colour = QColor(style.colour)
            pen = QPen(colour, max(1.5, metrics.height() / 9))
            if style.dash:
                pen.setDashPattern([max(0.5, d / 1.5) for d in style.dash])
            painter.setPen(pen)
            points = [
                QPointF(self.x_of(n), rect.bottom() - rect.height() * v / top) for n, v in enumerate(series.values)
            ]
            painter.drawPolyline(points)
            painter.setPen(QPen(colour, 1))
            painter.setBrush(colour)
            if days <= 14:
                for point in points:
                    painter.drawEllipse(point, mark / 2, mark / 2)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        self._paint_legend(painter, found, metrics, text)

    def _paint_legend(self, painter: QPainter, found: Trend, metrics: QFontMetricsF, text: QColor) -> None:
        left = self.width() - self._legend_width() + 4
        line = metrics.height() * 1.25
        rows = self._legend_rows()
        first_y = max(0.0, (self.height() - line * rows) / 2)
        sample = metrics.height() * 1.5
        for n, series in enumerate(found.series):
            x = left + self._column_width() * (n // rows)
            y = first_y + line * (n % rows)
            style = look(series.name)
            pen = QPen(QColor(style.colour), max(2.0, metrics.height() / 7))
            if style.dash:
                pen.setDashPattern([max(0.5, d / 1.5) for d in style.dash])
            painter.setPen(pen)
            middle = y + line / 2
            painter.drawLine(QPointF(x, middle), QPointF(x + sample, middle))
            painter.setPen(text)
            painter.drawText(
                QRectF(x + sample + 4, y, self.width() - x, line), Qt.AlignmentFlag.AlignVCenter, series.name
            )

    def mouseMoveEvent(self, event: QMouseEvent | None) -> None:
        if event is None:
            return
        tip = self._chart.tip_at(event.position().x())
        if tip:
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        else:
            QToolTip.hideText()


class TrendChart(QWidget):
    """The trend of the last 14 (or 30) days up to a day; `today` gives the day when reload() is given none."""

    span_changed = pyqtSignal(int)

    def __init__(self, today: Callable[[], date] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today or date.today
        self.trend: Trend | None = None
        self.span = SPANS[0]
        self._last: date | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        top = QHBoxLayout()
        self.title = QLabel("近14天趋势（人）")
        top.addWidget(self.title)
        top.addStretch(1)
        self.span_box = QWidget()
        self.span_box.setObjectName("trendSpan")
        buttons = QHBoxLayout(self.span_box)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(0)
        self.span_group = QButtonGroup(self)
        self.span_buttons: dict[int, QPushButton] = {}
        for days in SPANS:
            button = QPushButton(f"{days}天")
            button.setCheckable(True)
            button.setChecked(days == self.span)
            button.setToolTip(f"显示近{days}天")
            self.span_group.addButton(button, days)
            buttons.addWidget(button)
            self.span_buttons[days] = button
        self.span_group.idClicked.connect(self.set_span)
        top.addWidget(self.span_box)
        layout.addLayout(top)
        self.plot = _Plot(self)
        layout.addWidget(self.plot, 1)

    def set_span(self, days: int) -> None:
        """Show the last `days` days (14 or 30), reloading from the ledger."""
        if days == self.span:
            return
        self.span = days
        self.span_buttons[days].setChecked(True)
        self.title.setText(f"近{days}天趋势（人）")
        self.reload(self._last)
        self.span_changed.emit(days)

    def reload(self, last_day: date | None = None) -> None:
        """Read the trend up to last_day (else the page's today) from the ledger."""
        self._last = last_day
        self.set_trend(trend(last_day or self._today(), self.span))

    def set_trend(self, found: Trend) -> None:
        self.trend = found
        self.plot.update()

    def tip_at(self, x: float) -> str:
        """The tooltip at plot x: the day nearest, then every series' value that day ('' without data)."""
        found = self.trend
        index = self.plot.index_at(x) if found and not is_empty(found) else None
        if found is None or index is None:
            return ""
        day = found.days[index]
        lines = [f"{day.month}月{day.day}日"] + [f"{s.name}：{s.values[index]}" for s in found.series]
        return "\n".join(lines)
