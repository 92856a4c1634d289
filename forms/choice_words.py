"""How clerks write the values of a choice field, and the one small engine that reads their words.

A field's definition (forms/definitions/) declares, with its values, the words clerks use for them
(`exact`) and the patterns around them (`patterns`: regular expressions searched in the text in the
order declared, so "密接的密接" is declared before "密接"). A pattern's named groups are details the words
carry, kept on the record under the group's name: "从武汉返回" → 重点地区返回 with origin 武汉. `details`
are read from any text the field's values do not cover ("居家医学观察14天" → period_days 14).

Text that nothing matches is not refused: it is the field's `other` value (其他, or the default where the
field has none), with the clerk's words kept on the record and a warning. A refused row in a quarantine
ledger is a person nobody watches.

An import reads its choice columns inside `reading_choices()`: with the decisions the clerk made in an
earlier preview (db.choice_memory), and counting the words that were not our values, so the preview can
group them ("隔离原因：武汉返乡 ×9 → 重点地区返回（来源地 武汉）"). Later modules declare their choices the
same way, e.g. 交通方式: Words(patterns=(("火车", r"火车|高铁|动车|车次|^[GDKTZ]\\d+"), ("飞机", r"飞机|航班"))).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from db.choice_memory import word_key

#: How a text was read: as one of our values, a declared word, a declared pattern, a decision the clerk
#: made before, or not at all.
EXACT, WORD, PATTERN, LEARNED, UNKNOWN = "exact", "word", "pattern", "learned", "unknown"
#: Longer text is no choice word (a note pasted into the column): it is kept as written, not matched, so
#: no pattern ever runs over a huge cell.
LONGEST_WORDS = 60
#: Kept words are cut here; a 来源地 taken from the words is cut at the field's length.
KEPT_LENGTH = 200
DETAIL_LABELS = {"origin": "来源地", "period_days": "写明观察期"}


@dataclass(frozen=True)
class Words:
    """The words and patterns clerks use for the values of one choice field."""

    exact: Mapping[str, str] = field(default_factory=dict)
    #: (value, regular expression), tried in order; the first that is found in the text wins.
    patterns: tuple[tuple[str, str], ...] = ()
    #: Expressions whose named groups are read from any text that is not one of our values.
    details: tuple[str, ...] = ()

    @cached_property
    def compiled(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((value, re.compile(expression)) for value, expression in self.patterns)

    @cached_property
    def compiled_details(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(expression) for expression in self.details)

    @cached_property
    def exact_keys(self) -> dict[str, str]:
        return {word_key(word): value for word, value in self.exact.items()}


@dataclass(frozen=True, slots=True)
class Reading:
    """What a cell of a choice column says: the value, the clerk's words, how they were read, details."""

    value: str
    words: str
    how: str
    details: tuple[tuple[str, str], ...] = ()

    @property
    def as_written(self) -> bool:
        """The cell holds our value itself (or nothing): there is nothing to keep or to show."""
        return self.how == EXACT


def read_words(
    text: str, choices: tuple[str, ...], words: Words, other: str, learned: Mapping[str, str] | None = None
) -> Reading:
    """Read one cell's text (already stripped); never raises."""
    key = word_key(text)
    if text in choices or key in choices:
        return Reading(key if key in choices else text, text, EXACT)
    value, how = other, UNKNOWN
    details: tuple[tuple[str, str], ...] = ()
    if len(key) <= LONGEST_WORDS:
        if key in words.exact_keys:
            value, how = words.exact_keys[key], WORD
        else:
            for candidate, pattern in words.compiled:
                found = pattern.search(key)
                if found is not None:
                    value, how = candidate, PATTERN
                    details = tuple((k, v) for k, v in found.groupdict().items() if v)
                    break
        for pattern in words.compiled_details:
            found = pattern.search(key)
            if found is not None:
                details += tuple((k, v) for k, v in found.groupdict().items() if v)
        if learned and key in learned:
            value, how = learned[key], LEARNED
    return Reading(value, text[:KEPT_LENGTH], how, details)


# --- counting for the preview, and the clerk's earlier decisions --------------------------------


@dataclass
class _Seen:
    label: str
    reading: Reading
    count: int
    options: tuple[str, ...]
    other: str


@dataclass
class ChoiceTally:
    """The words of an import's choice columns that were not our values, counted."""

    seen: dict[tuple[str, str], _Seen] = field(default_factory=dict)

    def add(self, key: str, label: str, reading: Reading, count: int, options: tuple[str, ...], other: str) -> None:
        entry = self.seen.get((key, reading.words))
        if entry is None:
            self.seen[(key, reading.words)] = _Seen(label, reading, count, options, other)
        else:
            entry.count += count


@dataclass(frozen=True)
class ChoiceGroup:
    """One interpretation for the preview: these words, this many rows, read as this value."""

    key: str  # "case.reason": where a correction is remembered
    label: str
    words: str
    count: int
    value: str
    how: str
    details: tuple[tuple[str, str], ...]
    #: The values the clerk may map the words to ("" = left blank, for a field whose fallback is blank).
    options: tuple[str, ...]

    @property
    def shown_value(self) -> str:
        return self.value or "（留空）"

    @property
    def remark(self) -> str:
        parts = [f"{DETAIL_LABELS.get(k, k)} {v}{'天' if k == 'period_days' else ''}" for k, v in self.details]
        if self.how == UNKNOWN:
            parts.append("未识别，保留原话" if self.value else "未识别，按其他信息判断，保留原话")
        elif self.how == LEARNED:
            parts.append("按上次的修改")
        return "，".join(parts)

    def __str__(self) -> str:
        remark = f"（{self.remark}）" if self.remark else ""
        return f"{self.label}：{self.words} ×{self.count} → {self.shown_value}{remark}"


def choice_groups(source: ChoiceTally | Any) -> list[ChoiceGroup]:
    """The interpretations of an import to confirm in one look: a ChoiceTally, or a plan carrying one as
    `choices` (CaseImportPlan; a roster plan made inside reading_choices). Fields in the order met, the
    most frequent words first."""
    tally = source if isinstance(source, ChoiceTally) else getattr(source, "choices", None)
    if not isinstance(tally, ChoiceTally):
        return []
    order = {key: n for n, key in enumerate(dict.fromkeys(k for k, _w in tally.seen))}
    groups = [
        ChoiceGroup(
            key,
            s.label,
            words,
            s.count,
            s.reading.value,
            s.reading.how,
            s.reading.details,
            s.options + (("",) if s.other == "" else ()),
        )
        for (key, words), s in tally.seen.items()
    ]
    return sorted(groups, key=lambda g: (order[g.key], -g.count, g.words))


@dataclass
class _Context:
    learned: Mapping[str, Mapping[str, str]]
    tally: ChoiceTally


_context: ContextVar[_Context | None] = ContextVar("choice_reading", default=None)


@contextmanager
def reading_choices(
    learned: Mapping[str, Mapping[str, str]] | None = None, tally: ChoiceTally | None = None
) -> Iterator[ChoiceTally]:
    """Within it (in this thread), forms read choice cells with the clerk's earlier decisions ("case.reason"
    → {words: value}) and count what was not our value into tally (a new one by default), which it yields."""
    tally = ChoiceTally() if tally is None else tally
    token = _context.set(_Context(learned or {}, tally))
    try:
        yield tally
    finally:
        _context.reset(token)


def current_learned(key: str) -> Mapping[str, str]:
    context = _context.get()
    return context.learned.get(key, {}) if context is not None else {}


def current_tally() -> ChoiceTally | None:
    context = _context.get()
    return context.tally if context is not None else None
