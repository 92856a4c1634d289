"""A duty list workbook (值班人员名单) in the clerk's words, imported into 值班人员: every row accounted for
(taken, merged, refused with its reason, skipped as not data), kinds read from the clerk's words, a roster
person linked by name and phone, 不与…同班 pairs set, and importing the same file again adds nobody."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from db import duty_actions
from db.imports.duty_people import apply_duty_plan
from db.models import AuditEntry, DutyApart, DutyPerson
from forms.duty_import import import_duty_list, plan_duty_import, read_duty_list

HEADER = [
    "序号",
    "姓名",
    "联系电话",
    "身份",
    "工作单位",
    "带班",
    "可值班时间",
    "不值夜班",
    "每周最多",
    "不与同班",
    "备注",
]
ROWS = [
    [1, "张三丰", "13812345678", "干部", "东风村村委会", "是", "", "", "", "", ""],
    [2, "李党员", "13900001111", "党员志愿者", "", "", "周一至周五", "√", "3", "", ""],
    [3, "王驻村", "13700002222", "驻村干部", "县农业局", "", "周末", "", "", "李党员", ""],
    [4, "赵民警", "1370000", "辅警", "红旗镇派出所", "", "", "", "", "", ""],  # the phone cannot be read
    [5, "", "13600003333", "志愿者", "", "", "", "", "", "", ""],  # no name
    [6, "孙村医", "", "卫生室", "", "", "看情况", "", "", "", ""],  # weekdays that cannot be read
    [7, "李党员", "", "党员", "", "", "", "", "", "", "第二张表也有"],  # the same person again
    [8, "周热心", "", "热心人", "", "", "", "", "", "吴某", ""],  # 吴某 is nobody listed
]


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "值班人员"
    sheet.append(["东风村疫情防控值班人员名单"])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet.append(["合计", "7人"])
    book.save(path)
    return path


@pytest.fixture
def duty_list(tmp_path: Path) -> Path:
    return _workbook(tmp_path / "值班人员名单.xlsx")


def test_every_row_of_a_duty_list_is_accounted_for(village: dict[str, int], duty_list: Path) -> None:
    plan = plan_duty_import(read_duty_list(duty_list))
    outcomes = {(a.row, a.outcome) for a in plan.accounted}
    assert outcomes == {
        (1, "skipped"),  # the title
        (2, "skipped"),  # the header
        (3, "created"),
        (4, "created"),
        (5, "created"),
        (6, "created"),
        (7, "refused"),
        (8, "refused"),
        (9, "merged"),
        (10, "created"),
        (11, "skipped"),  # 合计
    }
    # Every non-blank row read is in the list once.
    assert len(plan.accounted) == plan.rows_read == len(ROWS) + 3
    refused = {(i.row, i.field): i.reason for i in plan.refused}
    assert refused == {
        (7, "姓名"): "不能为空",
        (8, "可值班日"): "“看情况”看不出是星期几（可写“周一至周五”“周末”“一三五”或“12345”）",
    }
    warned = {(i.row, i.field) for i in plan.warnings}
    assert (6, "联系电话") in warned and (10, "人员类别") in warned and (10, "不与谁同班") in warned

    result = apply_duty_plan(plan, duty_list.name)
    assert (result.created, result.updated, result.pairs, result.refused_rows) == (5, 0, 1, 2)
    people = {p.name: p for p in DutyPerson.select()}
    assert set(people) == {"张三丰", "李党员", "王驻村", "赵民警", "周热心"}
    assert (people["张三丰"].kind, people["张三丰"].can_lead, people["张三丰"].person_id) == (
        "村干部",
        True,
        village["zhang"],  # the roster's 张三丰 with that phone
    )
    li = people["李党员"]
    assert (li.kind, li.can_lead, li.weekdays, li.no_night, li.max_per_week, li.note) == (
        "党员",
        False,
        "12345",
        True,
        3,
        "第二张表也有",
    )
    assert (people["王驻村"].kind, people["王驻村"].can_lead, people["王驻村"].weekdays) == ("下沉干部", True, "67")
    zhao = people["赵民警"]
    assert (zhao.kind, zhao.phone) == ("民警", "")
    assert zhao.note.startswith("联系电话：1370000")
    assert (people["周热心"].kind, people["周热心"].note) == ("志愿者", "人员类别：热心人")
    pair = DutyApart.get()
    assert {pair.first_id, pair.second_id} == {li.id, people["王驻村"].id}
    note = AuditEntry.select().where(AuditEntry.action == "import").get()
    assert (note.summary, json.loads(note.after)["created"]) == ("导入值班人员名单：值班人员名单.xlsx", 5)


def test_the_same_list_again_adds_nobody_and_a_change_updates(village: dict[str, int], duty_list: Path) -> None:
    import_duty_list(duty_list)
    again = plan_duty_import(read_duty_list(duty_list))
    assert {p.state for p in again.people} == {"unchanged"}
    assert again.apart == [] and not again.to_write
    assert apply_duty_plan(again, duty_list.name).created == 0
    assert DutyPerson.select().count() == 5

    duty_actions.save_person({"name": "张三丰", "kind": "党员"}, DutyPerson.get(DutyPerson.name == "张三丰").id)
    changed = plan_duty_import(read_duty_list(duty_list))
    assert [(p.name, p.state) for p in changed.people if p.state != "unchanged"] == [("张三丰", "updated")]
    result = apply_duty_plan(changed, duty_list.name)
    assert result.updated == 1 and DutyPerson.get(DutyPerson.name == "张三丰").kind == "村干部"


def test_two_listed_people_of_one_name_need_a_phone(db_path: Path, tmp_path: Path) -> None:
    duty_actions.save_person({"name": "张伟", "phone": "13811112222"})
    duty_actions.save_person({"name": "张伟", "phone": "13833334444"})
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "联系电话", "人员类别"])
    sheet.append(["张伟", "", "党员"])
    sheet.append(["张伟", "13833334444", "党员"])
    path = tmp_path / "两个张伟.xlsx"
    book.save(path)
    plan = plan_duty_import(read_duty_list(path))
    assert [(i.row, i.reason) for i in plan.refused] == [(2, "值班人员中已有 2 个“张伟”，请填写电话以区分")]
    assert [(p.rows[0].row, p.state) for p in plan.people] == [(3, "updated")]
