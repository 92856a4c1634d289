"""The demo village's checkpoints: two gates (one staffed day and night) and about fifty entries over the last
five days before `today` — villagers going out and back, visitors and delivery vans, a car with its
passengers, a fever sent to the clinic, one turned back. Made from its own random stream (the village's seed),
so the village itself is the same with or without them, and written in the demo's transaction."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from db import changes
from db.checkpoint_actions import checked_entry
from db.models.checkpoint import Checkpoint, CheckpointHours, GateEntry, Vehicle
from db.models.household import PersonStatus

CHECKPOINTS = (
    {"name": "村东路口卡点", "place": "村东与县道交叉口", "hours": CheckpointHours.ALL_DAY.value, "leader": "周建国"},
    {"name": "村西桥头卡点", "place": "村西小桥", "hours": CheckpointHours.ORDINARY.value, "leader": "吴春生"},
)
RECORDERS = ("赵值守", "钱志愿", "孙民兵")
_VISITORS = ("刘建华", "陈小红", "杨卫东", "黄丽", "马强", "郭振华", "何军", "高亚楠", "罗斌", "宋玉梅")
_FROM = ("郑州", "开封", "县城", "新乡", "洛阳", "镇上")
_REASONS = ("探亲", "送货", "务工返回", "购物", "就医", "办事")
_PROVINCE_PLATES = ("豫A", "豫A", "豫B", "豫G", "鄂A")
_AT_HOME = frozenset({PersonStatus.PRESENT.value, PersonStatus.RETURNED.value, PersonStatus.TEMPORARY.value})
ENTRIES = 50
DAYS = 5


def add_demo_checkpoints(
    cs: changes.ChangeSet, seed: int, people: Sequence[dict[str, Any]], person_ids: Sequence[int], today: date
) -> int:
    """Write the checkpoints and their entries in cs; people: the demo's person rows (person_ids their ids, in
    order). Returns the number of entries written."""
    rng = random.Random(seed * 1000 + 18)
    gates = [cs.create(Checkpoint, {**c, "sort_order": n}).id for n, c in enumerate(CHECKPOINTS, 1)]
    villagers = [
        (pid, row)
        for pid, row in zip(person_ids, people, strict=True)
        if row.get("id_number") and row.get("status") in _AT_HOME
    ]
    written = 0
    while written < ENTRIES:
        day = today - timedelta(days=rng.randrange(DAYS))
        at = datetime.combine(day, time(rng.randrange(6, 21), rng.randrange(60)))
        common: dict[str, Any] = {"checkpoint": rng.choice(gates), "at": at, "recorder": rng.choice(RECORDERS)}
        temperature = rng.choice((36.2, 36.4, 36.5, 36.6, 36.8, 36.9))
        if villagers and rng.random() < 0.6:
            pid, row = rng.choice(villagers)
            lead = {
                **common,
                "direction": rng.choice(("进入", "外出")),
                "name": row["name"],
                "id_number": row["id_number"],
                "phone": row.get("phone", ""),
                "person": pid,
                "from_place": rng.choice(("镇上", "县城", "")),
                "reason": rng.choice(("购物", "务工", "就医", "办事")),
                "temperature": temperature,
            }
        else:
            lead = {
                **common,
                "direction": "进入",
                "name": rng.choice(_VISITORS),
                "phone": f"13{rng.randrange(10**8, 10**9)}",
                "from_place": rng.choice(_FROM),
                "to_place": f"{rng.choice(('一', '二', '三'))}组",
                "reason": rng.choice(_REASONS),
                "temperature": 38.0 if rng.random() < 0.06 else temperature,
            }
            if rng.random() < 0.08:
                lead["outcome"] = "劝返"
        companions: list[dict[str, Any]] = []
        car = None
        if rng.random() < 0.3:
            lead["plate"] = f"{rng.choice(_PROVINCE_PLATES)}{rng.randrange(10000, 99999)}"
            companions = [
                {"name": rng.choice(_VISITORS) + "家属", "temperature": rng.choice((36.3, 36.6))}
                for _ in range(rng.randrange(3))
            ]
        first = checked_entry(lead)
        if first.get("plate"):
            car = cs.create(
                Vehicle,
                {
                    "checkpoint": first["checkpoint"],
                    "at": first["at"],
                    "direction": first.get("direction", "进入"),
                    "plate": first["plate"],
                    "vehicle_type": rng.choice(("小客车", "小客车", "货车")),
                    "disinfected": rng.random() < 0.7,
                    "outcome": "劝返" if first["outcome"] == "劝返" else "放行",
                },
            )
        link = {"vehicle": car.id} if car is not None else {}
        lead_entry = cs.create(GateEntry, {**first, **link})
        shared: dict[str, Any] = {
            k: first[k]
            for k in (
                "checkpoint",
                "at",
                "direction",
                "from_place",
                "to_place",
                "reason",
                "plate",
                "travel_mode",
                "recorder",
            )
            if k in first
        }
        for companion in companions:
            cs.create(GateEntry, {**checked_entry({**shared, **companion}), **link, "party": lead_entry.id})
        written += 1 + len(companions)
    return written
