"""The last 14 (or 30) days as series, for the chart on 首页, the report screen and the printed daily report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
