"""Duty-roster and checkpoint benchmark (issue 18): the solver alone (no database), then, each in a child
process, 500 gate entries typed (tests/bench/bench_gate_entry.py: slowest keystroke, goal <= 50 ms) and the
day's statistics over 100,000 entries against raw SQL (tests/bench/bench_checkpoints.py, goal <= 1.5).

    python tests/bench/bench_duty.py            # 30 days, 40 posts of three 8-hour shifts, 300 people
    python tests/bench/bench_duty.py --smoke    # 7 days, 4 posts, 30 people, for CI

The people are drawn with a fixed seed: 45 % cadres (they may lead a shift), 20 % who take no night shifts,
10 % at most 4 shifts a week, 5 % free at weekends only, one in three away on two to five days, 15 pairs who
must not share a shift. Every shift needs 2 people, one of them a leading cadre; rest between shifts 12 hours.

Printed: the solve time (goal <= 10 s), seats filled against the seats the availability allows at all, the
fairness spread (max − min of the capacity-weighted shift counts, and of night shifts) with the solver's proven
lower bound (equal means optimal), the raw max − min shifts among people free every day,
the open seats with their reasons, and a re-generation after 5 people drop out from day 10, with the days
before served: how many future assignments changed. Every roster is checked by db.duty.checks (no rule broken).
Exit code 1 when a goal is missed, filling, the count spread or the changes are not proven optimal, or a rule is
broken (--smoke: a rule broken only); the night spread is printed with its bound (not a goal of the issue, and not
proven here: see db/duty/solver.py). `--time-limit` sets the seconds the fairness objectives share (default 8).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from db.duty.checks import check_roster  # noqa: E402
from db.duty.precheck import precheck  # noqa: E402
from db.duty.problem import Person, Post, Problem, ShiftTime  # noqa: E402
from db.duty.solver import TIME_LIMIT_SECONDS, Roster, solve  # noqa: E402

FIRST = date(2026, 3, 2)
GOAL_SECONDS = 10.0
LEADER_SHARE = 0.45


def make_problem(days: int, posts: int, people: int, seed: int = 18, cadres: float = LEADER_SHARE) -> Problem:
    rng = random.Random(seed)
    pattern = (
        ShiftTime("零点班", clock_time(0), 8),
        ShiftTime("八点班", clock_time(8), 8),
        ShiftTime("四点班", clock_time(16), 8),
    )
    post_list = tuple(Post(i + 1, f"{i + 1}号卡点", pattern) for i in range(posts))
    last = FIRST + timedelta(days=days - 1)
    all_days = [FIRST + timedelta(days=d) for d in range(days)]
    folk = []
    for i in range(people):
        leader = rng.random() < cadres
        roll = rng.random()
        away = frozenset(rng.sample(all_days, rng.randint(2, 5))) if rng.random() < 1 / 3 else frozenset()
        folk.append(
            Person(
                id=i + 1,
                name=f"值守{i + 1:03d}",
                kind="村干部" if leader else "志愿者",
                is_leader=leader,
                no_night=roll < 0.2,
                max_per_week=4 if 0.2 <= roll < 0.3 else None,
                weekdays=frozenset({5, 6}) if 0.3 <= roll < 0.35 else frozenset(range(7)),
                away=away,
            )
        )
    for _ in range(15):
        a, b = rng.sample(range(people), 2)
        folk[a] = replace(folk[a], not_with=folk[a].not_with | {b + 1})
    return Problem(FIRST, last, tuple(folk), post_list)


def report(problem: Problem, roster: Roster, title: str) -> bool:
    broken = check_roster(problem, roster.assignments)
    counts = Counter(a.person for a in roster.assignments)
    everyday = [
        p.id
        for p in problem.people
        if not p.no_night and p.max_per_week is None and not p.away and len(p.weekdays) == 7
    ]
    raw = [counts.get(p, 0) for p in everyday]
    print(f"  {title}")
    print(
        f"    solve time                                  {roster.seconds:6.2f} s   goal <= {GOAL_SECONDS:g}"
        f"   ({roster.cut_rounds} cut rounds)"
    )
    for o in roster.objectives:
        print(
            f"      {o.name:<6} value {o.value:10.3f}  proven bound {o.bound:10.3f}  "
            f"{'optimal' if o.optimal else 'NOT proven'}  {o.seconds:5.2f} s"
        )
    print(f"    seats filled                                {roster.filled:,} / {roster.seats:,}")
    print(
        f"    spread of weighted shift counts              {roster.spread:6.2f}   (nights {roster.night_spread:.2f});"
        f" people free every day: {min(raw, default=0)}–{max(raw, default=0)} shifts"
    )
    print(f"    rules broken (db.duty.checks)               {len(broken):6d}")
    if roster.open_seats:
        print(f"    open seats: {sum(o.seats for o in roster.open_seats)} in {len(roster.open_seats)} shifts, e.g.")
        for o in roster.open_seats[:5]:
            print(f"      {o.shift.label}: {o.reason}")
    goals = [o for o in roster.objectives if o.name != "夜班差"]  # nights: best found, with its bound
    return not broken and roster.seconds <= GOAL_SECONDS and all(o.optimal for o in goals)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument(
        "--time-limit", type=float, default=TIME_LIMIT_SECONDS, help="seconds the fairness objectives share"
    )
    parser.add_argument("--cadres", type=float, default=LEADER_SHARE, help="share of people who may lead a shift")
    options = parser.parse_args()
    days, posts, people = (7, 4, 30) if options.smoke else (30, 40, 300)
    problem = make_problem(days, posts, people, cadres=options.cadres)
    print(
        f"duty roster benchmark, {days} days × {posts} posts × 3 shifts, {people} people"
        f" ({'smoke' if options.smoke else 'full'} run)"
    )
    start = time.perf_counter()
    findings = precheck(problem)
    print(f"  precheck ({(time.perf_counter() - start) * 1000:.0f} ms): {len(findings)} findings")
    for line in findings[:6]:
        print(f"    {line.text}")
    roster = solve(problem, options.time_limit)
    ok = report(problem, roster, "first roster")
    # Re-generation: days before day 10 served (fixed), five people away from day 10 on.
    cut = FIRST + timedelta(days=min(9, days // 2))
    served = tuple(a for a in roster.assignments if a.shift[1] < cut)
    gone = {p.id for p in problem.people[:5]}
    changed_people = tuple(
        replace(p, away=p.away | {cut + timedelta(days=d) for d in range(days)}) if p.id in gone else p
        for p in problem.people
    )
    again = Problem(
        problem.first_day, problem.last_day, changed_people, problem.posts, fixed=served, previous=roster.assignments
    )
    second = solve(again, options.time_limit)
    ok = report(again, second, f"re-generated after 5 people left from {cut}, {len(served):,} served") and ok
    future = [a for a in roster.assignments if a.shift[1] >= cut]
    forced = sum(a.person in gone for a in future)
    print(
        f"    future assignments changed                  {second.changed:,} of {len(future):,}"
        f"   ({forced:,} were the 5 people's own)"
    )
    print("  OK" if ok else "  GOAL MISSED")
    if options.smoke:  # a check that the script runs on a busy CI machine: only a broken rule fails it
        ok = not check_roster(problem, roster.assignments) and not check_roster(again, second.assignments)
    children = [_child(name, options.smoke) for name in ("bench_gate_entry.py", "bench_checkpoints.py")]
    return 0 if ok and not any(children) else 1


def _child(script: str, smoke: bool) -> int:
    """Another benchmark of the issue in a process of its own (a Qt application, or a database of its own)."""
    sys.stdout.flush()
    command = [sys.executable, str(ROOT / "tests" / "bench" / script)] + (["--smoke"] if smoke else [])
    return subprocess.run(command, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
