"""Field kinds and the field/record definition types every record form is written in.

A kind turns a raw value (a cell from Excel, the text of a line edit) into a stored value or raises
ValueError with a Chinese reason; it also says how the value is shown, masked and written to Excel.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from db.rules.id_number import mask_id_number, normalise_id_number
from forms.choice_words import EXACT, UNKNOWN, Reading, Words, current_learned, current_tally, read_words
from forms.parsing.dates import YEARS, parse_date
from forms.parsing.names import clean_name
from forms.parsing.phones import mask_phone, parse_phone


@dataclass(frozen=True)
class Issue:
    """A problem with one field of a record; severity "error" refuses the record, "warning" does not."""

    field: str
    label: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.label}：{self.message}"


OTHER = "其他"


#: Control characters no text we keep should hold (tab, line feed and carriage return stay).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


class Kind:
    """Base kind: free text."""

    masked = False
    #: Values repeat from row to row (groups, relations, flags), so parsing them once per import pays.
    repeats = True
    #: A value not understood corrupts nothing when left blank (a phone, a tick): an import takes the row
    #: and keeps the cell's text in the note (RecordForm.parse_columns with lenient), an entry form refuses.
    harmless = False

    def parse(self, raw: object) -> Any:
        if is_blank(raw):
            return ""
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = str(raw)
        if _CONTROL.search(text):  # a vertical tab pasted from Word is a line break; other controls go
            text = _CONTROL.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))
        return text.strip()

    def display(self, value: Any, masked: bool = False) -> str:
        return "" if value is None else str(value)


#: A cell as plain text (numbers without a trailing .0, controls left out).
_AS_TEXT = Kind().parse


class Text(Kind):
    def __init__(self, max_length: int = 200) -> None:
        self.max_length = max_length

    def parse(self, raw: object) -> str:
        text = super().parse(raw)
        if len(text) > self.max_length:
            raise ValueError(f"太长（最多 {self.max_length} 字）")
        return text


class Name(Kind):
    """A person's name; blank is left to the field's `required`."""

    repeats = False

    def parse(self, raw: object) -> str:
        return "" if is_blank(raw) else clean_name(raw)


class IdNumber(Kind):
    """Stored normalised; warnings (legacy number, unknown region) are reported by the record check."""

    repeats = False
    masked = True

    def parse(self, raw: object) -> str | None:
        if is_blank(raw):
            return None
        return normalise_id_number(raw)

    def display(self, value: Any, masked: bool = False) -> str:
        if not value:
            return ""
        return mask_id_number(value) if masked else value


class Phone(Kind):
    repeats = False
    masked = True
    harmless = True

    def parse(self, raw: object) -> str:
        return parse_phone(raw)

    def display(self, value: Any, masked: bool = False) -> str:
        if not value:
            return ""
        return mask_phone(value) if masked else value


_YEAR_MONTH = re.compile(r"^\s*(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*月?\s*$")


class Date(Kind):
    """A date; with month_ok, a year and month alone (the census's 出生年月) is taken as the 1st."""

    def __init__(self, month_ok: bool = False) -> None:
        self.month_ok = month_ok

    def parse(self, raw: object) -> date | None:
        try:
            return parse_date(raw)
        except ValueError:
            match = _YEAR_MONTH.match(str(raw)) if self.month_ok and isinstance(raw, str) else None
            if match is None or not 1 <= int(match.group(2)) <= 12:
                raise
            if int(match.group(1)) not in YEARS:  # the same years a full date may have
                raise ValueError(f"年份 {match.group(1)} 不对（应在 {YEARS[0]}–{YEARS[-1]} 之间）") from None
            return date(int(match.group(1)), int(match.group(2)), 1)

    def display(self, value: Any, masked: bool = False) -> str:
        if isinstance(value, datetime):
            value = value.date()
        return value.isoformat() if isinstance(value, date) else ("" if value is None else str(value))


class Choice(Kind):
    """One of fixed values, read from the words clerks write (forms.choice_words); never refused.

    Text that matches no declared word is `other` (其他 when it is a value, else the default) with the
    clerk's words kept: in `keep_in`, a column of their own that keeps every words not written as our
    value (a case's reason_text), or the record's note, which keeps the words whose meaning the value
    lost (read as 其他, or not understood) as "与户主关系：侄子".
    """

    def __init__(
        self, choices: tuple[str, ...], default: str = "", words: Words | None = None, keep_in: str = "note"
    ) -> None:
        self.choices = choices
        self.default = default
        self.words = words or Words()
        self.other = OTHER if OTHER in choices else default
        self.keep_in = keep_in
        self._read: dict[str, Reading] = {}

    def read(self, raw: object, learned: Mapping[str, str] | None = None) -> Reading:
        """The value and the words it was read from; learned: the clerk's earlier decisions (by word_key)."""
        text = Kind.parse(self, raw)
        if not text:
            return Reading(self.default, "", EXACT)
        if learned:
            learned = {k: v for k, v in learned.items() if v in self.choices or v == self.other == ""}
            return read_words(text, self.choices, self.words, self.other, learned)
        reading = self._read.get(text)
        if reading is None:
            if len(self._read) > 10_000:  # a fuzzed or pasted column: do not grow without end
                self._read.clear()
            reading = self._read[text] = read_words(text, self.choices, self.words, self.other)
        return reading

    def parse(self, raw: object) -> str:
        return self.read(raw).value

    def unknown_message(self, reading: Reading) -> str:
        shown = reading.words if len(reading.words) <= 20 else reading.words[:20] + "…"
        where = "隔离原因说明" if self.keep_in == "reason_text" else "备注"
        if reading.value:
            return f"“{shown}”不在可选值中，按“{reading.value}”导入，原话已记入{where}"
        return f"“{shown}”不在可选值中，已留空（按其他信息判断），原话已记入{where}"

    def keeps(self, reading: Reading) -> bool:
        """Whether keep() has anything to put on the record ("妻" → 配偶 has not)."""
        return bool(reading.details) or self.keep_in not in ("", "note") or (
            self.keep_in == "note" and (reading.how == UNKNOWN or reading.value == OTHER))

    def keep(self, values: dict[str, Any], label: str, reading: Reading) -> None:
        """Put the words of a reading not written as our value, and its details, on the record."""
        for key, detail in reading.details:
            if not values.get(key):
                values[key] = detail[:100]
        if not self.keep_in:
            return
        if self.keep_in != "note":
            if not values.get(self.keep_in):
                values[self.keep_in] = reading.words
        elif reading.how == UNKNOWN or reading.value == OTHER:
            words = f"{label}：{reading.words}"
            note = values.get("note") or ""
            if words not in note:
                values["note"] = f"{note}；{words}" if note else words


class YesNo(Kind):
    """A flag: 是/否; tick columns written as √ or 1 count as yes, blank as no."""

    YES = {"是", "有", "√", "✓", "✔", "y", "yes", "1", "true", "对"}
    NO = {"否", "无", "没有", "×", "n", "no", "0", "false", "不是"}
    harmless = True

    def parse(self, raw: object) -> bool:
        if isinstance(raw, bool):
            return raw
        text = super().parse(raw).lower()
        if not text or text in self.NO:
            return False
        if text in self.YES:
            return True
        raise ValueError(f"“{text}”应填“是”或“否”")

    def display(self, value: Any, masked: bool = False) -> str:
        return "是" if value else ""


class Integer(Kind):
    def parse(self, raw: object) -> int:
        text = super().parse(raw)
        if not text:
            return 0
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"“{text}”不是整数") from None


@dataclass(frozen=True)
class Field:
    """One field of a record type, declared once; every screen, import and export reads it from here."""

    name: str
    label: str
    kind: Kind = field(default_factory=Kind)
    required: bool = False
    #: Shown as a column in on-screen tables.
    in_table: bool = True
    #: Written as a column of Excel exports.
    in_export: bool = True
    #: Shown in the entry form.
    editable: bool = True
    #: Other header names clerks use for this column (the label always counts).
    headers: tuple[str, ...] = ()
    #: Excel column width in characters.
    width: int = 10
    help: str = ""
    #: For computed columns: value from the whole record's values.
    compute: Callable[[Mapping[str, Any]], Any] | None = None
    #: Whether values repeat from row to row in a workbook (None: as the kind says), see RecordForm.parse.
    repeats: bool | None = None

    @property
    def memoise(self) -> bool:
        return self.kind.repeats if self.repeats is None else self.repeats


_BLANK = ("", None)
class _Omitted:
    """A blank cell of a partial record: left out, as a missing key is."""


_OMIT = _Omitted()


@dataclass(frozen=True)
class _Refused:
    reason: str


def _parse_or_refuse(parse: Callable[[object], Any], value: object) -> Any:
    try:
        return parse(value)
    except ValueError as exc:
        return _Refused(str(exc))


def _parse_all(parse: Callable[[object], Any], raw: Sequence[object]) -> list[Any] | None:
    """Every cell of a column parsed in one comprehension; None if one cannot be, to go cell by cell and
    keep each refusal's reason (a column of ID numbers or names, all different, spends a third less)."""
    try:
        return [parse(value) for value in raw]
    except ValueError:
        return None


@dataclass(slots=True)
class Parsed:
    values: dict[str, Any]
    issues: list[Issue]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class RecordForm:
    """The declarative definition of one record type."""

    name: str
    label: str
    fields: tuple[Field, ...]
    #: Cross-field rules: may fill derived values in place and return issues.
    check: Callable[[dict[str, Any]], list[Issue]] | None = None

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @cached_property
    def table_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.in_table)

    @cached_property
    def export_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.in_export)

    @cached_property
    def input_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.editable and f.compute is None)

    @cached_property
    def _parsers(self) -> tuple[tuple[str, str, Callable[[object], Any], bool, bool], ...]:
        return tuple((f.name, f.label, f.kind.parse, f.memoise, f.required) for f in self.input_fields)

    @cached_property
    def _harmless(self) -> dict[str, bool]:
        return {f.name: f.kind.harmless for f in self.input_fields}

    @cached_property
    def _choices(self) -> dict[str, Choice]:
        return {f.name: f.kind for f in self.input_fields if isinstance(f.kind, Choice)}

    def parse(self, raw: Mapping[str, object], partial: bool = False) -> Parsed:
        """Parse and validate raw values (an entry form); missing keys are left out, and with partial not
        required."""
        values: dict[str, Any] = {}
        issues: list[Issue] = []
        kept: list[tuple[str, Choice, Reading]] = []
        for name, label, parse, _memoise, required in self._parsers:
            if name not in raw:
                if required and not partial:
                    issues.append(Issue(name, label, "不能为空"))
                continue
            choice = self._choices.get(name)
            if choice is not None:
                reading = choice.read(raw[name], current_learned(f"{self.name}.{name}"))
                known = reading.value
                if not reading.as_written and choice.keeps(reading):
                    kept.append((label, choice, reading))
                    if reading.how == UNKNOWN:
                        issues.append(Issue(name, label, choice.unknown_message(reading), "warning"))
            else:
                known = _parse_or_refuse(parse, raw[name])
            if known.__class__ is _Refused:
                issues.append(Issue(name, label, known.reason))
                continue
            values[name] = known
            if required and (known is None or known == ""):
                issues.append(Issue(name, label, "不能为空"))
        for label, choice, reading in kept:
            choice.keep(values, label, reading)
        if self.check is not None and not any(i.severity == "error" for i in issues):
            issues.extend(self.check(values))
        return Parsed(values, issues)

    def parse_columns(
        self, columns: Mapping[str, Sequence[object]], rows: int, partial: bool = False, lenient: bool = False
    ) -> Iterator[Parsed]:
        """Parse a table (an import) column by column: the same result as parse() row by row, faster.

        Each distinct value of a column whose values repeat (groups, relations, flags, birthdays) is parsed
        once, and a column is parsed in one comprehension instead of a Python loop step per cell; on a
        100,000-row roster that is most of the import's time. With partial, blank cells are left out (and
        so never required), as missing keys are by parse().

        With lenient (an import), a cell of a harmless kind that cannot be read (a phone of 10 digits, a tick
        column's "有时") does not refuse the row: the field is left blank, the cell's text goes into the
        record's note, and a warning says so. A person is never dropped for what would not corrupt the data.
        """
        names: list[str] = []
        parsed_columns: list[list[Any]] = []
        issues: dict[int, list[Issue]] = {}
        left_out: dict[int, list[str]] = {}  # row → fields refused, or blank in a partial record
        kept: dict[int, list[tuple[str, Choice, Reading]]] = {}  # row → choice words to keep on the record
        notes: dict[int, list[str]] = {}  # row → the text of harmless cells not read (lenient)
        for name, label, parse, memoise, required in self._parsers:
            if name not in columns:
                if required and not partial:
                    for row in range(rows):
                        issues.setdefault(row, []).append(Issue(name, label, "不能为空"))
                continue
            raw = columns[name]
            choice = self._choices.get(name)
            if choice is not None:
                read, read_distinct = self._read_choices(name, label, choice, raw, partial, issues, kept)
                names.append(name)
                parsed_columns.append(read)
                if any(value is _OMIT for value in read_distinct):
                    for row in [i for i, v in enumerate(read) if v is _OMIT]:
                        left_out.setdefault(row, []).append(name)
                continue

            def parse_cell(value: object, parse: Callable[[object], Any] = parse) -> Any:
                return _OMIT if partial and is_blank(value) else _parse_or_refuse(parse, value)

            # The column's distinct results where they are known: its rows are looked through only if one is
            # refused, left out, or a blank where a value is required.
            distinct: Iterable[Any]
            if memoise:
                # 1, 1.0 and True are equal as keys but not as cells ("1" vs "True" as text).
                keys = [v if v.__class__ is str else (v.__class__, v) for v in raw]
                parsed_by_key = {key: parse_cell(value) for key, value in dict(zip(keys, raw)).items()}
                parsed = [parsed_by_key[key] for key in keys]
                distinct = parsed_by_key.values()
            elif not partial and (whole := _parse_all(parse, raw)) is not None:
                parsed = whole
                distinct = [blank for blank in _BLANK if blank in whole]  # (nothing in it was refused)
            else:
                parsed = distinct = [parse_cell(value) for value in raw]
            blank_is_error = required and not partial

            def flagged(value: Any, blank_is_error: bool = blank_is_error) -> bool:
                return value.__class__ in (_Refused, _Omitted) or (blank_is_error and value in _BLANK)

            soft = lenient and self._harmless.get(name, False)
            if any(map(flagged, distinct)):
                for row in [i for i, v in enumerate(parsed) if flagged(v)]:
                    value = parsed[row]
                    if soft and value.__class__ is _Refused:
                        issues.setdefault(row, []).append(Issue(name, label, f"{value.reason}，已留空，原文记入备注", "warning"))
                        notes.setdefault(row, []).append(f"{label}：{_AS_TEXT(raw[row])}")
                    elif value is not _OMIT:
                        reason = value.reason if value.__class__ is _Refused else "不能为空"
                        issues.setdefault(row, []).append(Issue(name, label, reason))
                    if value is _OMIT or value.__class__ is _Refused:
                        left_out.setdefault(row, []).append(name)
            names.append(name)
            parsed_columns.append(parsed)
        # Rows are made as they are taken, so a caller that keeps less than the whole row holds less.
        check = self.check
        for row, cells in enumerate(zip(*parsed_columns) if parsed_columns else [()] * rows):
            values = dict(zip(names, cells))
            if row in left_out:
                for name in left_out[row]:
                    del values[name]
            if kept and row in kept:
                for label, choice, reading in kept[row]:
                    choice.keep(values, label, reading)
            if notes and row in notes:
                values["note"] = "；".join(filter(None, (values.get("note"), *notes[row])))
            row_issues = issues.get(row)
            if row_issues is None:
                yield Parsed(values, check(values) if check is not None else [])
            else:
                if check is not None and not any(i.severity == "error" for i in row_issues):
                    row_issues.extend(check(values))
                yield Parsed(values, row_issues)

    def _read_choices(
        self,
        name: str,
        label: str,
        choice: Choice,
        raw: Sequence[object],
        partial: bool,
        issues: dict[int, list[Issue]],
        kept: dict[int, list[tuple[str, Choice, Reading]]],
    ) -> tuple[list[Any], Iterable[Any]]:
        """A choice column, each distinct cell read once; the rows whose words are not our value are looked
        through only when there are such words (a tidy roster pays nothing), and counted for the preview."""
        key_name = f"{self.name}.{name}"
        learned = current_learned(key_name)
        keys = [v if v.__class__ is str else (v.__class__, v) for v in raw]
        readings = {
            key: None if partial and is_blank(value) else choice.read(value, learned)
            for key, value in dict(zip(keys, raw)).items()
        }
        by_key = {key: _OMIT if r is None else r.value for key, r in readings.items()}
        parsed = [by_key[key] for key in keys]
        unusual = {key: r for key, r in readings.items() if r is not None and not r.as_written}
        if unusual:
            rows = [i for i, key in enumerate(keys) if key in unusual]
            for row in rows:
                reading = unusual[keys[row]]
                if reading.how == UNKNOWN:
                    issues.setdefault(row, []).append(Issue(name, label, choice.unknown_message(reading), "warning"))
                if choice.keeps(reading):
                    kept.setdefault(row, []).append((label, choice, reading))
            tally = current_tally()
            if tally is not None:
                for key, count in Counter(keys[row] for row in rows).items():
                    tally.add(key_name, label, unusual[key], count, choice.choices, choice.other)
        return parsed, by_key.values()
