"""Guess which spreadsheet column holds which field, from header names clerks actually write.

Why: every township's roster names its columns differently (姓名/名字, 公民身份号码/身份证号 …);
the clerk should only have to confirm a proposed mapping, not build it column by column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """A field a column can be mapped to; label and synonyms are header names that mean it."""

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.synonyms)


# Marks that decorate a header without changing its meaning (after NFKC: full-width → ASCII).
_DECORATION = re.compile(r"\((?:必填|选填|必选|可选|必须填写)\)|[*※]")
_SPACE = re.compile(r"\s+")

# Words that say a column belongs to someone else (the household head, a guardian …) or is
# a relation, not the value itself: "户主身份证号码" is not the person's own ID number.
_QUALIFIERS = (
    "户主",
    "监护人",
    "联系人",
    "紧急",
    "家长",
    "父亲",
    "母亲",
    "配偶",
    "法人",
    "负责人",
    "填报",
    "包户",
    "网格员",
    "干部",
    "关系",
    "曾用",
    "包保",
    "责任人",
    "村医",
    "医生",
    "医务",
)
#: … or the value of another place: 户籍地址 is where one is registered, not the door one lives behind.
_ELSEWHERE = ("户籍",)


def normalize_header(text: str) -> str:
    """Comparable form of a header: no spaces or required-marks, half-width brackets, lowercase.

    Repeated until stable so that normalizing twice changes nothing (lowercasing or removing
    a mark can leave text that NFKC would change again).
    """
    t = text
    for _ in range(5):
        before = t
        t = unicodedata.normalize("NFKC", t)
        t = _DECORATION.sub("", _SPACE.sub("", t)).rstrip(":").lower()
        if t == before:
            break
    return t


def header_words(targets: Iterable[Target]) -> list[str]:
    """Every label and synonym, for reader.read_tables(known_headers=...)."""
    return [name for t in targets for name in t.names]


def _qualified(leftover: str, own: tuple[str, ...], others: frozenset[str]) -> bool:
    """True when the text around a partial match names someone or something else.

    "户主身份证号码" is not the person's ID number (户主 qualifies it), nor the head's name
    (身份证号码 is another field's name).
    """
    if any(q in leftover and not any(q in n for n in own) for q in _QUALIFIERS + _ELSEWHERE):
        return True
    return any(o in leftover for o in others)


def _score(header: str, names: tuple[str, ...], others: frozenset[str]) -> tuple[int, int] | None:
    """(tier, length) of the best way header matches one of names; higher is better.

    Tier 3: equal. Tier 2: header contains the name. Tier 1: header is a shorter form of it.
    """
    best: tuple[int, int] | None = None
    for name in names:
        if header == name:
            score = (3, len(name))
        elif len(name) >= 2 and name in header:
            if _qualified(header.replace(name, "", 1), names, others):
                continue
            score = (2, len(name))
        elif len(header) >= 2 and header in name and 2 * len(header) >= len(name):
            if _qualified(name.replace(header, "", 1), (), frozenset()):
                continue
            score = (1, len(header))
        else:
            continue
        if best is None or score > best:
            best = score
    return best


#: (-tier, 0 by the own name / 1 with the parent, -length, -the parent's tier for the target, -cells filled,
#: column, target, the parent it came through when the own name says nothing): sorted, the best comes first.
_Candidate = tuple[int, int, int, int, int, int, int, str]


class _Names:
    """The targets' names, normalized, and the targets a header names."""

    def __init__(self, targets: list[Target]) -> None:
        self.norm_names = [tuple(dict.fromkeys(n for n in map(normalize_header, t.names) if n)) for t in targets]
        self.exact: dict[str, int] = {}
        for ti, names in enumerate(self.norm_names):
            for name in names:
                self.exact.setdefault(name, ti)  # a name two targets share belongs to the first
        self.others = [
            frozenset(n for tj, ns in enumerate(self.norm_names) if tj != ti for n in ns if len(n) >= 2)
            for ti in range(len(targets))
        ]

    def scores(self, header: str) -> list[tuple[int, int, int]]:
        """(tier, length, target) of every target the header names."""
        if not header:
            return []
        if header in self.exact:
            return [(3, len(header), self.exact[header])]
        found = []
        for ti, names in enumerate(self.norm_names):
            score = _score(header, names, self.others[ti])
            if score is not None:
                found.append((*score, ti))
        return found


def guess_mapping(
    headers: list[str], targets: list[Target], parents: list[str] | None = None, filled: Mapping[int, int] | None = None
) -> dict[int, str]:
    """Column index → target key. Exact names first, then the longest contained synonym.

    A header equal to some target's name is only ever mapped to that target. A target takes at most one
    column and a column at most one target; on a tie the column with more cells filled wins (filled: column →
    count, for columns whose header another column repeats: an empty 身份证号 before the filled one), then
    the leftmost.

    With parents (the header spanning each column, "" for none, see reader.SheetTable): a column under a
    parent maps by its own name first (组别 and 门牌 under 现住址), and the parent decides only between
    equals. A parent that names someone (户主 over 姓名 | 身份证号) makes the columns that person's; a
    column whose own name says nothing (省 | 市 | 县 under 户籍地址) maps by the parent, and every such
    column under it goes to the parent's field, to be joined.
    """
    names = _Names(targets)
    candidates: list[_Candidate] = []
    fill = filled or {}
    for col, header in enumerate(map(normalize_header, headers)):
        parent = normalize_header(parents[col]) if parents and col < len(parents) else ""
        candidates.extend(_column_candidates(names, col, header, parent, -fill.get(col, 0)))
    candidates.sort()
    return _assign(candidates, targets)


def _column_candidates(names: _Names, col: int, header: str, parent: str, more: int) -> list[_Candidate]:
    """Every target one column may take, by its own name and with its parent's (more: -cells filled)."""
    scores = names.scores
    if not parent:
        return [(-tier, 0, -length, 0, more, col, ti, "") for tier, length, ti in scores(header)]
    together = scores(parent + header)
    if any(q in parent for q in _QUALIFIERS):  # the columns are someone else's
        return [(-tier, 1, -length, 0, more, col, ti, "") for tier, length, ti in together]
    own = scores(header)
    by_parent = {ti: tier for tier, _length, ti in scores(parent)}
    candidates = [(-tier, 0, -length, -by_parent.get(ti, 0), more, col, ti, "") for tier, length, ti in own]
    # When its own name is another column's, or says nothing: the name with its parent's.
    via = "" if own else parent
    candidates.extend((-tier, 1, -length, 0, more, col, ti, via) for tier, length, ti in together or scores(parent))
    return candidates


def _assign(candidates: list[_Candidate], targets: list[Target]) -> dict[int, str]:
    """The best candidates first: a column takes one target, a target one column (or its parent's columns)."""
    mapping: dict[int, str] = {}
    taken: dict[int, str | None] = {}  # target → the parent it took columns through (None: by a column's own name)
    for _tier, _together, _length, _parent, _filled, col, ti, via in candidates:
        if col in mapping:
            continue
        if ti in taken and not (via and taken[ti] == via):
            continue
        mapping[col] = targets[ti].key
        taken[ti] = via or None
    return dict(sorted(mapping.items()))


def describe_mapping(headers: list[str], mapping: dict[int, str], targets: Iterable[Target]) -> list[str]:
    """The mapping as the dialog shows it, a line a column: "C 列“现住址 组别” → 组别（网格）"."""
    labels = {t.key: t.label for t in targets}
    return [
        f"{column_letters(col)} 列“{header or '（无表头）'}” → "
        f"{labels[mapping[col]] if col in mapping else '（不导入）'}"
        for col, header in enumerate(headers)
        if header or col in mapping
    ]


def column_letters(col: int) -> str:
    """Excel's name of a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def columns_by_field(mapping: dict[int, str], prefix: str) -> dict[str, list[int]]:
    """Field name → its columns, for the targets keyed "prefix.field"; several columns are to be joined."""
    fields: dict[str, list[int]] = {}
    for col, key in sorted(mapping.items()):
        if key.startswith(prefix + "."):
            fields.setdefault(key[len(prefix) + 1 :], []).append(col)
    return fields


def missing_required(mapping: dict[int, str], targets: Iterable[Target]) -> list[Target]:
    """Required targets no column is mapped to, in target order."""
    mapped = set(mapping.values())
    return [t for t in targets if t.required and t.key not in mapped]
