"""The printed daily report: a real PDF whose text carries the title, the day's figures as compute() gives them,
the chart's legend; a day with nothing new says 零报告. The print is in the audit trail."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from db import quarantine_actions as qa
from db.models import AuditEntry
from db.models.quarantine import EventKind
from db.reports.figures import compute
from forms.reports import definitions
from printing.charts import PALETTE
from printing.daily_report_print import print_daily_report
from tests.data.report_ledger import at, open_case, people


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def _ledger(monkeypatch: pytest.MonkeyPatch) -> None:
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(3)
        open_case(folk[0], date(2026, 12, 1))
        open_case(folk[1], date(2026, 12, 1))
    with at(datetime(2026, 12, 2, 9, 0), monkeypatch):
        case = open_case(folk[2], date(2026, 12, 2))
    with at(datetime(2026, 12, 3, 9, 0), monkeypatch):
        qa.change_status(case, EventKind.RELEASED, date(2026, 12, 3), "解除")


def test_the_pdf_reads_like_the_report_sheet(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _ledger(monkeypatch)
    spec = definitions.daily()
    day = date(2026, 12, 2)
    out = tmp_path / "日报.pdf"
    printed = print_daily_report(spec, day, out, reviewer="张主任")
    expected = compute(spec, day)
    assert printed.rows == expected.rows
    text = _text(out)
    assert f"东风村{spec.title}" in text and "零报告" not in text
    assert "张主任" in text
    lines = [line.split() for line in text.splitlines()]
    for row in expected.rows:
        cells = ["—" if row.figures[c] is None else str(row.figures[c]) for c in spec.columns]
        assert any(line[-len(cells) :] == cells and row.label in line for line in lines), row.label
    for name, _look in PALETTE:
        assert name in text
    assert "12/2" in text and "11/19" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(out), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page.png").stat().st_size > 10_000
    (entry,) = AuditEntry.select().where(AuditEntry.action == "print")
    assert entry.summary.startswith("打印东风村") and json.loads(entry.after or "{}")["day"] == day.isoformat()


def test_a_day_with_nothing_new_says_zero_report(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ledger(monkeypatch)
    spec = definitions.daily()
    day = date(2026, 12, 1) + timedelta(days=30)
    out = tmp_path / "零.pdf"
    assert print_daily_report(spec, day, out).zero
    text = _text(out)
    assert f"东风村{spec.title}（零报告）" in text
    assert "零报告：本日各项无新增、无减少。" in text
