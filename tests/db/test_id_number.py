"""Citizen ID numbers and ages: examples for every rule, and properties over generated numbers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.rules.age import SENIOR_AGE, age_on
from db.rules.id_number import (
    EXCEL_NUMBER,
    LEGACY_WARNING,
    IdNumberError,
    IdNumberInfo,
    mask_id_number,
    parse_id_number,
)

TODAY = date(2020, 2, 14)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: Codes in the region list; 110103 (崇文区) was retired in 2010, 110112 (通州区) created in 1997.
KNOWN_REGIONS = ("110105", "110103", "110112", "310115", "440305", "500101", "652801", "130123", "410105")
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2, written out independently of stdnum."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def make_number(region: str, birth: date, sequence: int) -> str:
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + check_digit(body)


def error_of(raw: object, today: date = TODAY) -> str:
    with pytest.raises(IdNumberError) as info:
        parse_id_number(raw, today=today)
    return str(info.value)


# --- examples ---------------------------------------------------------------------------------------------


def test_valid_number_with_x_check_digit() -> None:
    info = parse_id_number("11010519491231002X", today=TODAY)
    assert info == IdNumberInfo("11010519491231002X", False, date(1949, 12, 31), "女", ())


def test_odd_sequence_digit_is_male() -> None:
    number = make_number("440305", date(1985, 6, 1), 123)
    info = parse_id_number(number, today=TODAY)
    assert (info.sex, info.birth_date, info.legacy) == ("男", date(1985, 6, 1), False)


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002x",
        " 11010519491231002X ",
        "110105 19491231 002X",
        "110105-19491231-002X",
        "110105－19491231—002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        "\u3000110105\u00a019491231\u3000002X\u200b",
        "'11010519491231002X",
    ],
)
def test_spellings_normalise_to_one_number(raw: str) -> None:
    assert parse_id_number(raw, today=TODAY).number == "11010519491231002X"


def test_wrong_check_digit_names_the_right_one() -> None:
    message = error_of("110105194912310021")
    assert message.startswith("校验位错误：最后一位应为 X")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002", "长度应为18位（或15位旧号码），实际为17位"),
        ("11010519491231002X1", "长度应为18位（或15位旧号码），实际为19位"),
        ("1101051949", "长度应为18位（或15位旧号码），实际为10位"),
        ("11010519491231OO2X", "含有非数字字符“O”"),
        ("无", "含有非数字字符“无”"),
        ("1101051949123100X2", "含有非数字字符“X”（X 只能是18位号码的最后一位）"),
        ("11010549123100X", "含有非数字字符“X”（X 只能是18位号码的最后一位）"),
        (None, "身份证号为空"),
        ("   ", "身份证号为空"),
        (float("nan"), "身份证号为空"),
    ],
)
def test_shape_errors(raw: object, expected: str) -> None:
    assert error_of(raw) == expected


def test_impossible_birth_date() -> None:
    body = "11010519900230001"
    assert error_of(body + check_digit(body)) == "出生日期 1990-02-30 不存在"
    body = "11010519901301001"
    assert error_of(body + check_digit(body)) == "出生日期 1990-13-01 不存在"


def test_birth_date_in_the_future_or_before_1890() -> None:
    assert "晚于今天" in error_of(make_number("110105", date(2020, 2, 15), 1))
    assert parse_id_number(make_number("110105", TODAY, 1), today=TODAY).birth_date == TODAY
    assert "早于1890年" in error_of(make_number("110105", date(1889, 12, 31), 1))
    earliest = date(1890, 1, 1)
    assert parse_id_number(make_number("110105", earliest, 1), today=TODAY).birth_date == earliest


def test_without_a_given_day_a_birth_date_is_checked_against_the_real_today() -> None:
    today = date.today()
    assert parse_id_number(make_number("110105", today, 1)).birth_date == today
    with pytest.raises(IdNumberError, match="晚于今天"):
        parse_id_number(make_number("110105", today + timedelta(days=1), 1))


def test_bad_province_code_is_an_error() -> None:
    assert "不是省级行政区划代码" in error_of(make_number("001234", date(1990, 1, 1), 1))
    assert "不是省级行政区划代码" in error_of(make_number("191234", date(1990, 1, 1), 1))


def test_foreign_permanent_residence_number_is_named() -> None:
    assert "外国人永久居留身份证" in error_of(make_number("931156", date(1990, 1, 1), 1))


def test_unknown_region_code_is_only_a_warning() -> None:
    info = parse_id_number(make_number("119999", date(1990, 1, 1), 12), today=TODAY)
    assert info.warnings == ("行政区划代码 119999 未知（可能为新设或已撤销的地区）",)
    assert info.sex == "女"


@pytest.mark.parametrize(
    ("region", "birth"),
    [
        ("110112", date(1949, 1, 1)),  # 通州区 got its code in 1997; stdnum.cn.ric rejects this number
        ("110103", date(2015, 5, 5)),  # 崇文区 retired in 2010; stdnum.cn.ric rejects this number too
        ("810000", date(1980, 1, 1)),  # residence permit of a Hong Kong resident
        ("830000", date(1980, 1, 1)),  # residence permit of a Taiwan resident
    ],
)
def test_region_codes_from_other_years_are_accepted_without_warning(region: str, birth: date) -> None:
    info = parse_id_number(make_number(region, birth, 1), today=TODAY)
    assert (info.birth_date, info.warnings) == (birth, ())


def test_legacy_15_digit_number() -> None:
    info = parse_id_number("110105491231002", today=TODAY)
    assert info == IdNumberInfo("110105491231002", True, date(1949, 12, 31), "女", (LEGACY_WARNING,))
    assert LEGACY_WARNING == "15位旧身份证号"
    assert parse_id_number("110105491231003", today=TODAY).sex == "男"


def test_legacy_number_checks_date_and_digits() -> None:
    assert error_of("110105490230002") == "出生日期 1949-02-30 不存在"
    assert error_of("11010549123100A") == "含有非数字字符“A”"


def test_legacy_number_with_unknown_region_has_both_warnings() -> None:
    info = parse_id_number("119999491231002", today=TODAY)
    assert info.warnings == (LEGACY_WARNING, "行政区划代码 119999 未知（可能为新设或已撤销的地区）")


@pytest.mark.parametrize(
    "raw",
    [
        110105194912310000,
        1.10105194912310e17,
        Decimal("110105194912310000"),
        "1.10105194912310E+17",
        "1.1010519491231e+17",
        "110105194912310000.0",
        11010519491231002,  # the X could not be stored, so 17 digits are left
    ],
)
def test_number_stored_by_excel_is_refused_not_repaired(raw: object) -> None:
    assert error_of(raw) == EXCEL_NUMBER


@pytest.mark.parametrize("raw", [110105491231002, 110105491231002.0, "110105491231002.0"])
def test_legacy_number_stored_by_excel_is_exact(raw: object) -> None:
    assert parse_id_number(raw, today=TODAY).number == "110105491231002"


@pytest.mark.parametrize("raw", [1.5, -110105491231002, True, date(2020, 1, 1), [1, 2]])
def test_other_values_are_refused(raw: object) -> None:
    assert error_of(raw).startswith("无法识别的身份证号")


def test_short_excel_number_reports_its_length() -> None:
    assert error_of(12345) == "长度应为18位（或15位旧号码），实际为5位"


def test_today_defaults_to_the_real_today() -> None:
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(IdNumberError, match="晚于今天"):
        parse_id_number(make_number("110105", tomorrow, 1))


def test_mask() -> None:
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("110105491231002") == "110105*****1002"
    assert mask_id_number("") == ""
    assert mask_id_number("1234567") == "*******"


# --- age --------------------------------------------------------------------------------------------------


def test_age_in_full_years() -> None:
    assert SENIOR_AGE == 60
    assert age_on(date(1960, 2, 14), TODAY) == 60
    assert age_on(date(1960, 2, 15), TODAY) == 59
    assert age_on(TODAY, TODAY) == 0


def test_age_of_someone_born_on_29_february() -> None:
    birth = date(2000, 2, 29)
    assert age_on(birth, date(2001, 2, 28)) == 0
    assert age_on(birth, date(2001, 3, 1)) == 1
    assert age_on(birth, date(2004, 2, 29)) == 4


def test_no_age_before_birth() -> None:
    assert age_on(date(2020, 2, 15), TODAY) is None  # a clock set back: blank, never an error (issue 14)


# --- properties -------------------------------------------------------------------------------------------

births = st.dates(min_value=date(1890, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)
numbers = st.builds(make_number, st.sampled_from(KNOWN_REGIONS), births, sequences)


@given(st.sampled_from(KNOWN_REGIONS), births, sequences)
def test_generated_numbers_round_trip(region: str, birth: date, sequence: int) -> None:
    number = make_number(region, birth, sequence)
    info = parse_id_number(number, today=TODAY)
    assert info.number == number
    assert info.birth_date == birth
    assert info.sex == ("男" if sequence % 2 else "女")
    assert not info.legacy
    assert info.warnings == ()


@given(numbers, st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_any_single_character_change_is_rejected(number: str, position: int, new: str) -> None:
    if new == number[position]:
        new = "0" if number[position] != "0" else "1"
    changed = number[:position] + new + number[position + 1 :]
    with pytest.raises(IdNumberError):
        parse_id_number(changed, today=TODAY)


@given(numbers, st.lists(st.sampled_from([" ", "\u3000", "\u00a0", "-", "－", "\t"]), max_size=18), st.data())
def test_spelling_variants_normalise_to_the_same_number(number: str, fillers: list[str], data: st.DataObject) -> None:
    chars = list(number.translate(FULL_WIDTH) if data.draw(st.booleans()) else number)
    if data.draw(st.booleans()):
        chars[-1] = chars[-1].replace("X", "x").replace("Ｘ", "ｘ")
    for filler in fillers:
        chars.insert(data.draw(st.integers(min_value=0, max_value=len(chars))), filler)
    assert parse_id_number("".join(chars), today=TODAY).number == number


@given(
    st.sampled_from(KNOWN_REGIONS),
    st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)),
    sequences,
)
def test_generated_legacy_numbers_round_trip(region: str, birth: date, sequence: int) -> None:
    number = f"{region}{birth:%y%m%d}{sequence:03d}"
    info = parse_id_number(number, today=TODAY)
    assert (info.number, info.legacy, info.birth_date) == (number, True, birth)
    assert info.sex == ("男" if sequence % 2 else "女")
    assert info.warnings == (LEGACY_WARNING,)


@settings(max_examples=200)
@given(st.one_of(numbers, st.text(alphabet="0123456789", min_size=15, max_size=15)))
def test_mask_never_reveals_the_middle(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == len(number)
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
    assert set(masked[6:-4]) == {"*"}
