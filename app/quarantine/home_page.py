"""首页: the day at a glance. Every figure is a button that shows the list behind it.

Figures are read again whenever the page is shown or something was saved, so they are never stale. On a
new ledger (no roster, no case yet) the page says what to do first and offers it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PyQt6.QtCore import Qt, QTimer, pyqtSignal
from PyQt6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.charts.trend_chart import TrendChart
from app.checkpoint.flagged_panel import FlaggedPanel
from app.home_sections import SECTIONS
from app.pushed.overdue_panel import OverduePanel
from app.quarantine.case_table import BRIEF, CaseTable, FirstSteps, legend
from app.quarantine.screening_alerts import ScreeningAlerts
from db import quarantine_actions as qa
from db.queries import cases as case_queries
from db.queries.cases import Today
from db.rules.chinese_dates import short_date

_TILE_STYLE = (
    "QPushButton {{ border: 1px solid {border}; border-radius: 6px; background: {background}; }}"
    "QPushButton:checked {{ background: #dcebf7; border: 2px solid #2e6da4; }}"
)
_PLAIN = _TILE_STYLE.format(border="#c8d3df", background="#f7fafc")
_WARNING = _TILE_STYLE.format(border="#e0a39b", background="#fdecea")
_NUMBER = "font-size: 22px; font-weight: bold;"


class Tile(QPushButton):
    """A figure of the day: a big number over its label; the whole tile is a button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = 0
        self.setCheckable(True)
        self.setAutoExclusive(True)
        self.setMinimumHeight(52)
        self.number = QLabel("0")
        self.number.setStyleSheet(_NUMBER)
        self.caption = QLabel()
        self.caption.setStyleSheet("font-size: 13px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 3)  # the longest caption whole on five tiles a row at 150 %
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        for label in (self.number, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_figure(self, count: int, label: str, warning: bool) -> None:
        self.count = count
        self.number.setText(str(count))
        self.caption.setText(label)
        self.setAccessibleName(f"{label} {count}")
        warn = warning and count > 0
        if warn != self.property("warn"):  # a new style sheet costs a re-polish: only when it changes
            self.setProperty("warn", warn)
            self.setStyleSheet(_WARNING if warn else _PLAIN)
            self.number.setStyleSheet(_NUMBER + (" color: #c0392b;" if warn else ""))


#: The page's height from which the trend chart is shown under the lists.
CHART_ROOM = 600


class HomePage(QWidget):
    """Emits open_case(id) and alert_chosen(reading id), and the *_requested signals for the jobs the window
    does (a new case, the imports, the isolation list); `refresh()` re-reads the figures."""

    open_case = pyqtSignal(int)
    alert_chosen = pyqtSignal(int)
    enter_readings = pyqtSignal()
    new_case_requested = pyqtSignal()
    import_cases_requested = pyqtSignal()
    import_roster_requested = pyqtSignal()
    export_isolation_requested = pyqtSignal()
    #: A line for the window's status bar about what this page shows.
    status_changed = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None, clock: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(parent)
        self.figures: Today | None = None
        self.clock = clock
        # The window may stay open for days: each minute the page looks whether a slot (上午 / 下午) or a day
        # has ended since it last looked, and then shows the new one.
        self._period = _period(clock())
        self._ticker = QTimer(self)
        self._ticker.setInterval(60_000)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start()
        top = self._build_top()
        self._build_first_steps()
        grid = self._build_tiles()
        self._build_lists()
        self._lay_out(top, grid)
        self.current = "alerts"  # the most urgent list, and a short one
        self._stages_checked_on: date | None = None

    def _build_top(self) -> QHBoxLayout:
        self.heading = QLabel()
        self.heading.setObjectName("homeHeading")
        self.heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        readings = QPushButton("录入本时段体温…")
        readings.setObjectName("enterReadings")
        readings.clicked.connect(self.enter_readings)
        export = QPushButton("导出隔离人员名单…")
        export.setObjectName("homeExportIsolation")
        export.clicked.connect(self.export_isolation_requested)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(lambda: self.refresh())
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(readings)
        top.addWidget(export)
        top.addWidget(refresh)
        return top

    def _build_first_steps(self) -> None:
        """What to do first on a new ledger, in place of the figures' meaning."""
        self.first_steps = FirstSteps(
            {
                case_queries.NO_PEOPLE: (
                    "欢迎使用。第一步：导入村里的花名册（Excel 或 WPS 表格），之后就可以登记管控对象、录入体温。",
                    (("导入花名册…", "homeImportRoster", self.import_roster_requested.emit),),
                ),
                case_queries.NO_CASES: (
                    "还没有管控对象。登记第一个，或导入村里已有的隔离台账（Excel）。",
                    (
                        ("登记管控对象…", "homeNewCase", self.new_case_requested.emit),
                        ("导入隔离台账…", "homeImportCases", self.import_cases_requested.emit),
                    ),
                ),
            }
        )

    def _build_tiles(self) -> QGridLayout:
        self.tiles: dict[str, Tile] = {}
        self.specs = {figure.key: figure for figure in case_queries.FIGURES}
        grid = QGridLayout()
        for index, key in enumerate([*self.specs, *SECTIONS]):
            tile = Tile()
            tile.setObjectName(f"tile_{key}")
            tile.clicked.connect(lambda _checked, k=key: self.show_list(k))
            self.tiles[key] = tile
            grid.addWidget(tile, index // 5, index % 5)
        return grid

    def _build_lists(self) -> None:
        """The lists behind the tiles: cases, fever alerts and needs, one shown at a time."""
        self.list_title = QLabel()
        self.list_title.setObjectName("listTitle")
        self.cases = CaseTable()
        self.cases.setObjectName("homeCases")
        self.alerts = CaseTable(
            extra=(("日期", "12月31日"), ("时段", "下午"), ("体温", "38.5"), ("症状", "咳嗽、咽痛、乏力")),
            columns=BRIEF,
            stretch=("症状", "地址"),
        )
        self.alerts.setObjectName("homeAlerts")
        self.needs = CaseTable(
            extra=(("日期", "12月31日"), ("类别", "心理疏导"), ("需求", "代购降压药、蔬菜和米面")),
            columns=BRIEF,
            stretch=("需求", "地址"),
        )
        self.needs.setObjectName("homeNeeds")
        self.cases.open_case.connect(self.open_case)
        self.needs.open_case.connect(self.open_case)
        self.alerts.open_case.connect(self._alert_row_opened)
        self.pushed_overdue = OverduePanel()  # 核查名单超时 (app/pushed/overdue_panel.py)
        self.screening_alerts = ScreeningAlerts()  # 入户排查异常 (app/quarantine/screening_alerts.py)
        self.screening_alerts.case_opened.connect(lambda _case_id: self.refresh())
        self.screening_alerts.finding_handled.connect(lambda: self.refresh())
        self.checkpoint_flagged = FlaggedPanel()  # 卡点异常 (app/checkpoint/flagged_panel.py)
        self.checkpoint_flagged.case_opened.connect(lambda _case_id: self.refresh())
        self.sections: dict[str, OverduePanel | ScreeningAlerts | FlaggedPanel] = {
            "pushed_overdue": self.pushed_overdue,
            "screening_abnormal": self.screening_alerts,
            "checkpoint_flagged": self.checkpoint_flagged,
        }
        self.lists = QStackedWidget()
        for table in (self.cases, self.alerts, self.needs, *self.sections.values()):
            self.lists.addWidget(table)

    def _lay_out(self, top: QHBoxLayout, grid: QGridLayout) -> None:
        title_row = QHBoxLayout()
        title_row.addWidget(self.list_title, 1)
        self.legend = legend()  # the colours of the case lists
        title_row.addWidget(self.legend)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.first_steps)
        layout.addLayout(grid)
        layout.addLayout(title_row)
        layout.addWidget(self.lists, 3)
        # Under the lists, shown when the page has the height for it (a small screen at 150 % keeps its lists).
        self.trend_chart = TrendChart()  # the last 14 days up to the day refresh() is given
        self.trend_chart.setMaximumHeight(240)
        self.trend_chart.hide()
        layout.addWidget(self.trend_chart, 2)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        room = self.height() >= CHART_ROOM
        if room != self.trend_chart.isVisible():
            self.trend_chart.setVisible(room)
            if (layout := self.layout()) is not None:
                layout.activate()  # placed now, not on the next event-loop turn

    def tick(self) -> None:
        """The minute's look at the clock (see __init__)."""
        now = self.clock()
        if _period(now) != self._period:
            self._period = _period(now)
            if self.figures is not None and self.isVisible():
                self.refresh(now)

    def refresh(self, now: datetime | None = None) -> None:
        now = now or self.clock()
        day = now.date()
        if day != self._stages_checked_on:  # once a day: scheduled stage changes (7+7) become events
            qa.advance_stages(day)
            self._stages_checked_on = day
        self.figures = figures = case_queries.today(now)
        self.heading.setText(
            f"{figures.on.year}年{short_date(figures.on)}  {figures.slot}  ·  在管 {figures.active} 人"
        )
        for key, figure in self.specs.items():
            self.tiles[key].set_figure(figures.counts[key], figure.label, figure.warning)
        self.first_steps.show_step(case_queries.first_step())
        self.pushed_overdue.refresh(now)
        self.screening_alerts.refresh(day)
        self.checkpoint_flagged.refresh(day)
        self.trend_chart.reload(day)
        for key, section in self.sections.items():
            self.tiles[key].set_figure(len(section.lines), SECTIONS[key][0], True)
        # The figures first, the list behind the chosen one right after: the page never waits for a list.
        QTimer.singleShot(0, self._show_current)  # a bound method: dropped if the page is gone by then

    def _show_current(self) -> None:
        self.show_list(self.current)

    def show_list(self, key: str) -> None:
        if self.figures is None:
            return
        self.current = key
        self.tiles[key].setChecked(True)
        if key in self.sections:
            label, hint = SECTIONS[key]
            section = self.sections[key]
            self.list_title.setText(f"{label}（{len(section.lines)}）：{hint}")
            self.status_changed.emit(f"在管 {self.figures.active} 人    当前列表：{label} {len(section.lines)} 人")
            self.lists.setCurrentWidget(section)
            self.legend.hide()
            return
        self.legend.show()
        label = self.specs[key].label
        lines = case_queries.figure_lines(key, self.figures)
        self.list_title.setText(
            f"{label}（{len(lines)}）" + ("：双击一行登记处置" if key == "alerts" else "：双击一行打开档案")
        )
        self.status_changed.emit(f"在管 {self.figures.active} 人    当前列表：{label} {len(lines)} 人")
        if key == "alerts":
            self.alerts.set_lines(
                [a.case for a in lines],
                [(short_date(a.on), a.slot, "" if a.value is None else f"{a.value:.1f}", a.symptoms) for a in lines],
                on=self.figures.on,
            )
            self._alert_ids = [a.reading_id for a in lines]
            self.lists.setCurrentWidget(self.alerts)
        elif key == "needs":
            self.needs.set_lines(
                [n.case for n in lines], [(short_date(n.on), n.need_kind, n.needs) for n in lines], on=self.figures.on
            )
            self.lists.setCurrentWidget(self.needs)
        else:
            self.cases.set_lines(lines, on=self.figures.on)
            self.lists.setCurrentWidget(self.cases)

    def _alert_row_opened(self, _case_id: int) -> None:
        row = self.alerts.currentRow()
        if 0 <= row < len(self._alert_ids):
            self.alert_chosen.emit(self._alert_ids[row])

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self.figures is not None:
            self.refresh()


def _period(moment: datetime) -> tuple[date, str]:
    """The day and reading slot a moment falls in: what the page shows changes with them."""
    return moment.date(), case_queries.slot_at(moment)
