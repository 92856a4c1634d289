"""A pushed list is written whole and matched; each name is confirmed, moved and closed through signed steps."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from db import changes, pushed_actions
from db.imports.pushed import BatchAlreadyImported, PlannedItem, PushedPlan, apply_pushed_plan
from db.models import Case, ItemStep, Person, Policy, PushedBatch, PushedItem, PushedSource
from db.models.pushed import ItemStatus, MatchReason
from db.models.quarantine import CaseKind, CaseSource
from db.pushed_actions import PushedError
from db.queries import pushed as pq
from db.rules.id_number import check_digit

RECEIVED = datetime(2026, 12, 2, 9, 0)
ZHANG_ID = "11010519491231002X"
OUYANG_ID = "42011119800101123" + check_digit("42011119800101123")


def _plan(sha: str = "a" * 64) -> PushedPlan:
    cells = [
        ["张三丰", ZHANG_ID, "13812345678"],
        ["李秀英", "", ""],
        ["章三丰", "", "15912345678"],
        ["欧阳峰", OUYANG_ID, ""],
    ]
    items = [
        PlannedItem(5, cells[0], "张三丰", ZHANG_ID, "13812345678"),
        PlannedItem(6, cells[1], "李秀英"),
        PlannedItem(7, cells[2], "章三丰", "", "15912345678"),
        PlannedItem(8, cells[3], "欧阳峰", OUYANG_ID, origin="湖北省武汉市"),
    ]
    return PushedPlan(
        source="铁路12306",
        issuer="红旗镇疫情防控指挥部",
        batch_no="2026-12-02-01",
        file_name="推送名单.xlsx",
        file_sha256=sha,
        sheet_name="Sheet1",
        header_lines=[["核查名单"], ["下发单位：红旗镇疫情防控指挥部"]],
        columns=["姓名", "身份证号", "电话"],
        mapping={0: "name", 1: "id_number", 2: "phone"},
        remembered={"姓名": "name", "身份证号": "id_number", "电话": "phone"},
        items=items,
        rows_read=4,
        sheets=["Sheet1"],
    )


def _items(batch_id: int) -> dict[str, PushedItem]:
    return {i.name: i for i in PushedItem.select().where(PushedItem.batch == batch_id)}


def test_a_list_is_written_whole_matched_and_remembered_for_its_source(village: dict[str, int]) -> None:
    result = apply_pushed_plan(_plan(), RECEIVED, 24)
    assert (result.items, result.exact, result.proposed, result.unmatched) == (4, 1, 1, 2)
    items = _items(result.batch_id)
    assert (items["张三丰"].person_id, items["张三丰"].match_confirmed) == (village["zhang"], True)
    assert items["章三丰"].match_reason == MatchReason.PINYIN_PHONE_TAIL.value  # 章/张, phone ends 5678
    assert (items["章三丰"].person_id, items["章三丰"].match_confirmed) == (village["zhang"], False)
    assert items["李秀英"].person_id is None  # a name alone is no match
    assert json.loads(items["张三丰"].cells) == ["张三丰", ZHANG_ID, "13812345678"]
    batch = PushedBatch.get_by_id(result.batch_id)
    assert batch.deadline == datetime(2026, 12, 3, 9, 0)  # no 反馈时限 in the header: received + 24 h
    assert pq.remembered_mapping("铁路12306") == {"姓名": "name", "身份证号": "id_number", "电话": "phone"}
    with pytest.raises(BatchAlreadyImported, match="2026-12-02-01"):
        apply_pushed_plan(_plan(), RECEIVED, 24)
    assert PushedItem.select().count() == 4 and PushedSource.select().count() == 1


def test_a_fuzzy_match_is_confirmed_or_corrected_before_the_item_closes(village: dict[str, int]) -> None:
    items = _items(apply_pushed_plan(_plan(), RECEIVED, 24).batch_id)
    fuzzy = items["章三丰"]
    with pytest.raises(PushedError, match="尚未确认"):
        pushed_actions.move_item(fuzzy.id, ItemStatus.REGISTERED.value, RECEIVED)
    pushed_actions.confirm_match(fuzzy.id, village["zhang"])
    assert PushedItem.get_by_id(fuzzy.id).match_confirmed
    li = Person.get(Person.name == "李秀英").id
    pushed_actions.confirm_match(items["李秀英"].id, li)  # the clerk names the person herself
    assert (
        PushedItem.get_by_id(items["李秀英"].id).person_id,
        PushedItem.get_by_id(items["李秀英"].id).match_reason,
    ) == (
        li,
        "文书指定",
    )
    pushed_actions.confirm_match(fuzzy.id, None)
    assert PushedItem.get_by_id(fuzzy.id).person_id is None


def test_each_step_is_dated_signed_and_fills_the_feedback(village: dict[str, int]) -> None:
    items = _items(apply_pushed_plan(_plan(), RECEIVED, 24).batch_id)
    nobody = items["欧阳峰"]
    contacted = datetime(2026, 12, 2, 10, 30)
    pushed_actions.move_item(nobody.id, ItemStatus.CONTACTED.value, contacted, {"method": "电话"}, checker="王网格")
    closed = datetime(2026, 12, 2, 11, 0)
    pushed_actions.move_item(nobody.id, ItemStatus.NOT_HERE.value, closed, {"current_address": "武汉市洪山区"})
    item = PushedItem.get_by_id(nobody.id)
    assert (item.status, item.result, item.current_address, item.method) == (
        "不在本村",
        "不在本村居住",
        "武汉市洪山区",
        "电话",
    )
    assert (item.checker, item.checked_at) == (changes.operator_name(), closed)
    steps = [
        (s.status, s.at, s.operator) for s in ItemStep.select().where(ItemStep.item == nobody.id).order_by(ItemStep.id)
    ]
    assert steps == [("已联系", contacted, "王网格"), ("不在本村", closed, changes.operator_name())]
    with pytest.raises(PushedError, match="不能从“不在本村”改为“不在本村”"):
        pushed_actions.move_item(nobody.id, ItemStatus.NOT_HERE.value, closed)


def test_a_confirmed_name_opens_its_case_and_the_item_closes_with_it(village: dict[str, int]) -> None:
    items = _items(apply_pushed_plan(_plan(), RECEIVED, 24).batch_id)
    policy = next(p.id for p in Policy.select() if CaseKind.HOME.value in p.stages)
    with pytest.raises(PushedError, match="请先确认"):
        pushed_actions.open_case_from_item(items["章三丰"].id, {"policy": policy}, RECEIVED)
    case = pushed_actions.open_case_from_item(items["张三丰"].id, {"policy": policy}, datetime(2026, 12, 2, 15, 0))
    stored = Case.get_by_id(case.id)
    assert (stored.source, stored.person_id, stored.start_date) == (
        CaseSource.PUSHED.value,
        village["zhang"],
        date(2026, 12, 2),
    )
    item = PushedItem.get_by_id(items["张三丰"].id)
    assert (item.status, item.case_id, item.measure) == ("已纳入管控", case.id, stored.kind)


def test_open_names_past_the_deadline_stand_out_with_the_hours_overdue(village: dict[str, int]) -> None:
    batch_id = apply_pushed_plan(_plan(), RECEIVED, 24).batch_id
    assert pq.overdue(datetime(2026, 12, 3, 8, 59)) == []
    late = pq.overdue(datetime(2026, 12, 3, 14, 20))
    assert {line.name: line.hours_overdue for line in late} == {"张三丰": 5, "李秀英": 5, "章三丰": 5, "欧阳峰": 5}
    pushed_actions.move_item(_items(batch_id)["欧阳峰"].id, ItemStatus.NOT_FOUND.value, RECEIVED)
    assert "欧阳峰" not in {line.name for line in pq.overdue(datetime(2026, 12, 3, 14, 20))}
    (line,) = pq.batches()
    assert (line.items, line.open, line.unconfirmed, line.overdue_hours(datetime(2026, 12, 3, 14, 20))) == (4, 3, 1, 5)


def test_rematching_after_the_roster_grows_finds_the_new_person(village: dict[str, int]) -> None:
    batch_id = apply_pushed_plan(_plan(), RECEIVED, 24).batch_id
    assert pushed_actions.rematch(batch_id) == 0  # nothing new on the roster: nothing changes
    with changes.transaction("加人") as cs:
        added = cs.create(Person, {"household": village["h2"], "name": "欧阳峰", "id_number": OUYANG_ID})
    assert pushed_actions.rematch(batch_id) == 1
    item = _items(batch_id)["欧阳峰"]
    assert (item.person_id, item.match_reason, item.match_confirmed) == (added.id, MatchReason.ID.value, True)
    assert _items(batch_id)["李秀英"].person_id is None
