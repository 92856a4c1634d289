"""A township's cell as kept in the database (JSON) and as written back into the feedback workbook.

Text stays the same text (an ID number or a phone is never turned into a number), a number stays a number
(a whole one as an int), a blank is "", and a date, date-time, time of day or duration — which JSON has
no type for — is a one-key object that says which it was, so the feedback writes it back as a date cell:

    {"date": "2026-12-03"}  {"datetime": "2026-12-03T18:00:00"}  {"time": "18:00:00"}  {"seconds": 108000}
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

#: What a cell is kept as: str, int, float, bool, or one of the tagged objects above.
Kept = Any

DATE, DATETIME, TIME, SECONDS = "date", "datetime", "time", "seconds"


def encode(value: object) -> Kept:
    """A cell as calamine reads it, JSON-ready."""
    if value is None:
        return ""
    if value.__class__ is str or isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return {DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {DATE: value.isoformat()}
    if isinstance(value, time):
        return {TIME: value.isoformat()}
    if isinstance(value, timedelta):
        return {SECONDS: value.total_seconds()}
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
        if not math.isfinite(number):
            return str(value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    return str(value)


def decode(kept: Kept) -> object:
    """A kept cell as the value to write: a date as a date, "" as None (no cell)."""
    if kept == "" or kept is None:
        return None
    if isinstance(kept, dict) and len(kept) == 1:
        ((tag, text),) = kept.items()
        if tag == DATETIME:
            return datetime.fromisoformat(text)
        if tag == DATE:
            return date.fromisoformat(text)
        if tag == TIME:
            return time.fromisoformat(text)
        if tag == SECONDS:
            return timedelta(seconds=text)
    if isinstance(kept, (dict, list)):
        return str(kept)
    return kept


def number_format(value: object) -> str | None:
    """The display a decoded date-like value is written with (None: the cell's own)."""
    if isinstance(value, datetime):
        return "yyyy-mm-dd hh:mm" if value.second == 0 else "yyyy-mm-dd hh:mm:ss"
    if isinstance(value, date):
        return "yyyy-mm-dd"
    if isinstance(value, time):
        return "hh:mm"
    if isinstance(value, timedelta):
        return "[h]:mm:ss"
    return None


def as_text(kept: Kept) -> str:
    """A kept cell read as text (a header fact, a name): a date as 2026-12-03, a whole number as its digits."""
    value = decode(kept)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()
