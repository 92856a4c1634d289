"""Body temperatures as clerks type them, and the range a real reading falls in.

One rule for every way a reading arrives (the sheet, a headless command, an import), kept next to the
save path that enforces it: a value outside 34–43 ℃ is a typing slip ("33", "3.65"), never a reading.
"""

from __future__ import annotations

import re

LOWEST, HIGHEST = 34.0, 43.0


def out_of_range(value: float) -> str | None:
    """Why a value cannot be a body temperature, in the clerk's words; None when it can."""
    if not LOWEST <= value <= HIGHEST:
        return f"{value:.1f}℃ 不在 {LOWEST:.0f}～{HIGHEST:.0f}℃ 之间，请核对"
    return None


def parse_temperature(text: str) -> float | None:
    """ "36.5", "36,5", "36。5", "36.5℃", "365" (the dot forgotten) → 36.5; "" → None; ValueError (Chinese)
    for text that is not a temperature or one out of range."""
    text = text.strip().replace("，", ".").replace(",", ".").replace("℃", "").replace("。", ".")
    if not text:
        return None
    if re.fullmatch(r"\d{3}", text):
        text = f"{text[:2]}.{text[2]}"
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"“{text}”不是体温") from None
    problem = out_of_range(value)
    if problem:
        raise ValueError(problem)
    return round(value, 1)
