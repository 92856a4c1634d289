"""操作记录's words (forms/audit_text.py): labels from the definitions, values as the screens show them, and
the record each entry is about named; the names behind ids come from db/queries/audit.record_names."""

from __future__ import annotations

import re
from datetime import date, timedelta

from db import changes
from db import quarantine_actions as qa
from db.models import AuditEntry, Case, Person, Policy
from db.queries import audit
from forms.audit_text import Entry, detail_lines, entry_of, record_text, references, stages_text, value_text

NAMES = {
    ("person", 186): "张三丰",
    ("household", 3): "01-0001 张三丰",
    ("case", 7): "张三丰",
    ("policy", 2): "7天居家健康监测",
}
FIELD_NAME = re.compile(r"[A-Za-z_]{3,}")


def test_values_are_said_as_the_screens_say_them() -> None:
    assert value_text("case", "ended_on", None) == "空" and value_text("person", "note", "") == "空"
    assert value_text("case", "ended_on", "2026-12-02") == "2026年12月2日"
    assert value_text("follow_up", "met", False) == "否" and value_text("follow_up", "met", True) == "是"
    assert value_text("person", "chronic", True) == "是"
    assert value_text("case", "person", 186, NAMES) == "张三丰"
    assert value_text("person", "household", 3, NAMES) == "01-0001 张三丰"
    assert value_text("case", "person", 999, NAMES) == "人员（第 999 号，已不在）"
    assert value_text("case", "stages", '[["居家健康监测", 7]]') == "居家健康监测 7天"
    assert stages_text([["集中隔离医学观察", 7], ["居家健康监测", 7]]) == "集中隔离医学观察 7天 + 居家健康监测 7天"
    assert value_text("case", "count_from", "start") == "从隔离开始之日算起"
    assert value_text("reading", "value", 37.5) == "37.5℃"
    assert value_text("case", "created_at", "2026-12-02T09:05:00") == "2026年12月2日 09:05"
    assert value_text("print", "cases", [7, 186], {("case", 7): "张三丰", ("case", 186): "李秀英"}) == "张三丰、李秀英"
    assert value_text("database", "label", "daily") == "每日"
    long = "本村" * 100
    assert value_text("template", "body", long).endswith("（共 200 字）")


def test_a_change_lists_labels_and_chinese_values_never_column_names_or_python_values() -> None:
    e = Entry(
        "解除",
        "case",
        7,
        {"status": "在管", "ended_on": None, "person": 186},
        {"status": "解除", "ended_on": "2026-12-02", "person": 186},
    )
    lines = detail_lines(e, NAMES)
    assert lines == ["当前状态：在管 → 解除", "结束日期：空 → 2026年12月2日", "人员：张三丰 → 张三丰"]
    assert record_text(e, NAMES) == "管控对象 张三丰"
    created = Entry("create", "follow_up", 4, None, {"case": 7, "met": False, "met_on": None, "needs": "代购米面"})
    assert detail_lines(created, NAMES) == ["管控对象：张三丰", "需求已满足：否", "满足日期：空", "需求：代购米面"]
    for line in lines + detail_lines(created, NAMES):
        assert not FIELD_NAME.search(line) and "None" not in line and "True" not in line, line


def test_the_search_keys_are_left_out_and_a_deleted_record_is_named_by_its_own_values() -> None:
    e = Entry("delete", "person", 55, {"name": "王五", "pinyin_full": "wangwu", "sort_key": "x"}, None)
    assert detail_lines(e) == ["姓名：王五"]
    assert record_text(e, {}) == "人员 王五"
    assert record_text(Entry("import", "person", None, None, {"count": 3}), {}) == "人员"


def test_references_collect_the_record_and_its_links() -> None:
    e = Entry("create", "case", 7, None, {"person": 186, "policy": 2, "kind": "居家健康监测"})
    printed = Entry("print", "case", None, None, {"cases": [7, 8], "file": "a.pdf"})
    assert references([e, printed]) == {("case", 7), ("person", 186), ("policy", 2), ("case", 8)}


def test_names_are_looked_up_for_every_kind_of_record(village: dict[str, int]) -> None:
    policy = Policy.get(Policy.name == "7天集中隔离+7天居家健康监测")
    case = qa.open_case(village["zhang"], {"policy": policy.id, "start_date": date.today(), "reason": "密切接触者"})
    reading = qa.record_reading(case.id, date.today(), "上午", {"value": 36.6})
    names = audit.record_names(
        {
            ("person", village["qian"]),
            ("household", village["h1"]),
            ("case", case.id),
            ("policy", policy.id),
            ("reading", reading.id),
            ("grid", village["grid_one"]),
            ("person", 99999),
        }
    )
    today = date.today()
    assert names == {
        ("person", village["qian"]): "钱𠮷祥",
        ("household", village["h1"]): "01-0001 张三丰",
        ("case", case.id): "张三丰",
        ("policy", policy.id): "7天集中隔离+7天居家健康监测",
        ("reading", reading.id): f"张三丰 {today.month}月{today.day}日",
        ("grid", village["grid_one"]): "一组",
    }


def test_an_automatic_stage_move_names_whose_case_moved(village: dict[str, int]) -> None:
    policy = Policy.get(Policy.name == "7天集中隔离+7天居家健康监测")
    today = date.today()
    case = qa.open_case(
        village["qian"], {"policy": policy.id, "start_date": today - timedelta(days=8), "reason": "密切接触者"}
    )
    assert qa.advance_stages(today) == 1
    moved = [entry_of(row) for row in AuditEntry.select().where(AuditEntry.who == "系统（按政策自动）")]
    assert moved, "the move is audited"
    names = audit.record_names(references(moved))
    assert {record_text(e, names) for e in moved} == {
        "管控对象 钱𠮷祥",
        "管控事件 钱𠮷祥 " + _day(today - timedelta(days=1)),
    }
    kind_change = next(e for e in moved if e.table == "case")
    assert detail_lines(kind_change, names) == ["隔离方式：集中隔离医学观察 → 居家健康监测"]
    assert Case.get_by_id(case.id).kind == "居家健康监测"


def _day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def test_an_edit_through_the_save_path_reads_in_words(village: dict[str, int]) -> None:
    changes.save(Person, {"chronic": True, "note": "高血压"}, village["zhang"], "改：张三丰")
    row = AuditEntry.select().where(AuditEntry.table == "person").order_by(AuditEntry.id.desc()).get()
    e = entry_of(row)
    assert detail_lines(e, audit.record_names(references([e]))) == ["慢性病：否 → 是", "备注：空 → 高血压"]
