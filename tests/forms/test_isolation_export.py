"""居家 / 集中隔离人员名单 for a day: the forms' columns, who is on which list that day, and a workbook
that reads back with full ID numbers as text; also through the `export isolation-list` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db import changes
from db import quarantine_actions as qa
from db.models import AuditEntry, Case, Person, Policy, Village
from db.models.quarantine import CaseKind, EventKind
from forms.excel.report_sheet import HEADER_ROW, NONE_ROW
from forms.isolation_export import CENTRAL, HOME, export_isolation_list, list_rows

ROOT = Path(__file__).resolve().parents[2]
NOV = {n: date(2026, 11, n) for n in range(1, 31)}
TODAY = date(2026, 11, 24)  # the lists below are for days already past

# The column lists of /work/shared/forms/04 (most common layout, without 核酸检测) and 05 (village list).
HOME_HEADERS = [
    "序号",
    "姓名",
    "性别",
    "年龄",
    "身份证号码",
    "联系电话",
    "隔离地址",
    "户籍地址",
    "隔离原因",
    "末次接触日期",
    "隔离开始日期",
    "预计解除日期",
    "包保责任人",
    "告知书/承诺书/封条",
    "健康状况",
    "实际解除日期",
    "当前状态",
    "备注",
]
CENTRAL_HEADERS = [
    "序号",
    "姓名",
    "性别",
    "身份证号码",
    "联系电话",
    "家庭住址",
    "人员类别",
    "隔离点名称",
    "房间号",
    "入住(转运)时间",
    "预计解除日期",
    "实际解除日期",
    "解除后去向",
    "解除后随访",
    "备注",
]


def _open(person_id: int, policy: str, **values: object) -> Case:
    return qa.open_case(
        person_id,
        {
            "policy": Policy.get(Policy.name == policy).id,
            "start_date": NOV[1],
            "reason": "密切接触者",
            "address": "一组12号",
            "grid_worker": "王网格",
            "grid_worker_phone": "13900001111",
            "doctor": "赵村医",
            "doctor_phone": "13900002222",
            **values,
        },
    )


@pytest.fixture
def cases(village: dict[str, int]) -> dict[str, int]:
    """张三丰 14 days at home, 钱𠮷祥 7 days central + 7 days home monitoring, 李秀英 central at a site."""
    li = Person.get(Person.name == "李秀英").id
    return {
        "home": _open(village["zhang"], "14天居家隔离医学观察", seal_posted_on=NOV[1]).id,
        "seven": _open(
            village["qian"], "7天集中隔离+7天居家健康监测", address="二组3号", site="红旗镇隔离酒店", room="305"
        ).id,
        "central": _open(li, "14天居家隔离医学观察", kind=CaseKind.CENTRAL.value, site="县党校", room="112").id,
    }


def _names(key: str, day: date) -> list[str]:
    return [r["姓名"] for r in list_rows(key, day, TODAY)]


def _row(key: str, day: date, name: str) -> dict[str, object]:
    return next(r for r in list_rows(key, day, TODAY) if r["姓名"] == name)


def test_each_case_is_on_the_list_of_where_it_is_kept_that_day(cases: dict[str, int]) -> None:
    assert _names(HOME, NOV[3]) == ["张三丰"]
    assert _names(CENTRAL, NOV[3]) == ["李秀英", "钱𠮷祥"]  # roster order: 一组 before 二组
    # The 7+7 case: central on day 3, on the home list (marked) on day 10.
    assert _names(HOME, NOV[10]) == ["张三丰", "钱𠮷祥"]
    assert _names(CENTRAL, NOV[10]) == ["李秀英"]
    seven = _row(HOME, NOV[10], "钱𠮷祥")
    assert seven["备注"] == "居家健康监测（11月8日起）"
    assert (seven["隔离开始日期"], seven["预计解除日期"], seven["当前状态"]) == ("2026-11-01", "2026-11-15", "隔离中")
    central_stage = _row(CENTRAL, NOV[3], "钱𠮷祥")
    assert central_stage["隔离点名称"] == "红旗镇隔离酒店" and central_stage["房间号"] == "305"
    assert (central_stage["入住(转运)时间"], central_stage["预计解除日期"]) == ("2026-11-01", "2026-11-08")
    assert central_stage["解除后随访"] == "居家健康监测 11月8日—11月14日"
    assert central_stage["家庭住址"] == "东风村二组3号"


def test_the_home_row_carries_team_papers_health_and_addresses(cases: dict[str, int]) -> None:
    qa.record_reading(cases["home"], NOV[3], "下午", {"value": 38.2, "symptoms": "咳嗽"})
    row = _row(HOME, NOV[3], "张三丰")
    assert row["序号"] == 1 and row["性别"] == "女" and row["年龄"] == 76  # sex follows the ID number
    assert row["身份证号码"] == "11010519491231002X" and row["联系电话"] == "13812345678"
    assert row["隔离地址"] == "东风村一组12号" and row["户籍地址"] == "平安县红旗镇东风村一组12号"
    assert row["包保责任人"] == "王网格 13900001111\n村医赵村医 13900002222"  # the terms of the case definitions
    assert row["告知书/承诺书/封条"] == "否/—/是"
    printed = {"document": "居家隔离医学观察告知书", "template": "notice", "cases": [cases["home"]], "file": "x.pdf"}
    with changes.transaction("打印") as cs:  # what printing.from_ledger.print_batch notes
        cs.note("print", "case", printed)
    assert _row(HOME, NOV[3], "张三丰")["告知书/承诺书/封条"] == "否/—/是"  # printed after that day
    with changes.transaction("打印") as cs:  # the same, printed on 2 November
        cs.at = datetime(2026, 11, 2, 9)
        cs.note("print", "case", printed)
    assert _row(HOME, NOV[3], "张三丰")["告知书/承诺书/封条"] == "是/—/是"
    assert row["健康状况"] == "异常（38.2℃ 咳嗽）"
    assert _row(HOME, NOV[4], "张三丰")["健康状况"] == "正常"


def test_a_case_released_that_day_is_listed_with_its_date_and_not_after(cases: dict[str, int]) -> None:
    qa.change_status(cases["home"], EventKind.RELEASED, NOV[10], "卫生院出具解除告知")
    released = _row(HOME, NOV[10], "张三丰")
    assert (released["实际解除日期"], released["当前状态"]) == ("2026-11-10", "已解除")
    assert "张三丰" not in _names(HOME, NOV[11])
    assert _row(HOME, NOV[9], "张三丰")["实际解除日期"] == ""  # not yet released then
    assert _names(HOME, date(2026, 10, 31)) == []  # before it started


def test_a_transfer_shows_on_both_lists_that_day(cases: dict[str, int]) -> None:
    qa.change_status(cases["home"], EventKind.TO_CENTRAL, NOV[5], "出现症状", {"site": "县党校", "room": "201"})
    assert _row(HOME, NOV[4], "张三丰")["当前状态"] == "隔离中"
    assert _row(HOME, NOV[5], "张三丰")["当前状态"] == "转集中隔离"
    assert _row(CENTRAL, NOV[5], "张三丰")["入住(转运)时间"] == "2026-11-05"
    assert "张三丰" not in _names(HOME, NOV[6])
    qa.change_status(cases["central"], EventKind.MISSING, NOV[6], "电话不通")
    assert _row(CENTRAL, NOV[6], "李秀英")["备注"] == "失联外出（11月6日起）"


def test_the_workbook_reads_back_with_the_forms_columns_and_ids_as_text(cases: dict[str, int], tmp_path: Path) -> None:
    changes.save(Village, {"office_phone": "0371-61234567"}, Village.get().id)
    out = tmp_path / "居家.xlsx"
    assert export_isolation_list(HOME, NOV[10], out, today=TODAY) == 2
    wb = load_workbook(out)
    ws = wb["居家隔离人员名单"]
    assert ws["A1"].value == "东风村居家隔离人员名单"
    assert ws["A2"].value == (
        "填报单位(村/社区)：红旗镇东风村    填报日期：2026年11月10日    填报人：李文书    联系电话：0371-61234567"
    )
    assert [c.value for c in ws[HEADER_ROW]] == HOME_HEADERS
    id_cell = ws.cell(HEADER_ROW + 1, HOME_HEADERS.index("身份证号码") + 1)
    assert id_cell.value == "11010519491231002X" and id_cell.data_type == "s" and id_cell.number_format == "@"
    assert ws.cell(HEADER_ROW + 2, 2).value == "钱𠮷祥"
    assert ws.max_row == HEADER_ROW + 2
    assert ws.freeze_panes == f"C{HEADER_ROW + 1}" and ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    meta = dict(row for row in wb["_meta"].iter_rows(values_only=True))
    assert meta["template"] == "isolation-home" and meta["day"] == "2026-11-10" and wb["_meta"].sheet_state == "hidden"
    note = AuditEntry.select().where(AuditEntry.action == "export").get()
    assert json.loads(note.after) == {"list": "居家隔离人员名单", "day": "2026-11-10", "count": 2, "file": str(out)}

    central = tmp_path / "集中.xlsx"
    assert export_isolation_list(CENTRAL, NOV[3], central, today=TODAY) == 2
    assert [c.value for c in load_workbook(central)["集中隔离人员名单"][HEADER_ROW]] == CENTRAL_HEADERS


def test_an_empty_list_is_still_a_valid_workbook(village: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    assert export_isolation_list(CENTRAL, NOV[3], out, today=TODAY) == 0
    ws = load_workbook(out)["集中隔离人员名单"]
    assert ws.max_row == HEADER_ROW + 1
    assert [c.value for c in ws[HEADER_ROW + 1]][:2] == [None, NONE_ROW]


# --- the command -----------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_the_command_exports_and_refuses_a_bad_day_or_target(
    cases: dict[str, int], db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "名单.xlsx"
    done = _cli("export", "isolation-list", "--kind", "central", "--day", "2026-11-03", "--db", str(db_path), str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"已导出 2 人：{out}"
    assert done.stderr.startswith("注意：导出的文件含有完整的身份证号码")  # said before it was written
    assert [c.value for c in load_workbook(out)["集中隔离人员名单"][HEADER_ROW + 1]][1] == "李秀英"

    unopened = tmp_path / "new.db"
    bad_day = _cli("export", "isolation-list", "--kind", "home", "--day", "2026-13-01", "--db", str(unopened), str(out))
    assert bad_day.returncode == 2 and "日期 2026-13-01 不存在" in bad_day.stderr
    assert not unopened.exists()  # refused before any database was opened or created
    far = _cli("export", "isolation-list", "--kind", "home", "--day", "9999-12-31", "--db", str(unopened), str(out))
    assert far.returncode == 2 and "年份不合理" in far.stderr and "Traceback" not in far.stderr  # no date overflows
    assert not unopened.exists()

    locked = tmp_path / "占用.xlsx"
    locked.mkdir()  # a target that cannot be replaced (as a file open in Excel on Windows)
    refused = _cli("export", "isolation-list", "--kind", "home", "--db", str(db_path), str(locked))
    last = refused.stderr.strip().splitlines()[-1]
    assert (
        refused.returncode == 2
        and last.startswith("错误：")
        and "占用.xlsx" in last
        and "Traceback" not in refused.stderr
    )


def test_the_command_seals_the_list_in_an_encrypted_package(
    cases: dict[str, int], db_path: Path, tmp_path: Path
) -> None:
    import io

    from forms.excel.data_package import PASSWORD_ENV, read_member

    out = tmp_path / "名单.xlsx"
    args = (
        "export",
        "isolation-list",
        "--kind",
        "central",
        "--day",
        "2026-11-03",
        "--encrypt",
        "--db",
        str(db_path),
        str(out),
    )
    no_password = _cli(*args)  # no terminal to ask on, no password given: nothing is written
    assert no_password.returncode == 2 and PASSWORD_ENV in no_password.stderr and list(tmp_path.glob("名单*")) == []
    os.environ[PASSWORD_ENV] = "township-2026"
    try:
        done = _cli(*args)
    finally:
        del os.environ[PASSWORD_ENV]
    package = tmp_path / "名单.zip"
    assert done.returncode == 0 and done.stdout.strip() == f"已导出 2 人（已加密）：{package}"
    assert sorted(p.name for p in tmp_path.glob("名单*")) == ["名单.zip"]
    ws = load_workbook(io.BytesIO(read_member(package, "township-2026")))["集中隔离人员名单"]
    assert ws.cell(HEADER_ROW + 1, 2).value == "李秀英"
