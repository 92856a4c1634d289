"""Finding a table's header in a sheet: which row it is, whether it is two rows, and each column's name.

Why: a clerk's roster seldom starts at A1. Title and unit lines stand above the header, a parent header
may span its children (联系方式 over 手机 | 固话), merged or only "centred across"; the header row is told by
the names the importer knows, else by what it looks like (short labels above rows of data).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from forms.excel.mapping import normalize_header
from forms.excel.sheet_table import Merged, cell_text, header_text, nonblank

HEADER_SCAN_ROWS = 15

_NUMBERISH = re.compile(r"[\d\s.,:/+\-年月日号]+")
_GENERIC_PARENT = ("信息", "情况", "资料", "联系方式", "联系电话")


def header_score(row: Sequence[object], known: set[str]) -> float:
    """How much a row looks like our header: 1 per known name, ½ per cell containing one."""
    score = 0.0
    for cell in row:
        if cell.__class__ is not str:
            continue
        name = normalize_header(cell)
        if not name or len(name) > 30:
            continue
        if name in known:
            score += 1
        elif any(len(k) >= 2 and k in name for k in known):
            score += 0.5
    return score


def _is_label(cell: object) -> bool:
    """A short, non-numeric text: what header cells look like."""
    if cell.__class__ is not str:
        return False
    t = cell.strip()
    return 0 < len(t) <= 20 and ":" not in t and "：" not in t and not _NUMBERISH.fullmatch(t)


def _looks_like_data(row: Sequence[object]) -> bool:
    """A number, a date, or a digit string (ID, phone, 序号) somewhere in the row."""
    return any((c.__class__ is not str) or (c.strip() and any(ch.isdigit() for ch in c)) for c in row)


def find_header(rows: list[list[object]], known: set[str]) -> int | None:
    """0-based index of the first row that matches the known names about as well as the best, else a label
    row above data."""
    scan = rows[:HEADER_SCAN_ROWS]
    if known:
        scores = [header_score(r, known) for r in scan]
        best = max(scores, default=0)
        if best >= 2:
            # The first that looks as much a header: a copy of it, or another table's, may follow and say more.
            return next(i for i, score in enumerate(scores) if score >= max(2, best / 2))
    for i, row in enumerate(scan):
        labels = [c for c in row if (c.__class__ is not str) or c.strip()]
        if len(labels) < 3 or not all(_is_label(c) for c in labels):
            continue
        below = [r for r in rows[i + 1 : i + 6] if nonblank(r)]
        if any(_looks_like_data(r) and nonblank(r) >= max(2, len(labels) // 3) for r in below[:3]):
            return i
    return None


def parent_spans(rows: list[list[object]], top: int, bottom: int, merged: Merged) -> dict[int, int]:
    """First column → last column of each header cell in row `top` that spans several columns."""
    spans: dict[int, int] = {}
    if top == bottom:
        return spans
    upper, lower = rows[top], rows[bottom]
    for (r0, c0), (r1, c1) in merged or ():
        if r0 == top and r1 == top and c1 > c0 and c0 < len(upper) and cell_text(upper[c0]):
            spans[c0] = min(c1, len(upper) - 1)
    if not spans:
        # No merge information (ods, csv, or "centre across selection"): a parent has its first
        # child below it and blank cells to its right above further children.
        width = len(upper)
        for c in range(width):
            if not cell_text(upper[c]) or not cell_text(lower[c]):
                continue
            end = c
            while end + 1 < width and not cell_text(upper[end + 1]) and cell_text(lower[end + 1]):
                end += 1
            if end > c:
                spans[c] = end
    if spans:  # a two-row header: a parent may also stand over one column (隔离情况 over 隔离地址)
        covered = {c for start, end in spans.items() for c in range(start, end + 1)}
        for c in range(len(upper)):
            if c not in covered and cell_text(upper[c]) and cell_text(lower[c]):
                spans[c] = c
    return spans


def pair_header(rows: list[list[object]], found: int, merged: Merged, floor: int = 0) -> tuple[int, int]:
    """(top, bottom) of the header: the found row alone, or with the row below/above it (not above floor)."""
    if found + 1 < len(rows) and _is_two_row(rows, found, found + 1, merged):
        return found, found + 1
    if found > floor and _is_two_row(rows, found - 1, found, merged):
        return found - 1, found
    return found, found


def _is_two_row(rows: list[list[object]], top: int, bottom: int, merged: Merged) -> bool:
    """Row `bottom` holds sub-headers of parents in row `top` (e.g. 联系方式 over 手机|固话)."""
    upper, lower = rows[top], rows[bottom]
    spans = parent_spans(rows, top, bottom, merged)
    if not spans:
        return False
    used = max((c for c in range(len(upper)) if cell_text(upper[c]) or cell_text(lower[c])), default=0) + 1
    for start, end in spans.items():
        if not _is_label(upper[start]) or (end - start + 1) >= max(3, 0.8 * used):
            return False  # a title line, not a parent header
    under_parent = {c for s, e in spans.items() for c in range(s, e + 1)}
    for c in range(len(upper)):
        above, below = cell_text(upper[c]), lower[c]
        if ((below.__class__ is not str) or below.strip()) and (
            not _is_label(below) or (above and c not in under_parent)
        ):
            return False
    return True


def header_parts(upper: list[object], lower: list[object], spans: dict[int, int]) -> tuple[list[str], list[str]]:
    """Each column's own header name, and the name of the parent spanning it ("" if none)."""
    if upper is lower:
        return [header_text(c) for c in upper], [""] * len(upper)
    owner = {c: s for s, e in spans.items() for c in range(s, e + 1)}
    own: list[str] = []
    parents: list[str] = []
    for c in range(len(upper)):
        child = header_text(lower[c])
        if c in owner:
            parent = header_text(upper[owner[c]])
            own.append(child or parent)
            parents.append(parent if child else "")
        else:
            own.append(header_text(upper[c]) or child)
            parents.append("")
    return own, parents


def combine_headers(own: list[str], parents: list[str]) -> list[str]:
    """One name per column, as the clerk reads it: parent + child under a spanning parent."""
    return [
        f"{parent} {child}"
        if parent and not parent.endswith(_GENERIC_PARENT) and not child.startswith(parent)
        else child
        for child, parent in zip(own, parents, strict=True)
    ]
