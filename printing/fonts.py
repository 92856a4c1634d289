"""PDF fonts: which files, where they are found, and drawing text that mixes them per character.

reportlab embeds TrueType-outline fonts only (as subsets). WenQuanYi Zen Hei covers GBK and CJK Ext-A
(䶮); Hanazono Mincho A/B cover what it lacks (compatibility ideographs, CJK Ext-B such as 𠮷). Every
string is cut into runs, each drawn with the first font whose cmap has all of the run's characters,
so a name like 钱𠮷祥 mixes zenhei and HanaMin instead of printing a box.

The font files are not kept in git. They are looked up in $VILLAGE_LEDGER_FONTS (a folder, if set),
then printing/fonts/ beside this file (where the PyInstaller bundle puts them), then the folders of
the Debian packages fonts-wqy-zenhei and fonts-hanazono.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from db.errors import LedgerError
from printing.reportlab_fixes import install_to_unicode_fix

ENV_VAR = "VILLAGE_LEDGER_FONTS"
BUNDLED_DIR = Path(__file__).resolve().parent / "fonts"
BUNDLE_DEST = "printing/fonts"  # BUNDLED_DIR, relative to the bundle's root

# Characters that never need a glyph of their own: variation selectors (a name typed with an IVS
# keeps its base character's glyph) and joiners. They are left out of what is drawn.
_INVISIBLE = frozenset(
    [chr(c) for c in range(0xFE00, 0xFE10)]
    + [chr(c) for c in range(0xE0100, 0xE01F0)]
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
)
_NOT_DRAWN = frozenset("\n\r\t") | _INVISIBLE


@dataclass(frozen=True)
class FontFile:
    """One font file: the name it is registered under and where Debian installs it."""

    name: str
    filename: str
    system_dir: str
    package: str  # the Debian package that installs it (its licence is /usr/share/doc/<package>/copyright)
    subfont: int = 0  # index inside a .ttc collection


MAIN = FontFile("WQYZenHei", "wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy", "fonts-wqy-zenhei")
FALLBACKS = (
    FontFile("HanaMinA", "HanaMinA.ttf", "/usr/share/fonts/truetype/hanazono", "fonts-hanazono"),
    FontFile("HanaMinB", "HanaMinB.ttf", "/usr/share/fonts/truetype/hanazono", "fonts-hanazono"),
)
FONTS = (MAIN, *FALLBACKS)


class FontNotFound(LedgerError):
    """A font file the PDFs need is in none of the places looked at."""


def search_dirs(font: FontFile) -> list[Path]:
    """The folders looked at for a font file, in order."""
    dirs = []
    if os.environ.get(ENV_VAR):
        dirs.append(Path(os.environ[ENV_VAR]))
    return [*dirs, BUNDLED_DIR, Path(font.system_dir)]


def find_font_file(font: FontFile) -> Path | None:
    """The first existing copy of the font file, or None."""
    for folder in search_dirs(font):
        if (folder / font.filename).is_file():
            return folder / font.filename
    return None


def font_path(font: FontFile) -> Path:
    """The font file, or FontNotFound with a message that says what to install or where to put it."""
    path = find_font_file(font)
    if path is None:
        looked = "、".join(str(d) for d in search_dirs(font))
        raise FontNotFound(
            f"找不到打印用字体文件 {font.filename}（已查找：{looked}）。请安装 {font.package} 字体包，"
            f"或把该文件放到程序的 printing/fonts 文件夹，或用环境变量 {ENV_VAR} 指定存放字体的文件夹。"
        )
    return path


def bundle_files() -> list[tuple[Path, str]]:
    """(file, folder inside the bundle) for the PyInstaller spec: the three fonts and their licence files.

    A build must carry all three fonts, so a missing one fails it. The Debian licence files are all called
    "copyright", hence one folder per package.
    """
    found = [(font_path(font), BUNDLE_DEST) for font in FONTS]
    for package in dict.fromkeys(font.package for font in FONTS):
        licence = Path("/usr/share/doc") / package / "copyright"
        if licence.is_file():
            found.append((licence, f"{BUNDLE_DEST}/licenses/{package}"))
    return found


# --- registration with reportlab ---------------------------------------------------------------------

_lock = threading.Lock()
_loaded: dict[str, TTFont | None] = {}  # font name -> registered font, None when its file is missing


def _load(font: FontFile) -> TTFont | None:
    """Register the font with reportlab on first use; the main font must exist, a fallback may not."""
    if font.name in _loaded:
        return _loaded[font.name]
    with _lock:
        if font.name not in _loaded:
            path = font_path(font) if font is MAIN else find_font_file(font)
            ttf = None
            if path is not None:
                install_to_unicode_fix()
                ttf = TTFont(font.name, str(path), subfontIndex=font.subfont)
                pdfmetrics.registerFont(ttf)
            _loaded[font.name] = ttf
    return _loaded[font.name]


def main_font() -> str:
    """The registered name of the main font (registering it first); raises FontNotFound if it is missing."""
    _load(MAIN)
    return MAIN.name


def _font_for(code: int) -> str | None:
    for font in FONTS:
        ttf = _load(font)
        if ttf is not None and code in ttf.face.charToGlyph:
            return font.name
    return None


# --- runs of one font -----------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def font_runs(text: str) -> tuple[tuple[str, str], ...]:
    """((font name, text), ...): the string cut where the font that has its characters changes.

    A character no font has goes with the main font (it prints as its empty box; see missing_characters).
    """
    main = main_font()
    runs: list[tuple[str, str]] = []
    for char in text:
        if char in _NOT_DRAWN:
            continue
        name = _font_for(ord(char)) or main
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + char)
        else:
            runs.append((name, char))
    return tuple(runs)


def missing_characters(text: str) -> set[str]:
    """The characters of text that none of the fonts has (they would print as boxes)."""
    main_font()
    return {c for c in set(text) if c not in _NOT_DRAWN and _font_for(ord(c)) is None}


def string_width(text: str, size: float) -> float:
    """Width in points of text drawn with draw_string at this size."""
    return float(sum(pdfmetrics.stringWidth(part, name, size) for name, part in font_runs(text)))


def fit_size(text: str, size: float, width: float, smallest: float = 1.0) -> float:
    """The largest size up to `size` (but not under `smallest`) at which text fits in width."""
    natural = string_width(text, size)
    if natural <= width:
        return size
    return max(smallest, size * width / natural)


def draw_string(
    canvas: Any,
    x: float,
    y: float,
    text: str,
    size: float,
    align: str = "left",
    *,
    bold: bool = False,
    color: Any = None,
    char_space: float = 0,
) -> float:
    """Draw one line of text at baseline y, aligned on x ("left", "center" or "right"); return its width.

    The fonts have no bold face: bold=True strokes the outlines as well as filling them (text render
    mode 2), in `color` (else the canvas's current colours). char_space is added after every character
    (justified lines).
    """
    runs = font_runs(text)
    width = float(sum(pdfmetrics.stringWidth(part, name, size) for name, part in runs))
    if char_space:
        width += char_space * (sum(len(part) for _, part in runs) - 1)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    elif align != "left":
        raise ValueError(f"align must be left, center or right, not {align!r}")
    if not runs:
        return width
    styled = bold or color is not None
    if styled:
        canvas.saveState()
        if color is not None:
            canvas.setFillColor(color)
            canvas.setStrokeColor(color)
        if bold:
            canvas.setLineWidth(size * 0.035)
    text_object = canvas.beginText(x, y)
    if bold:
        text_object.setTextRenderMode(2)
    if char_space:
        text_object.setCharSpace(char_space)
    for name, part in runs:
        text_object.setFont(name, size)
        text_object.textOut(part)
    if char_space:
        text_object.setCharSpace(0)  # Tc outlives the text object in the PDF's graphics state
    canvas.drawText(text_object)
    if styled:
        canvas.restoreState()
    return width


def markup(text: str) -> str:
    """Paragraph markup for text in a style whose font is the main font: XML escaped, with a
    <font name=...> tag around each run that needs a fallback font, and <br/> for line breaks."""
    main = main_font()
    lines = []
    for line in text.split("\n"):
        parts = []
        for name, part in font_runs(line):
            part = escape(part)
            parts.append(part if name == main else f'<font name="{name}">{part}</font>')
        lines.append("".join(parts))
    return "<br/>".join(lines)
