"""The quarantine ledger's rules: how days are counted, status history, readings, and the day's figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from db import changes
from db import quarantine_actions as qa
from db.models import Case, CaseEvent, Policy, Reading
from db.models.quarantine import CaseKind, CaseStatus, EventKind
from db.queries import cases as case_queries
from db.rules.observation import Stage, parse_stages, period_of

NOV_1 = date(2026, 11, 1)


def test_the_start_day_is_day_one_and_release_is_the_day_after_the_last() -> None:
    period = period_of((Stage("居家隔离医学观察", 14),), NOV_1, None, "start")
    assert (period.first_day, period.last_day, period.release_due) == (NOV_1, date(2026, 11, 14), date(2026, 11, 15))
    assert period.day_number(NOV_1) == 1
    assert period.day_number(date(2026, 11, 14)) == 14
    assert period.day_number(date(2026, 11, 15)) is None


def test_stages_follow_each_other_without_a_gap() -> None:
    period = period_of((Stage("集中隔离医学观察", 7), Stage("居家健康监测", 7)), NOV_1, None, "start")
    assert period.stages == (
        ("集中隔离医学观察", NOV_1, date(2026, 11, 7)),
        ("居家健康监测", date(2026, 11, 8), date(2026, 11, 14)),
    )
    assert period.stage_on(date(2026, 11, 8)) == "居家健康监测"


def test_counting_from_the_exposure_starts_the_day_after_it() -> None:
    # Found late: exposed on 25 October, observation starts 1 November; the days already past count.
    period = period_of((Stage("居家隔离医学观察", 14),), NOV_1, date(2026, 10, 25), "exposure")
    assert period.first_day == date(2026, 10, 26)
    assert period.last_day == date(2026, 11, 8)
    # Without an exposure date the start counts.
    assert period_of((Stage("居家隔离医学观察", 14),), NOV_1, None, "exposure").first_day == NOV_1


@pytest.mark.parametrize("text", ["", "[]", '[["居家", 0]]', '[["居家", 90]]', "not json", '[["居家"]]'])
def test_unusable_stages_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_stages(text)


def _lines(key: str, now: datetime | None = None) -> list:
    return case_queries.figure_lines(key, case_queries.today(now))


def _policy(name: str) -> Policy:
    return Policy.get(Policy.name == name)


def _open(person_id: int, start: date = NOV_1, policy: str = "14天居家隔离医学观察") -> Case:
    return qa.open_case(
        person_id,
        {
            "policy": _policy(policy).id,
            "start_date": start,
            "reason": "密切接触者",
            "source": "上级推送",
            "address": "一组12号",
            "grid_worker": "王网格",
            "doctor": "赵村医",
        },
    )


def test_a_case_keeps_the_policy_it_started_under(village: dict[str, int]) -> None:
    case = _open(village["zhang"])
    assert (case.kind, case.last_day, case.release_due) == (CaseKind.HOME.value, date(2026, 11, 14), date(2026, 11, 15))
    assert case.seal_no == "2026-0001"
    qa.save_policy(
        {"name": "14天居家隔离医学观察", "stages": '[["居家隔离医学观察", 10]]'}, _policy("14天居家隔离医学观察").id
    )
    assert Case.get_by_id(case.id).last_day == date(2026, 11, 14)  # unchanged until applied
    assert qa.apply_policy([case.id], _policy("14天居家隔离医学观察").id, date(2026, 11, 3)) == 1
    moved = Case.get_by_id(case.id)
    assert moved.last_day == date(2026, 11, 10)
    assert [e.kind for e in CaseEvent.select().where(CaseEvent.case == case.id)] == ["开始", "改用政策"]


def test_status_changes_are_dated_events_never_overwrites(village: dict[str, int]) -> None:
    case = _open(village["zhang"])
    qa.change_status(
        case.id, EventKind.TO_CENTRAL, date(2026, 11, 3), "家中不具备条件", {"site": "红旗镇隔离点", "room": "203"}
    )
    assert Case.get_by_id(case.id).kind == CaseKind.CENTRAL.value
    with pytest.raises(qa.CaseError, match="原因"):
        qa.change_status(case.id, EventKind.RELEASED, date(2026, 11, 15), "")
    qa.change_status(case.id, EventKind.RELEASED, date(2026, 11, 15), "卫生院出具解除告知")
    released = Case.get_by_id(case.id)
    assert (released.status, released.ended_on) == (CaseStatus.RELEASED.value, date(2026, 11, 15))
    history = [
        (e.kind, e.status_after) for e in CaseEvent.select().where(CaseEvent.case == case.id).order_by(CaseEvent.id)
    ]
    assert history == [("开始", "在管"), ("转集中隔离", "在管"), ("解除", "解除")]
    with pytest.raises(qa.CaseError, match="不在管控中"):
        qa.change_status(case.id, EventKind.MISSING, date(2026, 11, 16), "外出")
    # Released: the person can be registered again later.
    assert _open(village["zhang"], date(2026, 12, 1)).seal_no == "2026-0002"


def test_the_same_person_cannot_be_under_two_running_cases(village: dict[str, int]) -> None:
    _open(village["zhang"])
    with pytest.raises(qa.CaseError, match="已在管控中"):
        _open(village["zhang"])


def test_a_fever_stays_on_the_home_page_until_an_action_is_recorded(village: dict[str, int]) -> None:
    case = _open(village["zhang"], date.today())
    now = datetime.combine(date.today(), datetime.min.time()).replace(hour=9)
    assert [c.name for c in _lines("readings_missing", now)] == ["张三丰"]
    reading = qa.record_reading(case.id, date.today(), "上午", {"value": 37.6, "reporter": "王网格", "method": "上门"})
    assert _lines("readings_missing", now) == []
    assert case_queries.today(now).counts["alerts"] == 1
    assert [(a.case.name, a.value) for a in _lines("alerts", now)] == [("张三丰", 37.6)]
    qa.record_fever_action(reading.id, {"reported_at": now, "transfer_120": True, "result": "送发热门诊，核酸阴性"})
    assert _lines("alerts", now) == [] and case_queries.today(now).counts["alerts"] == 0
    # Correcting the slot's reading updates it, it does not add a second one.
    qa.record_reading(case.id, date.today(), "上午", {"value": 36.5})
    assert Reading.select().where(Reading.case == case.id).count() == 1


def test_the_days_figures(village: dict[str, int]) -> None:
    today = date.today()
    _open(village["zhang"], today)  # new today, due in 14 days
    ending = _open(village["qian"], today - timedelta(days=13))  # day 14 today: due tomorrow
    afternoon = datetime.combine(today, datetime.min.time()).replace(hour=15)
    figures = case_queries.today(afternoon)
    assert figures.slot == "下午"
    assert (figures.counts["home"], figures.active) == (2, 2)
    assert [c.name for c in _lines("new_today", afternoon)] == ["张三丰"]
    assert [c.id for c in _lines("due_tomorrow", afternoon)] == [ending.id]
    assert _lines("due_today", afternoon) == []
    # Every count opens exactly the rows it counted.
    assert all(len(_lines(f.key, afternoon)) == figures.counts[f.key] for f in case_queries.FIGURES)
    follow_up = qa.record_follow_up(
        ending.id, {"on": today, "method": "电话", "need_kind": "代购", "needs": "大米、降压药"}
    )
    assert [n.needs for n in _lines("needs")] == ["大米、降压药"]
    qa.mark_need_met(follow_up.id, today)
    assert _lines("needs") == []


def test_a_status_change_can_be_undone(village: dict[str, int]) -> None:
    case = _open(village["zhang"])
    entries_before = changes.AuditEntry.select().count()
    qa.change_status(case.id, EventKind.MISSING, date(2026, 11, 5), "夜间外出未归")
    audit_ids = [e.id for e in changes.AuditEntry.select().where(changes.AuditEntry.id > entries_before)]
    changes.undo(audit_ids)
    assert Case.get_by_id(case.id).status == CaseStatus.ACTIVE.value
    assert [e.kind for e in CaseEvent.select().where(CaseEvent.case == case.id)] == ["开始"]


def test_templates_are_versioned(db_path: Path) -> None:
    qa.save_template("notice", "第一版：{姓名}")
    qa.save_template("notice", "第二版：{姓名}")
    current = qa.current_template("notice")
    assert current is not None and (current.version, current.body) == (2, "第二版：{姓名}")


def test_a_two_stage_case_moves_into_its_second_stage_on_its_day(village: dict[str, int]) -> None:
    start = date.today() - timedelta(days=9)  # day 10 of "7天集中隔离+7天居家健康监测"
    two_stage = _open(village["zhang"], start, policy="7天集中隔离+7天居家健康监测")
    moved_early = _open(village["qian"], start, policy="7天集中隔离+7天居家健康监测")
    qa.change_status(moved_early.id, EventKind.TO_HOME, start + timedelta(days=8), "提前回家")  # after day 8 began
    assert case_queries.today().counts["central"] == 1
    assert qa.advance_stages(date.today()) == 1
    case = Case.get_by_id(two_stage.id)
    assert case.kind == CaseKind.MONITOR.value
    event = CaseEvent.select().where(CaseEvent.case == case.id).order_by(CaseEvent.id.desc()).get()
    assert (event.kind, event.on) == ("转入下一阶段", start + timedelta(days=7))
    assert Case.get_by_id(moved_early.id).kind == CaseKind.HOME.value  # the clerk's transfer wins
    assert qa.advance_stages(date.today()) == 0  # once only
    figures = case_queries.today()
    assert (figures.counts["central"], figures.counts["monitor"], figures.counts["home"]) == (0, 1, 1)
