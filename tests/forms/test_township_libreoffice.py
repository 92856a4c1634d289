"""The township's summary workbook in a real office suite: LibreOffice prints it (汇总 with 合计, 上报情况, the
merged lists), and its first page, rendered by poppler, is there for a person to look at."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from db.connection import close_database
from forms.reports.township_export import export_township_summary
from forms.reports.township_import import TAKEN, import_paths
from tests.db.test_township_import import DEC_1, DEC_2, PASSWORD, open_township, village_packages
from tests.office import office_pdf_text


def test_libreoffice_prints_the_township_summary(
    tmp_path: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "U盘"
    village_packages(tmp_path / "a.db", "东风村", "410122101201", 2, stick / "东风村", monkeypatch)
    village_packages(tmp_path / "b.db", "西河村", "410122101202", 0, stick / "西河村", monkeypatch)
    open_township(tmp_path / "town.db", monkeypatch, datetime(2026, 12, 3, 9, 0))
    try:
        assert import_paths([stick], PASSWORD).count(TAKEN) == 4
        out = tmp_path / "township.xlsx"
        export_township_summary(DEC_2, DEC_1, out)
    finally:
        close_database()

    text = office_pdf_text(out, tmp_path)
    for wanted in ("东风村", "西河村", "合计", "零报告", "居家隔离人员名单", "村民1"):
        assert wanted in text, wanted
    page = output_dir / "township_summary_libreoffice"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", tmp_path / "township.pdf", page],
        check=True,
    )
    assert page.with_suffix(".png").stat().st_size > 5_000  # a page with the table on it, not a blank one
