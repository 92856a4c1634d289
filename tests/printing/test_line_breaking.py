"""Line breaking of Chinese text: anywhere between characters, never before ，。 nor inside a number."""

from __future__ import annotations

from printing.fonts import string_width
from printing.line_breaking import NO_LINE_END, NO_LINE_START, wrap

TEXT = (
    "根据《中华人民共和国传染病防治法》和当前疫情防控工作要求，经研判，决定自2026年11月24日起对钱𠮷祥"
    "实行居家隔离医学观察，期限14天，至2026年12月7日止。观察地点为东风村二组3号 Building ABC-12，"
    "监督电话0371-61234567。“好。”他说。"
)


def test_lines_fit_and_keep_the_text() -> None:
    for width in range(120, 480, 17):
        lines = wrap(TEXT, 12, width, width - 24)
        assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")
        for number, line in enumerate(lines):
            room = width - 24 if number == 0 else width
            # a mark may be pulled onto a full line only with its neighbour moved down: never wider than room
            assert string_width(line, 12) <= room + 0.01, (width, line)
            if number:
                assert line[0] not in NO_LINE_START, (width, lines)
            if number < len(lines) - 1:
                assert line[-1] not in NO_LINE_END, (width, lines)


def test_numbers_and_words_stay_whole() -> None:
    for width in range(120, 480, 13):
        lines = wrap(TEXT, 12, width)
        for token in ("2026", "0371-61234567", "Building", "ABC-12", "14"):
            assert any(token in line for line in lines), (width, token, lines)


def test_a_token_wider_than_the_line_is_cut() -> None:
    lines = wrap("x" * 80, 10, 100)
    assert len(lines) > 1 and all(string_width(line, 10) <= 100 for line in lines)


def test_empty_text_is_one_empty_line() -> None:
    assert wrap("", 12, 100) == [""]
