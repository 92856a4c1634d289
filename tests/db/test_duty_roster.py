"""Generating a roster from the tables and writing it back: every seat filled by the rules or left open with
its reason, begun shifts and swaps kept on a new generation, swaps checked against the same rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from db import duty_actions, duty_roster
from db.duty import checks
from db.duty.problem import Assignment
from db.duty.solver import solve
from db.duty_actions import DutyError
from db.models import DutyAssignment, DutyShift
from db.progress import Cancelled

FIRST = date(2026, 12, 7)
LAST = date(2026, 12, 9)
BEFORE = datetime(2026, 12, 6, 9, 0)  # the day before the range


def _people(cadres: int, others: int) -> dict[str, int]:
    ids = {}
    for n in range(cadres):
        ids[f"干部{n + 1}"] = duty_actions.save_person({"name": f"干部{n + 1}", "kind": "村干部"}).id
    for n in range(others):
        ids[f"志愿{n + 1}"] = duty_actions.save_person({"name": f"志愿{n + 1}"}).id
    return ids


def _written(first: date = FIRST, last: date = LAST) -> list[Assignment]:
    rows = DutyAssignment.select(DutyAssignment, DutyShift).join(DutyShift).where(DutyShift.day.between(first, last))
    return [Assignment((r.shift.post_id, r.shift.day, r.shift.seq), r.person_id) for r in rows]


def test_every_shift_is_filled_by_the_rules_with_a_leader(db_path: Path) -> None:
    _people(cadres=4, others=6)
    post = duty_actions.save_post({"name": "村东卡点"})  # 两班倒, two a shift, a leader each
    done = duty_roster.generate(FIRST, LAST, BEFORE)
    shifts = list(DutyShift.select().where(DutyShift.post == post.id).order_by(DutyShift.starts))
    assert len(shifts) == 3 * 2 == done.shifts
    for shift in shifts:
        people = list(shift.assignments)
        assert len(people) == 2 and shift.open_reason == ""
        assert [p.person.name.startswith("干部") for p in people if p.leader] == [True]
    problem = duty_roster.problem_for(FIRST, LAST, BEFORE)
    assert checks.check_roster(problem, _written()) == []  # nobody twice, rest and limits kept
    assert (done.added, done.removed) == (12, 0)


def test_what_cannot_be_covered_is_said_first_and_left_open_with_its_reason(db_path: Path) -> None:
    _people(cadres=1, others=3)
    duty_actions.save_post({"name": "村东卡点"})
    said = [s.text for s in duty_roster.shortfalls(FIRST, LAST, BEFORE)]
    assert any("带班干部" in text and "可带班" in text for text in said), said
    duty_roster.generate(FIRST, LAST, BEFORE)
    problem = duty_roster.problem_for(FIRST, LAST, BEFORE)
    assert checks.check_roster(problem, _written()) == []  # never filled wrongly
    open_shifts = [s for s in DutyShift.select() if s.open_reason]
    assert open_shifts, "one cadre cannot lead six shifts twelve hours apart each"
    for shift in open_shifts:
        missing = shift.needs - shift.assignments.count()
        leaders = [a for a in shift.assignments if a.leader]
        assert shift.open_reason.startswith("缺 ") and (missing > 0 or not leaders)


def test_a_new_generation_keeps_begun_shifts_and_swaps_and_moves_few(db_path: Path) -> None:
    people = _people(cadres=4, others=6)
    duty_actions.save_post({"name": "村东卡点"})
    duty_roster.generate(FIRST, LAST, BEFORE)
    now = datetime(2026, 12, 7, 21, 0)  # the first day's two shifts have begun
    begun = {a for a in _written() if a.shift[1] == FIRST}
    swap_shift = DutyShift.get((DutyShift.day == LAST) & (DutyShift.seq == 0))
    out = next(a for a in swap_shift.assignments if not a.leader)
    free = next(
        pid
        for name, pid in people.items()
        if name.startswith("志愿")
        and not checks.check_replace(
            duty_roster.problem_for(FIRST, LAST, now),
            _written(),
            (swap_shift.post_id, LAST, 0),
            out.person_id,
            pid,
        )
        and pid != out.person_id
    )
    swapped = duty_roster.replace(out.id, free, now)
    assert (swapped.fixed, swapped.note) == (True, f"{out.person.name} 调班给 {swapped.person.name}")
    leaving = next(pid for name, pid in people.items() if name == "志愿1")
    duty_actions.save_person({"name": "志愿1", "away": [FIRST + timedelta(days=1)]}, leaving)
    before = set(_written())
    again = duty_roster.generate(FIRST, LAST, now)
    after = set(_written())
    assert begun <= after  # served as planned
    assert Assignment((swap_shift.post_id, LAST, 0), free) in after
    assert not any(a.person == leaving and a.shift[1] == FIRST + timedelta(days=1) for a in after)
    assert checks.check_roster(duty_roster.problem_for(FIRST, LAST, now), after) == []
    assert len(before - after) == again.removed <= 4  # only what the leaver's day needs moved


def test_a_swap_that_breaks_a_rule_is_refused_with_why(db_path: Path) -> None:
    _people(cadres=2, others=3)
    night_owl = duty_actions.save_person({"name": "夜猫子", "no_night": True})
    duty_actions.save_post({"name": "村东卡点"})
    duty_roster.generate(FIRST, LAST, BEFORE)
    night = DutyShift.get((DutyShift.day == FIRST) & (DutyShift.seq == 1))
    seat = next(a for a in night.assignments if not a.leader and a.person_id != night_owl.id)
    with pytest.raises(DutyError, match="不能调班：.*夜猫子.*不上夜班"):
        duty_roster.replace(seat.id, night_owl.id, BEFORE)
    assert DutyAssignment.get_by_id(seat.id).person_id == seat.person_id  # nothing changed
    mate = next(a for a in night.assignments if a.id != seat.id)
    with pytest.raises(DutyError, match=f"{mate.person.name} 已在这个班次值班"):
        duty_roster.replace(seat.id, mate.person_id, BEFORE)
    with pytest.raises(DutyError, match="已经结束"):
        duty_roster.replace(seat.id, night_owl.id, datetime(2026, 12, 8, 9, 0))


def test_a_range_is_checked_before_anything(db_path: Path) -> None:
    with pytest.raises(DutyError, match="还没有值班岗位"):
        duty_roster.generate(FIRST, LAST, BEFORE)
    duty_actions.save_post({"name": "村东卡点"})
    with pytest.raises(DutyError, match="还没有值班人员"):
        duty_roster.generate(FIRST, LAST, BEFORE)
    with pytest.raises(DutyError, match="早于开始日期"):
        duty_roster.generate(LAST, FIRST, BEFORE)
    with pytest.raises(DutyError, match="一次最多排 62 天"):
        duty_roster.generate(FIRST, FIRST + timedelta(days=70), BEFORE)


class _Cancelled:
    """取消 pressed as soon as the generation starts."""

    cancelled = True

    def update(self, done: int, total: int) -> None:
        pass


def test_cancelling_stops_the_solver_in_the_middle_and_writes_nothing(db_path: Path) -> None:
    _people(cadres=4, others=6)
    duty_actions.save_post({"name": "村东卡点"})
    duty_roster.generate(FIRST, LAST, BEFORE)
    before = set(_written())
    duty_actions.save_person({"name": "新来的志愿者"})  # a change that a new generation would use
    progress = _Cancelled()
    with pytest.raises(Cancelled):
        duty_roster.generate(FIRST, LAST, BEFORE, progress)
    assert set(_written()) == before
    with pytest.raises(Cancelled):  # by HiGHS's interrupt callback, not after the solve
        solve(duty_roster.problem_for(FIRST, LAST, BEFORE), cancelled=lambda: True)
