"""A cell's place as worksheet XML spells it (B12), and the quick searches the extent guard makes with it.

Why apart from the guard: the patterns must agree with each other for the quick search to be sound (one
place pattern for Excel's spelling and for "any other spelling"), and they are pure functions of text,
testable without a workbook.
"""

from __future__ import annotations

import functools
import re

# A cell as Excel, WPS, openpyxl and LibreOffice write it: r first, in capitals, no prefix; and a cell tag
# spelled any other way (another attribute first, no r, other quotes, spaces, small letters …). One place
# pattern for both: the quick search is sound only while the two agree.
_PLACE = rb"([A-Z]{1,3})([0-9]{1,7})"
CELL = re.compile(rb'<c r="' + _PLACE + rb'"')
ODD_CELL = re.compile(rb'<c(?=[\s/>])(?! r="' + _PLACE + rb'"[\s/>])')
PREFIXED_CELL = re.compile(rb":c[\s/>]")  # <x:c …>
POSITION = re.compile(r"([A-Za-z]{1,7})([0-9]{1,10})")  # (calamine counts in 32 bits: no more than this)


def column_name(index: int) -> str:
    """The letters of a 1-based column number (28 → AB)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: bytes) -> int:
    """The 1-based column number of capital letters (b"AB" → 28)."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def widen(extent: list[int], cells: list[tuple[bytes, bytes]]) -> None:
    """Grow [last row, last column] to take in the (letters, row digits) of the cells found."""
    if cells:
        letters, rows = zip(*cells, strict=True)
        extent[0] = max(extent[0], max(map(int, set(rows))))
        extent[1] = max(extent[1], max(map(column_number, set(letters))))


@functools.lru_cache(maxsize=64)
def outside(rows: int, columns: int) -> re.Pattern[bytes]:
    """A pattern for a cell tag that is not Excel's spelling of a place within `rows` and `columns`."""
    letters = _not_greater(column_name(columns).encode(), b"A", b"Z") if columns else b"(?!)"
    digits = _not_greater(str(rows).encode(), b"0", b"9") if rows else b"(?!)"
    return re.compile(rb'<c(?=[\s/>])(?! r="(?:' + letters + rb")(?:" + digits + rb')"[\s/>])')


def _not_greater(text: bytes, low: bytes, high: bytes) -> bytes:
    """A regex for strings over [low-high] that do not sort after `text` as numbers do: shorter, or as long
    and not larger at the first difference."""
    char = b"[" + low + b"-" + high + b"]"
    options = [re.escape(text)]
    for i in range(len(text)):
        if text[i] > low[0]:
            below = b"[" + low + b"-" + bytes([text[i] - 1]) + b"]"
            options.append(re.escape(text[:i]) + below + char + b"{%d}" % (len(text) - i - 1))
    if len(text) > 1:
        options.append(char + b"{1,%d}" % (len(text) - 1))
    return b"|".join(options)
