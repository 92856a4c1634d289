"""Dates as clerks write them (2020.2.3, 2020年2月3日, 2月3日) and as Excel stores them (cells, serials)."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

#: Excel's 1900 date system counts 1900-02-29, a day that never was (serial 60); later serials are one off.
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIALS = range(1, 80001)
YEARS = range(1890, 2200)
EXAMPLE = "2020-02-03"

_TIME = re.compile(r"(?:\s+|T)\d{1,2}(?::\d{1,2}){1,2}(?:\.\d+)?$|\s+\d{1,2}[时點点](?:\d{1,2}分)?$")
_AROUND_SEPARATOR = re.compile(r"\s*([-./年月日号])\s*")
_FULL = re.compile(r"(\d{4})(?:[-./\s](\d{1,2})[-./\s](\d{1,2})|年(\d{1,2})月(\d{1,2})[日号]?|(\d{2})(\d{2}))")
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH_DAY = re.compile(r"(\d{1,2})(?:[-./](\d{1,2})|月(\d{1,2})[日号]?)")


class DateError(ValueError):
    """str(exc) is a Chinese reason the clerk can act on."""


def parse_date(raw: object, today: date | None = None) -> date | None:
    """A date from a cell or a line edit, None when empty; a bare month and day take the year of `today`."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return None
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):  # a date cell: the same years as a typed date (9999-12-25 overflows a period)
        return _make(raw.year, raw.month, raw.day)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _from_number(raw)
    if not isinstance(raw, str):
        raise DateError(f"无法识别的日期“{raw}”，请写成 {EXAMPLE}")
    if _ISO.fullmatch(raw):  # the common case (our own exports write dates so)
        return _make(int(raw[:4]), int(raw[5:7]), int(raw[8:]))
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return None
    compact = _AROUND_SEPARATOR.sub(r"\1", re.sub(r"\s+", " ", _TIME.sub("", text)))
    if (m := _FULL.fullmatch(compact)) is not None:
        year, *rest = m.groups()
        month, day = (p for p in rest if p is not None)
        return _make(int(year), int(month), int(day))
    if (m := _MONTH_DAY.fullmatch(compact)) is not None:
        month, *rest = m.groups()
        day = next(p for p in rest if p is not None)
        return _make((today or date.today()).year, int(month), int(day))
    raise DateError(f"无法识别的日期“{text}”，请写成 {EXAMPLE}")


def _from_number(raw: int | float) -> date:
    """An 8-digit number is yyyymmdd (20200203); a smaller one is an Excel serial, its fraction a time of day.

    A fraction below serial 367 (the year 1900) is a decimal typed like "2.3", not a date-time: refused,
    since 2.1 may have meant 2月1日 or 2月10日.
    """
    if not math.isfinite(raw):
        raise DateError(f"无法识别的日期“{raw}”，请写成 {EXAMPLE}")
    whole = math.floor(raw)
    if whole == raw and 10_000_000 <= whole <= 99_999_999:
        text = str(int(whole))
        return _make(int(text[:4]), int(text[4:6]), int(text[6:]))
    if whole not in EXCEL_SERIALS or (whole != raw and whole < 367):
        raise DateError(f"无法识别的日期“{raw}”，请写成 {EXAMPLE}（把该列设为文本或日期格式）")
    if whole == 60:
        raise DateError("日期 1900-02-29 不存在")
    return EXCEL_EPOCH + timedelta(days=whole + (1 if whole < 60 else 0))


def _make(year: int, month: int, day: int) -> date:
    if year not in YEARS:
        raise DateError(f"日期 {year:04d}-{month:02d}-{day:02d} 的年份不合理，请核对")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"日期 {year:04d}-{month:02d}-{day:02d} 不存在") from None
