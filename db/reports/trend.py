"""The last 14 (or 30) days as series, for the chart on 首页, the report screen and the printed daily report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from db.reports.figures import day_counts
from db.reports.spec import Category, Filter


@dataclass(frozen=True)
class Series:
    """One line of the chart: a figure per day, in the order of Trend.days."""

    name: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Trend:
    """The days shown (oldest first) and a series per figure."""

    days: tuple[date, ...]
    series: tuple[Series, ...]


#: The chart's lines: (name, source, filters as field -> values, measure); people are counted (names, for pushed).
_LINES: tuple[tuple[str, str, dict[str, tuple[str, ...]], str], ...] = (
    ("居家隔离", "cases", {"kind": ("居家隔离医学观察",)}, "current"),
    ("集中隔离", "cases", {"kind": ("集中隔离医学观察",)}, "current"),
    ("居家健康监测", "cases", {"kind": ("居家健康监测",)}, "current"),
    ("新增管控", "cases", {}, "new"),
    ("解除", "cases", {}, "ended"),
    ("发热", "fevers", {}, "new"),
    ("推送名单未核查", "pushed", {}, "current"),
)


def trend(last: date, days: int = 14) -> Trend:
    """The last `days` days up to `last`, from the ledger as it is now (a chart to look at, not a report:
    the report's own figures are those of db.reports.figures), by the day each record is dated."""
    shown = tuple(last - timedelta(days=n) for n in range(days - 1, -1, -1))
    series = []
    for name, source, where, measure in _LINES:
        filters = tuple(Filter(f, values) for f, values in where.items())
        count = "id" if source == "pushed" else "person"
        category = Category("", name, source, count, (measure,), filters)
        series.append(Series(name, tuple(day_counts(category, measure, shown))))
    return Trend(shown, tuple(series))
