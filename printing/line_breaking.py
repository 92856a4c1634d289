"""Breaking Chinese text into lines the way Chinese print does it.

A line may break between any two Chinese characters, but not inside a Latin word or a number
(2026-0012, 138****5678, 37.3℃), not before a closing mark (，。、）」” …) and not after an opening one
(（《「“ …): such a mark takes its neighbour along to the next line (避头尾). reportlab's own CJK
wrapping breaks numbers apart and lets "，" start a line, hence this.
"""

from __future__ import annotations

import re

from printing.fonts import string_width

NO_LINE_START = frozenset("，。、；：？！）】》」』〕〉”’…—～%‰℃,.;:?!)]}·")
NO_LINE_END = frozenset("（【《「『〔〈“‘([{")
# A Latin word, a number, a date or code written with Latin signs; else one character.
_TOKEN = re.compile(r"[A-Za-z0-9@#&*+\-./:_%℃]+|.", re.DOTALL)


def _tokens(text: str, size: float, width: float) -> list[tuple[str, float]]:
    """The unbreakable pieces with their widths; one wider than a whole line is cut into characters."""
    pieces = []
    for token in _TOKEN.findall(text):
        w = string_width(token, size)
        if w > width and len(token) > 1:
            pieces += [(char, string_width(char, size)) for char in token]
        else:
            pieces.append((token, w))
    return pieces


def wrap(text: str, size: float, width: float, first_width: float | None = None) -> list[str]:
    """The lines of one paragraph (no line breaks in text) set at `size` in `width` points.

    first_width is the room on the first line (less, when it is indented). Spaces at a break are dropped.
    """
    lines: list[str] = []
    line: list[tuple[str, float]] = []
    used = 0.0
    limit = width if first_width is None else first_width
    for token, w in _tokens(text, size, width):
        if not line or used + w <= limit + 0.01:
            if line or token != " " or not lines:
                line.append((token, w))
                used += w
            continue
        if token == " ":
            lines.append("".join(t for t, _ in line).rstrip(" "))
            line, used, limit = [], 0.0, width
            continue
        carry: list[tuple[str, float]] = []
        # Take the previous piece along when this one may not start a line, or that one may not end it.
        while len(line) > 1 and (
            (token[0] in NO_LINE_START and not carry)
            or line[-1][0][-1] in NO_LINE_END
            or (carry and carry[0][0][0] in NO_LINE_START)
        ):
            carry.insert(0, line.pop())
        lines.append("".join(t for t, _ in line).rstrip(" "))
        line = [*carry, (token, w)]
        used = sum(x for _, x in line)
        limit = width
    if line or not lines:
        lines.append("".join(t for t, _ in line).rstrip(" "))
    return lines
