"""Phone numbers as written in roster sheets: 11-digit mobiles and landlines with an area code.

Stored in one spelling (13812345678, 0371-61234567, 0371-61234567-801; several joined by "/") so that
search and duplicate checks see the same text however the clerk typed it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal

from db.rules.phones import mask_phone

__all__ = ["EXCEL_NUMBER", "PhoneError", "mask_phone", "parse_phone"]

EXCEL_NUMBER = "电话号码被 Excel 存成了数字，开头的 0 可能已丢失，请把该列设为文本后重新录入"

_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BETWEEN_NUMBERS = re.compile(r"[/、,;|\n]|或")
_EXTENSION = re.compile(r"转|分机|ext\.?", re.IGNORECASE)
_COUNTRY = re.compile(r"\(?(?:\+|00)\s*86\)?")
_ALLOWED = re.compile(r"[\d\s\-.()]*")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_CLEAN_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only (\d also matches full-width ones)


class PhoneError(ValueError):
    """str(exc) is a Chinese reason the clerk can act on."""


def parse_phone(raw: object) -> str:
    """Normalise one or more phone numbers; "" for an empty cell. Every number in the cell must be valid."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    if raw.__class__ is str and _CLEAN_MOBILE.fullmatch(raw):
        return raw  # the common case, already clean
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)):
        raise PhoneError(f"无法识别的电话号码“{raw}”")
    if not isinstance(raw, str):
        return _from_excel_number(raw)
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", raw))
    chunks = [c.strip() for c in _BETWEEN_NUMBERS.split(text) if c.strip()]
    numbers: list[str] = []
    for index, chunk in enumerate(chunks, start=1):
        try:
            found = _parse_chunk(chunk)
        except PhoneError as exc:
            raise PhoneError(f"第{index}个号码“{chunk}”：{exc}" if len(chunks) > 1 else str(exc)) from None
        numbers.extend(n for n in found if n not in numbers)
    return "/".join(numbers)


def _from_excel_number(raw: int | float | Decimal) -> str:
    """A number cell keeps a mobile intact but drops the leading 0 of a landline; that 0 is never guessed."""
    finite = raw.is_finite() if isinstance(raw, Decimal) else isinstance(raw, int) or math.isfinite(raw)
    if not finite or raw != int(raw) or raw < 0:
        raise PhoneError(f"无法识别的电话号码“{raw}”")
    digits = str(int(raw))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if _MOBILE.fullmatch(digits):
        return digits
    if len(digits) in (7, 8):
        raise PhoneError("固定电话需带区号")
    raise PhoneError(EXCEL_NUMBER)


def _parse_chunk(chunk: str) -> list[str]:
    """One number, or several separated only by spaces ("13812345678 13987654321")."""
    try:
        return [_parse_one(chunk)]
    except PhoneError as exc:
        error = exc
    parts = chunk.split()
    if len(parts) > 1:
        try:
            return [_parse_one(p) for p in parts]
        except PhoneError:
            pass
    raise error


def _parse_one(text: str) -> str:
    main, *extension = _EXTENSION.split(text, maxsplit=1)
    international = (m := _COUNTRY.match(main.strip())) is not None
    if m is not None:
        main = main.strip()[m.end() :]
    bad = sorted(set(_ALLOWED.sub("", main + "".join(extension))))
    if bad:
        raise PhoneError(f"含有无法识别的字符“{''.join(bad)}”")
    groups = re.findall(r"\d+", main)
    digits = "".join(groups)
    if not digits:
        raise PhoneError(f"无法识别的电话号码“{text}”")
    if len(digits) == 13 and digits.startswith("861") and not international:
        digits = digits[2:]
    if international and not digits.startswith("0") and not _MOBILE.fullmatch(digits):
        # +86 371 61234567: the trunk 0 is left out after the country code.
        digits, groups[0] = "0" + digits, "0" + groups[0]
    if digits[0] == "1":
        if extension:
            raise PhoneError("手机号不能带分机号")
        return _mobile(digits)
    if digits[0] == "0":
        ext = re.sub(r"\D", "", extension[0]) if extension else None
        return _landline(digits, groups, ext)
    if len(digits) in (7, 8):
        raise PhoneError("固定电话需带区号")
    raise PhoneError(f"无法识别的电话号码“{text}”")


def _mobile(digits: str) -> str:
    if len(digits) != 11:
        raise PhoneError(f"手机号应为11位，实际为{len(digits)}位")
    if not _MOBILE.fullmatch(digits):
        raise PhoneError(f"手机号第2位应为 3–9，“{digits}”不是手机号")
    return digits


def _landline(digits: str, groups: list[str], extension: str | None) -> str:
    """Area codes 010 and 020–029 have 3 digits, all others 4; local numbers have 7–8 digits."""
    if len(digits) < 3:  # "0" or "00", as clerks write for "no phone": too short to hold an area code
        raise PhoneError(f"固定电话号码“{digits}”不完整（应为区号加7–8位号码）")
    if digits[1] == "0":
        raise PhoneError(f"区号“{digits[:4]}”不存在")
    area_length = 3 if digits[1] in "12" else 4
    first = groups[0]
    if len(groups) > 1 and len(first) in (3, 4) and len(first) != area_length:
        raise PhoneError(f"区号“{first}”不对（010、020–029 为3位，其余为4位）")
    area, local = digits[:area_length], digits[area_length:]
    last = groups[-1]
    if extension is None and len(groups) == 3 and groups[0] == area and len(groups[1]) in (7, 8):
        local, extension = groups[1], last  # 0300-1000000-0, as stored: area, number, extension
    elif (
        extension is None
        and len(local) > 8
        and len(groups) > 1
        and len(digits) - len(last) > area_length
        and len(local) - len(last) in (7, 8)
    ):
        local, extension = local[: -len(last)], last  # 0371-61234567-801
    if len(local) not in (7, 8):
        raise PhoneError(f"固定电话号码（不含区号）应为7–8位，实际为{len(local)}位")
    if local[0] == "0":
        raise PhoneError(f"固定电话号码“{local}”不应以 0 开头（区号只写一次）")
    if extension is not None and not 1 <= len(extension) <= 6:
        raise PhoneError("分机号应为1–6位")
    return f"{area}-{local}" + (f"-{extension}" if extension else "")
