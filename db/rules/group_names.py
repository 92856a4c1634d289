"""The number a group's name says: 一组, 1组, 第一组, 第1村民小组 and 一村民小组 are all group 1.

Why: one clerk writes 1组 where the township's sheet says 一组; read as two names they would make two groups
of one, and its households would be split between them.
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_GROUP = re.compile(r"^第?([0-9０-９]+|[零〇一二两三四五六七八九十百]+)(?:村民小组|村民组|小组|组|社)$")
#: A group named inside a longer text, such as a table's title ("东风村第三村民小组花名册").
_GROUP_IN_TEXT = re.compile(r"(第?(?:[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})(?:村民小组|村民组|小组|组))")


def group_number(name: str) -> int | None:
    """1 for 一组 / 1组 / 第一村民小组, None for a name that is not a numbered group (网格A, 河东片)."""
    match = _GROUP.match(name.strip())
    if match is None:
        return None
    text = match.group(1)
    if text[0] in "0123456789０１２３４５６７８９":
        return int(text)
    return _chinese_number(text)


def group_named_in(text: str) -> str | None:
    """The group a text names, as written ("东风村二组户籍人口花名册" → 二组), else None."""
    match = _GROUP_IN_TEXT.search(text)
    return match.group(1) if match else None


def _chinese_number(text: str) -> int | None:
    """一 … 九十九 as numbers; None for what is not one (零零, 百百)."""
    if "百" in text:
        return None
    if "十" in text:
        tens, _ten, ones = text.partition("十")
        if "十" in ones or (tens and tens not in _DIGITS) or (ones and ones not in _DIGITS):
            return None
        return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
    if len(text) != 1:
        return None
    return _DIGITS[text] or None
