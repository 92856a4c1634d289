"""The gate's register: a car's people written together or not at all, flagged as the rules say on the day,
a case opened from a flagged entry in one action, every change in the audit trail."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from db import changes, checkpoint_actions, screening_actions
from db.checkpoint_actions import CheckpointError, open_case_from_entry, register_entry, save_checkpoint
from db.models import AuditEntry, Case, CaseEvent, GateEntry, Household, Person, Policy, Vehicle
from db.models.checkpoint import GateOutcome
from db.models.quarantine import CaseKind, CaseSource, CaseStatus

AT = datetime(2026, 12, 3, 8, 15)


@pytest.fixture
def gate(village: dict[str, int]) -> int:
    """The village with one checkpoint and 武汉市 a key area from 2026-11-01 to 2026-12-10."""
    screening_actions.save_key_area(
        {"region_code": "420100", "counts_from": date(2026, 11, 1), "until": date(2026, 12, 10)}
    )
    return save_checkpoint({"name": "村东卡点", "place": "村东路口", "hours": "24小时", "post": "东风村"}).id


def _entries() -> list[GateEntry]:
    return list(GateEntry.select().order_by(GateEntry.id))


def test_a_checkpoint_is_named_once_and_its_hours_are_one_of_two(gate: int) -> None:
    with pytest.raises(CheckpointError, match="已有名为“村东卡点”的卡点"):
        save_checkpoint({"name": " 村东卡点 "})
    with pytest.raises(CheckpointError, match="24小时 / 普通"):
        save_checkpoint({"name": "村西卡点", "hours": "白天"})
    second = save_checkpoint({"name": "村西卡点"})
    assert (second.hours, second.sort_order) == ("普通", 2)
    renamed = save_checkpoint({"name": "村西路口卡点", "leader": "赵队长"}, second.id)
    assert (renamed.name, renamed.leader) == ("村西路口卡点", "赵队长")


def test_a_car_and_its_companions_are_one_transaction_and_linked(gate: int, village: dict[str, int]) -> None:
    audit_before = AuditEntry.select().count()
    done = register_entry(
        {
            "checkpoint": gate,
            "at": AT,
            "direction": "进入",
            "name": "王大军",
            "id_number": "410102198001010018",
            "phone": "13900001111",
            "from_place": "郑州",
            "to_place": "一组张三丰家",
            "reason": "探亲",
            "temperature": 36.5,
            "plate": "豫a·d12345",
            "recorder": "赵值守",
        },
        companions=[{"name": "王小军", "temperature": 36.7}, {"name": "张三丰", "id_number": "11010519491231002X"}],
        vehicle={"vehicle_type": "小客车", "disinfected": True},
    )
    entries = _entries()
    assert [e.name for e in entries] == ["王大军", "王小军", "张三丰"]
    car = Vehicle.get()
    assert (car.plate, car.vehicle_type, car.disinfected, car.outcome) == ("豫AD12345", "小客车", True, "放行")
    assert {e.vehicle_id for e in entries} == {car.id}
    lead = entries[0]
    assert [e.party_id for e in entries] == [None, lead.id, lead.id]  # the driver leads the party
    # companions share the journey, keep their own person
    assert {(e.at, e.from_place, e.to_place, e.plate, e.travel_mode, e.recorder) for e in entries} == {
        (AT, "郑州", "一组张三丰家", "豫AD12345", "驾车", "赵值守")
    }
    assert entries[1].temperature == 36.7
    assert (entries[2].person_id, entries[2].is_villager, entries[2].address) == (village["zhang"], True, "一组12号")
    assert (lead.person_id, lead.is_villager, lead.pinyin_initials) == (None, False, "wdj")
    assert [e.id for e in done.entries] == [e.id for e in entries] and done.vehicle is not None
    # one transaction, one summary, each row audited
    trail = list(AuditEntry.select().where(AuditEntry.id > 0).order_by(AuditEntry.id))[audit_before:]
    assert {e.summary for e in trail} == {"卡点登记：王大军 等 3 人"}
    assert sorted((e.table, e.action) for e in trail) == sorted(
        [("vehicle", "create")] + [("gate_entry", "create")] * 3
    )
    assert sorted(e.id for e in trail) == sorted(done.audit_ids)
    # and undone as one
    changes.undo(done.audit_ids)
    assert GateEntry.select().count() == Vehicle.select().count() == 0


def test_one_refused_companion_leaves_the_whole_car_unwritten(gate: int) -> None:
    audit_before = AuditEntry.select().count()
    lead = {"checkpoint": gate, "at": AT, "name": "王大军", "plate": "豫A12345"}
    with pytest.raises(CheckpointError, match="王小军 的体温：33.0℃ 不在"):
        register_entry(lead, companions=[{"name": "李四"}, {"name": "王小军", "temperature": 33.0}])
    with pytest.raises(CheckpointError, match="王大军 的车牌“豫A1234”"):
        register_entry({**lead, "plate": "豫A1234"}, companions=[{"name": "李四"}])
    with pytest.raises(CheckpointError, match="王大军 的身份证号"):
        register_entry({**lead, "id_number": "410102198001010019"})
    with pytest.raises(CheckpointError, match="进出“路过”不是 进入 / 外出 之一"):
        register_entry({**lead, "direction": "路过"})
    with pytest.raises(CheckpointError, match="同车人员 李四 的车牌与驾驶员的不同"):
        register_entry(lead, companions=[{"name": "李四", "plate": "豫B12345"}])
    assert GateEntry.select().count() == Vehicle.select().count() == 0
    assert AuditEntry.select().count() == audit_before


@pytest.mark.parametrize(
    ("given", "flags", "outcome"),
    [
        ({"temperature": 36.6, "from_place": "郑州"}, "", "放行"),
        ({"temperature": 37.3}, "发热 37.3℃", "转发热门诊"),
        ({"symptoms": "咳嗽，乏力"}, "咳嗽；乏力", "登记后放行并告知居家观察"),
        ({"from_place": "湖北武汉"}, "来自重点地区（武汉市）", "登记后放行并告知居家观察"),
        ({"from_place": "武汉洪山"}, "来自重点地区（武汉市）", "登记后放行并告知居家观察"),
        ({"from_place": "武汉", "direction": "外出"}, "", "放行"),  # going out is not coming from there
        ({"from_place": "武汉", "at": datetime(2026, 12, 10, 9, 0)}, "", "放行"),  # the list on that day
        ({"from_place": "武汉", "at": datetime(2026, 10, 31, 9, 0)}, "", "放行"),
        ({"temperature": 38.2, "from_place": "武汉", "outcome": "劝返"}, "发热 38.2℃；来自重点地区（武汉市）", "劝返"),
    ],
)
def test_an_entry_is_flagged_by_fever_symptoms_and_a_key_area_on_its_day(
    gate: int, given: dict[str, object], flags: str, outcome: str
) -> None:
    entry = register_entry({"checkpoint": gate, "at": AT, "name": "王大军", **given}).lead
    stored = GateEntry.get_by_id(entry.id)
    assert (stored.flags, stored.outcome) == (flags, outcome)
    assert checkpoint_actions.entry_flags(
        {"direction": "进入", **given, "from_area_code": stored.from_area_code, "at": stored.at}
    ) == ([f for f in flags.split("；")] if flags else [])


def _home_policy() -> int:
    return next(p.id for p in Policy.select() if CaseKind.HOME.value in p.stages)


def test_a_flagged_entry_of_a_villager_opens_their_case_in_one_action(gate: int, village: dict[str, int]) -> None:
    entry = register_entry(
        {"checkpoint": gate, "at": AT, "name": "张三丰", "id_number": "11010519491231002X", "from_place": "武汉"}
    ).lead
    case = open_case_from_entry(entry.id, {"policy": _home_policy()})
    stored = Case.get_by_id(case.id)
    assert stored.person_id == village["zhang"]
    assert (stored.source, stored.reason, stored.origin) == (CaseSource.CHECKPOINT.value, "重点地区返回", "武汉")
    assert (stored.start_date, stored.exposure_date, stored.status) == (AT.date(), AT.date(), CaseStatus.ACTIVE.value)
    assert "村东卡点 2026-12-03 08:15" in stored.note and "来自重点地区（武汉市）" in stored.note
    assert CaseEvent.select().where(CaseEvent.case == case.id).count() == 1
    assert GateEntry.get_by_id(entry.id).case_id == case.id  # the entry names its case
    with pytest.raises(CheckpointError, match="已按这次卡点登记登记管控"):
        open_case_from_entry(entry.id, {"policy": _home_policy()})


def test_an_outsider_with_fever_is_added_as_a_visitor_with_the_case(gate: int, village: dict[str, int]) -> None:
    entry = register_entry(
        {"checkpoint": gate, "at": AT, "name": "刘外来", "id_number": "410102198001010018", "temperature": 38.0}
    ).lead
    people = Person.select().count()
    with pytest.raises(CheckpointError, match="花名册中没有 刘外来"):
        open_case_from_entry(entry.id, {"policy": _home_policy()})
    assert Person.select().count() == people
    audit_before = AuditEntry.select().count()
    case = open_case_from_entry(entry.id, {"policy": _home_policy()}, grid_id=village["grid_two"])
    person = Person.get(Person.id_number == "410102198001010018")
    household = Household.get_by_id(person.household_id)
    assert (person.name, person.status, household.head_name, household.grid_id) == (
        "刘外来",
        "暂住",
        "外来暂住人员",
        village["grid_two"],
    )
    stored = GateEntry.get_by_id(entry.id)
    assert (stored.case_id, stored.person_id) == (case.id, person.id)
    assert (case.reason, case.exposure_date) == ("其他", None)
    trail = list(AuditEntry.select().order_by(AuditEntry.id))[audit_before:]
    assert {e.summary for e in trail} == {"登记管控：刘外来（卡点登记）"}
    assert {e.table for e in trail} >= {"person", "household", "case", "case_event", "gate_entry"}
    update = next(e for e in trail if e.table == "gate_entry")
    assert json.loads(update.after or "{}") == {"case": case.id, "person": person.id}


def test_turning_a_car_back_turns_back_its_people(gate: int) -> None:
    done = register_entry(
        {"checkpoint": gate, "at": AT, "name": "王大军", "plate": "豫A12345"}, companions=[{"name": "王小军"}]
    )
    assert checkpoint_actions.set_outcome([e.id for e in done.entries], GateOutcome.TURNED_BACK.value) == 2
    assert {e.outcome for e in _entries()} == {"劝返"}
    assert Vehicle.get().outcome == "劝返"


def test_a_correction_judges_the_entry_again(gate: int) -> None:
    entry = register_entry({"checkpoint": gate, "at": AT, "name": "王大军", "temperature": 36.5}).lead
    corrected = checkpoint_actions.correct_entry(entry.id, {"temperature": 37.9})
    assert (corrected.flags, corrected.outcome) == ("发热 37.9℃", "放行")  # the outcome stays the clerk's
    checkpoint_actions.correct_entry(entry.id, {"from_place": "武汉"})
    assert GateEntry.get_by_id(entry.id).flags == "发热 37.9℃；来自重点地区（武汉市）"


def test_the_export_is_noted(gate: int, tmp_path: Path) -> None:
    checkpoint_actions.record_checkpoint_export("卡点出入登记表", AT.date(), 3, tmp_path / "a.xlsx")
    note = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (note.action, note.table) == ("export", "gate_entry")


def test_the_audit_trail_says_a_correction_in_the_screens_words(gate: int) -> None:
    from db.queries import audit
    from forms.audit_text import detail_lines, entry_of, record_text, references

    entry = register_entry({"checkpoint": gate, "at": AT, "name": "王大军", "temperature": 36.5}).lead
    checkpoint_actions.correct_entry(entry.id, {"temperature": 38.0, "plate": "豫A12345"})
    row = AuditEntry.select().where(AuditEntry.table == "gate_entry").order_by(AuditEntry.id.desc()).get()
    e = entry_of(row)
    names = audit.record_names(references([e]))
    assert record_text(e, names).endswith("王大军")
    lines = detail_lines(e, names)
    assert "体温(℃)：36.5 → 38.0" in lines and "车牌号码：空 → 豫A12345" in lines
    assert any(line.startswith("提示：空 → 发热 38.0℃") for line in lines)
    assert not [line for line in lines if any(c.isascii() and c.isalpha() for c in line.split("：")[0])]
