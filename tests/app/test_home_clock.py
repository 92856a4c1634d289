"""首页 left open (the office PC stays on overnight): each minute it looks at the clock, and once the slot or
the day it shows is over it shows the new one; hidden, it waits until it is shown again."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from app.editors.dialog_parts import fit_screen_size
from app.quarantine.home_page import HomePage
from tests.data.report_ledger import at, open_case, people

DEC_3, DEC_4 = date(2026, 12, 3), date(2026, 12, 4)


def test_home_moves_on_when_its_slot_or_day_is_over(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    with at(datetime(2026, 12, 3, 9, 0), monkeypatch):
        open_case(people(1)[0], DEC_3)
    now = [datetime(2026, 12, 3, 11, 58)]
    page = HomePage(clock=lambda: now[0])
    qtbot.addWidget(page)
    fit_screen_size(page, 1100, 640)
    page.show()
    page.refresh()
    assert page.figures is not None and (page.figures.on, page.figures.slot) == (DEC_3, "上午")
    shown = page.figures

    now[0] = datetime(2026, 12, 3, 11, 59)
    page.tick()
    assert page.figures is shown  # the morning is not over: the ledger is not read again

    now[0] = datetime(2026, 12, 3, 12, 0)
    page.tick()
    assert page.figures.slot == "下午" and "下午" in page.heading.text()

    now[0] = datetime(2026, 12, 4, 7, 30)
    page.tick()
    assert page.figures.on == DEC_4 and "12月4日" in page.heading.text()
    assert page.trend_chart.trend is not None and page.trend_chart.trend.days[-1] == DEC_4

    page.hide()
    now[0] = datetime(2026, 12, 4, 12, 1)
    page.tick()
    assert page.figures.slot == "上午"  # hidden: nothing read for a page nobody sees …
    page.show()
    assert page.figures.slot == "下午"  # … until it is shown again
