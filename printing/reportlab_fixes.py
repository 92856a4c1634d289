"""A fix for reportlab's ToUnicode map of characters beyond U+FFFF, so 𠮷 copies and extracts as 𠮷.

reportlab 5.1.0 writes each subset entry as ``<code> <%04X>`` of the code point itself. A ToUnicode
CMap holds UTF-16BE, so U+20BB7 must be written as the surrogate pair <D842DFB7>; the five-digit
<20BB7> reportlab writes is read by pdftotext and by viewers (copy-paste) as other characters. The
glyph itself prints correctly either way. The override keeps reportlab's own function and only
rewrites those entries; it is installed only while reportlab still shows the bug.
"""

from __future__ import annotations

import re

from reportlab.pdfbase import ttfonts

# A bfchar entry whose target has more than four hex digits: a code point above U+FFFF.
_ASTRAL_ENTRY = re.compile(r"^(<[0-9A-F]+>) <([0-9A-F]{5,6})>$", re.MULTILINE)
_PROBE = 0x20BB7  # 𠮷


def _surrogate_pair(match: re.Match[str]) -> str:
    code = int(match.group(2), 16) - 0x10000
    high, low = 0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)
    return f"{match.group(1)} <{high:04X}{low:04X}>"


def _needs_fix(make_cmap) -> bool:  # type: ignore[no-untyped-def]
    return f"<{_PROBE:X}>" in make_cmap("probe", [0, _PROBE])


def install_to_unicode_fix() -> None:
    """Make reportlab's TrueType fonts write UTF-16 surrogate pairs in their ToUnicode maps (idempotent)."""
    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "surrogate_fix", False) or not _needs_fix(original):
        return

    def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        return _ASTRAL_ENTRY.sub(_surrogate_pair, original(fontname, subset))

    make_to_unicode_cmap.surrogate_fix = True  # type: ignore[attr-defined]
    # TTFont.addObjects looks the function up in the module at call time, so replacing it there is enough.
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
