"""Personal names as typed or pasted: stray spaces and dots are tidied, the characters themselves never.

No Unicode normalisation is applied: NFKC, and even NFC, maps CJK compatibility ideographs to other code
points, and a name must match the ID card character for character (rare ones such as 𠮷 or 䶮 included).
"""

from __future__ import annotations

import math
import re
import unicodedata

MAX_LENGTH = 50
MIDDLE_DOT = "\u00b7"

_CJK = "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
#: What clerks type for the dot in minority and transliterated names (阿依古丽·买买提): bullets, katakana
#: and full-width dots, and "。" from a Chinese input method; only replaced between two Chinese characters.
_DOTS = ".\u00b7\u0387\u2022\u2027\u2219\u22c5\u25cf\u2e31\u3002\u30fb\ufe52\uff0e\uff65"
_IS_CJK = re.compile(f"[{_CJK}]")
#: Most names are nothing but Chinese characters, with nothing to tidy or refuse.
_PLAIN = re.compile(f"[{_CJK}]{{1,{MAX_LENGTH}}}")
_DOT_BETWEEN = re.compile(f"(?<=[{_CJK}])[{_DOTS}]+(?=[{_CJK}])")


class PersonNameError(ValueError):
    """str(exc) is a Chinese reason the clerk can act on."""


def clean_name(raw: object) -> str:
    """Trim and collapse spaces (none next to a Chinese character, one between Latin words), then check."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        raw = ""
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise PersonNameError(f"无法识别的姓名“{raw}”")
    if isinstance(raw, str) and _PLAIN.fullmatch(raw):
        return raw
    text = "".join(c for c in str(raw) if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf"))
    words = text.split()
    if not words:
        raise PersonNameError("姓名不能为空")
    name = words[0]
    for word in words[1:]:
        name += ("" if _IS_CJK.match(name[-1]) or _IS_CJK.match(word[0]) else " ") + word
    name = _DOT_BETWEEN.sub(MIDDLE_DOT, name)
    if any(c.isdigit() for c in name):
        raise PersonNameError("姓名中含有数字")
    if len(name) > MAX_LENGTH:
        raise PersonNameError(f"姓名过长（最多{MAX_LENGTH}个字，实际{len(name)}个）")
    return name


def shown_name(raw: object) -> str:
    """A name cell as a list of refused rows shows it: trimmed, and cut after the longest name allowed (a
    refused cell may hold a paragraph)."""
    text = str(raw or "").strip()
    return text if len(text) <= MAX_LENGTH else text[:MAX_LENGTH] + "…"
