"""Save people one by one through the one save path, printing each committed id: the process a test kills.

    python tests/faults/saver.py LEDGER.db [--seed N]

Each line is printed after `changes.save` returned (the transaction committed): "person ID AUDIT_IDS" for a
new person, "update ID VALUE AUDIT_IDS" for a changed phone. It runs until it is killed.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from db import changes
from db.connection import open_database
from db.models import Household, Person

NAME_PREFIX = "保存测试"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    open_database(args.db)
    rng = random.Random(args.seed)
    households = [h for (h,) in Household.select(Household.id).tuples()]
    mine: list[int] = []
    number = 0
    while True:
        number += 1
        if mine and rng.random() < 0.3:
            person_id = rng.choice(mine)
            phone = f"139{rng.randrange(10**8):08d}"
            _record, audit = changes.save(Person, {"phone": phone}, record_id=person_id, summary="修改电话")
            print("update", person_id, phone, ",".join(map(str, audit)), flush=True)
        else:
            values = {
                "household": rng.choice(households),
                "name": f"{NAME_PREFIX}{number}",
                "relation": "其他",
                "phone": f"138{rng.randrange(10**8):08d}",
            }
            record, audit = changes.save(Person, values, summary="新建人员")
            mine.append(record.id)
            print("person", record.id, ",".join(map(str, audit)), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
