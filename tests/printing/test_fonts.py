"""Fonts: where the files are found, the per-character fallback, and text that extracts back as typed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from reportlab.pdfbase import ttfonts
from reportlab.pdfgen.canvas import Canvas

from printing import fonts
from printing.fonts import (
    ENV_VAR,
    FALLBACKS,
    MAIN,
    FontFile,
    FontNotFound,
    draw_string,
    find_font_file,
    font_path,
    font_runs,
    main_font,
    markup,
    missing_characters,
    string_width,
)
from tests.printing.conftest import fonts_of, pdf_text, run

RARE = "钱𠮷祥王䶮"


def test_rare_names_have_glyphs() -> None:
    assert missing_characters(RARE) == set()
    assert missing_characters("阿依古丽·买买提 ℃ □ √ ✂ 2026-0012") == set()


def test_a_character_no_font_has_is_reported() -> None:
    assert missing_characters("张\U000f0001三") == {"\U000f0001"}


def test_runs_switch_font_only_where_needed() -> None:
    runs = font_runs("钱𠮷祥")
    assert [text for _, text in runs] == ["钱", "𠮷", "祥"]
    assert runs[0][0] == runs[2][0] == MAIN.name
    assert runs[1][0] in {f.name for f in FALLBACKS}
    assert font_runs("王䶮 2026年") == ((MAIN.name, "王䶮 2026年"),)  # Ext-A is in zenhei


def test_markup_escapes_and_tags_fallback_runs() -> None:
    text = markup("A&B <钱𠮷祥>")
    assert text.startswith("A&amp;B &lt;钱<font name=")
    assert "𠮷</font>祥&gt;" in text


def test_string_width_and_alignment() -> None:
    assert string_width("国国", 10) == pytest.approx(20)
    assert string_width("钱𠮷祥", 10) > 25


def test_surrogate_pairs_in_to_unicode_map() -> None:
    """reportlab 5.1.0 wrote <20BB7> for 𠮷; a ToUnicode map needs UTF-16: <D842DFB7>."""
    main_font()
    cmap = ttfonts.makeToUnicodeCMap("probe", [0, 0x20BB7, 0x4E2D])
    assert "<01> <D842DFB7>" in cmap and "<02> <4E2D>" in cmap


def test_rare_characters_extract_from_the_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "rare.pdf"
    canvas = Canvas(str(pdf), initialFontName=main_font())
    draw_string(canvas, 50, 700, RARE, 20)
    draw_string(canvas, 300, 650, "居中 𠮷", 20, "center", bold=True)
    canvas.save()
    assert RARE in pdf_text(pdf)
    assert "居中 𠮷" in pdf_text(pdf)
    rows = fonts_of(pdf)
    assert rows and all(r["emb"] == r["sub"] == r["uni"] == "yes" for r in rows), rows
    assert not any(r["name"].startswith(("Helvetica", "Times", "Courier")) for r in rows)


def test_fallback_glyph_is_not_a_box(tmp_path: Path) -> None:
    """𠮷 drawn through the fallback looks different from a character that has no glyph (a box)."""
    images = []
    for name, char in (("rare", "𠮷"), ("none", "\U000f0001"), ("rare2", "𠮷")):
        pdf = tmp_path / f"{name}.pdf"
        canvas = Canvas(str(pdf), pagesize=(100, 100), initialFontName=main_font())
        draw_string(canvas, 50, 20, char, 70, "center")
        canvas.save()
        run("pdftoppm", "-r", "40", "-png", "-singlefile", pdf, tmp_path / name)
        images.append(Image.open(tmp_path / f"{name}.png").convert("L"))
    assert ImageChops.difference(images[0], images[2]).getbbox() is None  # same drawing, same pixels
    assert ImageChops.difference(images[0], images[1]).getbbox() is not None
    assert images[0].getextrema()[0] < 100  # something dark was drawn


def test_lookup_order_env_folder_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system = find_font_file(MAIN)
    assert system is not None
    (tmp_path / MAIN.filename).symlink_to(system)
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert find_font_file(MAIN) == tmp_path / MAIN.filename
    assert fonts.search_dirs(MAIN)[:2] == [tmp_path, fonts.BUNDLED_DIR]
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "empty"))  # set but without the file: the next place wins
    assert find_font_file(MAIN) == system


def test_missing_font_message_says_what_and_where(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    missing = FontFile("Nope", "nope.ttc", "/nonexistent/fonts", "fonts-nope")
    with pytest.raises(FontNotFound) as caught:
        font_path(missing)
    message = str(caught.value)
    assert "nope.ttc" in message and str(tmp_path) in message and "/nonexistent/fonts" in message
    assert "fonts-nope" in message and ENV_VAR in message


def test_missing_main_font_stops_printing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_loaded", {})
    monkeypatch.setattr(fonts, "MAIN", replace(MAIN, filename="missing-zenhei.ttc"))
    with pytest.raises(FontNotFound, match="missing-zenhei.ttc"):
        main_font()


def test_bundle_carries_the_three_fonts_and_licences() -> None:
    files = fonts.bundle_files()
    names = {path.name for path, folder in files if folder == "printing/fonts"}
    assert names == {"wqy-zenhei.ttc", "HanaMinA.ttf", "HanaMinB.ttf"}
    licences = {folder for path, folder in files if path.name == "copyright"}
    for package in ("fonts-wqy-zenhei", "fonts-hanazono"):
        if Path(f"/usr/share/doc/{package}/copyright").is_file():
            assert f"printing/fonts/licenses/{package}" in licences


def test_letter_spacing_does_not_leak_into_the_next_string(tmp_path: Path) -> None:
    """PDF character spacing (Tc) outlives a text object; a spaced-out label must not spread what follows."""
    images = []
    for name, spaced_first in (("plain", False), ("after-spaced", True)):
        pdf = tmp_path / f"{name}.pdf"
        canvas = Canvas(str(pdf), pagesize=(200, 100), initialFontName=main_font())
        if spaced_first:
            draw_string(canvas, 10, 70, "观察期", 12, char_space=6)
        draw_string(canvas, 10, 20, "国国国国", 12)
        canvas.save()
        run("pdftoppm", "-r", "72", "-png", "-singlefile", "-y", "50", "-H", "50", "-W", "200", pdf, tmp_path / name)
        images.append(Image.open(tmp_path / f"{name}.png").convert("L"))
    assert ImageChops.difference(images[0], images[1]).getbbox() is None
