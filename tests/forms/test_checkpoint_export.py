"""A day's 卡点出入登记表 for the township: each checkpoint's people (sheet A) and vehicles (sheet B) in the
columns of 09-checkpoint.md, full ID numbers as text, read back with openpyxl; through `export checkpoint` too."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db import screening_actions
from db.checkpoint_actions import register_entry, save_checkpoint
from db.errors import LedgerError
from db.models import AuditEntry
from forms.checkpoint_export import default_file_name, export_checkpoint_register
from forms.excel.report_sheet import HEADER_ROW, NONE_ROW

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 12, 3)

# 09-checkpoint.md, sheet A and sheet B, in the form's order (同车人数 / 同车人员 as two columns).
PEOPLE_HEADERS = [
    "序号",
    "时间",
    "进出",
    "姓名",
    "身份证号",
    "联系电话",
    "住址(户籍)",
    "是否本村人员",
    "从何处来",
    "到何处去",
    "事由",
    "在本地联系人",
    "体温(℃)",
    "出行方式",
    "车牌号码",
    "处理结果",
    "登记人",
    "备注",
]
VEHICLE_HEADERS = [
    "序号",
    "时间",
    "车牌号码",
    "车辆类型",
    "驾驶员姓名",
    "驾驶员身份证号",
    "驾驶员联系电话",
    "同车人数",
    "同车人员",
    "出发地",
    "目的地",
    "事由",
    "车内人员体温",
    "是否消毒",
    "处理结果",
    "登记人",
]


@pytest.fixture
def registered(village: dict[str, int]) -> dict[str, int]:
    screening_actions.save_key_area({"region_code": "420100", "counts_from": date(2026, 11, 1)})
    east = save_checkpoint(
        {"name": "村东卡点", "place": "村东路口", "hours": "24小时", "leader": "赵队长", "leader_phone": "13700001234"}
    ).id
    west = save_checkpoint({"name": "村西卡点"}).id
    register_entry(
        {
            "checkpoint": east,
            "at": datetime(2026, 12, 3, 8, 5),
            "name": "王大军",
            "id_number": "410102198001010018",
            "phone": "13900001111",
            "from_place": "武汉",
            "to_place": "一组张三丰家",
            "reason": "探亲",
            "temperature": 36.5,
            "plate": "豫AD12345",
            "recorder": "赵值守",
        },
        companions=[{"name": "王小军", "temperature": 38.1, "symptoms": "咳嗽"}],
        vehicle={"vehicle_type": "小客车", "disinfected": True},
    )
    register_entry(
        {
            "checkpoint": east,
            "at": datetime(2026, 12, 3, 7, 40),
            "direction": "外出",
            "name": "张三丰",
            "id_number": "11010519491231002X",
            "recorder": "钱值守",
            "outcome": "劝返",
        }
    )
    register_entry({"checkpoint": east, "at": datetime(2026, 12, 2, 9, 0), "name": "昨天的人"})
    register_entry({"checkpoint": west, "at": datetime(2026, 12, 3, 10, 0), "name": '=HYPERLINK("x")'})
    return {"east": east, "west": west}


def _values(ws: object, row: int) -> list[object]:
    return [c.value for c in ws[row]]  # type: ignore[index]


def test_the_register_has_the_forms_columns_and_every_person(registered: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / default_file_name(DAY, "村东卡点")
    assert out.name == "东风村卡点出入登记表_村东卡点_20261203.xlsx"
    assert export_checkpoint_register(DAY, out, registered["east"]) == 3
    wb = load_workbook(out)
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == ["村东卡点-人员", "村东卡点-车辆"]
    people, cars = wb["村东卡点-人员"], wb["村东卡点-车辆"]
    assert people["A1"].value == "东风村卡点人员出入登记表"
    line = people["A2"].value
    assert "卡点名称(位置)：村东卡点（村东路口）" in line and "2026年12月3日" in line
    assert "值守人员：钱值守、赵值守" in line and "带班(负责人)：赵队长" in line and "13700001234" in line
    assert _values(people, HEADER_ROW) == PEOPLE_HEADERS
    rows = [_values(people, r) for r in range(HEADER_ROW + 1, people.max_row + 1)]
    assert [r[:4] for r in rows] == [
        [1, "07:40", "外出", "张三丰"],
        [2, "08:05", "进入", "王大军"],
        [3, "08:05", "进入", "王小军"],
    ]
    zhang, wang, xiao = rows
    assert zhang[4] == "11010519491231002X" and people.cell(HEADER_ROW + 1, 5).data_type == "s"  # in full, text
    assert (zhang[6], zhang[7], zhang[15], zhang[16]) == ("一组12号", "是", "劝返", "钱值守")
    assert wang[5:16] == [
        "13900001111",
        None,
        "否",
        "武汉",
        "一组张三丰家",
        "探亲",
        None,
        36.5,
        "驾车",
        "豫AD12345",
        "登记后放行并告知居家观察",
    ]
    assert wang[17] == "提示：来自重点地区（武汉市）"
    assert (xiao[12], xiao[14], xiao[15]) == (38.1, "豫AD12345", "转发热门诊")
    assert xiao[17] == "症状：咳嗽；提示：发热 38.1℃；咳嗽；来自重点地区（武汉市）"

    assert cars["A1"].value == "东风村卡点车辆出入登记表"
    assert _values(cars, HEADER_ROW) == VEHICLE_HEADERS
    assert cars.max_row == HEADER_ROW + 1
    assert _values(cars, HEADER_ROW + 1) == [
        1,
        "08:05",
        "豫AD12345",
        "小客车",
        "王大军",
        "410102198001010018",
        "13900001111",
        1,
        "王小军",
        "武汉",
        "一组张三丰家",
        "探亲",
        "36.5、38.1",
        "是",
        "放行",
        "赵值守",
    ]
    note = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (note.action, note.table, note.summary) == ("export", "gate_entry", "导出卡点出入登记表（2026-12-03，3 人）")


def test_every_checkpoint_with_entries_gets_its_sheets(registered: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    assert export_checkpoint_register(DAY, out) == 4
    wb = load_workbook(out)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == ["村东卡点-人员", "村东卡点-车辆", "村西卡点-人员", "村西卡点-车辆"]
    west = wb["村西卡点-人员"]
    assert west.cell(HEADER_ROW + 1, 4).value == '=HYPERLINK("x")' and west.cell(HEADER_ROW + 1, 4).data_type == "s"
    assert wb["村西卡点-车辆"].cell(HEADER_ROW + 1, 2).value == NONE_ROW  # no vehicle: said so
    with pytest.raises(LedgerError, match="没有登记"):
        export_checkpoint_register(date(2026, 12, 5), tmp_path / "none.xlsx")
    assert not (tmp_path / "none.xlsx").exists()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_the_command_exports_a_checkpoints_day(registered: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "east.xlsx"
    done = _cli(
        "export", "checkpoint", "--day", "2026-12-03", "--checkpoint", "村东卡点", "--db", str(db_path), str(out)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"已导出 3 人：{out}"
    ws = load_workbook(out)["村东卡点-人员"]
    assert [ws.cell(r, 4).value for r in range(HEADER_ROW + 1, ws.max_row + 1)] == ["张三丰", "王大军", "王小军"]
    unknown = _cli(
        "export",
        "checkpoint",
        "--day",
        "2026-12-03",
        "--checkpoint",
        "北门",
        "--db",
        str(db_path),
        str(tmp_path / "x.xlsx"),
    )
    assert unknown.returncode == 2 and "错误：没有名为“北门”的卡点" in unknown.stderr
    assert "Traceback" not in unknown.stderr and not (tmp_path / "x.xlsx").exists()
