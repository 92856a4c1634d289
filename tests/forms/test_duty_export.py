"""The duty roster as a workbook (forms.duty_export): a sheet per post in form 12's columns under the print's
header lines, the rules and signatures below, the heads per day; read back with openpyxl."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.models import AuditEntry
from db.models.operator import Role
from db.queries.duty import heads_per_day, week_lines
from db.session import NotAllowed, Session, begin
from forms import duty_export
from tests.data.duty_week import FIRST, LAST, OPEN_DAY, OPEN_REASON, PEOPLE, SWAP_DAY, SWAP_NOTE, DutyWeek, write_week

MADE_ON = date(2026, 11, 30)
PHONES = {name: phone for name, _kind, phone, _lead in PEOPLE} | {"张三丰": "13812345678"}


@pytest.fixture
def week(village: dict[str, int]) -> DutyWeek:
    return write_week(village["zhang"])


def test_a_sheet_per_post_in_the_columns_of_form_12(week: DutyWeek, tmp_path: Path) -> None:
    target = tmp_path / "值班表.xlsx"
    people = duty_export.export_duty_roster(FIRST, LAST, target, MADE_ON, supervision_phone="0371-61230000")
    assert people == len({n for crew in week.on.values() for n in crew})
    wb = load_workbook(target)
    assert wb.sheetnames == ["村东卡点", "村西卡点", "每日人数", "_meta"]
    ws = wb["村东卡点"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "东风村疫情防控卡点值班表（12月1日至12月7日）"
    assert rows[1][0] == "卡点名称(位置)：村东卡点（S312与村道交叉口）    卡点负责人：李书记    联系电话：13800001111"
    assert rows[2] == ["日期", "星期", "班次", "带班干部", "值守人员", "联系电话", "签到/签退", "备注"]
    lines = week_lines(week.east, FIRST, LAST)
    data = rows[3 : 3 + len(lines)]
    for row, line in zip(data, lines, strict=True):
        crew = week.on[line.shift_id]
        assert row[:4] == [line.day.isoformat(), "一二三四五六日"[line.day.weekday()], line.label, crew[0]]
        seats = crew + ["（空缺）"] * (2 - len(crew))
        assert row[4] == "、".join(seats)
        assert row[5] == "\n".join(f"{n} {PHONES[n]}" for n in crew)  # full phones, one a line
    by_day = {(r[0], r[2].split()[0]): r for r in data}
    assert by_day[(OPEN_DAY.isoformat(), "夜班")][7] == f"缺 1 人：{OPEN_REASON}"
    assert by_day[(OPEN_DAY.isoformat(), "夜班")][2] == "夜班 20:00–次日08:00"
    assert by_day[(SWAP_DAY.isoformat(), "白班")][7].endswith(SWAP_NOTE)
    first = by_day[(FIRST.isoformat(), "白班")]
    assert first[6] == "\n".join(f"{n} 07:55/20:02" for n in week.on[lines[0].shift_id])
    below = [r[0] for r in rows[3 + len(lines) :]]
    assert below[0] is None and below[1].startswith("值班要求：一、")
    assert "监督电话：0371-61230000    制表人：李文书    制表日期：2026年11月30日" in below
    assert below[-1] == "村（社区）盖章："
    assert ws.page_setup.orientation == "landscape" and ws.cell(4, 6).number_format == "@"
    west = [list(r) for r in wb["村西卡点"].iter_rows(min_row=4, max_row=6, values_only=True)]
    assert [r[3] for r in west] == ["陈委员"] * 3
    heads = [list(r) for r in wb["每日人数"].iter_rows(min_row=4, values_only=True)]
    assert heads == [
        [h.day.isoformat(), h.weekday, h.people, h.filled, h.needed, h.needed - h.filled]
        for h in heads_per_day(FIRST, LAST)
    ]
    assert heads[OPEN_DAY.day - 1][5] == 1
    (entry,) = AuditEntry.select().where(AuditEntry.action == "export")
    assert json.loads(entry.after)["count"] == people and json.loads(entry.after)["file"] == str(target)
    assert entry.summary == f"导出值班表（2026-12-01 至 2026-12-07，{people} 人）"


def test_one_post_asked_for_and_a_viewer_may_not(week: DutyWeek, tmp_path: Path) -> None:
    target = tmp_path / "村西.xlsx"
    assert duty_export.export_duty_roster(FIRST, LAST, target, MADE_ON, week.west) == 2
    assert load_workbook(target).sheetnames == ["村西卡点", "_meta"]
    begin(Session("赵查看", Role.READONLY))
    again = tmp_path / "又一份.xlsx"
    with pytest.raises(NotAllowed):
        duty_export.export_duty_roster(FIRST, LAST, again, MADE_ON)
    assert not again.exists()
