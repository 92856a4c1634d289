"""The duty roster as the papers and screens read it (db.queries.duty): form 12's line per shift, each person's
slip, who missed a shift, heads per day; checked against what tests/data/duty_week.py wrote."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest

from db.base import database
from db.errors import LedgerError
from db.queries import duty
from tests.data.duty_week import FIRST, LAST, OPEN_DAY, OPEN_REASON, PEOPLE, SWAP_DAY, SWAP_NOTE, DutyWeek, write_week

T = TypeVar("T")
PHONES = {name: phone for name, _kind, phone, _lead in PEOPLE} | {"张三丰": "13812345678"}  # his roster phone


@pytest.fixture
def week(village: dict[str, int]) -> DutyWeek:
    return write_week(village["zhang"])


def _queries(run: Callable[[], T]) -> tuple[T, int]:
    """What a call returns and how many SELECT statements it ran (SQLite's own trace of the connection)."""
    seen: list[str] = []
    connection = database.connection()
    connection.set_trace_callback(lambda sql: seen.append(sql) if sql.lstrip().upper().startswith("SELECT") else None)
    try:
        result = run()
    finally:
        connection.set_trace_callback(None)
    return result, len(seen)


def test_a_line_per_shift_with_its_leader_people_phones_and_notes(week: DutyWeek) -> None:
    lines, queries = _queries(lambda: duty.week_lines(week.east, FIRST, LAST))
    assert queries == 2  # the shifts, then their people: never a query per shift
    expected_keys = sorted(k for k in week.shifts if k[0] == week.east)
    assert [(week.east, line.day, line.seq) for line in lines] == expected_keys
    for line in lines:
        crew = week.on[line.shift_id]
        assert line.people == tuple(crew) and line.leader_name == crew[0]
        assert line.phones == tuple(f"{n} {PHONES[n]}" for n in crew)
        assert line.weekday == "一二三四五六日"[line.day.weekday()]
    first_day, first_night = lines[0], lines[1]
    assert (first_day.weekday, first_day.label) == ("二", "白班 08:00–20:00")  # 2026-12-01 is a Tuesday
    assert first_night.label == "夜班 20:00–次日08:00" and first_night.is_night
    assert first_night.ends == datetime(2026, 12, 2, 8)
    assert first_day.attendance == ("李书记 07:55/20:02", f"{first_day.people[1]} 07:55/20:02")
    assert first_night.attendance == ("王主任 19:50/",)  # still on duty, the other not signed in
    by_key = {(line.day, line.seq): line for line in lines}
    open_shift = by_key[(OPEN_DAY, 1)]
    assert (open_shift.people, open_shift.missing) == (("王主任",), 1)
    assert open_shift.note == f"缺 1 人：{OPEN_REASON}"
    swapped = by_key[(SWAP_DAY, 0)]
    assert swapped.note == f"{swapped.people[1]} {SWAP_NOTE}"
    assert [line.note for line in lines if line not in (open_shift, swapped)] == [""] * (len(lines) - 2)


def test_an_open_leader_seat_and_a_range_without_shifts(week: DutyWeek) -> None:
    from db import changes
    from db.models import DutyAssignment

    leader = week.assignments[(week.shifts[(week.east, LAST, 0)], "李书记")]
    with changes.transaction("撤下带班", who="测试") as cs:
        cs.update(DutyAssignment.get_by_id(leader), {"leader": False})
    (line,) = [x for x in duty.week_lines(week.east, LAST, LAST) if x.seq == 0]
    assert (line.leader_name, line.missing, line.leader_missing, line.note) == ("", 0, True, "缺带班干部")
    assert duty.week_lines(week.east, LAST + timedelta(days=1), LAST + timedelta(days=7)) == []
    with pytest.raises(LedgerError, match="早于开始日期"):
        duty.week_lines(week.east, LAST, FIRST)


def test_the_roster_holds_the_posts_with_shifts_and_their_header(week: DutyWeek) -> None:
    roster, queries = _queries(lambda: duty.roster(FIRST, LAST))
    assert queries == 4  # shifts, people, posts, village
    east, west = roster.posts
    assert (east.name, east.where, east.head, east.head_phone) == (
        "村东卡点",
        "村东卡点（S312与村道交叉口）",
        "李书记",
        "13800001111",
    )
    assert east.title_words == "疫情防控卡点值班表" and roster.village == "东风村"
    assert len(east.lines) == 14 and len(west.lines) == 3
    assert roster.people == len({n for crew in week.on.values() for n in crew})
    later = duty.roster(LAST + timedelta(days=1), LAST + timedelta(days=2), week.west)
    assert later.posts[0].lines == ()  # a post asked for by name is printed even when empty
    with pytest.raises(LedgerError, match="没有排班"):
        duty.roster(LAST + timedelta(days=1), LAST + timedelta(days=2))


def test_each_persons_slip_names_their_partners_and_the_leaders_phone(week: DutyWeek) -> None:
    slips, queries = _queries(lambda: duty.person_slips(FIRST, LAST))
    assert queries == 1
    expected: dict[str, list[tuple[date, str, tuple[str, ...], str]]] = {}
    for (post, day, _seq), shift_id in sorted(week.shifts.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0])):
        crew = week.on[shift_id]
        for who in crew:
            partners = tuple(n for n in crew if n != who)
            expected.setdefault(who, []).append(
                (day, "村东卡点" if post == week.east else "村西卡点", partners, crew[0])
            )
    assert {s.name for s in slips} == set(expected)
    for slip in slips:
        assert slip.phone == PHONES[slip.name]
        got = [(s.day, s.post, s.partners, s.leader_name) for s in slip.shifts]
        assert got == expected[slip.name], slip.name
        assert all(s.leader_phone == PHONES[s.leader_name] for s in slip.shifts)
        assert all(s.leads == (s.leader_name == slip.name) for s in slip.shifts)
    assert [s.name for s in slips][:3] == ["陈委员", "李书记", "刘志愿"]  # pinyin order: chen, li, liu
    assert {s.name for s in slips[1].shifts} == {"白班"}  # 李书记 leads the day shifts only


def test_missed_shifts_are_those_ended_without_a_sign_in(week: DutyWeek) -> None:
    now = datetime(2026, 12, 2, 9, 0)  # the 1st's night shift ended at 08:00
    found, queries = _queries(lambda: duty.missed(now))
    assert queries == 1
    night = week.shifts[(week.east, FIRST, 1)]
    west = week.shifts[(week.west, FIRST, 0)]
    expected = {(week.assignments[(night, who)]) for who in week.on[night][1:]}  # the leader signed in
    expected |= {week.assignments[(west, who)] for who in week.on[west]}  # nobody signed in at 村西卡点
    assert {m.assignment_id for m in found} == expected
    first = found[0]
    assert (first.post, first.shift, first.times) == ("村东卡点", "夜班", "20:00–次日08:00")  # the latest first
    assert first.phone == PHONES[first.name]
    assert duty.missed(datetime(2026, 12, 1, 20, 1)) == [m for m in found if m.post == "村西卡点"]
    assert duty.missed(now, since=FIRST + timedelta(days=1)) == []


def test_heads_per_day_across_posts(week: DutyWeek) -> None:
    from db import changes
    from db.models import DutyAssignment

    west = week.shifts[(week.west, FIRST, 0)]  # 08:00–18:00, before the same person's night shift at 村东卡点
    with changes.transaction("加一人", who="测试") as cs:
        cs.create(DutyAssignment, {"shift": west, "person": week.people["孙志愿"]})
    week.on[west] = [*week.on[west], "孙志愿"]
    heads, queries = _queries(lambda: duty.heads_per_day(FIRST, LAST))
    assert queries == 2
    expected = []
    day = FIRST
    while day <= LAST:
        ids = [sid for (post, d, seq), sid in week.shifts.items() if d == day]
        crews = [week.on[sid] for sid in ids]
        expected.append((day, len({n for c in crews for n in c}), sum(len(c) for c in crews), 2 * len(ids)))
        day += timedelta(days=1)
    assert [(h.day, h.people, h.filled, h.needed) for h in heads] == expected
    assert heads[4].filled == heads[4].needed - 1  # the open seat on 12月5日
    assert heads[0].people == heads[0].filled - 1  # 孙志愿 twice on the 1st, one head


def test_no_duty_no_lines(db_path: Path) -> None:
    assert duty.person_slips(FIRST, LAST) == [] and duty.heads_per_day(FIRST, LAST) == []
    assert duty.missed(datetime(2026, 12, 9)) == []


def test_shift_hours_as_the_roster_writes_them() -> None:
    day = datetime(2026, 12, 1)
    assert duty.shift_times(day.replace(hour=8), day.replace(hour=20)) == "08:00–20:00"
    assert duty.shift_times(day.replace(hour=20), day + timedelta(days=1, hours=8)) == "20:00–次日08:00"
    assert duty.shift_times(day.replace(hour=16), day + timedelta(days=1)) == "16:00–24:00"
    assert duty.shift_times(day, day + timedelta(days=2)) == "00:00–2日后00:00"
