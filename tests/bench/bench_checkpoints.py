"""Checkpoint benchmark (issue 18): a day's statistics over 100,000 gate entries against raw SQL, and the
fill-in lookup per keystroke, each against a plain baseline measured in the same run.

    python tests/bench/bench_checkpoints.py            # 100,000 entries over 30 days at 4 checkpoints
    python tests/bench/bench_checkpoints.py --smoke    # 3,000 entries, for CI

1. db.queries.checkpoints.day_statistics(day) (one aggregate per day, every checkpoint and the total, as
   dataclasses) / the same aggregate through sqlite3 with its rows read — goal <= 1.5.
2. lookup(text) for ID-number prefixes, names and initials (the earlier entries and a 2,000-person roster)
   / the same two range queries through sqlite3 — reported, with the slowest keystroke.
The entries are written with the save path's bulk insert (one audit entry for the range).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DAY = date(2026, 12, 2)
DAYS = 30


def best(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def fill(entries: int, seed: int = 18) -> None:
    from db import changes
    from db.checkpoint_actions import save_checkpoint
    from db.models import GateEntry, Vehicle
    from db.rules.id_number import check_digit
    from db.rules.search_keys import name_pinyin

    rng = random.Random(seed)
    gates = [save_checkpoint({"name": f"卡点{n}", "hours": "24小时" if n % 2 else "普通"}).id for n in range(1, 5)]
    surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华"
    people = []
    for n in range(max(entries // 20, 50)):
        first = f"41010219{rng.randrange(50, 99)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{n % 1000:03d}"
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        people.append((name, first + check_digit(first), f"139{rng.randrange(10**7, 10**8)}"))
    cars = max(entries // 10, 1)
    with changes.transaction("基准：卡点登记") as cs:
        car_rows = []
        for _ in range(cars):
            day = DAY - timedelta(days=rng.randrange(DAYS))
            at = datetime.combine(day, datetime.min.time()) + timedelta(minutes=rng.randrange(1440))
            car_rows.append(
                {
                    "checkpoint": rng.choice(gates),
                    "at": at,
                    "direction": "进入",
                    "plate": f"豫A{rng.randrange(10000, 99999)}",
                    "vehicle_type": "小客车",
                    "disinfected": True,
                    "outcome": "放行",
                    "note": "",
                }
            )
        car_ids = cs.bulk_create(Vehicle, car_rows)

        def rows() -> Any:
            for _ in range(entries):
                name, number, phone = rng.choice(people)
                by_car = rng.random() < 0.25
                car = rng.randrange(cars) if by_car else None
                if car is not None:
                    gate, at = car_rows[car]["checkpoint"], car_rows[car]["at"]
                else:
                    day = DAY - timedelta(days=rng.randrange(DAYS))
                    gate = rng.choice(gates)
                    at = datetime.combine(day, datetime.min.time()) + timedelta(minutes=rng.randrange(1440))
                fever = rng.random() < 0.01
                yield {
                    "checkpoint": gate,
                    "at": at.isoformat(" "),
                    "direction": rng.choice(("进入", "外出")),
                    "name": name,
                    "id_number": number,
                    "phone": phone,
                    "temperature": 38.0 if fever else 36.5,
                    "travel_mode": "驾车" if car is not None else "步行",
                    "vehicle": car_ids[car] if car is not None else None,
                    "outcome": "劝返" if rng.random() < 0.02 else "放行",
                    "flags": "发热 38.0℃" if fever else "",
                    "pinyin_initials": name_pinyin(name)[0],
                    "created_at": at.isoformat(" "),
                }

        cs.bulk_create(GateEntry, rows())


RAW = (  # the same aggregate, its rows read as they come
    "SELECT checkpoint_id, SUM(direction = '进入'), SUM(direction = '外出'), COUNT(DISTINCT vehicle_id),"
    " SUM(flags <> ''), SUM(outcome = '劝返'), COUNT(*) FROM gate_entry WHERE at >= ? AND at < ?"
    " GROUP BY checkpoint_id"
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--entries", type=int)
    args = parser.parse_args()
    entries = args.entries or (3_000 if args.smoke else 100_000)

    from db.connection import close_database, open_database
    from db.demo import build_demo_village
    from db.queries import checkpoints as q

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        open_database(path)
        build_demo_village(people=2000, seed=2020, today=DAY)
        start = time.perf_counter()
        fill(entries)
        print(f"{entries:,} gate entries written in {time.perf_counter() - start:.1f} s")
        raw = sqlite3.connect(path)
        bounds = (DAY.isoformat(), (DAY + timedelta(days=1)).isoformat())

        ours, stats = best(lambda: q.day_statistics(DAY), 20)
        plain, rows = best(lambda: raw.execute(RAW, bounds).fetchall(), 20)
        assert stats.total.entries == sum(r[6] for r in rows), "the two counts differ"
        print(
            f"day statistics ({stats.total.entries:,} entries that day, {len(stats.checkpoints)} checkpoints): "
            f"{ours * 1000:.2f} ms / raw SQL {plain * 1000:.2f} ms = {ours / plain:.2f} (goal <= 1.5)"
        )

        keys = ["4101021", "41010219", "王", "李伟", "wf", "zsm", "周"]
        slowest = 0.0
        total_ours = total_plain = 0.0
        for key in keys:
            t, _found = best(lambda key=key: q.lookup(key), 5)
            column, prefix = q.lookup_key(key)
            after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            sql = f"SELECT * FROM gate_entry WHERE {column} >= ? AND {column} < ? ORDER BY at DESC LIMIT 8"
            roster = f"SELECT * FROM person WHERE {column} >= ? AND {column} < ? ORDER BY sort_key LIMIT 8"
            both = (prefix, after)

            def plain_lookup(sql: str = sql, roster: str = roster, both: tuple[str, str] = both) -> Any:
                return raw.execute(sql, both).fetchall(), raw.execute(roster, both).fetchall()

            p, _ = best(plain_lookup, 5)
            slowest, total_ours, total_plain = max(slowest, t), total_ours + t, total_plain + p
            print(f"  {key}: {t * 1000:.2f} ms / {p * 1000:.2f} ms")
        print(
            f"lookup per keystroke: {total_ours / len(keys) * 1000:.2f} ms mean, slowest {slowest * 1000:.2f} ms"
            f" / plain range queries {total_plain / len(keys) * 1000:.2f} ms"
        )
        raw.close()
        close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
