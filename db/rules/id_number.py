"""Citizen ID numbers (公民身份号码, GB 11643-1999) as clerks type them and as Excel hands them over.

python-stdnum knows the region codes (its list is read for the warning); its validate() is not used, because
it refuses numbers that are valid for our people: it rejects a region code it does not know, and one
whose county code was created after the birth year (an old man born in 1949 in a district that got a
new code in 1997 carries the new code, since codes follow the place of registration when the number
was issued, not the birth), and for an unknown county inside a known province it raises KeyError
instead of a validation error. Region codes are added and renamed every year, so here an unknown code
is only a warning.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

#: Province codes (first two digits). The list has not changed since 重庆 (50) in 1997; 81/82/83 are the
#: codes of residence permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证, 2018). No number
#: was ever issued with any other prefix, so another prefix is a typing error, not a code we do not know
#: yet, and it is refused; the county part (digits 3–6) is the one that changes over the years.
PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)
#: Region codes of residence permits that the stdnum region list does not carry.
PERMIT_REGIONS = frozenset({"810000", "820000", "830000"})
EARLIEST_BIRTH = date(1890, 1, 1)
LEGACY_WARNING = "15位旧身份证号"
EXCEL_NUMBER = "身份证号被 Excel 存成了数字，后几位已丢失，请把该列设为文本后重新录入"

_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘx", "0123456789XXX")
_DROPPED = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_SCIENTIFIC = re.compile(r"\d(\.\d*)?E\+?\d+", re.IGNORECASE)
_FLOAT_TEXT = re.compile(r"(\d+)\.0*")


class IdNumberError(ValueError):
    """str(exc) is a Chinese reason the clerk can act on."""


class IdNumberInfo(NamedTuple):
    """What the number says about its holder, so that sex and birth date need not be typed twice.

    (A named tuple: an import makes one per row, in a third of the time a frozen dataclass takes.)"""

    number: str
    legacy: bool
    birth_date: date
    sex: str
    warnings: tuple[str, ...]


def parse_id_number(raw: object, today: date | None = None) -> IdNumberInfo:
    """Check an ID number and read birth date and sex from it; raise IdNumberError for what cannot be."""
    return describe_id_number(normalise_id_number(raw, today))


def normalise_id_number(raw: object, today: date | None = None) -> str:
    """The number in its stored spelling, checked (date, check digit); IdNumberError for what cannot be."""
    if isinstance(raw, str) and _CLEAN.fullmatch(raw):  # the common case: nothing to tidy
        number = raw
    else:
        number = _normalise(raw)
        _check_characters(number)
    if number[:2] not in PROVINCES:
        if number[0] == "9" and len(number) == 18:
            raise IdNumberError("以 9 开头的是外国人永久居留身份证号码，不是公民身份号码，请记在备注中")
        raise IdNumberError(f"前两位“{number[:2]}”不是省级行政区划代码，请核对")
    legacy = len(number) == 15
    _birth_date("19" + number[6:12] if legacy else number[6:14], today)
    if not legacy:
        expected = check_digit(number[:17])
        if number[-1] != expected:
            raise IdNumberError(f"校验位错误：最后一位应为 {expected}（按前17位计算），请对照身份证逐位核对")
    return number


def describe_id_number(number: str) -> IdNumberInfo:
    """What a number normalise_id_number accepted says (its checks are not repeated: an import calls this
    for every row after the field was checked)."""
    legacy = len(number) == 15
    birth = _date_of("19" + number[6:12] if legacy else number[6:14])
    warnings = [LEGACY_WARNING] if legacy else []
    if not region_known(number[:6]):
        warnings.append(f"行政区划代码 {number[:6]} 未知（可能为新设或已撤销的地区）")
    sequence = number[12:15] if legacy else number[14:17]
    return IdNumberInfo(number, legacy, birth, "男" if int(sequence[-1]) % 2 else "女", tuple(warnings))


def check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check digit GB 11643 puts last (first17: 17 ASCII digits).

    The standard's weights 7, 9, 10 … 2 are 2**17 … 2**1 mod 11, so the weighted sum is twice the digits
    read as a number in base 2, mod 11; and since 13 ≡ 2 (mod 11), reading them in base 13 gives the
    same remainder: one C-level int() instead of 17 Python multiplications, per row of an import.
    """
    return "10X98765432"[2 * int(first17, 13) % 11]


@lru_cache(maxsize=1)
def _first_checked() -> date:
    """The day the first number was checked: a birth date before it is before today too, so an import need
    not ask the clock for each of its 100,000 numbers (and nothing reads the clock at import)."""
    return date.today()


_CLEAN = re.compile(r"[0-9]{17}[0-9X]")  # ASCII only: \d would also take full-width digits


def mask_id_number(number: str) -> str:
    """Keep the region (first 6) and the last 4 so a clerk can tell people apart without the birth date."""
    if len(number) < 15:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def load() -> None:
    """Read stdnum's region list now rather than at the first number (an import loads it while its file
    is read)."""
    region_known("110000")


@lru_cache(maxsize=4096)
def region_known(code: str) -> bool:
    """Whether the 6-digit code is in stdnum's region list, ever (retired codes stay valid on old cards)."""
    if code in PERMIT_REGIONS:
        return True
    from stdnum import numdb

    return any("county" in props for _part, props in numdb.get("cn/loc").info(code))


def _normalise(raw: object) -> str:
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        raise IdNumberError("身份证号为空")
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)):
        raise IdNumberError(f"无法识别的身份证号“{raw}”")
    if not isinstance(raw, str):
        return _from_excel_number(raw)
    text = _DROPPED.sub("", raw.translate(_FULL_WIDTH)).lstrip("'")
    if not text:
        raise IdNumberError("身份证号为空")
    if _SCIENTIFIC.fullmatch(text):
        raise IdNumberError(EXCEL_NUMBER)
    if (match := _FLOAT_TEXT.fullmatch(text)) is not None:
        # "110105491231002.0": a number cell turned into text by another program.
        if len(match.group(1)) > 15:
            raise IdNumberError(EXCEL_NUMBER)
        text = match.group(1)
    return text


def _from_excel_number(raw: int | float | Decimal) -> str:
    """Excel keeps 15 significant digits, so an 18-digit number cell has lost its last 3 digits (and any X).

    A 15-digit legacy number fits and is exact (also as a float: 10**15 < 2**53); it cannot start with 0,
    so nothing is lost at the front either.
    """
    finite = raw.is_finite() if isinstance(raw, Decimal) else isinstance(raw, int) or math.isfinite(raw)
    if not finite or raw != int(raw) or raw < 0:
        raise IdNumberError(f"无法识别的身份证号“{raw}”")
    digits = str(int(raw))
    if len(digits) > 15:
        raise IdNumberError(EXCEL_NUMBER)
    return digits


def _check_characters(number: str) -> None:
    bad = sorted({c for c in number if not ("0" <= c <= "9" or c == "X")})
    if bad:
        raise IdNumberError(f"含有非数字字符“{''.join(bad)}”")
    if len(number) not in (15, 18):
        raise IdNumberError(f"长度应为18位（或15位旧号码），实际为{len(number)}位")
    if "X" in number[:17] or (len(number) == 15 and "X" in number):
        raise IdNumberError("含有非数字字符“X”（X 只能是18位号码的最后一位）")


def _birth_date(digits: str, today: date | None) -> date:
    birth = _date_of(digits)
    if birth < EARLIEST_BIRTH:
        raise IdNumberError(f"出生日期 {_shown(digits)} 早于1890年，请核对")
    if birth > (today or _first_checked()) and birth > (today or date.today()):
        raise IdNumberError(f"出生日期 {_shown(digits)} 晚于今天，请核对")
    return birth


@lru_cache(maxsize=65536)  # a village's birthdays repeat: an import builds each date once
def _date_of(digits: str) -> date:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise IdNumberError(f"出生日期 {_shown(digits)} 不存在") from None


def _shown(digits: str) -> str:
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"
