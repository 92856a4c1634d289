"""The field and record definition types every record form is written in, and their parsing: one
record from an entry form, or a whole table (an import) column by column. The field kinds are in
forms.kinds; the names most definitions need are importable from here too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from forms.choice_words import UNKNOWN, Reading, current_learned, current_tally
from forms.kinds import AS_TEXT, Choice, Kind, is_blank


@dataclass(frozen=True)
class Issue:
    """A problem with one field of a record; severity "error" refuses the record, "warning" does not."""

    field: str
    label: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.label}：{self.message}"


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
    #: Its value comes from outside (an entry form, an import); False for what is computed or set by events.
    editable: bool = True
    #: Asked when the record is first entered (new_case_dialog's form for a case).
    at_entry: bool = True
    #: May be corrected once the record exists.
    correctable: bool = True
    #: Kept as it is read in the record's own table (False: it finds another record, or is kept elsewhere).
    stored: bool = True
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


def _parse_column(
    name: str,
    label: str,
    parse: Callable[[object], Any],
    raw: Sequence[object],
    memoise: bool,
    blank_is_error: bool,
    partial: bool,
    soft: bool,
    issues: dict[int, list[Issue]],
    left_out: dict[int, list[str]],
    notes: dict[int, list[str]],
) -> list[Any]:
    """One column that is not a choice, parsed (see RecordForm.parse_columns); its refusals, blanks left
    out and (soft: a harmless kind, lenient) cells kept in the note are added to the row maps."""

    def parse_cell(value: object) -> Any:
        return _OMIT if partial and is_blank(value) else _parse_or_refuse(parse, value)

    # The column's distinct results where they are known: its rows are looked through only if one is
    # refused, left out, or a blank where a value is required.
    distinct: Iterable[Any]
    if memoise:
        # 1, 1.0 and True are equal as keys but not as cells ("1" vs "True" as text).
        keys = [v if v.__class__ is str else (v.__class__, v) for v in raw]
        parsed_by_key = {key: parse_cell(value) for key, value in dict(zip(keys, raw, strict=True)).items()}
        parsed = [parsed_by_key[key] for key in keys]
        distinct = parsed_by_key.values()
    elif not partial and (whole := _parse_all(parse, raw)) is not None:
        parsed = whole
        distinct = [blank for blank in _BLANK if blank in whole]  # (nothing in it was refused)
    else:
        parsed = distinct = [parse_cell(value) for value in raw]

    def flagged(value: Any) -> bool:
        return value.__class__ in (_Refused, _Omitted) or (blank_is_error and value in _BLANK)

    if any(map(flagged, distinct)):
        for row in [i for i, v in enumerate(parsed) if flagged(v)]:
            value = parsed[row]
            if soft and value.__class__ is _Refused:
                kept_in_note = Issue(name, label, f"{value.reason}，已留空，原文记入备注", "warning")
                issues.setdefault(row, []).append(kept_in_note)
                notes.setdefault(row, []).append(f"{label}：{AS_TEXT(raw[row])}")
            elif value is not _OMIT:
                reason = value.reason if value.__class__ is _Refused else "不能为空"
                issues.setdefault(row, []).append(Issue(name, label, reason))
            if value is _OMIT or value.__class__ is _Refused:
                left_out.setdefault(row, []).append(name)
    return parsed


@dataclass(slots=True)
class Parsed:
    """A record's values as read, and what is wrong with them."""

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
    def entry_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.input_fields if f.at_entry)

    @cached_property
    def correctable_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.input_fields if f.correctable)

    @cached_property
    def stored_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.input_fields if f.stored)

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
            known: Any
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
                if any(value is _OMIT for value in read_distinct):
                    for row in [i for i, v in enumerate(read) if v is _OMIT]:
                        left_out.setdefault(row, []).append(name)
            else:
                soft = lenient and self._harmless.get(name, False)
                read = _parse_column(
                    name, label, parse, raw, memoise, required and not partial, partial, soft, issues, left_out, notes
                )
            names.append(name)
            parsed_columns.append(read)
        return self._records(names, parsed_columns, rows, issues, left_out, kept, notes)

    def _records(
        self,
        names: list[str],
        parsed_columns: list[list[Any]],
        rows: int,
        issues: dict[int, list[Issue]],
        left_out: dict[int, list[str]],
        kept: dict[int, list[tuple[str, Choice, Reading]]],
        notes: dict[int, list[str]],
    ) -> Iterator[Parsed]:
        """The parsed columns as records, made as they are taken, so a caller that keeps less than the
        whole row holds less; each checked by the record's own rule unless a field refused it."""
        check = self.check
        for row, cells in enumerate(zip(*parsed_columns, strict=True) if parsed_columns else [()] * rows):
            values = dict(zip(names, cells))  # noqa: B905 - once a row: the cells are the names by construction
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
            for key, value in dict(zip(keys, raw, strict=True)).items()
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
