"""Screening and pushed-list benchmark (issue 17): each figure against a plain baseline measured in the same run.

    python tests/bench/bench_screening.py            # 100,000 people, a pushed list of 40,000 names
    python tests/bench/bench_screening.py --smoke    # 3,000 people, 1,200 names, for CI

The database is a demo village (`python -m app demo`). The pushed list is drawn from it with ground
truth: 75 % of the names carry the person's own ID number, 8 % a number one digit off (or two neighbours
swapped), 5 % no number but the person's phone, 2 % a number two digits apart (only name and birth date
left), 10 % people who are not on the roster.

1. Matching, exact pass: db.queries.pushed.roster_index() (the roster read through peewee into the
   matcher) and an exact probe per name / the same ID numbers read with sqlite3 into a plain dict and
   probed — goal <= 3. The fuzzy pass over the names the exact pass left is reported on its own, with what
   it found against the ground truth (right, wrong, missed).
2. Coverage of a round over every grid with 70 % of the households visited (visits and findings written
   through the save path's bulk insert): db.queries.screening.coverage / the same counts in raw SQL
   through sqlite3 — goal <= 1.5.
3. Entry of 200 households with 10 % exceptions on the real 入户排查 page: keystrokes per normal household and
   the slowest keystroke (goal <= 50 ms), run as tests/bench/bench_screening_entry.py in a child process (its
   own QApplication and demo village; `--smoke` passes on).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DAY = date(2026, 12, 2)


def best(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def pushed_list(people: list[tuple[int, str, str, str]], size: int, seed: int = 17) -> list[tuple[Any, ...]]:
    """(name, id_number, phone, truth person id or None, kind) drawn from the roster's (id, name, number, phone)."""
    from db.rules.id_number import check_digit

    rng = random.Random(seed)
    with_number = [p for p in people if p[2] and len(p[2]) == 18]
    with_phone = [p for p in with_number if p[3]]
    names = []
    for _ in range(size):
        roll = rng.random()
        pid, name, number, phone = rng.choice(with_phone if 0.83 <= roll < 0.88 else with_number)
        if roll < 0.75:
            names.append((name, number, "", pid, "exact"))
        elif roll < 0.83:
            i = rng.randrange(14, 17)
            typo = number[:i] + str((int(number[i]) + rng.randrange(1, 10)) % 10) + number[i + 1 :]
            names.append((name, typo, "", pid, "typo"))
        elif roll < 0.88:
            names.append((name, "", phone, pid, "phone"))
        elif roll < 0.90:
            far = (
                number[:14]
                + str((int(number[14]) + 3) % 10)
                + number[15]
                + str((int(number[16]) + 7) % 10)
                + number[17]
            )
            names.append((name, far, "", pid, "birth"))
        else:
            body = f"9{rng.randrange(10**5):05d}19{rng.randrange(50, 99)}0101{rng.randrange(1000):03d}"
            names.append(("外来" + name, body[:17] + check_digit(body[:17]), "", None, "stranger"))
    return names


def bench_matching(db_file: Path, size: int, repeats: int) -> None:
    from db.queries.pushed import roster_index
    from db.rules.person_match import Wanted

    people = [
        (i, n, num or "", ph or "")
        for i, n, num, ph in sqlite3.connect(db_file).execute("SELECT id, name, id_number, phone FROM person")
    ]
    names = pushed_list(people, size)
    wanted = [Wanted(name, number, phone) for name, number, phone, _t, _k in names]

    def ours() -> list[Any]:
        index = roster_index()
        return [index.exact(w) for w in wanted]

    def plain() -> list[Any]:
        with sqlite3.connect(db_file) as conn:
            by_id = {num: pid for pid, num in conn.execute("SELECT id, id_number FROM person") if num}
        conn.close()
        return [by_id.get(w.id_number) for w in wanted]

    ours_s, exact = best(ours, repeats)
    plain_s, probed = best(plain, repeats)
    assert [m.person_id if m else None for m in exact] == probed  # the same answers
    index = roster_index()
    left = [(w, truth, kind) for w, m, (_n, _i, _p, truth, kind) in zip(wanted, exact, names, strict=True) if m is None]
    start = time.perf_counter()
    found = [(index.fuzzy(w), truth, kind) for w, truth, kind in left]
    fuzzy_s = time.perf_counter() - start
    outcome: Counter[str] = Counter()
    for match, truth, kind in found:
        if match is None:
            outcome["missed" if truth is not None else "stranger left open"] += 1
        elif match.person_id == truth or truth in match.others:
            outcome[f"right ({kind})"] += 1
        else:
            outcome["wrong"] += 1
    print(f"  matching {size:,} pushed names against {len(people):,} people")
    print(
        f"    exact pass / plain dict of ID numbers      {ours_s / plain_s:6.2f}   goal <= 3"
        f"   ({ours_s * 1000:.0f} ms / {plain_s * 1000:.0f} ms, {sum(m is not None for m in exact):,} exact)"
    )
    print(
        f"    fuzzy pass over the {len(left):,} left            {fuzzy_s * 1000:6.0f} ms   for information"
        f"   ({fuzzy_s / max(len(left), 1) * 1e6:.0f} µs a name, index built on the first probe)"
    )
    print("    fuzzy outcome: " + "、".join(f"{k} {v:,}" for k, v in sorted(outcome.items())))


RAW_COVERAGE = """
SELECT h.grid_id, COUNT(*),
       SUM(v.outcome IN ('已排查', '已搬离')), SUM(v.outcome = '无人在家待复查'), SUM(v.outcome = '拒绝配合')
FROM round_grid rg JOIN household h ON h.grid_id = rg.grid_id
LEFT JOIN visit v ON v.household_id = h.id AND v.round_id = rg.round_id
WHERE rg.round_id = ? GROUP BY h.grid_id
"""
RAW_PEOPLE = """
SELECT h.grid_id, COUNT(p.id), COUNT(f.id)
FROM round_grid rg JOIN household h ON h.grid_id = rg.grid_id JOIN person p ON p.household_id = h.id
LEFT JOIN visit v ON v.household_id = h.id AND v.round_id = rg.round_id
LEFT JOIN finding f ON f.visit_id = v.id AND f.person_id = p.id
WHERE rg.round_id = ? AND p.status IN ('在村', '返乡', '暂住') AND (v.id IS NULL OR v.outcome != '已搬离')
GROUP BY h.grid_id
"""


def bench_coverage(db_file: Path, repeats: int) -> None:
    from db import changes, screening_actions
    from db.models import Finding, Household, Person, Visit
    from db.models.screening import DUE_STATUSES
    from db.queries.screening import coverage

    screening_round = screening_actions.new_round("第二轮拉网排查", DAY, date(2026, 12, 9))
    rng = random.Random(5)
    households = [h for (h,) in Household.select(Household.id).tuples()]
    visited = {h: rng.choice(["已排查"] * 8 + ["无人在家待复查", "拒绝配合"]) for h in households if rng.random() < 0.7}
    due = [s.value for s in DUE_STATUSES]
    members: dict[int, list[int]] = {}
    for pid, hid in Person.select(Person.id, Person.household).where(Person.status.in_(due)).tuples():
        members.setdefault(hid, []).append(pid)
    with changes.transaction("基准：走访记录") as cs:
        visit_rows = [
            {"round": screening_round.id, "household": h, "on": DAY, "worker": "", "outcome": o}
            for h, o in visited.items()
        ]
        ids = cs.bulk_create(Visit, visit_rows)
        cs.bulk_create(
            Finding,
            (
                {"visit": vid, "person": pid, "contact": "无", "measure": "无"}
                for vid, row in zip(ids, visit_rows, strict=True)
                if row["outcome"] == "已排查"
                for pid in members.get(row["household"], [])
            ),
        )

    def raw() -> tuple[Any, Any]:
        with sqlite3.connect(db_file) as conn:
            result = (
                conn.execute(RAW_COVERAGE, (screening_round.id,)).fetchall(),
                conn.execute(RAW_PEOPLE, (screening_round.id,)).fetchall(),
            )
        conn.close()
        return result

    ours_s, lines = best(lambda: coverage(screening_round.id), repeats)
    raw_s, (house_rows, people_rows) = best(raw, repeats)
    assert lines.total.households_due == sum(r[1] for r in house_rows)
    assert lines.total.screened == sum(r[2] for r in people_rows)
    print(f"  coverage of a round over {len(households):,} households ({len(visited):,} visited)")
    print(
        f"    coverage() / the same counts in raw SQL      {ours_s / raw_s:6.2f}   goal <= 1.5"
        f"   ({ours_s * 1000:.0f} ms / {raw_s * 1000:.0f} ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--names", type=int, default=40_000)
    parser.add_argument("--smoke", action="store_true")
    options = parser.parse_args()
    people, names = (3000, 1200) if options.smoke else (options.people, options.names)
    repeats = 2 if options.smoke else 5
    work = Path(tempfile.mkdtemp(prefix="ledger-bench-screening-"))
    db_file = work / "ledger.db"
    subprocess.run(
        [sys.executable, "-m", "app", "demo", "--db", str(db_file), "--people", str(people)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    from db.connection import close_database, open_database

    open_database(db_file)
    print(f"screening benchmark, {people:,} people ({'smoke' if options.smoke else 'full'} run)")
    bench_matching(db_file, names, repeats)
    bench_coverage(db_file, repeats)
    close_database()
    entry = [sys.executable, str(ROOT / "tests" / "bench" / "bench_screening_entry.py")]
    return subprocess.run(entry + (["--smoke"] if options.smoke else []), cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
