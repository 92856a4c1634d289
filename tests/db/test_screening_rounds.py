"""Screening rounds through the save path: visits and findings round trip, revisits update, refusals write
nothing, a round with gaps is not closed without the clerk's word."""

from __future__ import annotations

import json
from datetime import date

import pytest

from db import changes, screening_actions
from db.models import AuditEntry, Finding, Person, RoundGrid, ScreeningRound, Visit
from db.models.screening import RoundStatus, VisitOutcome
from db.queries import screening
from db.screening_actions import RoundHasGaps, ScreeningError
from db.session import NotAllowed, Role, Session, begin

DAY = date(2026, 11, 2)


def _round(village: dict[str, int], grid_ids: list[int] | None = None) -> ScreeningRound:
    return screening_actions.new_round("第二轮拉网排查", date(2026, 11, 1), date(2026, 11, 7), grid_ids)


def _members(household_id: int) -> dict[str, int]:
    return {p.name: p.id for p in Person.select().where(Person.household == household_id)}


def _written() -> tuple[int, int, int]:
    return Visit.select().count(), Finding.select().count(), AuditEntry.select().count()


def test_a_round_covers_all_grids_with_their_workers_unless_told(village: dict[str, int]) -> None:
    everywhere = _round(village)
    grids = {g.grid_id: g.worker for g in RoundGrid.select().where(RoundGrid.round == everywhere.id)}
    assert grids == {village["grid_one"]: "王网格", village["grid_two"]: ""}
    some = screening_actions.new_round(
        "补充排查", DAY, DAY, [village["grid_two"]], workers={village["grid_two"]: "赵网格"}
    )
    assert [(g.grid_id, g.worker) for g in RoundGrid.select().where(RoundGrid.round == some.id)] == [
        (village["grid_two"], "赵网格")
    ]
    assert some.status == RoundStatus.OPEN.value
    with pytest.raises(ScreeningError, match="结束日期早于开始日期"):
        screening_actions.new_round("倒过来", DAY, date(2026, 11, 1))


def test_a_visit_and_its_findings_round_trip(village: dict[str, int]) -> None:
    r = _round(village)
    people = _members(village["h1"])
    findings = [
        {
            "person": people["张三丰"],
            "temperature": 37.8,
            "symptoms": ["咳嗽", "乏力"],
            "area_code": "420111",
            "returned_on": date(2026, 10, 30),
            "travel_means": "火车",
            "travel_number": "G507",
            "contact": "确诊或疑似病例",
            "measure": "居家隔离",
            "note": "已报卫生院",
        },
        {"person": people["李秀英"], "temperature": 36.5, "symptoms": "无"},
    ]
    visit = screening_actions.record_visit(r.id, village["h1"], DAY, "", "已排查", findings, note="全家在家")
    stored = Visit.get_by_id(visit.id)
    assert (stored.on, stored.worker, stored.outcome, stored.note) == (DAY, "王网格", "已排查", "全家在家")
    by_person = {f.person_id: f for f in Finding.select().where(Finding.visit == visit.id)}
    zhang, li = by_person[people["张三丰"]], by_person[people["李秀英"]]
    assert (zhang.temperature, zhang.symptoms, zhang.area_code, zhang.area_name) == (
        37.8,
        "咳嗽、乏力",
        "420111",
        "武汉市洪山区",
    )
    assert (zhang.returned_on, zhang.travel_means, zhang.travel_number) == (date(2026, 10, 30), "火车", "G507")
    assert (zhang.contact, zhang.measure, zhang.note) == ("确诊或疑似病例", "居家隔离", "已报卫生院")
    assert (li.temperature, li.symptoms, li.contact, li.measure, li.area_code) == (36.5, "", "无", "无", None)
    entry = AuditEntry.select().where(AuditEntry.table == "finding").order_by(AuditEntry.id).first()
    assert entry.action == "create" and "入户排查" in entry.summary


def test_a_revisit_updates_the_visit_and_keeps_the_trail(village: dict[str, int]) -> None:
    r = _round(village)
    first = screening_actions.record_visit(r.id, village["h2"], DAY, "赵网格", VisitOutcome.NOBODY_HOME.value)
    assert [g.household_id for g in screening.gaps(r.id)] == [village["h1"], village["h2"]]
    people = _members(village["h2"])
    again = screening_actions.record_visit(
        r.id, village["h2"], date(2026, 11, 4), "赵网格", "已排查", [{"person": people["钱𠮷祥"], "temperature": 36.6}]
    )
    assert again.id == first.id
    assert Visit.select().count() == 1
    assert Visit.get_by_id(first.id).outcome == "已排查"
    update = AuditEntry.get((AuditEntry.table == "visit") & (AuditEntry.action == "update"))
    assert json.loads(update.before)["outcome"] == "无人在家待复查"
    assert json.loads(update.after)["outcome"] == "已排查"
    # a third look corrects one person's finding, leaving the others as they were
    screening_actions.record_visit(
        r.id, village["h2"], date(2026, 11, 4), "赵网格", "已排查", [{"person": people["钱𠮷祥"], "temperature": 36.9}]
    )
    assert [f.temperature for f in Finding.select()] == [36.9]
    assert [g.household_id for g in screening.gaps(r.id)] == [village["h1"]]


def test_all_normal_is_one_call_for_the_people_in_the_village(village: dict[str, int]) -> None:
    r = _round(village)
    people = _members(village["h1"])
    with changes.transaction("外出", who="测试") as cs:
        cs.update(Person.get_by_id(people["李秀英"]), {"status": "外出"})
    screening_actions.record_visit(
        r.id, village["h1"], DAY, "", "已排查", [{"person": people["张三丰"], "temperature": 38.2, "symptoms": "咳嗽"}]
    )
    visit = screening_actions.mark_all_normal(r.id, village["h1"], DAY)
    findings = list(Finding.select().where(Finding.visit == visit.id))
    assert [(f.person_id, f.temperature, f.symptoms) for f in findings] == [(people["张三丰"], None, "")]
    assert Visit.get_by_id(visit.id).outcome == "已排查"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"household": "h2", "finding_of": "zhang"}, "张三丰 不是户主 钱𠮷祥 家的成员"),
        ({"temperature": 33.0}, "张三丰 的体温：33.0℃ 不在 34～43℃ 之间"),
        ({"contact": "有"}, "张三丰 的接触史“有”不是"),
        ({"area_code": "999999"}, "张三丰 的来源地：地区代码“999999”不在行政区划表中"),
        ({"outcome": "不在家"}, "走访结果“不在家”不是"),
        ({"returned_on": date(2026, 11, 3)}, "张三丰 的返回日期 2026-11-03 晚于走访日期 2026-11-02"),
        (
            {"grid": "one_only", "household": "h2", "finding_of": "qian"},
            "二组3号 钱𠮷祥（户号 02-0001）不在本轮排查范围内",
        ),
        ({"closed": True}, "“第二轮拉网排查”已结束，不能再登记或修改"),
    ],
    ids=[
        "other-household",
        "temperature",
        "contact",
        "area",
        "outcome",
        "returned-later",
        "outside-grids",
        "closed-round",
    ],
)
def test_refusals_say_why_and_write_nothing(village: dict[str, int], change: dict[str, object], words: str) -> None:
    r = _round(village, [village["grid_one"]] if change.get("grid") == "one_only" else None)
    if change.get("closed"):
        screening_actions.close_round(r.id, DAY, accept_gaps=True)
    household = village[str(change.get("household", "h1"))]
    person = village[str(change.get("finding_of", "zhang"))]
    finding: dict[str, object] = {"person": person, "temperature": change.get("temperature", 36.5)}
    if "contact" in change:
        finding["contact"] = change["contact"]
    for field in ("area_code", "returned_on"):
        if field in change:
            finding[field] = change[field]
    before = _written()
    with pytest.raises(ScreeningError) as refused:
        screening_actions.record_visit(r.id, household, DAY, "", str(change.get("outcome", "已排查")), [finding])
    assert words in str(refused.value)
    assert _written() == before


def test_a_half_valid_household_writes_nothing(village: dict[str, int]) -> None:
    """The first person's finding is fine, the second's temperature is not: neither is kept."""
    r = _round(village)
    people = _members(village["h1"])
    before = _written()
    with pytest.raises(ScreeningError, match="李秀英 的体温"):
        screening_actions.record_visit(
            r.id,
            village["h1"],
            DAY,
            "",
            "已排查",
            [{"person": people["张三丰"], "temperature": 36.5}, {"person": people["李秀英"], "temperature": 365.0}],
        )
    assert _written() == before


def test_a_read_only_operator_cannot_record_a_visit(village: dict[str, int]) -> None:
    r = _round(village)
    begin(Session("只读员", Role.READONLY))
    with pytest.raises(NotAllowed):
        screening_actions.mark_all_normal(r.id, village["h1"], DAY)
    begin(None)
    assert Visit.select().count() == 0


def test_closing_with_gaps_is_refused_then_accepted(village: dict[str, int]) -> None:
    r = _round(village)
    screening_actions.mark_all_normal(r.id, village["h1"], DAY)
    screening_actions.record_visit(r.id, village["h2"], DAY, "", "拒绝配合", note="不开门")
    before = AuditEntry.select().count()
    with pytest.raises(RoundHasGaps) as refused:
        screening_actions.close_round(r.id, date(2026, 11, 7))
    assert [(g.household_id, g.outcome) for g in refused.value.gaps] == [(village["h2"], "拒绝配合")]
    assert "1 户没有排查完" in str(refused.value)
    assert ScreeningRound.get_by_id(r.id).status == RoundStatus.OPEN.value
    assert AuditEntry.select().count() == before

    screening_actions.close_round(r.id, date(2026, 11, 7), accept_gaps=True)
    closed = ScreeningRound.get_by_id(r.id)
    assert (closed.status, closed.closed_on) == (RoundStatus.CLOSED.value, date(2026, 11, 7))
    assert "钱𠮷祥" in closed.closing_note and "拒绝配合" in closed.closing_note
    with pytest.raises(ScreeningError, match="已结束"):
        screening_actions.close_round(r.id, date(2026, 11, 8))


def test_a_round_without_gaps_closes_with_an_empty_note(village: dict[str, int]) -> None:
    r = _round(village)
    for household in (village["h1"], village["h2"]):
        screening_actions.mark_all_normal(r.id, household, DAY)
    closed = screening_actions.close_round(r.id, date(2026, 11, 7))
    assert (closed.status, closed.closing_note) == (RoundStatus.CLOSED.value, "")
