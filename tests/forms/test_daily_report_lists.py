"""The daily report workbook carries the township's official lists after the report and its 明细 sheets, each in
its form's columns: 重点人员排查登记表, 居家 / 集中隔离人员名单, 发热人员登记表, 卡点登记汇总, 核查反馈表. Their
rows are the records the clerk entered (through the save path), ID numbers are text, the reviewer comes from the
village's settings, and a past day's lists come out the same after later edits."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from db import changes, pushed_actions, screening_actions
from db import quarantine_actions as qa
from db.checkpoint_actions import register_entry, save_checkpoint
from db.models import Case, Person, PushedItem, Village
from db.models.pushed import ItemStatus
from db.models.screening import VisitOutcome
from forms.excel.report_sheet import HEADER_ROW, NONE_ROW
from forms.pushed_import import import_pushed
from forms.reports.daily_export import REPORT_SHEET, export_daily_report
from forms.reports.definitions import daily
from forms.reports.official_lists import OFFICIAL_LISTS
from tests.data.report_ledger import IDS, at, open_case, people
from tests.forms.pushed_lists import LAYOUTS

DEC_1, DEC_2 = date(2026, 12, 1), date(2026, 12, 2)
LISTS = ["重点人员排查登记表", "居家隔离人员名单", "集中隔离人员名单", "发热人员登记表", "卡点登记汇总"]
LISTS += ["卡点车辆登记汇总", "核查反馈表"]
TITLES = {"卡点登记汇总": "卡点登记汇总表", "卡点车辆登记汇总": "卡点车辆登记汇总表"}
VISITOR_ID = "410102198001010018"

# The forms' columns in their order: 02-screening.md Layout B (as forms.screening_export writes it), 08-fever.md,
# 09-checkpoint.md sheets A and B with the checkpoint named, 10-pushed-list-feedback.md's pushed part and F1 … F17.
HEADERS = {
    "重点人员排查登记表": ["序号", "姓名", "性别", "身份证号", "联系电话", "家庭住址", "体温", "其他症状"]
    + ["是否有重点地区旅居史", "是否与确诊或疑似病例密切接触", "是否与重点地区人员接触", "来源地", "返回本地日期"]
    + ["交通工具", "班次/车次(航班、车牌)", "采取措施", "排查日期", "排查人", "备注"],
    "发热人员登记表": ["序号", "姓名", "性别", "年龄", "身份证号码", "联系电话", "目前居住地(详细到户号)", "是否发烧"]
    + ["体温(℃)", "发现日期", "伴随症状", "是否接触过湖北等疫区人员", "接触过疫区人员的姓名", "买药用途", "发现途径"]
    + ["处置情况", "就诊医院及结果", "备注"],
    "卡点登记汇总": ["序号", "卡点", "时间", "进出", "姓名", "身份证号", "联系电话", "住址(户籍)", "是否本村人员"]
    + ["从何处来", "到何处去", "事由", "在本地联系人", "体温(℃)", "出行方式", "车牌号码", "处理结果", "登记人", "备注"],
    "卡点车辆登记汇总": [
        "序号",
        "卡点",
        "时间",
        "车牌号码",
        "车辆类型",
        "驾驶员姓名",
        "驾驶员身份证号",
        "驾驶员联系电话",
    ]
    + ["同车人数", "同车人员", "出发地", "目的地", "事由", "车内人员体温", "是否消毒", "处理结果", "登记人"],
    "核查反馈表": ["序号", "下发单位", "下发批次(编号)", "下发日期", "姓名", "身份证号", "联系电话", "来源地"]
    + ["到达本地时间", "核查结果", "现居住地", "核实联系电话", "采取措施", "核查方式", "核查人", "核查时间", "核查状态"]
    + ["花名册匹配", "备注"],
}


def _ledger(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """Two days of work: a screening round, a case with a fever, checkpoint entries and a pushed list."""
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(4)
        with changes.transaction("村庄设置", who="测试") as cs:
            cs.update(Village.select().first(), {"reviewer": "张主任", "code": "410122001001"})
        screening_actions.save_key_area({"region_code": "420100", "counts_from": date(2026, 11, 1)})
        rnd = screening_actions.new_round("第一轮拉网排查", DEC_1, date(2026, 12, 7)).id
        homes = [Person.get_by_id(p).household_id for p in folk]
        screening_actions.record_visit(
            rnd,
            homes[0],
            DEC_1,
            "王网格",
            VisitOutcome.SCREENED.value,
            [{"person": folk[0], "temperature": 36.6, "area_code": "420111", "returned_on": date(2026, 11, 28)}],
        )
        case = open_case(folk[3], DEC_1)
        gate = save_checkpoint({"name": "村东卡点", "place": "村东路口"}).id
        register_entry({"checkpoint": gate, "at": datetime(2026, 12, 1, 8, 0), "name": "昨天的人"})
    with at(datetime(2026, 12, 2, 9, 0), monkeypatch):
        screening_actions.record_visit(
            rnd,
            homes[1],
            DEC_2,
            "王网格",
            VisitOutcome.SCREENED.value,
            [{"person": folk[1], "temperature": 37.8, "symptoms": "咳嗽"}],
        )
        normal = [{"person": folk[2], "temperature": 36.5}]  # screened, nothing to watch: not a key person
        screening_actions.record_visit(rnd, homes[2], DEC_2, "王网格", VisitOutcome.SCREENED.value, normal)
        qa.record_reading(case, DEC_2, "上午", {"value": 38.2, "symptoms": "咽痛"})
        visitor = {"name": "王大军", "id_number": VISITOR_ID, "phone": "13900001111", "temperature": 38.1}
        register_entry(
            {
                "checkpoint": gate,
                "at": datetime(2026, 12, 2, 8, 5),
                "recorder": "赵值守",
                "plate": "豫A12345",
                **visitor,
            },
            vehicle={"vehicle_type": "小客车", "disinfected": True},
        )
        register_entry({"checkpoint": gate, "at": datetime(2026, 12, 2, 9, 30), "name": "过路人", "temperature": 36.4})
        pushed = import_pushed(
            LAYOUTS["telecom"]().write(tmp_path / "telecom.xlsx"), "telecom", datetime(2026, 12, 2, 9)
        )
        items = list(PushedItem.select().where(PushedItem.batch == pushed.batch_id).order_by(PushedItem.row_no))
        pushed_actions.move_item(items[0].id, ItemStatus.CONTACTED.value, datetime(2026, 12, 2, 15), {"method": "电话"})
    return {"folk": folk, "round": rnd, "homes": homes, "case": case, "gate": gate, "items": [i.id for i in items]}


def _sheets(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()  # a read-only workbook keeps its file open until closed


def _data(rows: list[tuple[Any, ...]], headers: list[str]) -> list[dict[str, Any]]:
    found = [dict(zip(headers, r, strict=False)) for r in rows[HEADER_ROW:]]
    return [] if len(found) == 1 and NONE_ROW in found[0].values() else found


def test_the_official_lists_follow_the_report_in_their_forms_columns(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _ledger(monkeypatch, tmp_path)
    out = tmp_path / "日报.xlsx"
    written = export_daily_report(daily(), DEC_2, out)  # no reviewer given: the village's settings name one

    wb = load_workbook(out)
    shown = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert shown[-len(LISTS) :] == LISTS
    assert shown[0] == REPORT_SHEET and all(name.startswith("明细-") for name in shown[1 : -len(LISTS)])
    sheets = _sheets(out)
    for name, headers in HEADERS.items():
        assert list(sheets[name][HEADER_ROW - 1]) == headers, name
        assert "审核人：张主任" in sheets[name][1][0] and "填报单位(村/社区)：红旗镇东风村" in sheets[name][1][0]
        assert sheets[name][0][0] == "东风村" + TITLES.get(name, name)
    assert any("审核人：张主任" in str(cells[0]) for cells in sheets[REPORT_SHEET])

    # 重点人员: the fever and the key-area return found up to the day, not the normal finding.
    key = _data(sheets["重点人员排查登记表"], HEADERS["重点人员排查登记表"])
    assert [(r["姓名"], r["排查日期"]) for r in key] == [("村民1", "2026-12-01"), ("村民2", "2026-12-02")]
    assert key[0]["是否有重点地区旅居史"] == "是" and key[1]["体温"] == 37.8 and key[1]["其他症状"] == "咳嗽"
    assert key[0]["身份证号"] == IDS[0]

    # 发热: the day's fevers, whoever found them: the observed case's reading, the screening, the checkpoint.
    fevers = _data(sheets["发热人员登记表"], HEADERS["发热人员登记表"])
    assert sorted((r["姓名"], r["体温(℃)"], r["发现途径"]) for r in fevers) == [
        ("村民2", 37.8, "入户排查"),
        ("村民4", 38.2, "隔离观察"),
        ("王大军", 38.1, "卡点"),
    ]
    observed = next(r for r in fevers if r["姓名"] == "村民4")
    assert observed["伴随症状"] == "咽痛" and observed["身份证号码"] == IDS[3] and observed["发现日期"] == "2026-12-02"
    assert observed["目前居住地(详细到户号)"] == "东风村一组4号"
    assert observed["处置情况"] == Case.get_by_id(made["case"]).kind  # kept where the case is

    # 卡点: the day's two entries (the one of the day before is not on it).
    gates = _data(sheets["卡点登记汇总"], HEADERS["卡点登记汇总"])
    assert [(r["序号"], r["卡点"], r["时间"], r["姓名"]) for r in gates] == [
        (1, "村东卡点", "08:05", "王大军"),
        (2, "村东卡点", "09:30", "过路人"),
    ]

    # 卡点车辆: the day's one vehicle, its driver the visitor.
    [car] = _data(sheets["卡点车辆登记汇总"], HEADERS["卡点车辆登记汇总"])
    said = (car["卡点"], car["时间"], car["车牌号码"], car["车辆类型"], car["驾驶员姓名"], car["驾驶员身份证号"])
    assert said == ("村东卡点", "08:05", "豫A12345", "小客车", "王大军", VISITOR_ID)
    assert (car["车内人员体温"], car["是否消毒"], car["同车人数"]) == ("38.1", "是", 0)

    # 核查反馈: every name the township pushed, where each stands.
    pushed = list(PushedItem.select().order_by(PushedItem.row_no))
    feedback = _data(sheets["核查反馈表"], HEADERS["核查反馈表"])
    assert [(r["姓名"], r["核查状态"]) for r in feedback] == [(i.name, i.status) for i in pushed]
    assert feedback[0]["核查状态"] == ItemStatus.CONTACTED.value and feedback[0]["核查方式"] == "电话"
    assert {r["下发批次(编号)"] for r in feedback} == {"HQ-2026-012"}

    counts = {"重点人员排查登记表": 2, "发热人员登记表": 3, "卡点登记汇总": 2, "卡点车辆登记汇总": 1}
    counts["核查反馈表"] = len(pushed)
    assert {name: written.sheets[name] for name in counts} == counts
    assert written.sheets["居家隔离人员名单"] == 1  # 村民4's case

    # ID numbers and phones in full, as text (never 4.1E+17).
    for name, column, value in (
        ("重点人员排查登记表", "身份证号", IDS[0]),
        ("发热人员登记表", "身份证号码", IDS[3]),
        ("卡点登记汇总", "身份证号", VISITOR_ID),
        ("卡点登记汇总", "联系电话", "13900001111"),
        ("核查反馈表", "身份证号", pushed[0].id_number),
    ):
        ws = wb[name]
        col = HEADERS[name].index(column) + 1
        cells = [ws.cell(r, col) for r in range(HEADER_ROW + 1, ws.max_row + 1)]
        hit = next(c for c in cells if c.value == value)
        assert hit.data_type == "s" and hit.number_format == "@", (name, column)
    assert made["items"]


def test_a_past_days_lists_come_out_the_same_after_later_edits(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _ledger(monkeypatch, tmp_path)
    before = tmp_path / "before.xlsx"
    export_daily_report(daily(), DEC_2, before)
    with at(datetime(2026, 12, 5, 9, 0), monkeypatch):  # typed in days later, dated back to 12月2日
        finding = [{"person": made["folk"][3], "temperature": 38.0}]
        screening_actions.record_visit(made["round"], made["homes"][3], DEC_2, "王网格", "已排查", finding)
        qa.record_reading(made["case"], DEC_2, "下午", {"value": 38.6})
        register_entry({"checkpoint": made["gate"], "at": datetime(2026, 12, 2, 11, 0), "name": "补登的人"})
        pushed_actions.move_item(
            made["items"][1], ItemStatus.CONTACTED.value, datetime(2026, 12, 5, 9), {"method": "入户"}
        )
    after = tmp_path / "after.xlsx"
    export_daily_report(daily(), DEC_2, after)
    old, new = _sheets(before), _sheets(after)
    for name in LISTS:
        assert new[name] == old[name], name
    village = Village.select().first()
    live = {key: len(each.rows(DEC_2, village)) for key, each in OFFICIAL_LISTS.items()}
    now = {"screening": 3, "fever": 5, "checkpoint": 3, "vehicles": 1, "feedback": len(made["items"])}
    assert live == now  # the ledger as it is now
    today = tmp_path / "today.xlsx"
    written = export_daily_report(daily(), date(2026, 12, 5), today)
    assert written.sheets["核查反馈表"] == PushedItem.select().count()
    assert written.sheets["卡点登记汇总"] == written.sheets["卡点车辆登记汇总"] == 0  # nobody passed on 12月5日
    fevers = _data(_sheets(today)["发热人员登记表"], HEADERS["发热人员登记表"])
    assert fevers == []
