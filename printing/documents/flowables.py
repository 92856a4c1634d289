"""Platypus pieces the documents are built from: Chinese text blocks, a cut line, a push to the page
bottom, and a zero-size mark that reports progress (and stops a cancelled batch) as each case is drawn."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from db.progress import Progress, check_cancelled
from printing.fonts import draw_string, string_width
from printing.line_breaking import wrap

# Glyphs of the fonts sit about a fifth of the size below the baseline.
_DESCENT = 0.2


@dataclass(frozen=True)
class _Line:
    text: str
    x: float  # offset from the block's left edge
    char_space: float  # > 0 on justified lines


class TextBlock(Flowable):
    """One paragraph of Chinese text, wrapped by line_breaking.wrap and drawn with the font fallback.

    align: "justify" (every line but the last fills the width, as Chinese print does), "left", "center",
    "right". indent is the first line's indent in points (two characters for a notice paragraph).
    """

    def __init__(
        self,
        text: str,
        size: float,
        leading: float | None = None,
        *,
        indent: float = 0,
        align: str = "justify",
        bold: bool = False,
        color: colors.Color | None = None,
    ) -> None:
        super().__init__()
        self.text, self.size, self.indent, self.align = text, size, indent, align
        self.leading = leading or size * 1.5
        self.bold, self.color = bold, color
        self._lines: list[_Line] = []
        self._width = -1.0

    def _layout(self, width: float) -> None:
        if width == self._width:
            return
        texts = wrap(self.text, self.size, width, width - self.indent)
        self._lines = []
        for number, text in enumerate(texts):
            left = self.indent if number == 0 else 0.0
            room = width - left
            natural = string_width(text, self.size)
            x, char_space = left, 0.0
            if self.align == "justify" and number < len(texts) - 1 and len(text) > 1:
                spread = (room - natural) / (len(text) - 1)
                char_space = spread if 0 < spread < self.size * 0.5 else 0.0
            elif self.align == "center":
                x = left + (room - natural) / 2
            elif self.align == "right":
                x = left + room - natural
            self._lines.append(_Line(text, x, char_space))
        self._width = width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._layout(availWidth)
        self.width, self.height = availWidth, self.leading * len(self._lines)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._layout(availWidth)
        fit = int(availHeight // self.leading)
        if fit < 1 or fit >= len(self._lines):
            return []
        return [_Lines(self, self._lines[:fit]), _Lines(self, self._lines[fit:])]

    def draw(self) -> None:
        _draw_lines(self, self._lines)


class _Lines(Flowable):
    """Part of a TextBlock that was split across pages (its lines already laid out)."""

    def __init__(self, block: TextBlock, lines: list[_Line]) -> None:
        super().__init__()
        self.block, self._lines = block, lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.block.leading * len(self._lines)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        fit = int(availHeight // self.block.leading)
        if fit < 1 or fit >= len(self._lines):
            return []
        return [_Lines(self.block, self._lines[:fit]), _Lines(self.block, self._lines[fit:])]

    def draw(self) -> None:
        _draw_lines(self.block, self._lines)


def _draw_lines(block: TextBlock, lines: list[_Line]) -> None:
    top = block.leading * len(lines)
    for number, line in enumerate(lines):
        bottom = top - block.leading * (number + 1)
        baseline = bottom + (block.leading - block.size) / 2 + block.size * _DESCENT
        draw_string(
            block.canv,
            line.x,
            baseline,
            line.text,
            block.size,
            bold=block.bold,
            color=block.color,
            char_space=line.char_space,
        )


class PushToBottom(Flowable):
    """Takes up the page's free height except `keep` points, so what follows sits at the page bottom.

    When less than `keep` is left it takes nothing, and what follows (kept together) moves to the next page.
    """

    def __init__(self, keep: float) -> None:
        super().__init__()
        self.keep = keep

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, max(0.0, availHeight - self.keep - 1)
        return self.width, self.height

    def draw(self) -> None:
        pass


class CutLine(Flowable):
    """A dashed line across the frame with a caption in its middle (✂ 沿此线剪开 …)."""

    def __init__(self, caption: str, size: float = 9, height: float = 18) -> None:
        super().__init__()
        self.caption, self.size, self.height = caption, size, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        draw_cut_line(self.canv, 0, self.width, self.height / 2, self.caption, self.size)


def draw_cut_line(
    canvas: Any,
    left: float,
    right: float,
    y: float,
    caption: str,
    size: float = 9,
) -> None:
    """A dashed horizontal line from left to right at y, broken in the middle by a grey caption."""
    gap = string_width(caption, size) / 2 + size
    middle = (left + right) / 2
    canvas.saveState()
    canvas.setStrokeColor(colors.grey)
    canvas.setLineWidth(0.6)
    canvas.setDash(4, 3)
    canvas.line(left, y, middle - gap, y)
    canvas.line(middle + gap, y, right, y)
    canvas.restoreState()
    draw_string(canvas, middle, y - size * 0.35, caption, size, "center", color=colors.grey)


class ProgressMark(Flowable):
    """Zero-size mark at the start of a case: reports `done` of `total` and stops if the batch was cancelled.

    on_case (if given) hears which case the following pages belong to (running page headers use it).
    """

    def __init__(
        self, done: int, total: int, progress: Progress | None, on_case: Callable[[int], None] | None = None
    ) -> None:
        super().__init__()
        self.done, self.total, self.progress, self.on_case = done, total, progress, on_case
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        check_cancelled(self.progress)
        if self.progress is not None:
            self.progress.update(self.done, self.total)
        if self.on_case is not None:
            self.on_case(self.done)
