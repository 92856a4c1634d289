"""A checkpoint register brought in from a workbook (forms.checkpoint_import): clerks' headers, a title and the
form's header line (日期, 卡点名称), cells merged down over a car's people, ticked boxes typed from the paper,
header copies, 合计 and blank rows, and bad rows — each row's fate against the truth the workbook was built
with, the counts adding up to the rows read; the export imports back to the same entries; a file imported
once is refused the second time."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from db import screening_actions
from db.base import database
from db.checkpoint_actions import register_entry, save_checkpoint
from db.connection import close_database, open_database
from db.imports.checkpoints import RegisterAlreadyImported, apply_checkpoint_plan
from db.imports.rows import describe_tally
from db.models.checkpoint import GateEntry, Vehicle
from db.queries.checkpoints import register_lines, vehicle_lines
from forms.checkpoint_cells import NO_DAY, ticked
from forms.checkpoint_export import export_checkpoint_register
from forms.checkpoint_import import import_checkpoint, plan_checkpoint_import
from forms.checkpoint_sheets import read_checkpoint_register
from forms.excel.issue_report import write_import_report
from printing.documents.gate_register import headings

DAY = date(2026, 12, 3)
VALID_ID = "410102198001010018"
ZHANG_ID = "11010519491231002X"  # 张三丰, in the test village's roster
BAD_CHECK_DIGIT = "410102198001010019"
LI_ID = "410122199003070014"


@pytest.fixture
def gates(village: dict[str, int]) -> dict[str, int]:
    screening_actions.save_key_area({"region_code": "420100", "counts_from": date(2026, 11, 1)})
    east = save_checkpoint({"name": "村东卡点", "place": "村东路口", "leader": "赵队长"}).id
    west = save_checkpoint({"name": "村西卡点"}).id
    return {**village, "east": east, "west": west}


@dataclass(frozen=True)
class Line:
    """A row of a drawn sheet and what must become of it: outcome (a RowAccount outcome, None for a blank row),
    the field a refusal names, and for rows taken the entry's expected values."""

    cells: list[Any]
    outcome: str | None
    field: str = ""
    expect: dict[str, Any] | None = None


def _sheet(path: Path, lines: list[Line], merges: tuple[str, ...] = (), title: str = "Sheet") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for line in lines:
        ws.append(line.cells)
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def _fates(plan: Any) -> dict[int, tuple[str, str]]:
    return {a.row: (a.outcome, a.reason) for a in plan.accounted}


def _check_accounting(plan: Any, lines: list[Line], sheet: str = "Sheet") -> None:
    """Every non-blank row has the fate the truth says; a refusal names its field; the counts add up."""
    fates = {a.row: a for a in plan.accounted if a.sheet == sheet}
    for n, line in enumerate(lines, start=1):
        if line.outcome is None:
            assert n not in fates, f"blank row {n} accounted for"
            continue
        assert fates[n].outcome == line.outcome, (n, line.cells, fates[n])
        if line.field:
            assert fates[n].reason.startswith(line.field), (n, fates[n].reason)
    non_blank = sum(1 for line in lines if line.outcome is not None)
    counts = plan.outcome_counts()
    assert sum(counts.values()) == non_blank == plan.rows_read
    for outcome in ("created", "merged", "unchanged", "refused", "skipped"):
        assert counts[outcome] == sum(1 for line in lines if line.outcome == outcome), outcome
    said = describe_tally(counts, plan.skipped_rows)
    assert said.startswith(f"共读取 {non_blank} 行")


HEADERS = [
    "序号",
    "登记时间",
    "进/出",
    "姓名",
    "身份证号码",
    "电话",
    "住址",
    "体温",
    "交通方式",
    "车牌",
    "同车人员",
    "处理情况",
    "值守人员",
    "备注",
]


def _row(n: object, at: object, way: str, name: str, **more: Any) -> list[Any]:
    cells = dict.fromkeys(HEADERS, "")
    cells.update({"序号": n, "登记时间": at, "进/出": way, "姓名": name})
    cells.update({k.replace("_", ""): v for k, v in more.items()})
    return [cells[h] for h in HEADERS]


def clerks_lines() -> list[Line]:
    """A clerk's own sheet of one morning at 村东卡点, with the truth of each row."""
    return [
        Line(["东风村村东卡点出入登记表"], "skipped"),
        Line(["卡点名称(位置)：村东卡点（村东路口）    日期：2026年12月3日    值守人员：赵值守"], "skipped"),
        Line(HEADERS, "skipped"),
        Line(
            _row(
                1,
                "8:05",
                "进",
                "王大军",
                身份证号码=VALID_ID,
                电话="13900001111",
                体温="36.5",
                交通方式="开车",
                车牌="豫A·D12345",
                同车人员="王小军",
                处理情况="通过",
                值守人员="赵值守",
            ),  # fmt: skip
            "created",
            expect={
                "direction": "进入",
                "plate": "豫AD12345",
                "travel_mode": "驾车",
                "temperature": 36.5,
                "outcome": "放行",
                "party": None,
            },  # fmt: skip
        ),
        Line(  # 时间 merged down from the row above; the same car
            _row(2, None, "入", "王小军", 体温="38.1℃", 交通方式="开车", 车牌="豫AD12345", 处理情况="送发热门诊"),
            "created",
            expect={
                "direction": "进入",
                "plate": "豫AD12345",
                "temperature": 38.1,
                "outcome": "转发热门诊",
                "party": "王大军",
                "flags": "发热 38.1℃",
            },  # fmt: skip
        ),
        Line(
            _row(3, "08:30", "出", "李四", 身份证号码=LI_ID, 住址="一组5号", 交通方式="步行", 处理情况="放行"),
            "created",
            expect={"direction": "外出", "travel_mode": "步行", "outcome": "放行", "address": "一组5号"},
        ),
        Line(  # typed from the paper: the boxes as ticked
            _row(4, "8点40", "√进 □出", "张三丰", 身份证号码=ZHANG_ID, 体温="36.8度", 处理情况="□放行 ☑劝返"),
            "created",
            expect={"direction": "进入", "outcome": "劝返", "temperature": 36.8, "person": "zhang"},
        ),
        Line([], None),
        Line(HEADERS, "skipped"),  # the header printed again
        Line(_row(5, "09:00", "进", "错车牌", 车牌="豫I12345"), "refused", "车牌号码"),
        Line(_row(6, "09:10", "进", "高温", 体温="45.2"), "refused", "体温"),
        Line(_row(7, "09:20", "进", "", 电话="13900002222", 体温="36.4"), "refused", "姓名"),
        Line(_row(8, "", "进", "没时间", 体温="36.4"), "refused", "时间"),
        Line(_row(9, "09:25", "进", "错号码", 身份证号码=BAD_CHECK_DIGIT), "refused", "身份证号"),
        Line(  # the same person (ID number) at the same minute again
            _row(10, "08:30", "出", "李四", 身份证号码=LI_ID, 交通方式="步行"), "merged"
        ),
        Line(
            _row(11, "09:30", "进", "赵一", 同车人员="赵二、赵三", 交通方式="步行", 处理情况="放行"),
            "created",
            expect={"party": None},
        ),
        Line(_row(12, "09:30", "进", "赵二", 体温="36.6"), "created", expect={"party": "赵一", "temperature": 36.6}),
        # two of one name, no ID number, in one car: two people (a warning asks the clerk to check)
        Line(_row(13, "09:40", "进", "马强家属", 车牌="豫B54321"), "created"),
        Line(_row(14, "09:40", "进", "马强家属", 车牌="豫B54321"), "created"),
        Line([], None),
        Line(["合计", "", "", "共 8 人"], "skipped"),
    ]


def _entries() -> dict[str, GateEntry]:
    return {e.name: e for e in GateEntry.select()}


def test_a_clerks_sheet_every_row_accounted_for(gates: dict[str, int], tmp_path: Path) -> None:
    lines = clerks_lines()
    path = _sheet(tmp_path / "卡点登记.xlsx", lines, merges=("B4:B5",))
    plan = plan_checkpoint_import(read_checkpoint_register(path), path, gates["west"])
    _check_accounting(plan, lines)
    assert any("表头写的是“村东卡点”" in note for note in plan.notes)  # the header line names the checkpoint
    result = apply_checkpoint_plan(plan)
    entries = _entries()
    taken = [line.cells[3] for line in lines if line.outcome == "created"]
    assert set(entries) == set(taken) | {"赵三"}  # 赵三: named in 同车人员 only, registered with 赵一's journey
    assert result.entries == GateEntry.select().count() == len(taken) + 1
    assert GateEntry.select().where(GateEntry.name == "马强家属").count() == 2
    assert [w.row for w in plan.warnings if "同名、同一时间" in w.reason] == [len(lines) - 2]
    for line in lines:
        if line.expect is None:
            continue
        entry = entries[line.cells[3]]
        assert entry.checkpoint_id == gates["east"] and entry.at.date() == DAY
        for key, value in line.expect.items():
            if key == "party":
                assert (entry.party.name if entry.party else None) == value, (entry.name, key)
            elif key == "person":
                assert entry.person_id == gates[value]
            else:
                assert getattr(entry, key) == value, (entry.name, key)
    assert entries["王小军"].at == datetime(2026, 12, 3, 8, 5)  # the merged cell's time
    assert entries["赵三"].party_id == entries["赵一"].id and entries["赵三"].at == entries["赵一"].at
    car = Vehicle.get(Vehicle.plate == "豫AD12345")
    assert {e.name for e in car.occupants} == {"王大军", "王小军"} and Vehicle.select().count() == 2
    report = tmp_path / "结果.xlsx"
    write_import_report(report, plan.accounted, plan.warnings)
    assert "未导入" in load_workbook(report).sheetnames


def test_the_same_file_is_refused_the_second_time(gates: dict[str, int], tmp_path: Path) -> None:
    lines = clerks_lines()
    path = _sheet(tmp_path / "卡点登记.xlsx", lines, merges=("B4:B5",))
    first = import_checkpoint(path, gates["east"])
    assert first.entries == GateEntry.select().count() > 0
    with pytest.raises(RegisterAlreadyImported, match="这个文件已于 .* 导入"):
        import_checkpoint(path, gates["east"])
    copy = tmp_path / "副本.xlsx"  # the same bytes under another name: the same file
    shutil.copy(path, copy)
    plan = plan_checkpoint_import(read_checkpoint_register(copy), copy, gates["east"])
    with pytest.raises(RegisterAlreadyImported):
        apply_checkpoint_plan(plan)
    assert GateEntry.select().count() == first.entries


def test_rows_already_registered_are_not_written_again(gates: dict[str, int], tmp_path: Path) -> None:
    at = datetime(2026, 12, 3, 8, 30)
    register_entry({"checkpoint": gates["east"], "at": at, "direction": "外出", "name": "李四", "id_number": LI_ID})
    lines = clerks_lines()
    path = _sheet(tmp_path / "卡点登记.xlsx", lines, merges=("B4:B5",))
    plan = plan_checkpoint_import(read_checkpoint_register(path), path, gates["east"])
    fates = _fates(plan)
    li_rows = [n for n, line in enumerate(lines, 1) if line.cells[3:4] == ["李四"]]
    assert [fates[n][0] for n in li_rows] == ["unchanged", "merged"]
    apply_checkpoint_plan(plan)
    assert GateEntry.select().where(GateEntry.name == "李四").count() == 1


PAPER = list(headings())


def _paper_row(n: int, values: dict[str, Any]) -> list[Any]:
    cells = dict.fromkeys(PAPER, "")
    cells["序号"] = n
    cells.update(values)
    return [cells[h] for h in PAPER]


def test_the_paper_typed_back_in_its_order_takes_the_day_given(gates: dict[str, int], tmp_path: Path) -> None:
    assert PAPER[:5] == ["序号", "时间", "进出", "姓名", "身份证号"]
    blank_day = "卡点名称(位置)：村西卡点    日期：________年____月____日    值守人员：________"
    lines = [
        Line(["东风村卡点出入登记表"], "skipped"),
        Line([blank_day], "skipped"),
        Line(PAPER, "skipped"),
        Line(
            _paper_row(
                1,
                {
                    "时间": "07:50",
                    "进出": "□进　☑出",
                    "姓名": "孙悟",
                    "是否本村人员": "☑是　□否",
                    "体温(℃)": "36.2",
                    "出行方式": "□步行 ☑驾车\n□骑车 □其他",
                    "车牌号码": "鄂A12345",
                    "处理结果": "☑放行　□劝返",
                },
            ),  # fmt: skip
            "created",
            expect={"direction": "外出", "is_villager": True, "travel_mode": "驾车", "plate": "鄂A12345"},
        ),
        Line(
            _paper_row(
                2,
                {
                    "时间": "08:10",
                    "进出": "☑进　□出",
                    "姓名": "周小",
                    "是否本村人员": "□是　☑否",
                    "从何处来": "武汉",
                    "体温(℃)": "36.6",
                    "处理结果": "□放行　□劝返",
                },
            ),  # fmt: skip
            "created",
            # from a key area: flagged, and with no outcome ticked the save path's default
            expect={"direction": "进入", "is_villager": False, "outcome": "登记后放行并告知居家观察"},
        ),
        Line(_paper_row(3, {"进出": "□进　□出", "是否本村人员": "□是　□否"}), "skipped"),  # a number, nothing else
    ]
    path = _sheet(tmp_path / "纸质录入.xlsx", lines)
    without = plan_checkpoint_import(read_checkpoint_register(path), path, gates["east"])
    assert {issue.reason for issue in without.refused} == {NO_DAY}
    plan = plan_checkpoint_import(read_checkpoint_register(path), path, gates["east"], day=DAY)
    _check_accounting(plan, lines)
    apply_checkpoint_plan(plan)
    entries = _entries()
    assert {e.checkpoint_id for e in entries.values()} == {gates["west"]}
    for line in lines:
        if line.expect:
            entry = entries[line.cells[3]]
            assert entry.at.date() == DAY
            for key, value in line.expect.items():
                assert getattr(entry, key) == value, (entry.name, key)
    assert "来自重点地区" in entries["周小"].flags


def test_a_date_and_a_checkpoint_column_win_over_the_header(gates: dict[str, int], tmp_path: Path) -> None:
    head = ["日期", "卡点名称", "时间", "姓名", "进出"]
    lines = [
        Line(head, "skipped"),
        Line(["2026-12-01", "村东卡点", "10:00", "甲", "进"], "created"),
        Line([date(2026, 12, 2), "村西卡点", "11:00", "乙", "出"], "created"),
        Line(["2026-12-02", "村北卡点", "11:00", "丙", "出"], "refused", "卡点名称"),
    ]
    path = _sheet(tmp_path / "多日.xlsx", lines)
    plan = plan_checkpoint_import(read_checkpoint_register(path), path, gates["east"], day=DAY)
    _check_accounting(plan, lines)
    apply_checkpoint_plan(plan)
    entries = _entries()
    assert (entries["甲"].at, entries["甲"].checkpoint_id) == (datetime(2026, 12, 1, 10, 0), gates["east"])
    assert (entries["乙"].at, entries["乙"].checkpoint_id) == (datetime(2026, 12, 2, 11, 0), gates["west"])


def test_boxes_ticked_on_the_paper_read_as_their_word() -> None:
    assert ticked("☑进　□出") == "进" and ticked("√放行 □劝返") == "放行"
    assert ticked("□进　□出") == "" and ticked("进入") == "进入" and ticked(36.5) == 36.5
    assert ticked("☑进 ☑出") == "☑进 ☑出"  # two ticked: the words as written, read with a warning


# --- the export imports back ------------------------------------------------------------------------


def _comparable(day: date) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The day's register and vehicles as the export reads them, without ids."""
    lines = register_lines(day)
    fields = ("checkpoint", "at", "direction", "name", "id_number", "phone", "address", "is_villager")
    more = (
        "from_place",
        "from_area_code",
        "to_place",
        "reason",
        "local_contact",
        "temperature",
        "symptoms",
        "travel_mode",
        "plate",
    )
    last = ("outcome", "recorder", "note", "flags", "person_id")
    names = {line.id: line.name for line in lines}
    people = [
        (
            *(getattr(line, f, None) for f in (*fields, *more, *last)),
            names.get(line.party_id) if line.party_id else None,
        )
        for line in lines
    ]
    cars = [
        (car.plate, car.at, car.vehicle_type, car.disinfected, car.outcome, car.driver.name if car.driver else "")
        for car in vehicle_lines(day, None, lines)
    ]
    return people, cars


def test_the_export_imports_back_to_the_same_entries(gates: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = tmp_path / "before.db"  # the village and its checkpoints, no entries yet
    shutil.copy(db_path, before)
    east, west = gates["east"], gates["west"]
    register_entry(
        {
            "checkpoint": east,
            "at": datetime(2026, 12, 3, 8, 5),
            "name": "王大军",
            "id_number": VALID_ID,
            "phone": "13900001111",
            "from_place": "武汉",
            "to_place": "一组张三丰家",
            "reason": "探亲",
            "temperature": 36.5,
            "plate": "豫AD12345",
            "recorder": "赵值守",
            "note": "带了两箱菜；已消毒",
        },  # fmt: skip
        companions=[{"name": "王小军", "temperature": 38.1, "symptoms": "咳嗽"}, {"name": "王小妹"}],
        vehicle={"vehicle_type": "货车", "disinfected": True},
    )
    register_entry(
        {
            "checkpoint": east,
            "at": datetime(2026, 12, 3, 7, 40),
            "direction": "外出",
            "name": "张三丰",
            "id_number": ZHANG_ID,
            "outcome": "劝返",
            "recorder": "钱值守",
        }  # fmt: skip
    )
    register_entry({"checkpoint": west, "at": datetime(2026, 12, 3, 10, 0), "name": '=HYPERLINK("x")'})
    register_entry({"checkpoint": west, "at": datetime(2026, 12, 3, 10, 0), "name": "李骑车", "travel_mode": "骑车"})
    expected = _comparable(DAY)
    out = tmp_path / "登记表.xlsx"
    count = export_checkpoint_register(DAY, out)
    assert count == len(expected[0]) == 6

    same = plan_checkpoint_import(read_checkpoint_register(out), out, east)  # into the ledger it came from
    assert same.outcome_counts()["unchanged"] == count + len(expected[1]) and not same.parties

    close_database()
    open_database(before)
    plan = plan_checkpoint_import(read_checkpoint_register(out), out, east)
    assert not plan.refused and not plan.warnings, (plan.refused, plan.warnings)
    counts = plan.outcome_counts()
    assert counts["created"] == count and counts["merged"] == len(expected[1])
    assert sum(counts.values()) == plan.rows_read
    apply_checkpoint_plan(plan)
    got = _comparable(DAY)
    for a, b in zip(got[0], expected[0], strict=True):
        assert a == b, [(i, x, y) for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    assert got == expected
