"""Field kinds: each turns a raw value (a cell from Excel, the text of a line edit) into a stored value or
raises ValueError with a Chinese reason, and says how the value is shown, masked and written to Excel.
The definitions (forms/definitions/) give each field one of these; forms.types holds the field and record
types they are written in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from db.rules.id_number import mask_id_number, normalise_id_number
from forms.choice_words import EXACT, UNKNOWN, Reading, Words, read_words
from forms.parsing.dates import YEARS, parse_date
from forms.parsing.names import clean_name
from forms.parsing.phones import mask_phone, parse_phone

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
AS_TEXT = Kind().parse


class Text(Kind):
    """Free text up to a length: longer is refused rather than cut, so nothing is lost unseen."""

    def __init__(self, max_length: int = 200) -> None:
        self.max_length = max_length

    def parse(self, raw: object) -> str:
        text: str = super().parse(raw)
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
    """A mobile or landline number, stored as digits and shown masked in lists."""

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
        return (
            bool(reading.details)
            or self.keep_in not in ("", "note")
            or (self.keep_in == "note" and (reading.how == UNKNOWN or reading.value == OTHER))
        )

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
    """A whole number; blank is 0."""

    def parse(self, raw: object) -> int:
        text = super().parse(raw)
        if not text:
            return 0
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"“{text}”不是整数") from None


class DivisionCode(Kind):
    """A 统计用区划代码: 12 digits for a village (spaces and dashes from a printed list are dropped)."""

    repeats = False

    def parse(self, raw: object) -> str:
        text = re.sub(r"[\s\-]", "", super().parse(raw))
        if text and not re.fullmatch(r"\d{12}", text):
            raise ValueError("应为12位数字（统计用区划代码），不知道可以先空着")
        return text
