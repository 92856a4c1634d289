"""The target PDF is the whole new file or untouched: written beside it, checked, then renamed."""

from __future__ import annotations

from pathlib import Path

import pytest

from printing.pdf_file import PdfWriteError, check_pdf, write_pdf


def test_a_good_file_replaces_the_target(tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    out.write_bytes(b"old")
    assert write_pdf(out, lambda p: p.write_bytes(b"%PDF-1.4\n...\n%%EOF\n")) == out
    assert out.read_bytes().startswith(b"%PDF-1.4")
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4\nhalf a file", b"<html>%%EOF"])
def test_a_broken_file_is_refused_and_removed(tmp_path: Path, content: bytes) -> None:
    out = tmp_path / "a.pdf"
    with pytest.raises(PdfWriteError, match="不完整"):
        write_pdf(out, lambda p: p.write_bytes(content))
    assert list(tmp_path.iterdir()) == []


def test_an_error_while_drawing_removes_the_temporary_file(tmp_path: Path) -> None:
    def draw(path: Path) -> None:
        path.write_bytes(b"%PDF-1.4 half")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_pdf(tmp_path / "a.pdf", draw)
    assert list(tmp_path.iterdir()) == []


def test_check_pdf_accepts_trailing_newlines(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"x" * 100 + b"\n%%EOF\r\n")
    check_pdf(path)
