"""The daily report's figures come from the ledgers as they stood at the day's end: typed in late, a record
counts as new on the day it became known; edited later, a past day's report stays what it was."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest

from db import changes
from db import quarantine_actions as qa
from db.models import Grid, Household, Person, Policy, Village
from db.models.quarantine import EventKind
from db.reports.figures import Figures, compute
from forms.reports.definitions import daily

DEC_1, DEC_2, DEC_3 = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)
HOME = "14天居家隔离医学观察"


@contextmanager
def at(moment: datetime, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The clerk works at this moment (what the audit trail records)."""
    with monkeypatch.context() as m:
        m.setattr(changes, "clock", lambda: moment)
        yield


def _people(count: int) -> list[int]:
    with changes.transaction("测试村庄", who="测试") as cs:
        cs.create(Village, {"name": "东风村", "township": "红旗镇", "clerk": "李文书"})
        grid = cs.create(Grid, {"name": "一组", "sort_order": 1})
        ids = []
        for n in range(count):
            house = cs.create(Household, {"number": f"01-{n:04d}", "grid": grid.id, "door_no": f"{n}号"})
            ids.append(cs.create(Person, {"household": house.id, "name": f"村民{n}", "relation": "户主"}).id)
    return ids


def _open(person: int, start: date, policy: str = HOME) -> int:
    values = {"policy": Policy.get(Policy.name == policy).id, "start_date": start, "reason": "密切接触者"}
    return qa.open_case(person, values).id


def _row(figures: Figures, label: str) -> dict[str, int | None]:
    return next(r.figures for r in figures.rows if r.label == label)


def test_late_entries_count_on_the_day_they_became_known_and_past_days_never_change(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = daily()
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        people = _people(6)
        first = [_open(people[0], DEC_1), _open(people[1], DEC_1)]
        _open(people[2], DEC_1, "7天集中隔离+7天居家健康监测")
    with at(datetime(2026, 12, 2, 8, 30), monkeypatch):
        _open(people[3], DEC_1)  # yesterday's case, typed in this morning
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
        _open(people[4], DEC_1)
        qa.change_status(first[1], EventKind.RELEASED, DEC_1, "录入更正")
        qa.edit_case(first[1], {"reason": "次密接"})
    assert compute(spec, DEC_1).rows == dec_1.rows
    assert compute(spec, DEC_2).rows == dec_2.rows
    dec_3 = compute(spec, DEC_3)
    assert _row(dec_3, home)["new"] == 1 and _row(dec_3, home)["ended"] == 1
    # Still observed as close contacts: people 2 (central), 3 and 4; first[1] is released and 次密接 now.
    assert _row(dec_3, "密切接触者（医学观察）")["current"] == 3


def test_a_day_with_nothing_new_is_a_zero_report(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        person = _people(1)[0]
        _open(person, DEC_1)
    assert not compute(daily(), DEC_1).zero
    quiet = compute(daily(), DEC_2)
    assert quiet.zero
    assert _row(quiet, "居家隔离医学观察") == {"new": 0, "ended": 0, "current": 1, "total": 1}
