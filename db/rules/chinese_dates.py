"""Dates as Chinese screens, notices and workbooks write them (no leading zeros)."""

from __future__ import annotations

from datetime import date


def long_date(day: date) -> str:
    """2026年11月24日 (no leading zeros, as printed notices write it)."""
    return f"{day.year}年{day.month}月{day.day}日"


def short_date(day: date) -> str:
    """11月24日, where the year is printed elsewhere on the page."""
    return f"{day.month}月{day.day}日"
