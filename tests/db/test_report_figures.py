"""The daily report's figures come from the ledgers as they stood at the day's end: typed in late, a record
counts as new on the day it became known; edited later, a past day's report stays what it was."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from db import quarantine_actions as qa
from db.models.quarantine import EventKind
from db.reports.figures import Figures, compute
from db.reports.trend import trend
from forms.reports.definitions import daily
from tests.data.report_ledger import CENTRAL_POLICY, at, open_case, people

DEC_1, DEC_2, DEC_3 = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)


def _row(figures: Figures, label: str) -> dict[str, int | None]:
    return next(r.figures for r in figures.rows if r.label == label)


def test_late_entries_count_on_the_day_they_became_known_and_past_days_never_change(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = daily()
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(6)
        first = [open_case(folk[0], DEC_1), open_case(folk[1], DEC_1)]
        open_case(folk[2], DEC_1, CENTRAL_POLICY)
    with at(datetime(2026, 12, 2, 8, 30), monkeypatch):
        open_case(folk[3], DEC_1)  # yesterday's case, typed in this morning
        qa.change_status(first[0], EventKind.RELEASED, DEC_2, "提前解除：核酸阴性")
    dec_1 = compute(spec, DEC_1)
    dec_2 = compute(spec, DEC_2)
    home = "居家隔离医学观察"
    assert _row(dec_1, home) == {"new": 2, "ended": 0, "current": 2, "total": 2}
    assert _row(dec_1, "集中隔离医学观察") == {"new": 1, "ended": 0, "current": 1, "total": 1}
    assert dec_1.walked_back > 0  # the morning's two changes left out of the 12-01 report
    assert _row(dec_2, home) == {"new": 1, "ended": 1, "current": 2, "total": 3}
    for row_1, row_2 in zip(dec_1.rows, dec_2.rows, strict=True):  # stock today = yesterday + new − ended
        f1, f2 = row_1.figures, row_2.figures
        if f2["current"] is not None and f2["new"] is not None and f2["ended"] is not None:
            assert f2["current"] == (f1["current"] or 0) + f2["new"] - f2["ended"], row_2.label
    assert not dec_1.zero

    with at(datetime(2026, 12, 3, 10, 0), monkeypatch):  # later edits: one more case, a release backdated
        open_case(folk[4], DEC_1)
        qa.change_status(first[1], EventKind.RELEASED, DEC_1, "录入更正")
        qa.edit_case(first[1], {"reason": "次密接"})
    assert compute(spec, DEC_1).rows == dec_1.rows
    assert compute(spec, DEC_2).rows == dec_2.rows
    dec_3 = compute(spec, DEC_3)
    assert _row(dec_3, home)["new"] == 1 and _row(dec_3, home)["ended"] == 1
    # Still observed as close contacts: people 2 (central), 3 and 4; first[1] is released and 次密接 now.
    assert _row(dec_3, "密切接触者（医学观察）")["current"] == 3


def test_a_person_quarantined_again_is_new_again_and_counted_once_in_the_total(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = daily()
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(2)
        first = open_case(folk[0], DEC_1)
    with at(datetime(2026, 12, 2, 9, 0), monkeypatch):
        qa.change_status(first, EventKind.RELEASED, DEC_2, "解除")
    with at(datetime(2026, 12, 3, 9, 0), monkeypatch):
        open_case(folk[0], DEC_3)  # a new exposure: the same person under observation again
        open_case(folk[1], DEC_3)
    home = "居家隔离医学观察"
    assert _row(compute(spec, DEC_2), home) == {"new": 0, "ended": 1, "current": 0, "total": 1}
    assert _row(compute(spec, DEC_3), home) == {"new": 2, "ended": 0, "current": 2, "total": 2}


def test_a_day_with_nothing_new_is_a_zero_report(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        person = people(1)[0]
        open_case(person, DEC_1)
    assert not compute(daily(), DEC_1).zero
    quiet = compute(daily(), DEC_2)
    assert quiet.zero
    assert _row(quiet, "居家隔离医学观察") == {"new": 0, "ended": 0, "current": 1, "total": 1}


def test_the_chart_shows_each_day_of_the_last_days(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(3)
        case = open_case(folk[0], DEC_1)
        open_case(folk[1], DEC_2)
        open_case(folk[2], DEC_2, CENTRAL_POLICY)
        qa.change_status(case, EventKind.RELEASED, DEC_3, "解除")
    shown = trend(DEC_3, days=4)
    assert shown.days == (date(2026, 11, 30), DEC_1, DEC_2, DEC_3)
    lines = {s.name: s.values for s in shown.series}
    assert lines["居家隔离"] == (0, 1, 2, 1)
    assert lines["集中隔离"] == (0, 0, 1, 1)
    assert lines["新增管控"] == (0, 1, 2, 0) and lines["解除"] == (0, 0, 0, 1)
