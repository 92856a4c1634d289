"""A week of duty written straight into the tables (as the roster generator would leave it), for the duty
roster's queries, papers and export: 村东卡点 with 白班 08:00–20:00 and 夜班 20:00–次日08:00 from 12月1日 to
12月7日, a 带班干部 on every shift and a second person on all but one (12月5日 夜班, left open with its
reason); one swap noted; 12月1日 signed in and out on 白班, and on 夜班 only the leader signed in (the other
missed it). 村西卡点 has a daytime shift on 12月1日–12月3日 only (陈委员 and 刘志愿), for a second page.

Every row goes through db.changes (cs.create), so the audit trail is as a real roster's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from db import changes
from db.models import Checkpoint, DutyAssignment, DutyPerson, DutyPost, DutyShift
from db.rules import shift_patterns

FIRST = date(2026, 12, 1)
LAST = date(2026, 12, 7)
OPEN_DAY = date(2026, 12, 5)
SWAP_DAY = date(2026, 12, 3)
OPEN_REASON = "值守人员不足（需 2 人，可用 1 人，其中 1 人休息不足 12 小时）"
SWAP_NOTE = "调班：与孙志愿对调（12月2日申请，李书记同意）"
#: (name, kind, phone, can_lead); 张三丰's duty phone is empty: his roster phone is used.
PEOPLE = (
    ("李书记", "村干部", "13800001111", True),
    ("王主任", "村干部", "13800002222", True),
    ("赵党员", "党员", "13900003333", False),
    ("孙志愿", "志愿者", "13900004444", False),
    ("周志愿", "志愿者", "0371-61234567", False),
    ("张三丰", "志愿者", "", False),
    ("钱𠮷祥", "志愿者", "15937112345", False),
    ("陈委员", "村干部", "13800003333", True),
    ("刘志愿", "志愿者", "13900006666", False),
)
WATCHERS = ("赵党员", "孙志愿", "周志愿", "张三丰", "钱𠮷祥")


@dataclass
class DutyWeek:
    """What was written: ids by name, and per (post, day, seq) the shift id and its people (leader first)."""

    people: dict[str, int]
    east: int
    west: int
    shifts: dict[tuple[int, date, int], int] = field(default_factory=dict)
    on: dict[int, list[str]] = field(default_factory=dict)
    assignments: dict[tuple[int, str], int] = field(default_factory=dict)


def write_week(zhang_person_id: int) -> DutyWeek:
    """The week above, in one transaction; zhang_person_id: the roster's 张三丰 (the village fixture's)."""
    with changes.transaction("测试排班", who="测试") as cs:
        people = {}
        for name, kind, phone, lead in PEOPLE:
            values = {"name": name, "kind": kind, "phone": phone, "can_lead": lead}
            if name == "张三丰":
                values["person"] = zhang_person_id
            people[name] = cs.create(DutyPerson, values).id
        gate = cs.create(Checkpoint, {"name": "村东卡点", "place": "S312与村道交叉口", "hours": "24小时"})
        two = shift_patterns.to_json(shift_patterns.PRESETS["两班倒（每班12小时）"])
        day_only = shift_patterns.to_json(shift_patterns.PRESETS["白天值守（8:00–18:00）"])
        east = cs.create(
            DutyPost,
            {
                "name": "村东卡点",
                "checkpoint": gate.id,
                "pattern": two,
                "head": "李书记",
                "head_phone": "13800001111",
                "sort_order": 1,
            },
        )
        west = cs.create(
            DutyPost,
            {"name": "村西卡点", "pattern": day_only, "head": "陈委员", "head_phone": "13800003333", "sort_order": 2},
        )
        week = DutyWeek(people, east.id, west.id)
        n = 0
        day = FIRST
        while day <= LAST:
            for seq, (name, start, hours) in enumerate((("白班", 8, 12), ("夜班", 20, 12))):
                starts = datetime.combine(day, time(start))
                reason = OPEN_REASON if (day, seq) == (OPEN_DAY, 1) else ""
                shift = cs.create(
                    DutyShift,
                    {
                        "post": east.id,
                        "day": day,
                        "seq": seq,
                        "name": name,
                        "starts": starts,
                        "ends": starts + timedelta(hours=hours),
                        "is_night": seq == 1,
                        "needs": 2,
                        "needs_leader": True,
                        "open_reason": reason,
                    },
                )
                week.shifts[(east.id, day, seq)] = shift.id
                leader = "李书记" if seq == 0 else "王主任"
                crew = [leader] if reason else [leader, WATCHERS[n % len(WATCHERS)]]
                n += 0 if reason else 1
                week.on[shift.id] = crew
                for who in crew:
                    values = {"shift": shift.id, "person": people[who], "leader": who == leader}
                    if (day, seq) == (SWAP_DAY, 0) and who != leader:
                        values.update({"fixed": True, "note": SWAP_NOTE})
                    if day == FIRST and seq == 0:
                        values.update(
                            {"signed_in": datetime(2026, 12, 1, 7, 55), "signed_out": datetime(2026, 12, 1, 20, 2)}
                        )
                    if day == FIRST and seq == 1 and who == leader:
                        values["signed_in"] = datetime(2026, 12, 1, 19, 50)
                    week.assignments[(shift.id, who)] = cs.create(DutyAssignment, values).id
            day += timedelta(days=1)
        for offset in range(3):
            day = FIRST + timedelta(days=offset)
            starts = datetime.combine(day, time(8))
            shift = cs.create(
                DutyShift,
                {
                    "post": west.id,
                    "day": day,
                    "seq": 0,
                    "name": "白班",
                    "starts": starts,
                    "ends": starts + timedelta(hours=10),
                    "needs": 2,
                    "needs_leader": True,
                },
            )
            week.shifts[(west.id, day, 0)] = shift.id
            crew = ["陈委员", "刘志愿"]
            week.on[shift.id] = crew
            for who in crew:
                row = {"shift": shift.id, "person": people[who], "leader": who == "陈委员"}
                week.assignments[(shift.id, who)] = cs.create(DutyAssignment, row).id
    return week
