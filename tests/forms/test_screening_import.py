"""A grid worker's screening workbook into a round (issue 17): layouts A and B of form 02 and form 03's returnee
sheet, written here with openpyxl as clerks keep them (title lines, merged cells, blank lines, a totals row, the
clerk's words), each row's fate known beforehand; every non-blank row accounted for, a second import changing
nothing, an exported round coming back as it was, and a refused visit leaving nothing half written."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from db import changes, screening_actions
from db.imports.screening import apply_screening_plan
from db.models import AuditEntry, Finding, Grid, Household, Person, Visit
from db.models.screening import VisitOutcome
from db.screening_actions import ScreeningError
from forms.choice_words import choice_groups
from forms.screening_export import export_screening_register
from forms.screening_import import (
    NOT_IN_ROSTER,
    guess_screening_mapping,
    plan_screening_import,
    read_screening,
)

DAY = date(2026, 11, 2)
TODAY = date(2026, 11, 5)
WANG_ID = "110101199003070011"  # valid, not in the roster
ZHANG_ID = "11010519491231002X"
QIAN_ID = "410122198103156857"


def _valid(first17: str) -> str:
    from db.rules.id_number import check_digit

    return first17 + check_digit(first17)


@pytest.fixture
def round_id(village: dict[str, int]) -> int:
    """The conftest village (一组 张三丰 家 12号, 二组 钱𠮷祥 家 3号) with 钱𠮷祥's ID number, a third grid the round
    leaves out (三组 孙外组), 武汉市 a key area; a round over 一组 and 二组."""
    with changes.transaction("测试", who="测试") as cs:
        cs.update(Person.get(Person.name == "钱𠮷祥"), {"id_number": QIAN_ID})
        three = cs.create(Grid, {"name": "三组", "sort_order": 3})
        h = cs.create(Household, {"number": "03-0001", "grid": three.id, "door_no": "1号", "head_name": "孙外组"})
        cs.create(Person, {"household": h.id, "name": "孙外组", "relation": "户主"})
    screening_actions.save_key_area({"region_code": "420100", "counts_from": date(2026, 10, 1)})
    r = screening_actions.new_round(
        "第二轮拉网排查", date(2026, 11, 1), date(2026, 11, 7), [village["grid_one"], village["grid_two"]]
    )
    return int(r.id)


def _write(path: Path, sheets: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cells in (merges or {}).get(name, []):
            ws.merge_cells(cells)
    wb.save(path)
    return path


def _non_blank_rows(path: Path) -> int:
    wb = load_workbook(path)
    return sum(
        1
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        if any(c is not None and str(c).strip() for c in row)
    )


def _fates(plan: Any) -> dict[tuple[str, int], str]:
    return {(a.sheet, a.row): a.outcome for a in plan.accounted}


def _plan(path: Path, round_id: int) -> Any:
    tables = read_screening(path)
    return plan_screening_import(round_id, tables, {t.key: guess_screening_mapping(t) for t in tables}, today=TODAY)


def _findings(round_id: int) -> dict[str, dict[str, Any]]:
    query = Finding.select(Finding, Person.name).join(Person).switch(Finding).join(Visit)
    return {
        f.person.name: {
            k: getattr(f, k)
            for k in ("temperature", "symptoms", "area_code", "area_name", "returned_on", "travel_means")
            + ("travel_number", "contact", "measure", "note")
        }
        for f in query.where(Visit.round == round_id)
    }


def _visits(round_id: int) -> dict[str, tuple[str, date, str, str]]:
    query = Visit.select(Visit, Household).join(Household).where(Visit.round == round_id)
    return {v.household.head_name: (v.outcome, v.on, v.worker, v.note) for v in query}


B_HEADER = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "联系电话",
    "家庭住址",
    "体温",
    "有无咳嗽、胸闷等不适症状",
    "是否有湖北旅居史(或接触史)",
    "从何地返回",
    "是否与确诊或疑似病例密切接触",
    "是否与湖北暴露史人员接触",
    "返回本地日期",
    "交通工具",
    "班次/车次(航班、车牌)",
    "采取措施",
    "排查日期",
    "排查人",
    "备注",
]


def _layout_b(path: Path) -> tuple[Path, dict[int, str]]:
    """Layout B with its title and unit lines, a blank line, the clerk's words and a 合计 line; the fate of
    each Excel row."""
    bad_id = ZHANG_ID[:-1] + "3"  # the check digit is X
    rows = [
        ["东风村入户排查登记表"] + [None] * 18,
        ["社区(村)：东风村", None, None, None, None, None, None, None, None, None, "填表日期：2026年11月3日"],
        B_HEADER,
        [1, "张三丰", "男", ZHANG_ID, "13812345678", "东风村一组12号", "38.5℃", "是", "是", "湖北武汉", "是", "否"]
        + ["2026-10-30", "自驾 鄂A12345", None, "居家观察", "2026-11-02", "王网格", "已报卫生院"],
        [2, "李秀英", "女", None, None, "东风村一组12号", "36.5", "否", "否", "无", "否", "否"]
        + [None, None, None, "无", "2026-11-02", "王网格", None],
        [None] * 19,
        [3, "钱𠮷祥", "男", None, None, "东风村二组3号", None, None, None, None, None, None]
        + [None, None, None, None, "2026-11-03", "赵网格", "不在家"],
        [4, "王五", "男", WANG_ID, None, "东风村一组12号", "36.6", "否", "否", None, "否", "否"]
        + [None, None, None, "无", "2026-11-02", "王网格", None],
        [5, "张三丰", "男", bad_id, None, "东风村一组12号", "36.6", "否", "否", None, "否", "否"]
        + [None, None, None, "无", "2026-11-02", "王网格", None],
        [6, "孙外组", "男", None, None, "东风村三组1号", "36.4", "否", "否", None, "否", "否"]
        + [None, None, None, "无", "2026-11-02", "王网格", None],
        [7, "李秀英", "女", None, None, "东风村一组12号", "36.5", "否", "否", "无", "否", "否"]
        + [None, None, None, "无", "2026-11-02", "王网格", None],
        [8, "赵无名", "男", None, None, "东风村一组12号", "36.6", "否", "否", None, "否", "否"]
        + [None, None, None, "无", "2026-11-02", "王网格", None],
        [None] * 19,
        ["合计", None, "8人"],
    ]
    fates = {1: "skipped", 2: "skipped", 3: "skipped", 4: "created", 5: "created", 7: "created", 8: "created"}
    fates |= {9: "refused", 10: "refused", 11: "merged", 12: "refused", 14: "skipped"}
    return _write(path, {"一组二组": rows}, {"一组二组": ["A1:S1"]}), fates


def test_layout_b_every_row_accounted_for_and_written(round_id: int, tmp_path: Path) -> None:
    path, fates = _layout_b(tmp_path / "网格员排查.xlsx")
    plan = _plan(path, round_id)
    got = _fates(plan)
    assert {row: outcome for (_sheet, row), outcome in got.items()} == fates
    counts = plan.outcome_counts()
    assert sum(counts.values()) == _non_blank_rows(path) == len(fates)
    reasons = {i.row: i.reason for i in plan.refused}
    assert reasons[12] == NOT_IN_ROSTER  # no ID number: not added
    assert "校验" in reasons[9]
    assert "不在本轮排查范围内" in reasons[10]
    said = [str(g) for g in choice_groups(plan)]
    assert any(s.startswith("交通方式：自驾 鄂A12345 ×1 → 自驾车") for s in said), said
    assert any(s.startswith("采取措施：居家观察 ×1 → 居家隔离") for s in said), said

    audit = AuditEntry.select().count()
    result = apply_screening_plan(round_id, plan, path.name)
    assert (result.visits_created, result.visits_updated, result.findings, result.created_people) == (3, 0, 3, 1)
    assert AuditEntry.select().count() > audit
    found = _findings(round_id)
    assert found["张三丰"] == {
        "temperature": 38.5,
        "symptoms": "不适",
        "area_code": "420100",
        "area_name": "湖北武汉",
        "returned_on": date(2026, 10, 30),
        "travel_means": "自驾车",
        "travel_number": "鄂A12345",
        "contact": "确诊或疑似病例",
        "measure": "居家隔离",
        "note": "已报卫生院",
    }
    assert found["李秀英"]["temperature"] == 36.5 and found["李秀英"]["area_code"] is None
    assert set(found) == {"张三丰", "李秀英", "王五"}  # the bad ID, 三组 out of the round, 赵无名: nothing
    wang = Person.get(Person.id_number == WANG_ID)
    assert (wang.status, wang.relation, wang.household.head_name, wang.household.grid.name) == (
        "暂住",
        "其他",
        "外来暂住人员",
        "一组",
    )
    assert _visits(round_id) == {
        "张三丰": ("已排查", DAY, "王网格", ""),
        "钱𠮷祥": (VisitOutcome.NOBODY_HOME.value, date(2026, 11, 3), "赵网格", ""),
        "外来暂住人员": ("已排查", DAY, "王网格", ""),
    }

    again = _plan(path, round_id)  # the same file once more: nothing to write, said so row by row
    assert {r: o for (_s, r), o in _fates(again).items() if o not in ("refused", "skipped", "merged")} == {
        4: "unchanged",
        5: "unchanged",
        7: "unchanged",
        8: "unchanged",  # 王五 is in the roster now, found by his ID number
    }
    audit = AuditEntry.select().count()
    assert apply_screening_plan(round_id, again, path.name).findings == 0
    assert AuditEntry.select().count() == audit


def test_layout_a_yes_no_symptom_columns_under_a_merged_parent(round_id: int, tmp_path: Path) -> None:
    """Layout A: two header rows, 分类诊疗医疗意见 merged over its ticks, one yes/no column per symptom; no date:
    the day given."""
    header1 = ["序号", "姓名", "性别", "身份证号", "联系方式", "家庭住址", "发热(体温>37.3℃)", "咳嗽", "乏力"]
    header1 += ["新型肺炎", "其他症状", "分类诊疗医疗意见", None, "备注"]
    header2 = [None] * 11 + ["确诊患者", "密切接触者", None]
    rows = [
        ["社区疫情排查情况登记表"] + [None] * 13,
        header1,
        header2,
        [1, "张三丰", "男", ZHANG_ID, "13812345678", "一组12号", "是", "否", "是", "否", "无", None, None, None],
        [2, "钱𠮷祥", "男", QIAN_ID, None, "二组3号", "否", "是", "否", "否", "咽痛", None, "√", "其他情况"],
    ]
    merges = ["A1:N1", "A2:A3", "B2:B3", "L2:M2", "N2:N3"]
    path = _write(tmp_path / "a.xlsx", {"Sheet1": rows}, {"Sheet1": merges})
    plan = _plan(path, round_id)
    assert {r: o for (_s, r), o in _fates(plan).items()} == {1: "skipped", 2: "skipped", 3: "skipped"} | {
        4: "created",
        5: "created",
    }
    apply_screening_plan(round_id, plan, path.name)
    found = _findings(round_id)
    assert found["张三丰"]["symptoms"] == "发热、乏力" and found["张三丰"]["contact"] == "无"
    assert found["钱𠮷祥"]["symptoms"] == "咳嗽、咽痛" and found["钱𠮷祥"]["contact"] == "确诊或疑似病例"
    assert found["钱𠮷祥"]["note"] == "其他情况；医疗意见：密切接触者"  # the tick under 分类诊疗医疗意见 kept
    assert {name: v[1] for name, v in _visits(round_id).items()} == {"张三丰": TODAY, "钱𠮷祥": TODAY}
    assert any(i.field == "排查日期" and "未填排查日期" in i.reason for i in plan.warnings)


def test_returnee_sheet_03_with_title_lines_and_merged_addresses(round_id: int, tmp_path: Path) -> None:
    """Form 03's village variant: title and 填报单位 lines, 现居住地 merged down a household, 身体状况 in words."""
    header = ["序号", "姓名", "性别", "年龄", "身份证号", "联系电话", "户籍地", "现居住地", "来源地", "离开来源地时间"]
    header += ["到达本地时间", "交通工具", "车次/航班/车牌", "是否14天以内", "同住人员", "身体状况", "采取措施"]
    header += ["包保人", "备注"]
    rows = [
        ["重点地区来(返)人员登记表"] + [None] * 18,
        ["填报单位：红旗镇东风村", None, None, None, None, None, "填报人：李文书", None, None, "填报日期：2026-11-04"],
        header,
        [1, "张三丰", "男", 76, ZHANG_ID, None, "本地", "一组12号", "武汉市洪山区", "2026-10-27 08:00"]
        + ["2026-10-28 14:30", "火车", "G507", "是", "李秀英", "发热和咳嗽", "居家医学观察", "王网格", None],
        [2, "李秀英", "女", 70, None, None, "本地", None, "武汉", "2026-10-27 08:00"]
        + ["2026-10-28 14:30", "火车", "G507", "是", "张三丰", "正常", "居家健康监测", "王网格", None],
        [3, "阿依古丽·买买提", "女", 30, None, None, "本地", "二组3号", "本地人去湖北返回", None]
        + ["2026-10-20", "网约车", None, "是", None, "非正常", "送医院", "赵网格", None],
    ]
    path = _write(tmp_path / "03.xlsx", {"来返人员": rows}, {"来返人员": ["A1:S1", "H4:H5"]})
    plan = _plan(path, round_id)
    assert {r: o for (_s, r), o in _fates(plan).items()} == {1: "skipped", 2: "skipped", 3: "skipped"} | {
        4: "created",
        5: "created",
        6: "created",
    }
    apply_screening_plan(round_id, plan, path.name)
    found = _findings(round_id)
    assert found["张三丰"] | {"note": ""} == {
        "temperature": None,
        "symptoms": "发热、咳嗽",
        "area_code": "420111",
        "area_name": "武汉市洪山区",
        "returned_on": date(2026, 10, 28),
        "travel_means": "火车",
        "travel_number": "G507",
        "contact": "无",
        "measure": "居家隔离",
        "note": "",
    }
    assert (found["李秀英"]["symptoms"], found["李秀英"]["area_code"], found["李秀英"]["measure"]) == (
        "",
        "420100",
        "居家健康监测",
    )
    a = found["阿依古丽·买买提"]
    assert (a["area_code"], a["area_name"], a["symptoms"], a["measure"]) == (
        "420000",
        "本地人去湖北返回",
        "非正常",
        "送医",
    )
    assert a["travel_means"] == "自驾车"


def test_an_exported_round_imports_back_as_it_was(round_id: int, village: dict[str, int], tmp_path: Path) -> None:
    """Export (layout B) → import into the same round changes nothing; into a new round it makes the same
    visits and findings."""
    people = {p.name: p.id for p in Person.select()}
    screening_actions.record_visit(
        round_id,
        village["h1"],
        DAY,
        "",
        VisitOutcome.SCREENED.value,
        [
            {
                "person": people["张三丰"],
                "temperature": 37.8,
                "symptoms": "咳嗽、乏力",
                "area_code": "420111",
                "returned_on": date(2026, 10, 30),
                "travel_means": "火车",
                "travel_number": "G507",
                "contact": "确诊或疑似病例",
                "measure": "居家隔离",
                "note": "已报卫生院",
            },
            {"person": people["李秀英"], "temperature": 36.5, "area_code": "110105", "returned_on": date(2026, 10, 25)},
        ],
    )
    screening_actions.record_visit(
        round_id, village["h2"], date(2026, 11, 3), "赵网格", VisitOutcome.NOBODY_HOME.value, note="白天外出务工"
    )
    out = tmp_path / "register.xlsx"
    export_screening_register(round_id, out, today=TODAY)
    before_findings, before_visits = _findings(round_id), _visits(round_id)

    plan = _plan(out, round_id)
    assert not plan.refused, plan.refused
    assert Counter(a.outcome for a in plan.accounted if a.sheet == "入户排查登记表")["unchanged"] == 3
    audit = AuditEntry.select().count()
    apply_screening_plan(round_id, plan, out.name)
    assert AuditEntry.select().count() == audit  # nothing written

    second = screening_actions.new_round("第三轮拉网排查", date(2026, 11, 1), date(2026, 11, 9)).id
    plan = _plan(out, second)
    apply_screening_plan(second, plan, out.name)
    assert _findings(second) == before_findings
    assert _visits(second) == before_visits


def test_a_visit_refused_while_writing_leaves_the_whole_file_unwritten(round_id: int, tmp_path: Path) -> None:
    path, _fates_ = _layout_b(tmp_path / "b.xlsx")
    plan = _plan(path, round_id)
    last = plan.visits[-1]  # the 外来暂住人员 household, written after the others, with 王五 added to the roster
    assert last.new_people and last.new_people[0][1] is not None
    last.new_people[0][1]["temperature"] = 50.0  # what the planner never makes, record_visit refuses
    audit = AuditEntry.select().count()
    with pytest.raises(ScreeningError, match="体温"):
        apply_screening_plan(round_id, plan, path.name)
    assert Visit.select().count() == 0 and Finding.select().count() == 0
    assert not Person.select().where(Person.id_number == WANG_ID).exists()  # the visitor was not added either
    assert AuditEntry.select().count() == audit


def test_a_closed_round_takes_nothing(round_id: int, tmp_path: Path) -> None:
    path, _fates_ = _layout_b(tmp_path / "b.xlsx")
    screening_actions.close_round(round_id, date(2026, 11, 7), accept_gaps=True)
    with pytest.raises(ScreeningError, match="已结束"):
        _plan(path, round_id)
    assert Visit.select().count() == 0


def test_area_words_resolve_to_region_codes() -> None:
    from db.rules.regions import area_code_of

    expected = {
        "湖北武汉": "420100",
        "武汉市": "420100",
        "武汉": "420100",
        "武汉洪山": "420111",
        "武汉市洪山区": "420111",
        "北京市朝阳区": "110105",
        "湖北": "420000",
        "湖北省黄冈市": "421100",
        "郑州市中牟县": "410122",
        "恩施": "422800",
        "朝阳区": None,  # 北京 and 长春 both have one
        "本地": None,
    }
    assert {t: area_code_of(t) for t in expected} == expected
    assert _valid("11010119900307001") == WANG_ID
