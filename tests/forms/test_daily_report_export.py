"""The daily report workbook: its figures are the ledger's (never typed), a past day's comes out the same after
later edits, a quiet day is a 零报告, ID numbers are text, and LibreOffice reads it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db import quarantine_actions as qa
from db.models.quarantine import EventKind
from db.reports.figures import compute
from forms.excel.report_sheet import HEADER_ROW
from forms.excel.workbook_files import META_SHEET
from forms.reports.daily_export import REPORT_SHEET, export_daily_report
from forms.reports.definitions import daily
from tests.data.report_ledger import CENTRAL_POLICY, IDS, at, open_case, people
from tests.office import office_pdf_text

DEC_1, DEC_2 = date(2026, 12, 1), date(2026, 12, 2)


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every sheet's values, but the moment the file was written (the hidden _meta sheet's exported_at)."""
    wb = load_workbook(path, read_only=True)
    try:
        sheets = {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()
    sheets[META_SHEET] = [r for r in sheets[META_SHEET] if r[0] != "exported_at"]
    return sheets


def _ledger(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(4)
        cases = [open_case(folk[0], DEC_1), open_case(folk[1], DEC_1), open_case(folk[2], DEC_1, CENTRAL_POLICY)]
    with at(datetime(2026, 12, 2, 9, 0), monkeypatch):
        qa.change_status(cases[0], EventKind.RELEASED, DEC_2, "提前解除：核酸阴性")
    return folk


def test_the_report_sheet_holds_the_ledgers_figures_and_the_lists_behind_them(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ledger(monkeypatch)
    spec = daily()
    out = tmp_path / "日报.xlsx"
    written = export_daily_report(spec, DEC_2, out, reviewer="张主任")
    sheets = _cells(out)
    report = sheets[REPORT_SHEET]
    assert report[0][0] == "东风村疫情防控工作日报表"  # not a zero report: a case was released that day
    assert "红旗镇东风村" in report[1][0] and "2026年12月2日" in report[1][0]
    assert report[HEADER_ROW - 1][:6] == ("类别", "项目", "当日新增", "当日减少", "现有", "累计")
    figures = compute(spec, DEC_2)
    for row, cells in zip(figures.rows, report[HEADER_ROW:], strict=False):
        assert cells[1] == row.label
        assert list(cells[2:6]) == ["—" if row.figures[m] is None else row.figures[m] for m in spec.columns]
    home = next(cells for cells in report[HEADER_ROW:] if cells[1] == "居家隔离医学观察")
    assert home[2:6] == (0, 1, 1, 2)
    assert any(cells[0] and "审核人：张主任" in str(cells[0]) for cells in report)
    detail = sheets["明细-居家隔离医学观察"]
    said = {(cells[1], cells[2]) for cells in detail[HEADER_ROW:]}
    assert said == {("减少", "村民1"), ("现有", "村民2")}
    assert IDS[1] in [c for cells in detail for c in cells]  # in full and as text, not 1.1E+17
    central = sheets["集中隔离人员名单"]
    assert any(IDS[2] in cells for cells in central)
    assert written.sheets[REPORT_SHEET] == len(figures.rows) + 1  # the signature line


def test_a_past_day_comes_out_the_same_after_later_edits_and_a_quiet_day_is_a_zero_report(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folk = _ledger(monkeypatch)
    before = tmp_path / "before.xlsx"
    export_daily_report(daily(), DEC_1, before)
    with at(datetime(2026, 12, 5, 9, 0), monkeypatch):
        open_case(folk[3], DEC_1)  # typed in days later, dated back
        qa.edit_case(open_case(folk[0], DEC_1), {"reason": "次密接"})
    after = tmp_path / "after.xlsx"
    export_daily_report(daily(), DEC_1, after)
    assert _cells(after) == _cells(before)
    quiet = tmp_path / "quiet.xlsx"
    export_daily_report(daily(), date(2026, 12, 3), quiet)
    report = _cells(quiet)[REPORT_SHEET]
    assert report[0][0] == "东风村疫情防控工作日报表（零报告）"
    assert any(cells[0] == "零报告：本日各项无新增、无减少。" for cells in report)


def test_libreoffice_opens_the_daily_report(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _ledger(monkeypatch)
    out = tmp_path / "daily.xlsx"
    export_daily_report(daily(), DEC_2, out)
    text = office_pdf_text(out, tmp_path)
    assert "东风村疫情防控工作日报表" in text and "居家隔离医学观察" in text and IDS[1] in text
