"""Duty rosters: precheck figures, swap refusals in Chinese, re-generation keeping the plan."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, time
from pathlib import Path

from db.duty.checks import check_exchange, check_replace, check_roster
from db.duty.precheck import precheck
from db.duty.problem import Assignment, Person, Post, Problem, ShiftTime
from db.duty.solver import solve

MONDAY = date(2026, 3, 2)
DAY_NIGHT = (ShiftTime("白班", time(8), 12), ShiftTime("夜班", time(20), 12))


def person(i: int, name: str, leader: bool = False, **limits: object) -> Person:
    return Person(i, name, "村干部" if leader else "志愿者", leader, **limits)  # type: ignore[arg-type]


def test_precheck_names_the_night_short_of_people() -> None:
    people = (person(1, "张伟", True), person(2, "李娜", no_night=True), person(3, "王芳", no_night=True))
    problem = Problem(date(2026, 3, 4), date(2026, 3, 4), people, (Post(1, "东口卡点", DAY_NIGHT),))
    texts = [s.text for s in precheck(problem)]
    assert "3月4日 夜班：可用人员不足（需 2 人，可用 1 人）" in texts
    assert not any(t.startswith("3月4日 白班") for t in texts)
    assert "夜班需 2 人次，可排 1 人次" in texts


def test_precheck_weekend_and_leader_totals() -> None:
    day_only = (ShiftTime("白班", time(8), 8),)
    saturday, sunday = date(2026, 3, 7), date(2026, 3, 8)
    people = (person(1, "张伟"), person(2, "李娜", away=frozenset({sunday})))
    problem = Problem(saturday, sunday, people, (Post(1, "东口卡点", day_only),))
    texts = [s.text for s in precheck(problem)]
    # 2 days × 2 seats; 张伟 can take both days, 李娜 only Saturday; no cadre at all.
    assert "周末需 4 人次，可排 3 人次" in texts
    assert "全部班次需 4 人次，可排 3 人次" in texts
    assert "3月8日 白班：可用人员不足（需 2 人，可用 1 人）" in texts
    assert "3月7日 白班：带班干部不足（需 1 人，可用 0 人）" in texts
    assert "带班干部需 2 人次，可带班 0 人次" in texts


def test_precheck_quiet_when_people_suffice() -> None:
    people = tuple(person(i, f"人员{i}", leader=i < 4) for i in range(10))
    problem = Problem(MONDAY, MONDAY, people, (Post(1, "东口卡点", DAY_NIGHT),))
    assert precheck(problem) == []


def swap_problem() -> Problem:
    people = (
        person(1, "张伟", True),
        person(2, "李娜"),
        person(3, "王芳", no_night=True),
        person(4, "刘洋", True, not_with=frozenset({2})),
        person(5, "陈静", max_per_week=1),
        person(6, "赵磊"),
    )
    return Problem(MONDAY, date(2026, 3, 3), people, (Post(1, "东口卡点", DAY_NIGHT),))


DAY1 = (1, MONDAY, 0)
NIGHT1 = (1, MONDAY, 1)
DAY2 = (1, date(2026, 3, 3), 0)
ROSTER = (
    Assignment(DAY1, 1),
    Assignment(DAY1, 2),
    Assignment(NIGHT1, 4),
    Assignment(NIGHT1, 6),
    Assignment(DAY2, 1),
    Assignment(DAY2, 5),
)


def test_the_roster_used_for_swaps_is_valid() -> None:
    assert check_roster(swap_problem(), ROSTER) == []


def test_swap_refusals_in_chinese() -> None:
    problem = swap_problem()
    assert check_replace(problem, ROSTER, NIGHT1, 6, 3) == ["王芳 不上夜班"]
    assert check_replace(problem, ROSTER, NIGHT1, 6, 2) == [
        "李娜 与 3月2日 东口卡点 白班 间隔 0 小时，不足 12 小时",
        "李娜 不能与 刘洋 同班",
    ]
    assert check_replace(problem, ROSTER, NIGHT1, 4, 3) == [
        "王芳 不上夜班",
        "3月2日 东口卡点 夜班 需带班干部，排满的 2 人中没有干部",
    ]
    assert check_replace(problem, ROSTER, DAY1, 2, 5) == [
        "陈静 3月2日—3月8日 这一周将排 2 班，每周最多 1 班",
    ]
    assert check_replace(problem, ROSTER, DAY1, 3, 6) == ["王芳 不在 3月2日 东口卡点 白班 值班"]
    assert check_replace(problem, ROSTER, DAY1, 2, 3) == []


def test_exchange_is_checked_both_ways() -> None:
    problem = swap_problem()
    # 李娜 would join 刘洋 on the night; 陈静 and 李娜 swapping days keeps everyone's limits.
    assert check_exchange(problem, ROSTER, 2, DAY1, 6, NIGHT1) == ["李娜 不能与 刘洋 同班"]
    assert check_exchange(problem, ROSTER, 5, DAY2, 2, DAY1) == []


def roomy_problem(**changes: object) -> Problem:
    people = tuple(person(i, f"人员{i}", leader=i <= 4) for i in range(1, 11))
    return replace(Problem(MONDAY, date(2026, 3, 5), people, (Post(1, "东口卡点", DAY_NIGHT),)), **changes)


def test_regenerating_the_same_problem_changes_nothing() -> None:
    first = solve(roomy_problem())
    again = solve(roomy_problem(previous=first.assignments))
    assert again.assignments == first.assignments
    assert again.changed == 0


def test_regenerating_keeps_served_shifts_and_most_of_the_plan() -> None:
    first = solve(roomy_problem())
    served = tuple(a for a in first.assignments if a.shift[1] == MONDAY)
    away_day = date(2026, 3, 4)
    leaving = next(a.person for a in first.assignments if a.shift[1] == away_day)
    problem = roomy_problem(previous=first.assignments, fixed=served)
    people = tuple(replace(p, away=frozenset({away_day})) if p.id == leaving else p for p in problem.people)
    second = solve(roomy_problem(previous=first.assignments, fixed=served, people=people))
    assert set(served) <= set(second.assignments)
    assert check_roster(roomy_problem(fixed=served, people=people), second.assignments) == []
    lost = [a for a in first.assignments if a.person == leaving and a.shift[1] == away_day]
    assert lost and not set(lost) & set(second.assignments)
    assert second.filled == second.seats
    # Without the previous plan the same problem's roster keeps less of it.
    fresh = solve(roomy_problem(fixed=served, people=people))
    future = {a for a in first.assignments if a.shift[1] > MONDAY}
    assert len(lost) <= second.changed < len(future - set(fresh.assignments))


def test_solving_prints_nothing() -> None:
    """highspy prints its banner when a process makes its first Highs object: the solver keeps stdout clean
    (the CLI's output, the bench's figures). A fresh process, as the banner comes once per process."""
    script = (
        "from datetime import date, time\n"
        "from db.duty.problem import Person, Post, Problem, ShiftTime\n"
        "from db.duty.solver import solve\n"
        "people = tuple(Person(i, f'p{i}', is_leader=i < 3) for i in range(6))\n"
        "post = Post(1, 'east', (ShiftTime('day', time(8), 12), ShiftTime('night', time(20), 12)))\n"
        "roster = solve(Problem(date(2026, 3, 2), date(2026, 3, 3), people, (post,)))\n"
        "assert roster.filled == roster.seats\n"
    )
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
