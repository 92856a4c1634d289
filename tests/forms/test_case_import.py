"""Importing the quarantine ledger a village keeps in Excel: what lands, who is matched or added, what not."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from db import changes
from db import quarantine_actions as qa
from db.imports.cases import ALREADY_REGISTERED, VISITOR_HEAD, apply_case_plan
from db.models import AuditEntry, Case, CaseEvent, Grid, Household, Person, Policy
from db.models.quarantine import CaseKind
from db.progress import Cancelled
from forms.case_import import (
    VISITOR_ADDED,
    MappingError,
    PolicyError,
    import_cases,
    plan_case_import,
    policy_by_name,
    read_cases,
)
from tests.conftest import DATA, ROOT
from tests.data.make_case_fixtures import ID_ZHANG, ID_ZHOU

CASES = DATA / "messy_cases.xlsx"
HOME_14 = "14天居家隔离医学观察"
CENTRAL_7_7 = "7天集中隔离+7天居家健康监测"
MONITOR_7 = "7天居家健康监测"
HOME, CENTRAL, MONITOR = (k.value for k in CaseKind)


def nov(day: int) -> date:
    return date(2026, 11, day)


def _case(name: str) -> Case:
    return Case.select().join(Person).where(Person.name == name).get()


def _events(case: Case) -> list[tuple[str, date, str]]:
    query = CaseEvent.select().where(CaseEvent.case == case.id).order_by(CaseEvent.id)
    return [(e.kind, e.on, e.status_after) for e in query]


def _counts() -> tuple[int, ...]:
    return tuple(m.select().count() for m in (Case, CaseEvent, Person, Household, Grid, AuditEntry))


def test_the_ledger_lands_as_a_clerk_expects(village: dict[str, int]) -> None:
    result = import_cases(CASES)
    assert (result.created_cases, result.created_people, result.skipped, result.refused_rows) == (6, 2, 0, 4)
    assert result.summary() == "新建 6 个管控对象、加入花名册 2 人（暂住）、未导入 4 行"

    zhang = Case.get(Case.person == village["zhang"])  # found by ID number
    assert (zhang.kind, zhang.policy.name, zhang.reason, zhang.source) == (HOME, HOME_14, "密切接触者", "上级推送")
    assert (zhang.start_date, zhang.last_day, zhang.release_due) == (nov(2), nov(15), nov(16))
    assert (zhang.status, zhang.seal_no, zhang.address) == ("在管", "2026-0001", "东风村一组12号")
    assert (zhang.grid_worker, zhang.grid_worker_phone, zhang.doctor, zhang.doctor_phone) == (
        "王网格",
        "13900001111",
        "赵村医",
        "13900002222",
    )
    assert zhang.note == "户籍地址：平安县红旗镇东风村"
    assert _events(zhang) == [("开始", nov(2), "在管")]

    qian = Case.get(Case.person == village["qian"])  # found by name, no ID number
    assert (qian.kind, qian.policy.name, qian.reason, qian.source) == (MONITOR, MONITOR_7, "重点地区返回", "卡点")
    assert (qian.exposure_date, qian.release_due) == (nov(2), nov(10))
    assert qian.seal_no == "2026-0003"  # 0002 is the number the file gives 周建军

    aygul = _case("阿依古丽·买买提")  # "•" in the sheet
    assert (aygul.kind, aygul.policy.name, aygul.site, aygul.room) == (CENTRAL, CENTRAL_7_7, "红旗镇党校隔离点", "203")
    assert (aygul.last_day, aygul.release_due, aygul.seal_no, aygul.reason) == (nov(18), nov(19), "", "次密接")

    li = _case("李秀英")  # already over in the ledger
    assert (li.status, li.ended_on, li.seal_no) == ("解除", date(2026, 10, 15), "2026-0004")
    assert _events(li) == [("开始", date(2026, 10, 1), "在管"), ("解除", date(2026, 10, 15), "解除")]

    zhou = Person.get(Person.id_number == ID_ZHOU)  # a visitor with an ID number
    assert (zhou.status, zhou.relation, zhou.sex, zhou.note) == ("暂住", "其他", "男", "户籍地址：湖北省武汉市洪山区")
    visitors = zhou.household
    assert (visitors.head_name, visitors.kind, visitors.door_no, visitors.grid.name, visitors.number) == (
        VISITOR_HEAD,
        "出租",
        "暂住",
        "一组",
        "01-0002",
    )
    assert _case("周建军").seal_no == "2026-0002"  # as the file gives it
    assert _case("周建军").note == "租住王家；户籍地址：湖北省武汉市洪山区"
    ma = Person.get(Person.name == "马丽")  # a visitor without one, at an address no grid starts
    assert (ma.status, ma.id_number, ma.sex, ma.household.grid.name, ma.household.head_name) == (
        "暂住",
        None,
        "女",
        "未分组",
        VISITOR_HEAD,
    )
    assert _case("马丽").seal_no == "2026-0005"
    assert Person.select().where(Person.name == "王桂兰").count() == 0

    note = AuditEntry.get((AuditEntry.action == "import") & (AuditEntry.table == "case"))
    assert "messy_cases.xlsx" in note.summary and note.who == "李文书"


def test_each_refused_row_says_where_and_why(village: dict[str, int]) -> None:
    plan = plan_case_import(read_cases(CASES))
    refused = {(i.row, i.name, i.field): i.reason for i in plan.refused}
    assert set(refused) == {
        (12, "王桂兰", "身份证号码"),
        (13, "刘洋", "隔离开始日期"),
        (14, "钱明", "身份证号码"),
        (15, "张三丰", "姓名"),
    }
    assert "存成了数字" in refused[(12, "王桂兰", "身份证号码")]  # the roster import's reason
    assert "2026-02-30 不存在" in refused[(13, "刘洋", "隔离开始日期")]
    assert "校验位错误" in refused[(14, "钱明", "身份证号码")]
    assert refused[(15, "张三丰", "姓名")] == "与第 5 行是同一人"
    assert all(i.sheet == "隔离人员台账" for i in plan.refused)
    warnings = {(i.row, i.field): i.reason for i in plan.warnings}
    assert warnings[(9, "姓名")] == warnings[(10, "姓名")] == VISITOR_ADDED
    assert "按姓名对应" in warnings[(6, "姓名")] and "按姓名对应" in warnings[(8, "姓名")]
    assert "按“7天居家健康监测”计算应为 2026-11-10" in warnings[(6, "预计解除日期")]
    assert (5, "预计解除日期") not in warnings  # 2026-11-16 agrees with the policy
    # The preview names the policies, and nothing was written.
    assert plan.policies == {HOME_14: 4, MONITOR_7: 1, CENTRAL_7_7: 1}
    assert "新建 6 个管控对象（其中已结束 1 个）、加入花名册 2 人（暂住）" in plan.preview()
    assert plan.new_grids == ["未分组"]
    assert Case.select().count() == 0


def test_importing_the_same_file_twice_adds_nothing(village: dict[str, int]) -> None:
    import_cases(CASES)
    before = _counts()[:5]
    again = import_cases(CASES)
    assert (again.created_cases, again.created_people, again.skipped, again.refused_rows) == (0, 0, 6, 4)
    skipped = {(i.row, i.reason) for i in again.plan.warnings}
    assert skipped == {(row, ALREADY_REGISTERED) for row in (5, 6, 7, 8, 9, 10)}
    assert _counts()[:5] == before


def test_a_person_under_observation_is_not_opened_twice(village: dict[str, int]) -> None:
    policy = Policy.get(Policy.name == HOME_14)
    qa.open_case(village["zhang"], {"policy": policy.id, "start_date": date(2026, 10, 28)})
    plan = plan_case_import(read_cases(CASES))
    refused = {(i.row, i.field): i.reason for i in plan.refused}
    assert refused[(5, "姓名")] == "已在管控中（2026-10-28 开始），不能重复登记"
    assert refused[(15, "姓名")] == "与第 5 行是同一人"
    assert ID_ZHANG not in {c.values.get("id_number") for c in plan.cases}


def test_one_policy_for_every_row(village: dict[str, int]) -> None:
    plan = plan_case_import(read_cases(CASES), policy_id=policy_by_name(HOME_14))
    assert plan.policies == {HOME_14: 6}
    kinds = {c.name: c.values["kind"] for c in plan.cases}
    assert kinds["阿依古丽·买买提"] == CaseKind.CENTRAL.value  # the row's own kind is kept, with a warning
    assert any(i.row == 7 and "第一阶段" in i.reason for i in plan.warnings)
    with pytest.raises(PolicyError, match="找不到管控政策“21天”"):
        policy_by_name("21天")


def test_cancel_leaves_the_database_as_it_was(village: dict[str, int]) -> None:
    class CancelAfterTwo:
        cancelled = False

        def update(self, done: int, total: int) -> None:
            self.cancelled = done >= 2

    plan = plan_case_import(read_cases(CASES))
    before = _counts()
    with pytest.raises(Cancelled):
        apply_case_plan(plan, CASES.name, CancelAfterTwo())
    assert _counts() == before
    assert apply_case_plan(plan, CASES.name).created_cases == 6  # the plan is not spent by a cancel


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_namesakes_ended_cases_and_missing_columns(village: dict[str, int], tmp_path: Path) -> None:
    # A second present 李秀英: a row without an ID number cannot tell which one.
    changes.save(Person, {"household": village["h2"], "name": "李秀英", "relation": "其他"})
    path = _workbook(
        tmp_path / "ledger.xlsx",
        [
            ["姓名", "身份证号", "管控方式", "开始隔离时间", "结束隔离时间", "当前状态"],
            ["李秀英", None, "居家隔离", "2026-11-01", None, "隔离中"],
            ["钱𠮷祥", None, "居家观察", "2026-10-01", None, "送医"],
            ["阿依古丽·买买提", None, None, "2026-10-01", None, "已解除"],
            ["张三丰", "11010519491231002X", "居家隔离", "2026-11-20", None, "转集中隔离"],
            ["赵丽", None, "居家隔离", "2026-11-25", None, "失联外出"],
        ],
    )
    changes.save(Person, {"household": village["h2"], "name": "赵丽", "relation": "其他"})
    plan = plan_case_import(read_cases(path))
    assert [(i.row, i.field) for i in plan.refused] == [(2, "身份证号码")]
    assert "有 2 个叫“李秀英”的人" in plan.refused[0].reason
    ended = {c.name: (c.status, c.ended) for c in plan.cases}
    assert ended["钱𠮷祥"][0] == "转运送医" and ended["钱𠮷祥"][1][1] == date.today()
    assert ended["阿依古丽·买买提"][1][1] == date(2026, 10, 15)  # no date: the policy's release date
    assert ended["赵丽"][0] == "失联外出"  # the exported list's own word comes back as it went
    apply_case_plan(plan, "ledger.xlsx")
    lost = Case.get(Case.person == Person.get(Person.name == "赵丽").id)
    assert (lost.status, lost.ended_on) == ("失联外出", None)  # gone, not over: 找回 brings it back
    moved = next(c for c in plan.cases if c.name == "张三丰")
    assert (moved.values["kind"], moved.policy_name, moved.status) == (CENTRAL, CENTRAL_7_7, "在管")
    no_start = _workbook(tmp_path / "no_start.xlsx", [["姓名", "身份证号", "隔离地址"], ["马丽", None, "一组3号"]])
    with pytest.raises(MappingError, match="隔离开始日期"):
        import_cases(no_start)


def test_visitors_of_a_grid_share_one_household(village: dict[str, int], tmp_path: Path) -> None:
    import_cases(CASES)
    path = _workbook(
        tmp_path / "more.xlsx",
        [
            ["姓名", "联系电话", "居住地址", "隔离方式", "入住时间"],
            ["赵新", "13700001111", "东风村一组5号", "居家隔离", "2026-11-21"],
            ["孙强", "13700002222", "二组9号", "居家隔离", "2026-11-21"],
        ],
    )
    assert import_cases(path).created_people == 2
    zhou, zhao, sun = (Person.get(Person.name == n).household for n in ("周建军", "赵新", "孙强"))
    assert zhao.id == zhou.id  # 一组's visitors' household, made by the first import
    assert (sun.grid.name, sun.head_name, sun.number) == ("二组", VISITOR_HEAD, "02-0002")
    assert Household.select().where(Household.head_name == VISITOR_HEAD).count() == 3


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "app", *args]
    return subprocess.run(command, check=False, capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_headless_import_of_the_ledger(village: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    report = tmp_path / "未导入.xlsx"
    done = _cli("import-cases", str(CASES), "--db", str(db_path), "--report", str(report))
    assert done.returncode == 0, done.stderr
    assert "导入完成：新建 6 个管控对象、加入花名册 2 人（暂住）、未导入 4 行" in done.stdout
    assert "未导入 隔离人员台账 第 13 行 刘洋：隔离开始日期" in done.stdout
    book = load_workbook(report)
    refused = list(book["未导入"].iter_rows(values_only=True))
    assert refused[0] == ("工作表", "行号", "姓名", "原因")
    assert [r[1] for r in refused[1:]] == [12, 13, 14, 15]
    assert refused[2][3].startswith("隔离开始日期：")
    summary = dict(book["汇总"].iter_rows(min_row=2, values_only=True))
    read = summary.pop("共读取（不含空行）")
    summary.pop("提示（不影响导入）")
    assert sum(summary.values()) == read and summary["新建"] == 6 and summary["未导入"] == 4
    assert f"共读取 {read} 行（不含空行）：新建 6、未导入 4、" in done.stdout
    assert ("隔离人员台账", 9, "周建军", "姓名", VISITOR_ADDED) in list(book["提示"].iter_rows(values_only=True))
    assert Case.select().count() == 6

    for args, message in (
        (("import-cases", str(DATA / "not_a_spreadsheet.xlsx")), "not_a_spreadsheet.xlsx"),
        (("import-cases", str(CASES), "--policy", "21天居家隔离"), "找不到管控政策“21天居家隔离”"),
        (("import-cases", str(DATA / "messy_roster.xlsx")), "找不到“隔离开始日期”列"),
    ):
        failed = _cli(*args, "--db", str(db_path))
        assert failed.returncode == 2, failed.stdout
        assert message in failed.stderr and "Traceback" not in failed.stderr
    assert Case.select().count() == 6


def test_the_import_opens_a_case_as_the_dialog_does(village: dict[str, int], tmp_path: Path) -> None:
    """登记管控 and an import open a case by one helper (quarantine_actions.open_case_in): the same record,
    the same 开始 event, seal numbers from one count."""
    home_14 = policy_by_name(HOME_14)
    by_hand = qa.open_case(village["qian"], {"policy": home_14, "start_date": nov(1), "reason": "密切接触者"})
    path = _workbook(
        tmp_path / "ledger.xlsx",
        [
            ["姓名", "身份证号", "隔离方式", "隔离开始日期", "隔离原因"],
            ["张三丰", "11010519491231002X", "居家隔离医学观察", "2026-11-01", "密切接触者"],
        ],
    )
    assert import_cases(path, policy_name=HOME_14).created_cases == 1
    imported = Case.get(Case.person == village["zhang"])
    by_hand = Case.get_by_id(by_hand.id)
    same = (
        "kind",
        "policy_id",
        "stages",
        "count_from",
        "status",
        "start_date",
        "first_day",
        "last_day",
        "release_due",
        "reason",
        "ended_on",
    )
    assert {f: getattr(imported, f) for f in same} == {f: getattr(by_hand, f) for f in same}
    assert (by_hand.seal_no, imported.seal_no) == ("2026-0001", "2026-0002")

    def events(case: Case) -> list[tuple[str, date, str, str]]:
        query = CaseEvent.select().where(CaseEvent.case == case.id).order_by(CaseEvent.id)
        return [(e.kind, e.on, e.reason, e.status_after) for e in query]

    assert events(imported) == events(by_hand) == [("开始", nov(1), "密切接触者", "在管")]
