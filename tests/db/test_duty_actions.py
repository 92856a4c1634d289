"""Who stands duty, the posts and their shift patterns, attendance and the duty log: checked before anything
is written, each change one audited transaction."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import pytest

from db import duty_actions
from db.duty_actions import DutyError
from db.models import AuditEntry, DutyApart, DutyAssignment, DutyLog, DutyPerson, DutyPost, DutyShift
from db.rules import shift_patterns
from db.rules.shift_patterns import PatternError, PatternShift

DAY = date(2026, 12, 3)


def _shift(post: DutyPost, person: DutyPerson) -> DutyAssignment:
    shift = DutyShift.create(
        post=post,
        day=DAY,
        seq=0,
        name="白班",
        starts=datetime(2026, 12, 3, 8),
        ends=datetime(2026, 12, 3, 20),
        needs=2,
        needs_leader=True,
    )
    return DutyAssignment.create(shift=shift, person=person)


def test_a_person_is_checked_and_kept_with_their_limits(db_path: Path) -> None:
    cadre = duty_actions.save_person(
        {"name": " 李书记 ", "kind": "村干部", "phone": "13800001111", "weekdays": "5431", "away": [DAY]}
    )
    assert (cadre.name, cadre.can_lead, cadre.weekdays) == ("李书记", True, "1345")  # a cadre may lead
    assert duty_actions.away_days(DutyPerson.get_by_id(cadre.id)) == {DAY}
    volunteer = duty_actions.save_person({"name": "王志愿", "no_night": True, "max_per_week": 3})
    assert (volunteer.kind, volunteer.can_lead, volunteer.no_night) == ("志愿者", False, True)
    for values, words in (
        ({"name": ""}, "请填写姓名"),
        ({"name": "张三", "kind": "厨师"}, "类别“厨师”不对"),
        ({"name": "张三", "phone": "1380000"}, "联系电话“1380000”不是手机号"),
        ({"name": "张三", "weekdays": "089"}, "1–7 的数字"),
        ({"name": "张三", "max_per_week": 0}, "每周最多班次"),
        ({"name": "张三", "shoe_size": 42}, "没有这些项：shoe_size"),
    ):
        with pytest.raises(DutyError, match=words):
            duty_actions.save_person(values)
    assert DutyPerson.select().count() == 2  # nothing refused was written
    summaries = [e.summary for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert summaries == ["新增值班人员：李书记", "新增值班人员：王志愿"]


def test_two_people_are_kept_apart_once_whichever_is_named_first(db_path: Path) -> None:
    a = duty_actions.save_person({"name": "甲"})
    b = duty_actions.save_person({"name": "乙"})
    duty_actions.set_apart(b.id, a.id)
    duty_actions.set_apart(a.id, b.id)  # the same pair again: nothing new
    assert [(r.first_id, r.second_id) for r in DutyApart.select()] == [(a.id, b.id)]
    duty_actions.set_apart(a.id, b.id, apart=False)
    assert DutyApart.select().count() == 0
    with pytest.raises(DutyError, match="和自己"):
        duty_actions.set_apart(a.id, a.id)
    assert [e.summary for e in AuditEntry.select().where(AuditEntry.table == "duty_apart")] == [
        "不同班：甲、乙",
        "取消不同班：甲、乙",
    ]


def test_a_post_takes_a_preset_or_its_own_shifts_and_refuses_overlaps(db_path: Path) -> None:
    post = duty_actions.save_post({"name": "村东卡点", "pattern": "三班倒（每班8小时）"})
    assert [s.name for s in shift_patterns.from_json(post.pattern)] == ["零点班", "八点班", "四点班"]
    assert (post.per_shift, post.needs_leader, post.kind) == (2, True, "卡点值守")
    own = shift_patterns.to_json((PatternShift("晚班", time(18), 6), PatternShift("早班", time(7), 11)))
    patrol = duty_actions.save_post({"name": "夜间巡逻", "kind": "巡逻", "pattern": own, "per_shift": 3})
    assert [(s.name, s.start) for s in shift_patterns.from_json(patrol.pattern)] == [
        ("早班", time(7)),
        ("晚班", time(18)),
    ]  # in the order of the day
    overlapping = shift_patterns.to_json((PatternShift("白班", time(8), 12), PatternShift("夜班", time(19), 12)))
    with pytest.raises(DutyError, match="村西卡点：白班（08:00 起 12 小时）与夜班重叠"):
        duty_actions.save_post({"name": "村西卡点", "pattern": overlapping})
    past_midnight = shift_patterns.to_json((PatternShift("夜班", time(20), 14), PatternShift("白班", time(8), 10)))
    with pytest.raises(DutyError, match="夜班（20:00 起 14 小时）与白班重叠"):  # runs into the next morning's
        duty_actions.save_post({"name": "村西卡点", "pattern": past_midnight})
    with pytest.raises(DutyError, match="已有名为“村东卡点”"):
        duty_actions.save_post({"name": "村东卡点"})
    with pytest.raises(DutyError, match="每班人数"):
        duty_actions.save_post({"name": "消杀", "per_shift": 0})
    assert DutyPost.select().count() == 2


def test_a_pattern_kept_by_hand_is_checked_when_read() -> None:
    with pytest.raises(PatternError, match="无法读取"):
        shift_patterns.from_json('[{"name": "白班"}]')
    with pytest.raises(PatternError, match="时长 30 小时不对"):
        shift_patterns.from_json(json.dumps([{"name": "白班", "start": "08:00", "hours": 30}]))
    with pytest.raises(PatternError, match="班次名称“白班”重复"):
        shift_patterns.checked((PatternShift("白班", time(8), 4), PatternShift("白班", time(14), 4)))


def test_attendance_is_signed_in_then_out_within_the_shift(db_path: Path) -> None:
    post = duty_actions.save_post({"name": "村东卡点"})
    duty = _shift(post, duty_actions.save_person({"name": "王志愿"}))
    with pytest.raises(DutyError, match="还没有签到"):
        duty_actions.sign_out(duty.id, datetime(2026, 12, 3, 20))
    with pytest.raises(DutyError, match="不在这个班次的时间内"):
        duty_actions.sign_in(duty.id, datetime(2026, 12, 3, 5, 30))  # more than two hours early
    duty_actions.sign_in(duty.id, datetime(2026, 12, 3, 7, 50))
    with pytest.raises(DutyError, match="已于 07:50 签到"):
        duty_actions.sign_in(duty.id, datetime(2026, 12, 3, 8))
    with pytest.raises(DutyError, match="早于签到时间"):
        duty_actions.sign_out(duty.id, datetime(2026, 12, 3, 7))
    duty_actions.sign_out(duty.id, datetime(2026, 12, 3, 20, 5))
    kept = DutyAssignment.get_by_id(duty.id)
    assert (kept.signed_in, kept.signed_out) == (datetime(2026, 12, 3, 7, 50), datetime(2026, 12, 3, 20, 5))


def test_a_shift_has_one_duty_log_written_again_at_hand_over(db_path: Path) -> None:
    post = duty_actions.save_post({"name": "村东卡点"})
    shift_id = _shift(post, duty_actions.save_person({"name": "王志愿"})).shift_id
    duty_actions.write_log(shift_id, {"registered": 41, "turned_back": 2}, datetime(2026, 12, 3, 15))
    duty_actions.write_log(
        shift_id,
        {"registered": 57, "turned_back": 3, "fevers": "无", "handover": "东口栏杆松动", "handed_by": "王志愿"},
        datetime(2026, 12, 3, 20),
    )
    logs = list(DutyLog.select())
    assert [(g.registered, g.turned_back, g.handover, g.written_at) for g in logs] == [
        (57, 3, "东口栏杆松动", datetime(2026, 12, 3, 20))
    ]
    with pytest.raises(DutyError, match="劝返人数应为不小于 0 的整数"):
        duty_actions.write_log(shift_id, {"turned_back": -1}, datetime(2026, 12, 3, 21))
    assert DutyLog.get().turned_back == 3
