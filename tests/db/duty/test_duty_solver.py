"""The solver against brute force on tiny rosters (hypothesis): no rule ever broken, as many seats filled as any
valid roster fills, and the fairness spreads (all shifts, then nights) equal to the best any such roster has."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, time, timedelta
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.duty.checks import RosterView, check_roster, person_refusals, shift_refusals
from db.duty.problem import Assignment, Person, Post, Problem, Shift, ShiftTime
from db.duty.solver import Objective, Roster, solve

PATTERNS = (
    (ShiftTime("白班", time(8), 12, needs=2), ShiftTime("夜班", time(20), 12, needs=1)),
    (ShiftTime("白班", time(8), 8, needs=2),),
    (ShiftTime("零点班", time(0), 8, needs=1), ShiftTime("八点班", time(8), 8, needs=1)),
)


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    first = date(2026, 3, 7) + timedelta(days=draw(st.integers(0, 2)))  # Saturday..Monday: weeks split
    pattern = draw(st.sampled_from(PATTERNS))
    leader_flags = draw(st.lists(st.booleans(), min_size=len(pattern), max_size=len(pattern)))
    pattern = tuple(
        ShiftTime(s.name, s.start, s.hours, s.needs, flag) for s, flag in zip(pattern, leader_flags, strict=True)
    )
    most_days = max(1, 4 // len(pattern))
    days = draw(st.integers(1, min(2, most_days)))
    posts = draw(st.integers(1, max(1, 4 // (len(pattern) * days))))
    all_days = [first + timedelta(days=d) for d in range(days)]
    count = draw(st.integers(2, 4))
    people = []
    for i in range(1, count + 1):
        people.append(
            Person(
                id=i,
                name=f"人员{i}",
                is_leader=draw(st.booleans()),
                no_night=draw(st.booleans()),
                max_per_week=draw(st.sampled_from([None, None, 1])),
                away=frozenset(draw(st.lists(st.sampled_from(all_days), max_size=1))),
                not_with=frozenset(draw(st.lists(st.integers(1, count), max_size=1))) - {i},
            )
        )
    return Problem(
        first,
        all_days[-1],
        tuple(people),
        tuple(Post(p, f"{p}号卡点", pattern) for p in range(1, posts + 1)),
        rest_hours=draw(st.sampled_from([0.0, 8.0, 12.0])),
    )


def valid_rosters(problem: Problem) -> list[list[Assignment]]:
    """Every roster no rule forbids (depth first, a shift at a time: the rules are between pairs, so a roster
    whose every prefix is valid is valid)."""
    shifts = list(problem.shifts)
    found: list[list[Assignment]] = []
    view = RosterView(problem, [])

    def fits(shift: Shift) -> bool:
        people = view.by_shift.get(shift.key, [])
        if shift_refusals(view, shift):
            return False
        return all(not person_refusals(view, p, shift) for p in people)

    def walk(k: int, chosen: list[Assignment]) -> None:
        if k == len(shifts):
            found.append(list(chosen))
            return
        shift = shifts[k]
        ids = [p.id for p in problem.people]
        for size in range(shift.needs + 1):
            for group in combinations(ids, size):
                for p in group:
                    view.add(shift.key, p)
                if fits(shift):
                    walk(k + 1, chosen + [Assignment(shift.key, p) for p in group])
                for p in group:
                    view.remove(shift.key, p)

    walk(0, [])
    return found


def spread(assignments: list[Assignment], weights: dict[int, float], problem: Problem, night: bool) -> int:
    counts = dict.fromkeys(weights, 0)
    for a in assignments:
        if a.person in counts and (problem.shift(a.shift).is_night or not night):
            counts[a.person] += 1
    if not counts:
        return 0
    values = [counts[p] * w for p, w in weights.items()]
    return math.ceil(max(values) - 1e-9) - math.floor(min(values) + 1e-9)


def best_by_brute_force(problem: Problem, roster: Roster) -> tuple[int, int, int]:
    rosters = valid_rosters(problem)
    fill = max(len(r) for r in rosters)
    rosters = [r for r in rosters if len(r) == fill]
    count_spread = min(spread(r, roster.weights, problem, False) for r in rosters)
    rosters = [r for r in rosters if spread(r, roster.weights, problem, False) == count_spread]
    night_spread = min(spread(r, roster.night_weights, problem, True) for r in rosters)
    return fill, count_spread, night_spread


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_solver_is_valid_and_optimal_on_tiny_rosters(problem: Problem) -> None:
    roster = solve(problem)
    assert check_roster(problem, roster.assignments) == []
    fill, count_spread, night_spread = best_by_brute_force(problem, roster)
    assert roster.filled == len(roster.assignments) == fill
    values = {o.name: round(o.value) for o in roster.objectives}
    assert values["空缺人次"] == -fill
    assert values["班次差"] == count_spread
    assert values["夜班差"] == night_spread
    assert roster.optimal
    for seat in roster.open_seats:
        assert "可排但未排" not in seat.reason
        assert seat.reason.startswith(("带班干部不足", "值守人员不足"))


@settings(max_examples=50, deadline=None)
@given(problems())
def test_regenerating_keeps_fixed_and_stays_valid(problem: Problem) -> None:
    first = solve(problem)
    fixed = tuple(a for i, a in enumerate(first.assignments) if i % 2 == 0)
    again = replace(problem, fixed=fixed, previous=first.assignments)
    second = solve(again)
    assert set(fixed) <= set(second.assignments)
    assert check_roster(problem, second.assignments) == []
    assert second.filled == first.filled
    assert second.changed == 0


def test_the_clerk_is_told_which_goals_are_proven() -> None:
    def roster(*proven: bool) -> Roster:
        names = ("空缺人次", "班次差", "夜班差")
        objectives = tuple(Objective(n, 1.0, 1.0 if p else 0.0, 0.1, p) for n, p in zip(names, proven, strict=True))
        return Roster((), (), 0, 0, 0.0, 0.0, 0, objectives)

    assert roster(True, True, True).proof_text() == "已证明是最优的排法。"
    assert roster(True, True, False).proof_text() == (
        "空缺最少、班次最平均已证明是最优；夜班最平均在限定时间内未能证明最优，这是找到的最好排法。"
    )
