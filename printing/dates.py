"""Dates as Chinese documents write them."""

from __future__ import annotations

from datetime import date

WEEKDAYS = "一二三四五六日"


def long_date(day: date) -> str:
    """2026年11月24日 (no leading zeros, as printed notices write it)."""
    return f"{day.year}年{day.month}月{day.day}日"


def short_date(day: date) -> str:
    """11月24日, where the year is printed elsewhere on the page."""
    return f"{day.month}月{day.day}日"


def weekday(day: date) -> str:
    """周二"""
    return "周" + WEEKDAYS[day.weekday()]
