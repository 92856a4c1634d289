"""Chinese vehicle plates (GA 36) as a checkpoint writes them down, checked with a reason in the clerk's words.

A plate is written as the clerk types it and normalised first: full-width letters and digits (ＡＢ１２),
small letters, spaces, the dot of the printed plate (豫A·12345, 豫A•12345, 豫A.12345) and dashes are
tidied away. The forms then read:

- ordinary: province + issuing letter + 5 letters or digits: 豫A12345, 豫AB123C (7 characters);
- new-energy, small car: province + letter + D/F + letter or digit + 4 digits: 豫AD12345, 豫AF1A234 (8);
- new-energy, large vehicle: province + letter + 5 digits + D/F: 豫A12345D (8);
- with a suffix: 挂 (trailer), 学 (driving school), 警 (police), 领 (consulate), 港 / 澳 (粤Z cross-border):
  province + letter + 4 letters or digits + the suffix: 豫A1234挂, 粤Z1234港;
- embassy: 使 + 6 digits: 使014578.

Letters never include I or O (they read as 1 and 0); the issuing letter is A–Z without I and O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: The provinces' one-character abbreviations, as the picker offers them (豫 and 鄂 first for a village in 河南).
PROVINCES = tuple("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼")
#: Suffixes of plates whose serial is four characters.
SUFFIXES = {
    "挂": "挂车",
    "学": "教练车",
    "警": "警车",
    "领": "领馆车辆",
    "港": "港澳入出境车辆",
    "澳": "港澳入出境车辆",
}
EMBASSY = "使"

_LETTER = "A-HJ-NP-Z"  # no I, no O
_ALNUM = f"{_LETTER}0-9"
_DOTS = re.compile(r"[\s·•・．.\-—_]+")

_ORDINARY = re.compile(f"[{_LETTER}][{_ALNUM}]{{5}}")
_SMALL_NEW_ENERGY = re.compile(f"[{_LETTER}][DF][{_ALNUM}][0-9]{{4}}")
_LARGE_NEW_ENERGY = re.compile(f"[{_LETTER}][0-9]{{5}}[DF]")
_WITH_SUFFIX = re.compile(f"[{_LETTER}][{_ALNUM}]{{4}}")
_EMBASSY = re.compile("[0-9]{6}")


class PlateError(ValueError):
    """A plate that cannot be right; the message says why, in Chinese."""


@dataclass(frozen=True)
class Plate:
    """A checked plate: the normalised text and what kind of plate it is."""

    text: str
    kind: str

    @property
    def new_energy(self) -> bool:
        return self.kind.startswith("新能源")


def normalise_plate(text: str) -> str:
    """The plate without spaces, dots and dashes, full-width characters made plain, letters capital."""
    plain = unicodedata.normalize("NFKC", text or "")
    return _DOTS.sub("", plain).upper()


def parse_plate(text: str) -> Plate:
    """The plate checked: Plate(text, kind) or PlateError with the reason ("" is refused: say none apart)."""
    plate = normalise_plate(text)
    if not plate:
        raise PlateError("车牌号码为空")
    shown = f"车牌“{plate}”"
    if plate[0] == EMBASSY:
        if _EMBASSY.fullmatch(plate[1:]):
            return Plate(plate, "使馆车辆")
        raise PlateError(f"{shown}：使馆车牌应为“使”加6位数字，如 使014578")
    if plate[0] not in PROVINCES:
        if plate[0].isascii():
            raise PlateError(f"{shown}：第一个字应为省份简称（如 豫、鄂、京），再写字母和号码")
        raise PlateError(f"{shown}：第一个字“{plate[0]}”不是省份简称")
    rest = plate[1:]
    if not rest:
        raise PlateError(f"{shown}：省份简称后应有发牌机关字母和号码")
    if not ("A" <= rest[0] <= "Z") or rest[0] in "IO":
        raise PlateError(f"{shown}：省份简称后的第一位应为字母（不含 I、O）")
    if "I" in rest or "O" in rest:
        raise PlateError(f"{shown}：车牌中没有字母 I 和 O（易与数字 1、0 混淆），请核对")
    if rest[-1] in SUFFIXES:
        if _WITH_SUFFIX.fullmatch(rest[:-1]):
            if rest[-1] in "港澳" and plate[:2] != "粤Z":
                raise PlateError(f"{shown}：港澳车牌应为“粤Z”开头，如 粤Z1234港")
            return Plate(plate, SUFFIXES[rest[-1]])
        raise PlateError(f"{shown}：{SUFFIXES[rest[-1]]}车牌应为省份简称、字母和4位号码再加“{rest[-1]}”")
    if len(rest) == 6:
        if _ORDINARY.fullmatch(rest):
            return Plate(plate, "普通")
        raise PlateError(f"{shown}：号码应为5位字母或数字")
    if len(rest) == 7:
        if _SMALL_NEW_ENERGY.fullmatch(rest):
            return Plate(plate, "新能源小型车")
        if _LARGE_NEW_ENERGY.fullmatch(rest):
            return Plate(plate, "新能源大型车")
        if rest[1] in "DF":
            raise PlateError(f"{shown}：新能源小型车的 D/F 之后应为1位字母或数字再加4位数字，如 豫AD12345")
        if rest[-1] in "DF":
            raise PlateError(f"{shown}：新能源大型车应为5位数字再加 D/F，如 豫A12345D")
        raise PlateError(f"{shown}：8位车牌是新能源车牌，字母后第一位（小型车）或最后一位（大型车）应为 D 或 F")
    count = len(plate)
    raise PlateError(f"{shown}共 {count} 位：普通车牌 7 位（如 豫A12345），新能源车牌 8 位（如 豫AD12345）")


def plate_problem(text: str) -> str | None:
    """Why the text cannot be a plate, in the clerk's words; None when it can (or is blank)."""
    if not normalise_plate(text):
        return None
    try:
        parse_plate(text)
    except PlateError as exc:
        return str(exc)
    return None
