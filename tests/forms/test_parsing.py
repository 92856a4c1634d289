"""Phones, dates and names as clerks type them and Excel stores them: examples and generated properties."""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.parsing.dates import DateError, parse_date
from forms.parsing.names import PersonNameError, clean_name
from forms.parsing.phones import EXCEL_NUMBER, PhoneError, mask_phone, parse_phone

TODAY = date(2020, 2, 14)
FULL_WIDTH = str.maketrans("0123456789-/.()+", "０１２３４５６７８９－／．（）＋")


def phone_error(raw: object) -> str:
    with pytest.raises(PhoneError) as info:
        parse_phone(raw)
    return str(info.value)


def date_error(raw: object) -> str:
    with pytest.raises(DateError) as info:
        parse_date(raw, today=TODAY)
    return str(info.value)


def name_error(raw: object) -> str:
    with pytest.raises(PersonNameError) as info:
        clean_name(raw)
    return str(info.value)


# --- phones -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        " 138 1234 5678 ",
        "138-1234-5678",
        "138.1234.5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "(+86)13812345678",
        "0086-13812345678",
        "86 13812345678",
        "8613812345678",
        "１３８１２３４５６７８",
        "\u3000138\u00a01234\u00a05678\u200b",
        13812345678,
        13812345678.0,
        8613812345678,
    ],
)
def test_mobile_spellings(raw: object) -> None:
    assert parse_phone(raw) == "13812345678"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("(010)12345678", "010-12345678"),
        ("020 8765 4321", "020-87654321"),
        ("0755 1234 5678", "0755-12345678"),
        ("(0371)6123456", "0371-6123456"),
        ("（0371）6123456", "0371-6123456"),
        ("03716123456", "0371-6123456"),
        ("0371-61234567", "0371-61234567"),
        ("0371-61234567-801", "0371-61234567-801"),
        ("0371-61234567转801", "0371-61234567-801"),
        ("0371 6123 4567 分机 801", "0371-61234567-801"),
        ("+86 371 61234567", "0371-61234567"),
        ("+86 10 12345678", "010-12345678"),
        ("０３７１－６１２３４５６７", "0371-61234567"),
    ],
)
def test_landline_spellings(raw: str, expected: str) -> None:
    assert parse_phone(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", float("nan")])
def test_empty_phone(raw: object) -> None:
    assert parse_phone(raw) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678/13987654321", "13812345678/13987654321"),
        ("13812345678、13987654321", "13812345678/13987654321"),
        ("13812345678，0371-61234567", "13812345678/0371-61234567"),
        ("13812345678; 13987654321", "13812345678/13987654321"),
        ("13812345678 13987654321", "13812345678/13987654321"),
        ("13812345678或13987654321", "13812345678/13987654321"),
        ("13812345678/138 1234 5678", "13812345678"),
    ],
)
def test_several_numbers_are_all_kept(raw: str, expected: str) -> None:
    assert parse_phone(raw) == expected


def test_several_numbers_must_all_be_valid() -> None:
    assert phone_error("13812345678/1398765432") == "第2个号码“1398765432”：手机号应为11位，实际为10位"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("61234567", "固定电话需带区号"),
        ("6123456", "固定电话需带区号"),
        (61234567, "固定电话需带区号"),
        ("1381234567", "手机号应为11位，实际为10位"),
        ("138123456789", "手机号应为11位，实际为12位"),
        ("12012345678", "手机号第2位应为 3–9，“12012345678”不是手机号"),
        ("0371-612345", "固定电话号码（不含区号）应为7–8位，实际为6位"),
        ("0100-1234567", "区号“0100”不对（010、020–029 为3位，其余为4位）"),
        ("010-01234567", "固定电话号码“01234567”不应以 0 开头（区号只写一次）"),
        ("13812345678转801", "手机号不能带分机号"),
        ("电话13812345678", "含有无法识别的字符“电话”"),
        ("95588", "无法识别的电话号码“95588”"),
        (1062345678, EXCEL_NUMBER),
        (371612345678, EXCEL_NUMBER),
    ],
)
def test_phone_errors(raw: object, expected: str) -> None:
    assert phone_error(raw) == expected


@pytest.mark.parametrize("raw", [13812345678.5, True, date(2020, 1, 1)])
def test_phone_values_that_are_not_numbers(raw: object) -> None:
    assert phone_error(raw).startswith("无法识别的电话号码")


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("010-12345678", "010-****5678"),
        ("0371-6123456", "0371-****456"),
        ("0371-61234567-801", "0371-****4567-***"),
        ("13812345678/0371-61234567", "138****5678/0371-****4567"),
        ("", ""),
        ("138 1234 5678", "*** **** ****"),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
MOBILE_FORMATS = (
    lambda m: m,
    lambda m: f"{m[:3]} {m[3:7]} {m[7:]}",
    lambda m: f"{m[:3]}-{m[3:7]}-{m[7:]}",
    lambda m: f"{m[:3]}.{m[3:7]}.{m[7:]}",
    lambda m: f"+86 {m}",
    lambda m: f"+86-{m[:3]}-{m[3:7]}-{m[7:]}",
    lambda m: f"0086{m}",
    lambda m: f"86{m}",
    lambda m: f"(+86){m}",
    lambda m: m.translate(FULL_WIDTH),
    lambda m: f"\u3000{m}\u00a0",
    lambda m: int(m),
    lambda m: float(m),
)


@given(mobiles, st.sampled_from(MOBILE_FORMATS))
def test_generated_mobiles_normalise_to_11_digits(mobile: str, spell: Callable[..., object]) -> None:
    assert parse_phone(spell(mobile)) == mobile
    masked = mask_phone(mobile)
    assert masked == mobile[:3] + "****" + mobile[7:]


area_codes = st.one_of(
    st.just("010"),
    st.integers(min_value=20, max_value=29).map(lambda n: f"0{n}"),
    st.integers(min_value=300, max_value=999).map(lambda n: f"0{n}"),
)
local_numbers = st.builds(
    lambda first, rest: f"{first}{rest}",
    st.sampled_from("23456789"),
    st.text(alphabet="0123456789", min_size=6, max_size=7),
)
LANDLINE_FORMATS = (
    lambda a, n: f"{a}-{n}",
    lambda a, n: f"{a}{n}",
    lambda a, n: f"{a} {n}",
    lambda a, n: f"({a}){n}",
    lambda a, n: f"（{a}）{n}",
    lambda a, n: f"{a}-{n[:-4]}-{n[-4:]}",
    lambda a, n: f"+86 {a[1:]} {n}",
    lambda a, n: f"{a}-{n}".translate(FULL_WIDTH),
)


@given(area_codes, local_numbers, st.sampled_from(LANDLINE_FORMATS))
def test_generated_landlines_normalise(area: str, local: str, spell: Callable[..., object]) -> None:
    phone = parse_phone(spell(area, local))
    assert phone == f"{area}-{local}"
    assert mask_phone(phone) == f"{area}-****{local[4:]}"


# --- dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "2020-2-3",
        "2020-02-03",
        "2020.2.3",
        "2020/02/03",
        "2020/2/3",
        "20200203",
        "2020年2月3日",
        "2020年02月03号",
        "2020 年 2 月 3 日",
        "2月3日",
        "2月3号",
        "2-3",
        "2/3",
        "2.3",
        " ２０２０－０２－０３ ",
        "２０２０年２月３日",
        "2020-02-03 08:30",
        "2020/2/3 0:00:00",
        "2020-02-03T08:30:00",
        "2020年2月3日 8时30分",
        datetime(2020, 2, 3, 8, 30),
        date(2020, 2, 3),
        43864,
        43864.0,
        43864.35,
        20200203,
    ],
)
def test_accepted_date_spellings(raw: object) -> None:
    assert parse_date(raw, today=TODAY) == date(2020, 2, 3)


def test_month_and_day_take_the_year_of_today() -> None:
    assert parse_date("12月31日", today=date(2021, 1, 5)) == date(2021, 12, 31)
    assert parse_date("2-3") == date(date.today().year, 2, 3)


@pytest.mark.parametrize("raw", [None, "", "  ", "\u3000", float("nan")])
def test_empty_date(raw: object) -> None:
    assert parse_date(raw, today=TODAY) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-02-30", "日期 2020-02-30 不存在"),
        ("2019-2-29", "日期 2019-02-29 不存在"),
        ("2020-13-01", "日期 2020-13-01 不存在"),
        ("20200230", "日期 2020-02-30 不存在"),
        (20200230, "日期 2020-02-30 不存在"),
        ("2月30日", "日期 2020-02-30 不存在"),
        (60, "日期 1900-02-29 不存在"),
        ("abc", "无法识别的日期“abc”，请写成 2020-02-03"),
        ("43864", "无法识别的日期“43864”，请写成 2020-02-03"),
        ("20-2-3", "无法识别的日期“20-2-3”，请写成 2020-02-03"),
        ("2020-02", "无法识别的日期“2020-02”，请写成 2020-02-03"),
        ("0220-02-03", "日期 0220-02-03 的年份不合理，请核对"),
    ],
)
def test_date_errors(raw: object, expected: str) -> None:
    assert date_error(raw) == expected


@pytest.mark.parametrize("raw", [0, 80001, -5, 2.3, 0.35, 366.5, float("inf"), True, [2020, 2, 3]])
def test_numbers_that_are_not_dates(raw: object) -> None:
    assert date_error(raw).startswith("无法识别的日期")


@pytest.mark.parametrize(
    ("serial", "expected"), [(1, date(1900, 1, 1)), (59, date(1900, 2, 28)), (61, date(1900, 3, 1))]
)
def test_excel_serials_around_the_1900_leap_bug(serial: int, expected: date) -> None:
    assert parse_date(serial, today=TODAY) == expected


def test_excel_date_time_from_1901_on() -> None:
    assert parse_date(367.5, today=TODAY) == date(1901, 1, 1)


DATE_FORMATS = (
    lambda d: d.isoformat(),
    lambda d: f"{d.year}-{d.month}-{d.day}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d:%Y%m%d}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.isoformat()} 08:30",
    lambda d: f"{d.year}/{d.month}/{d.day} 0:00:00",
    lambda d: f"  {d.isoformat()}T23:59:59 ",
    lambda d: d.isoformat().translate(FULL_WIDTH),
    lambda d: f"{d.year}年{d.month}月{d.day}日".translate(FULL_WIDTH),
    lambda d: d,
    lambda d: datetime.combine(d, time(8, 30)),
    lambda d: int(f"{d:%Y%m%d}"),
)


@given(st.dates(min_value=date(1890, 1, 1), max_value=date(2199, 12, 31)), st.sampled_from(DATE_FORMATS))
def test_generated_dates_round_trip(day: date, spell: Callable[..., object]) -> None:
    assert parse_date(spell(day), today=TODAY) == day


@given(
    st.dates(min_value=date(1900, 3, 1), max_value=date(2119, 1, 10)),
    st.floats(min_value=0, max_value=0.999),
)
def test_generated_excel_serials(day: date, fraction: float) -> None:
    serial = (day - date(1899, 12, 30)).days
    assert parse_date(serial, today=TODAY) == day
    if day.year > 1900:  # in 1900 a fraction is a typed decimal such as 2.3, refused above
        assert parse_date(serial + fraction, today=TODAY) == day


@given(st.dates(min_value=date(1890, 1, 1), max_value=date(2199, 12, 31)))
def test_generated_month_and_day_fall_in_the_year_of_today(day: date) -> None:
    for text in (f"{day.month}月{day.day}日", f"{day.month}-{day.day}", f"{day.month}/{day.day}"):
        assert parse_date(text, today=day) == day


# --- names ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("张三", "张三"),
        ("  张 三 ", "张三"),
        ("\u3000张\u3000三\u00a0", "张三"),
        ("\u200b李四\ufeff", "李四"),
        ("欧阳 娜娜", "欧阳娜娜"),
        ("John  Smith", "John Smith"),
        (" John F. Kennedy ", "John F. Kennedy"),
        ("𠮷 祥", "𠮷祥"),
        ("王䶮", "王䶮"),
        ("\uf900字", "\uf900字"),  # a CJK compatibility ideograph stays as typed
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("阿依古丽･买买提", "阿依古丽·买买提"),
        ("阿依古丽．买买提", "阿依古丽·买买提"),
        ("阿依古丽.买买提", "阿依古丽·买买提"),
        ("阿依古丽﹒买买提", "阿依古丽·买买提"),
        ("阿依古丽‧买买提", "阿依古丽·买买提"),
        ("阿依古丽∙买买提", "阿依古丽·买买提"),
        ("阿依古丽●买买提", "阿依古丽·买买提"),
        ("阿依古丽。买买提", "阿依古丽·买买提"),
        ("阿依古丽 . 买买提", "阿依古丽·买买提"),
        ("J.Smith", "J.Smith"),
        ("张三.", "张三."),
    ],
)
def test_clean_name(raw: str, expected: str) -> None:
    assert clean_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", "姓名不能为空"),
        ("  \u3000\u200b", "姓名不能为空"),
        (None, "姓名不能为空"),
        (float("nan"), "姓名不能为空"),
        ("张三2", "姓名中含有数字"),
        ("张三２", "姓名中含有数字"),
        (123, "姓名中含有数字"),
        ("张" * 51, "姓名过长（最多50个字，实际51个）"),
    ],
)
def test_name_errors(raw: object, expected: str) -> None:
    assert name_error(raw) == expected


def test_name_of_50_characters_is_accepted() -> None:
    assert clean_name("张" * 50) == "张" * 50


cjk = st.one_of(
    st.integers(min_value=0x4E00, max_value=0x9FFF),
    st.integers(min_value=0x3400, max_value=0x4DBF),
    st.integers(min_value=0x20000, max_value=0x2A6DF),
).map(chr)
padding = st.text(alphabet=[" ", "\u3000", "\u00a0", "\t", "\u200b", "\ufeff"], max_size=3)


@given(st.lists(cjk, min_size=1, max_size=20), st.data())
def test_generated_cjk_names_lose_only_the_padding(chars: list[str], data: st.DataObject) -> None:
    padded = data.draw(padding) + "".join(c + data.draw(padding) for c in chars)
    assert clean_name(padded) == "".join(chars)


latin_words = st.lists(st.text(alphabet=string.ascii_letters, min_size=1, max_size=8), min_size=1, max_size=4)


@given(latin_words, st.data())
def test_generated_latin_names_keep_one_space(words: list[str], data: st.DataObject) -> None:
    spaces = st.text(alphabet=[" ", "\u3000", "\u00a0"], min_size=1, max_size=3)
    padded = data.draw(padding) + "".join(w + data.draw(spaces) for w in words)
    assert clean_name(padded) == " ".join(words)


@given(
    st.lists(cjk, min_size=1, max_size=6),
    st.lists(cjk, min_size=1, max_size=6),
    st.sampled_from(["·", "•", "・", "．", ".", "﹒", "‧", "・", "∙", "。", "･"]),
)
def test_generated_minority_names_get_the_standard_dot(first: list[str], second: list[str], dot: str) -> None:
    assert clean_name(f" {''.join(first)} {dot} {''.join(second)} ") == "".join(first) + "·" + "".join(second)
