"""The trend chart on 首页 and 上报: 14 or 30 days, the tooltip's figures those of db.reports.trend, a calm note
when there is nothing; the report page prints the day's report with its chart as a PDF."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import QFileDialog

from app.charts.trend_chart import TrendChart
from app.editors.dialog_parts import fit_screen_size
from app.reports.page import ReportPage
from db import quarantine_actions as qa
from db.models.quarantine import EventKind
from db.reports.trend import trend
from tests.conftest import HANG_GUARD_MS, close_next_message_box, save_screenshot
from tests.data.report_ledger import at, open_case, people

DEC_1, DEC_2, DEC_3 = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)


def _ledger(monkeypatch: pytest.MonkeyPatch) -> None:
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(3)
        first = open_case(folk[0], DEC_1)
        open_case(folk[1], DEC_1)
    with at(datetime(2026, 12, 2, 9, 0), monkeypatch):
        open_case(folk[2], DEC_2)
    with at(datetime(2026, 12, 3, 9, 0), monkeypatch):
        qa.change_status(first, EventKind.RELEASED, DEC_3, "解除")


def test_span_switch_and_tooltip(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _ledger(monkeypatch)
    chart = TrendChart(today=lambda: DEC_3)
    qtbot.addWidget(chart)
    chart.resize(600, 220)
    chart.show()
    chart.reload()
    assert chart.trend is not None and len(chart.trend.days) == 14 and chart.trend.days[-1] == DEC_3
    expected = trend(DEC_3, 14)
    plot = chart.plot
    for index in (len(expected.days) - 1, len(expected.days) - 2):
        tip = chart.tip_at(plot.x_of(index))
        day = expected.days[index]
        assert tip.splitlines()[0] == f"{day.month}月{day.day}日"
        assert tip.splitlines()[1:] == [f"{s.name}：{s.values[index]}" for s in expected.series]
    assert "新增管控：1" in chart.tip_at(plot.x_of(12))  # 12月2日: one case opened
    span = chart.findChild(type(chart.span_box), "trendSpan")
    assert span is chart.span_box
    qtbot.mouseClick(chart.span_buttons[30], Qt.MouseButton.LeftButton)
    assert len(chart.trend.days) == 30 and chart.trend.days[-1] == DEC_3
    assert chart.title.text() == "近30天趋势（人）"
    assert chart.tip_at(plot.x_of(0)).startswith(f"{trend(DEC_3, 30).days[0].month}月")


def test_an_empty_ledger_is_a_calm_note(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    people(1)
    chart = TrendChart(today=lambda: DEC_3)
    qtbot.addWidget(chart)
    chart.resize(600, 220)
    chart.reload()
    assert chart.tip_at(300) == ""
    chart.grab()  # paints the note without failing


def test_home_shows_the_trend_up_to_its_day(qtbot, db_path: Path, output_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.quarantine.home_page import CHART_ROOM, HomePage

    _ledger(monkeypatch)
    page = HomePage()
    qtbot.addWidget(page)
    fit_screen_size(page, 1200, 720)
    page.show()
    page.refresh(datetime(2026, 12, 3, 10, 0))  # the page's day, not the machine's
    chart = page.trend_chart
    assert chart.trend is not None and chart.trend.days[-1] == DEC_3
    assert chart.trend == trend(DEC_3, 14)
    assert chart.isVisible() == (page.height() >= CHART_ROOM)  # a short screen keeps the lists, not the chart
    save_screenshot(page, output_dir, "home_trend_chart")


def test_the_report_page_prints_the_day(  # type: ignore[no-untyped-def]
    qtbot, db_path: Path, tmp_path: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ledger(monkeypatch)
    page = ReportPage(today=lambda: DEC_2)
    qtbot.addWidget(page)
    fit_screen_size(page, 1100, 640)
    page.show()
    assert page.chart.trend is not None and page.chart.trend.days[-1] == DEC_2
    page.step(1)
    assert page.chart.trend.days[-1] == DEC_3  # the chart follows the chosen day
    save_screenshot(page, output_dir, "report_page_chart")
    target = tmp_path / "日报"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    messages: list[str] = []
    close_next_message_box(messages)
    page.findChild(type(page.print_button), "reportPrint").click()
    qtbot.waitUntil(lambda: bool(messages), timeout=HANG_GUARD_MS)
    pdf = tmp_path / "日报.pdf"
    assert messages[0].startswith("2026-12-03 的日报表已存为 PDF") and opened == [str(pdf)]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "东风村疫情防控工作日报表" in text and "推送名单未核查" in text
