"""The number a group's name says: 一组, 1组, 第一组, 第1村民小组 and 一村民小组 are all group 1.

Why: one clerk writes 1组 where the township's sheet says 一组; read as two names they would make two groups
of one, and its households would be split between them.
"""

from __future__ import annotations

import re

from db.rules.numbers import small_number

_GROUP = re.compile(r"^第?([0-9０-９]+|[零〇一二两三四五六七八九十百]+)(?:村民小组|村民组|小组|组|社)$")
#: A group named inside a longer text, such as a table's title ("东风村第三村民小组花名册").
_GROUP_IN_TEXT = re.compile(r"(第?(?:[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})(?:村民小组|村民组|小组|组))")


def group_number(name: str) -> int | None:
    """1 for 一组 / 1组 / 第一村民小组, None for a name that is not a numbered group (网格A, 河东片)."""
    match = _GROUP.match(name.strip())
    if match is None:
        return None
    return small_number(match.group(1)) or None


def group_named_in(text: str) -> str | None:
    """The group a text names, as written ("东风村二组户籍人口花名册" → 二组), else None."""
    match = _GROUP_IN_TEXT.search(text)
    return match.group(1) if match else None
