"""The fill-in finds people by ID number, name or initials among earlier entries and the roster, the latest
first; a day's statistics equal a plain count over the same generated entries."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from db import checkpoint_actions, screening_actions
from db.checkpoint_actions import register_entry, save_checkpoint
from db.queries import checkpoints as q
from db.rules.id_number import check_digit

DAY = date(2026, 12, 3)


@pytest.fixture
def gates(village: dict[str, int]) -> list[int]:
    screening_actions.save_key_area({"region_code": "420000", "counts_from": date(2026, 11, 1)})
    east = save_checkpoint({"name": "村东卡点", "hours": "24小时"}).id
    west = save_checkpoint({"name": "村西卡点"}).id
    save_checkpoint({"name": "南山卡点", "active": False})
    return [east, west]


def _number(n: int) -> str:
    first = f"4101021980{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n % 1000:03d}"
    return first + check_digit(first)


def test_lookup_by_id_name_and_initials_latest_first(gates: list[int], village: dict[str, int]) -> None:
    east, west = gates
    first = register_entry(
        {
            "checkpoint": east,
            "at": datetime(2026, 12, 1, 9, 0),
            "name": "王大军",
            "id_number": _number(1),
            "phone": "13900001111",
            "from_place": "郑州",
            "plate": "豫A12345",
            "reason": "送货",
        }
    ).lead
    register_entry(
        {
            "checkpoint": west,
            "at": datetime(2026, 12, 2, 9, 0),
            "name": "王大军",
            "id_number": _number(1),
            "phone": "13900001111",
            "from_place": "开封",
            "reason": "探亲",
        }
    )
    register_entry({"checkpoint": west, "at": datetime(2026, 12, 2, 10, 0), "name": "王小明"})
    register_entry(
        {
            "checkpoint": east,
            "at": datetime(2026, 11, 30, 8, 0),
            "name": "张三丰",
            "id_number": "11010519491231002X",
            "from_place": "县城",
        }
    )

    by_id = q.lookup(_number(1)[:10])
    assert [(c.name, c.source, c.from_place, c.last_checkpoint) for c in by_id] == [
        ("王大军", q.EARLIER, "开封", "村西卡点")  # once, as last seen (at the other checkpoint)
    ]
    assert by_id[0].plate == "" and by_id[0].values()["reason"] == "探亲"
    assert by_id[0].shown_id_number != _number(1) and by_id[0].shown_id_number.startswith("4101")

    by_name = q.lookup("王")
    assert [(c.name, c.last_at) for c in by_name] == [
        ("王小明", datetime(2026, 12, 2, 10, 0)),
        ("王大军", datetime(2026, 12, 2, 9, 0)),
    ]
    # a villager seen at the gate comes with the roster's identity; one never seen from the roster alone
    zhang = q.lookup("zsf")
    assert [(c.name, c.source, c.person_id, c.address, c.from_place) for c in zhang] == [
        ("张三丰", q.EARLIER, village["zhang"], "一组12号", "县城")
    ]
    assert zhang[0].values()["person"] == village["zhang"]
    qian = q.lookup("钱")
    assert [(c.name, c.source, c.person_id, c.is_villager, c.last_at) for c in qian] == [
        ("钱𠮷祥", q.ROSTER, village["qian"], True, None)
    ]
    assert q.lookup("11010519491231002x")[0].person_id == village["zhang"]
    assert q.lookup("wdj")[0].id_number == first.id_number
    assert q.lookup("123") == [] and q.lookup("  ") == []
    assert len(q.lookup("w", limit=1)) == 1


def _generate(gates: list[int], seed: int) -> list[dict[str, Any]]:
    """Entries over three days at both gates, some by car with companions, some feverish, some from 湖北."""
    rng = random.Random(seed)
    written: list[dict[str, Any]] = []
    for n in range(120):
        day = DAY + timedelta(days=rng.choice((-1, 0, 0, 1)))
        at = datetime.combine(day, datetime.min.time()) + timedelta(minutes=rng.randrange(24 * 60))
        lead: dict[str, Any] = {
            "checkpoint": rng.choice(gates),
            "at": at,
            "direction": rng.choice(("进入", "进入", "外出")),
            "name": f"人员{n}",
            "temperature": rng.choice((36.2, 36.6, 36.8, 37.5, None)),
            "from_place": rng.choice(("郑州", "湖北武汉", "开封", "")),
            "outcome": rng.choice(("", "", "劝返", "放行")),
        }
        companions: list[dict[str, Any]] = []
        if rng.random() < 0.3:
            lead["plate"] = f"豫A{n:05d}"
            companions = [
                {"name": f"同车{n}-{k}", "temperature": rng.choice((36.5, 38.1))} for k in range(rng.randrange(3))
            ]
        done = register_entry(lead, companions)
        written += [
            {
                "checkpoint": e.checkpoint_id,
                "day": e.at.date(),
                "direction": e.direction,
                "flags": e.flags,
                "outcome": e.outcome,
                "vehicle": e.vehicle_id,
            }
            for e in done.entries
        ]
    return written


@pytest.mark.parametrize("seed", [1, 2])
def test_the_days_statistics_equal_a_plain_count(gates: list[int], seed: int) -> None:
    written = _generate(gates, seed)
    week = [q.day_statistics(DAY + timedelta(days=k)).total for k in (-1, 0, 1)]
    for field in ("people_in", "people_out", "vehicles", "flagged", "turned_back"):
        assert sum(getattr(t, field) for t in week) > 0, field  # the data has every kind to count
    for day in (DAY - timedelta(days=1), DAY, DAY + timedelta(days=1), DAY + timedelta(days=2)):
        stats = q.day_statistics(day)
        assert [c.checkpoint for c in stats.checkpoints] == ["村东卡点", "村西卡点"]  # not the closed one
        for counts in [*stats.checkpoints, stats.total]:
            mine = [w for w in written if w["day"] == day and counts.checkpoint_id in (None, w["checkpoint"])]
            expected = (
                sum(w["direction"] == "进入" for w in mine),
                sum(w["direction"] == "外出" for w in mine),
                len({w["vehicle"] for w in mine if w["vehicle"] is not None}),
                sum(bool(w["flags"]) for w in mine),
                sum(w["outcome"] == "劝返" for w in mine),
                len(mine),
            )
            got = (counts.people_in, counts.people_out, counts.vehicles, counts.flagged, counts.turned_back)
            assert (*got, counts.entries) == expected, (day, counts.checkpoint)
        one = q.day_statistics(day, gates[1])
        assert one.checkpoints == [stats.checkpoints[1]] and one.total.entries == stats.checkpoints[1].entries
    daily = q.daily_totals(DAY - timedelta(days=2), DAY + timedelta(days=1))
    per_day = Counter(w["day"] for w in written)
    assert [(d, c.entries) for d, c in daily] == [
        (DAY - timedelta(days=2 - k), per_day.get(DAY - timedelta(days=2 - k), 0)) for k in range(4)
    ]
    assert daily[2][1] == q.day_statistics(DAY).total  # (the totals' names alike)


def test_the_register_and_its_vehicles(gates: list[int]) -> None:
    east, _west = gates
    done = register_entry(
        {
            "checkpoint": east,
            "at": datetime(2026, 12, 3, 7, 30),
            "name": "王大军",
            "plate": "豫A12345",
            "temperature": 36.5,
        },
        companions=[{"name": "王小军", "temperature": 38.2}],
        vehicle={"vehicle_type": "货车"},
    )
    register_entry({"checkpoint": east, "at": datetime(2026, 12, 3, 7, 0), "name": "李步行"})
    lines = q.register_lines(DAY, east)
    assert [line.name for line in lines] == ["李步行", "王大军", "王小军"]
    assert lines[2].flagged and lines[2].party_id == done.lead.id
    cars = q.vehicle_lines(DAY, east)
    assert [(c.plate, c.vehicle_type, c.driver and c.driver.name, [p.name for p in c.passengers]) for c in cars] == [
        ("豫A12345", "货车", "王大军", ["王小军"])
    ]
    assert [line.name for line in q.flagged_open(DAY)] == ["王小军"]
    checkpoint_actions.set_outcome([lines[2].id], "劝返")
    assert q.entry_line(lines[2].id) is not None and q.entry_line(lines[2].id).outcome == "劝返"  # type: ignore[union-attr]


def test_lookup_keys() -> None:
    assert q.lookup_key("4101 0219") == ("id_number", "41010219")
    assert q.lookup_key("11010519491231002x") == ("id_number", "11010519491231002X")
    assert q.lookup_key("ZSF") == ("pinyin_initials", "zsf")
    assert q.lookup_key("张三") == ("name", "张三")
    assert q.lookup_key("12") == ("", "")


def test_the_demo_village_has_its_gates_and_recent_entries(db_path: object) -> None:
    from db.demo import build_demo_village
    from db.models import GateEntry, Person

    build_demo_village(people=300, seed=2020, today=DAY)
    lines = q.checkpoints()
    assert [(c.name, c.hours) for c in lines] == [("村东路口卡点", "24小时"), ("村西桥头卡点", "普通")]
    entries = list(GateEntry.select())
    assert len(entries) >= 50
    assert {e.at.date() for e in entries} <= {DAY - timedelta(days=k) for k in range(5)}
    days = q.daily_totals(DAY - timedelta(days=4), DAY)
    assert sum(c.entries for _d, c in days) == len(entries)
    villagers = [e for e in entries if e.person_id is not None]
    assert villagers and all(Person.get_by_id(e.person_id).id_number == e.id_number for e in villagers)
    assert any(e.vehicle_id is not None and e.party_id is not None for e in entries)  # a car with passengers
