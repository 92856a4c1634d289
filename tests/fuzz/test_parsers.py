"""Every parser of a value a clerk types or a cell holds, fed anything at all: it returns a value or raises the
project's own error type (a ValueError whose text is a Chinese reason), never anything else; and what it
returns is stable (parsing it again gives it back).

Values: any Python value a spreadsheet reader or a line edit can hand over (text with control characters,
full-width digits and stray separators, huge strings, floats, NaN, infinities, huge integers, Decimals, dates,
times, booleans, bytes), and text shaped like what is expected (hypothesis `from_regex`).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from db.rules.id_number import IdNumberError, mask_id_number, normalise_id_number, parse_id_number
from db.rules.phones import mask_phone
from forms.excel.mapping import guess_mapping, normalize_header
from forms.kinds import Date
from forms.parsing.dates import DateError, parse_date
from forms.parsing.names import PersonNameError, clean_name
from forms.parsing.phones import PhoneError, parse_phone
from forms.roster_fields import ROSTER_TARGETS

CHINESE = re.compile(r"[\u4e00-\u9fff]")
MANY = settings(max_examples=400, deadline=None)

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**14, max_value=10**20),
    st.floats(),
    st.decimals(),
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.binary(max_size=20),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
    st.lists(st.integers(), max_size=2),
)
id_like = st.one_of(
    st.from_regex(r"'?[0-9０-９ \-－\u3000]{0,22}[0-9xXｘＸ]?(\.0*)?", fullmatch=True),
    st.from_regex(r"[0-9]{1,3}(\.[0-9]*)?[eE]\+?[0-9]{1,3}", fullmatch=True),
    st.from_regex(r"[1-9][0-9]{5}(19|20)[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}[0-9Xx]", fullmatch=True),
)
phone_like = st.one_of(
    st.from_regex(r"[0-9０-９+()（）\-\s转分机ext.、,;/|或]{0,40}", fullmatch=True),
    st.from_regex(r"(\+?86)?\s?0?[0-9]{1,4}[- ]?[0-9]{0,9}([- 转][0-9]{0,8})?", fullmatch=True),
    st.from_regex(r"1[3-9][0-9]{9}(/1[3-9][0-9]{9})*", fullmatch=True),
)
date_like = st.from_regex(
    r"\s*[0-9０-９]{0,5}\s*[-./年\s]?\s*[0-9]{0,3}\s*[-./月\s]?\s*[0-9]{0,3}[日号]?"
    r"(\s+[0-9]{1,2}(:[0-9]{1,2}){1,2}|T[0-9]{1,2}:[0-9]{1,2}|\s*[0-9]{1,2}[时点](\d{1,2}分)?)?\s*",
    fullmatch=True,
)
name_like = st.from_regex(r"[\u4e00-\u9fff𠮷䶮·.。•\s\u200b\u3000A-Za-z0-9\u0000-\u001f]{0,60}", fullmatch=True)


def _refused_in_chinese(exc: ValueError, kind: type[ValueError]) -> None:
    assert type(exc) is kind, f"{type(exc).__name__}: {exc}"
    assert CHINESE.search(str(exc)), str(exc)


@MANY
@given(st.one_of(anything, id_like))
def test_id_numbers(raw: object) -> None:
    try:
        info = parse_id_number(raw, today=date(2026, 1, 1))
    except IdNumberError as exc:
        _refused_in_chinese(exc, IdNumberError)
        return
    assert re.fullmatch(r"[0-9]{15}|[0-9]{17}[0-9X]", info.number)
    assert normalise_id_number(info.number, today=date(2026, 1, 1)) == info.number
    assert info.sex in ("男", "女") and date(1890, 1, 1) <= info.birth_date <= date(2026, 1, 1)
    assert info.number[-4:] in mask_id_number(info.number) and info.number[6:14] not in mask_id_number(info.number)


@MANY
@given(st.one_of(anything, phone_like))
@example("03001000000转0")  # stored as 0300-1000000-0, which once read back as 0300-10000000
def test_phones(raw: object) -> None:
    try:
        phone = parse_phone(raw)
    except PhoneError as exc:
        _refused_in_chinese(exc, PhoneError)
        return
    assert parse_phone(phone) == phone
    assert re.fullmatch(r"(|[0-9\-]+(/[0-9\-]+)*)", phone)
    assert len(re.findall(r"[0-9]", mask_phone(phone))) <= len(re.findall(r"[0-9]", phone)) - 4 * bool(phone)


@MANY
@given(st.one_of(anything, name_like))
def test_names(raw: object) -> None:
    try:
        name = clean_name(raw)
    except PersonNameError as exc:
        _refused_in_chinese(exc, PersonNameError)
        return
    assert clean_name(name) == name and 0 < len(name) <= 50 and name == name.strip()


@MANY
@given(st.one_of(anything, date_like))
def test_dates(raw: object) -> None:
    try:
        day = parse_date(raw, today=date(2020, 2, 14))
    except DateError as exc:
        _refused_in_chinese(exc, DateError)
        return
    assert day is None or (isinstance(day, date) and 1890 <= day.year < 2200)
    if day is not None:
        assert parse_date(day.isoformat()) == day


@MANY
@given(st.text())
def test_masks_take_any_text(text: str) -> None:
    assert len(mask_phone(text)) == len(text) and len(mask_id_number(text)) == len(text)


def test_huge_values_are_refused_quickly() -> None:
    """A 1 MB cell (pasted by mistake) is refused at once by each parser, not after a long backtrack."""
    for raw in ("1" * 1_000_000, "张" * 1_000_000, "1-" * 500_000, " " * 999_999 + "x", "13812345678/" * 90_000):
        for parse, error in (
            (parse_id_number, IdNumberError),
            (parse_phone, PhoneError),
            (clean_name, PersonNameError),
            (parse_date, DateError),
        ):
            try:
                parse(raw)
            except error as exc:
                _refused_in_chinese(exc, error)


def test_a_zero_for_no_phone_is_refused_in_chinese() -> None:
    """Clerks write 0 (or 00) for "no phone"; it was an IndexError that stopped a whole import."""
    for raw in ("0", "00", " 0 ", "０"):
        with pytest.raises(PhoneError, match="不完整"):
            parse_phone(raw)


@MANY
@given(
    st.lists(
        st.one_of(st.text(max_size=30), st.sampled_from([n for t in ROSTER_TARGETS for n in t.names])), max_size=30
    )
)
def test_any_header_row_gets_a_mapping(headers: list[str]) -> None:
    mapping = guess_mapping(headers, ROSTER_TARGETS)
    assert set(mapping) <= set(range(len(headers))) and len(set(mapping.values())) == len(mapping)
    assert all(normalize_header(normalize_header(h)) == normalize_header(h) for h in headers)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\s*[0-9]{0,5}\s*[年.\-/]\s*[0-9]{0,3}\s*月?\s*", fullmatch=True))
@example("0000年1")
@example("1889年12月")
def test_year_and_month_alone(raw: str) -> None:
    try:
        Date(month_ok=True).parse(raw)
    except ValueError as exc:
        assert CHINESE.search(str(exc)), str(exc)


def test_decimal_and_special_numbers() -> None:
    for raw in (
        Decimal("NaN"),
        Decimal("Infinity"),
        Decimal("-0"),
        Decimal("1E+400"),
        float("nan"),
        float("-inf"),
        -13812345678,
        2**70,
        1.5e300,
    ):
        for parse, error in ((parse_id_number, IdNumberError), (parse_phone, PhoneError)):
            try:
                parse(raw)
            except error as exc:
                _refused_in_chinese(exc, error)


#: Cells of every sort a roster column holds: blanks, good and bad values of each field, and the numbers and
#: ticks that are equal as Python values but not as cells (1, 1.0, True).
ROSTER_CELLS = (
    "",
    None,
    "  ",
    "张三",
    "阿依古丽·买买提",
    "户主",
    "妻",
    "男",
    "女",
    "11010519491231002X",
    "110105194912310021",
    "110105491231002",
    "13812345678",
    "12345",
    "0371-61234567",
    "2020-02-03",
    "2020.2",
    "1949年12月",
    44000.0,
    1,
    1.0,
    True,
    False,
    "是",
    "否",
    "在村",
    "外出务工",
    "一组",
    "01-0001",
    "3号",
    "常住",
    "出租",
    "x" * 600,
)
#: Cells no field refuses: a column of them is parsed in one go, with only its blanks to find.
TIDY_CELLS = ("", None, "张三", "户主", "男", "在村", "是", "一组", "常住")


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(["person", "household"]))
def test_a_table_parsed_by_column_is_each_row_parsed_alone(data: st.DataObject, form_name: str) -> None:
    """The import parses a table column by column (memoised, in bulk); each row must come out exactly as the
    entry form's parse() gives it: the same values, the same refusals, warnings and blanks left out."""
    from forms.definitions import HOUSEHOLD, PERSON
    from forms.kinds import is_blank

    form, partial = (PERSON, False) if form_name == "person" else (HOUSEHOLD, True)
    names = data.draw(st.lists(st.sampled_from([f.name for f in form.input_fields]), unique=True, max_size=8))
    pools = {n: data.draw(st.sampled_from([ROSTER_CELLS, TIDY_CELLS])) for n in names}
    rows = data.draw(st.lists(st.fixed_dictionaries({n: st.sampled_from(pools[n]) for n in names}), max_size=12))
    columns = {n: [row[n] for row in rows] for n in names}

    by_column = list(form.parse_columns(columns, len(rows), partial=partial))

    alone = [form.parse({k: v for k, v in row.items() if not (partial and is_blank(v))}, partial) for row in rows]
    assert [(p.values, p.issues) for p in by_column] == [(p.values, p.issues) for p in alone]
