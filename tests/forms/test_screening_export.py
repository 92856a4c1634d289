"""A round's register for the township: 入户排查登记表 with every finding (and the households called on without
one), 重点地区来返人员 judged on the visit day, 汇总 equal to the coverage; through `export screening` too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from db import changes, screening_actions
from db.models import AuditEntry, Household, Person, Village
from db.models.screening import VisitOutcome
from db.queries import screening
from forms.excel.report_sheet import NONE_ROW
from forms.screening_export import HEADER_ROW, export_screening_register
from tests.office import office_pdf_text

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 11, 2)
TODAY = date(2026, 11, 5)  # the day of the export: 填报日期

# 02-screening.md Layout B as adapted to a finding (离开…(来源地)日期 → 来源地 + 返回本地日期).
REGISTER_HEADERS = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "联系电话",
    "家庭住址",
    "体温",
    "其他症状",
    "是否有重点地区旅居史",
    "是否与确诊或疑似病例密切接触",
    "是否与重点地区人员接触",
    "来源地",
    "返回本地日期",
    "交通工具",
    "班次/车次(航班、车牌)",
    "采取措施",
    "排查日期",
    "排查人",
    "备注",
]
# 03-returnees.md, compact village variant (without 户籍地, 离开来源地时间, 同住人员: a finding has none of them).
ARRIVAL_HEADERS = [
    "序号",
    "姓名",
    "性别",
    "年龄",
    "身份证号",
    "联系电话",
    "现居住地",
    "来源地",
    "到达本地时间",
    "交通工具",
    "车次/航班/车牌",
    "是否14天以内",
    "身体状况",
    "采取措施",
    "包保人",
    "备注",
]
SUMMARY_HEADERS = [
    "网格",
    "网格员",
    "应排查户数",
    "已排查户数(含已搬离)",
    "待复查户数",
    "拒绝配合户数",
    "未走访户数",
    "应排查人数",
    "已排查人数",
    "异常人数",
]


def _household(grid: int, number: str, door: str, head: str, *others: str, phone: str = "") -> int:
    with changes.transaction("测试户", who="测试") as cs:
        h = cs.create(Household, {"number": number, "grid": grid, "door_no": door, "head_name": head, "phone": phone})
        cs.create(Person, {"household": h.id, "name": head, "relation": "户主"})
        for name in others:
            cs.create(Person, {"household": h.id, "name": name, "relation": "子女"})
    return int(h.id)


def _people(household_id: int) -> dict[str, int]:
    return {p.name: p.id for p in Person.select().where(Person.household == household_id)}


@pytest.fixture
def screened(village: dict[str, int]) -> dict[str, int]:
    """A round over both grids: two households screened (four findings), one nobody at home, one refused, one
    not visited; 武汉市 a key area since October, so 洪山区 and 江岸区 are in it and 北京朝阳 is not."""
    one, two = village["grid_one"], village["grid_two"]
    h3 = _household(one, "01-0002", "15号", "孙大海", phone="13700001234")
    h4 = _household(two, "02-0002", "7号", "周不开", "周小开")
    h5 = _household(two, "02-0003", "9号", "吴未访")
    with changes.transaction("电话", who="测试") as cs:
        cs.update(Person.get(Person.name == "钱𠮷祥"), {"id_number": "410122198103156857", "phone": "15937112345"})
        cs.update(Person.get(Person.name == "阿依古丽·买买提"), {"birth_date": date(1990, 11, 4)})
    screening_actions.save_key_area({"region_code": "420100", "counts_from": date(2026, 10, 1)})
    r = screening_actions.new_round("第二轮拉网排查", date(2026, 11, 1), date(2026, 11, 7))
    h1, h2 = _people(village["h1"]), _people(village["h2"])
    screening_actions.record_visit(
        r.id,
        village["h1"],
        DAY,
        "",
        VisitOutcome.SCREENED.value,
        [
            {
                "person": h1["张三丰"],
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
            {"person": h1["李秀英"], "temperature": 36.5, "area_code": "110105", "returned_on": date(2026, 10, 25)},
        ],
    )
    screening_actions.record_visit(
        r.id,
        village["h2"],
        date(2026, 11, 3),
        "赵网格",
        VisitOutcome.SCREENED.value,
        [
            {
                "person": h2["钱𠮷祥"],
                "temperature": 36.4,
                "area_code": "420102",
                "travel_means": "自驾车",
                "travel_number": "鄂A12345",
                "contact": "重点地区人员",
                "measure": "居家健康监测",
            },
            {
                "person": h2["阿依古丽·买买提"],
                "area_code": "420111",
                "area_name": "武汉洪山",
                "returned_on": date(2026, 10, 10),
                "travel_means": "飞机",
                "travel_number": "CA1234",
            },
        ],
    )
    screening_actions.record_visit(r.id, h3, DAY, "", VisitOutcome.NOBODY_HOME.value, note="白天外出务工")
    screening_actions.record_visit(r.id, h4, DAY, "赵网格", VisitOutcome.REFUSED.value)
    return {"round": r.id, "h3": h3, "h4": h4, "h5": h5}


# What the test itself put in: one dict per register row, in grid and 户号 order.
EXPECTED_REGISTER: list[dict[str, Any]] = [
    {
        "姓名": "张三丰",
        "性别": "女",  # the sex follows the ID number
        "身份证号": "11010519491231002X",
        "联系电话": "13812345678",
        "家庭住址": "东风村一组12号",
        "体温": 37.8,
        "其他症状": "咳嗽、乏力",
        "是否有重点地区旅居史": "是",
        "是否与确诊或疑似病例密切接触": "是",
        "是否与重点地区人员接触": "否",
        "来源地": "武汉市洪山区",
        "返回本地日期": "2026-10-30",
        "交通工具": "火车",
        "班次/车次(航班、车牌)": "G507",
        "采取措施": "居家隔离",
        "排查日期": "2026-11-02",
        "排查人": "王网格",
        "备注": "已报卫生院",
    },
    {
        "姓名": "李秀英",
        "性别": "女",
        "家庭住址": "东风村一组12号",
        "体温": 36.5,
        "其他症状": "无",
        "是否有重点地区旅居史": "否",  # 北京朝阳 is not a key area
        "是否与确诊或疑似病例密切接触": "否",
        "是否与重点地区人员接触": "否",
        "来源地": "北京市朝阳区",
        "返回本地日期": "2026-10-25",
        "采取措施": "无",
        "排查日期": "2026-11-02",
        "排查人": "王网格",
    },
    {
        "姓名": "孙大海",
        "联系电话": "13700001234",
        "家庭住址": "东风村一组15号",
        "排查日期": "2026-11-02",
        "排查人": "王网格",
        "备注": "无人在家待复查；白天外出务工",
    },
    {
        "姓名": "钱𠮷祥",
        "性别": "男",
        "身份证号": "410122198103156857",
        "联系电话": "15937112345",
        "家庭住址": "东风村二组3号",
        "体温": 36.4,
        "其他症状": "无",
        "是否有重点地区旅居史": "是",
        "是否与确诊或疑似病例密切接触": "否",
        "是否与重点地区人员接触": "是",
        "来源地": "武汉市江岸区",
        "交通工具": "自驾车",
        "班次/车次(航班、车牌)": "鄂A12345",
        "采取措施": "居家健康监测",
        "排查日期": "2026-11-03",
        "排查人": "赵网格",
    },
    {
        "姓名": "阿依古丽·买买提",
        "性别": "女",
        "家庭住址": "东风村二组3号",
        "其他症状": "无",
        "是否有重点地区旅居史": "是",  # back 24 days ago: on sheet 2, not within 14 days
        "是否与确诊或疑似病例密切接触": "否",
        "是否与重点地区人员接触": "否",
        "来源地": "武汉洪山",
        "返回本地日期": "2026-10-10",
        "交通工具": "飞机",
        "班次/车次(航班、车牌)": "CA1234",
        "采取措施": "无",
        "排查日期": "2026-11-03",
        "排查人": "赵网格",
    },
    {"姓名": "周不开", "家庭住址": "东风村二组7号", "排查日期": "2026-11-02", "排查人": "赵网格", "备注": "拒绝配合"},
]


def _sheet_rows(ws: Any, headers: list[str]) -> list[dict[str, Any]]:
    rows = []
    for values in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        rows.append({h: v for h, v in zip(headers, values, strict=True) if v not in (None, "")})
    return rows


def test_the_register_has_every_finding_and_the_households_called_on(screened: dict[str, int], tmp_path: Path) -> None:
    changes.save(Village, {"office_phone": "0371-61234567"}, Village.get().id)
    out = tmp_path / "排查.xlsx"
    assert export_screening_register(screened["round"], out, today=TODAY) == 4
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["入户排查登记表", "重点地区来返人员", "汇总"]
    ws = wb["入户排查登记表"]
    assert ws["A1"].value == "东风村入户排查登记表"
    assert ws["A2"].value == (
        "填报单位(村/社区)：红旗镇东风村    排查轮次：第二轮拉网排查（2026-11-01至2026-11-07）    "
        "填报日期：2026年11月5日    填报人：李文书    联系电话：0371-61234567"
    )
    assert [c.value for c in ws[HEADER_ROW]] == REGISTER_HEADERS
    expected = [{"序号": n, **row} for n, row in enumerate(EXPECTED_REGISTER, 1)]
    assert _sheet_rows(ws, REGISTER_HEADERS) == expected
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        for header in ("身份证号", "联系电话", "班次/车次(航班、车牌)"):
            cell = row[REGISTER_HEADERS.index(header)]
            assert cell.number_format == "@" and (cell.value is None or cell.data_type == "s")
    assert ws.cell(HEADER_ROW + 1, REGISTER_HEADERS.index("体温") + 1).number_format == "0.0"
    assert ws.freeze_panes == f"C{HEADER_ROW + 1}" and ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    meta = dict(row for row in wb["_meta"].iter_rows(values_only=True))
    assert (meta["template"], meta["rows"], meta["round"]) == ("screening-register", 4, screened["round"])
    note = AuditEntry.select().where(AuditEntry.action == "export").get()
    assert json.loads(note.after or "") == {"list": "入户排查登记表（第二轮拉网排查）", "count": 4, "file": str(out)}


def test_the_key_area_arrivals_are_judged_on_the_visit_day(screened: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "排查.xlsx"
    export_screening_register(screened["round"], out, today=TODAY)
    ws = load_workbook(out)["重点地区来返人员"]
    assert ws["A1"].value == "东风村重点地区来(返)人员登记表"
    assert [c.value for c in ws[HEADER_ROW]] == ARRIVAL_HEADERS
    assert _sheet_rows(ws, ARRIVAL_HEADERS) == [
        {
            "序号": 1,
            "姓名": "张三丰",
            "性别": "女",
            "年龄": 76,
            "身份证号": "11010519491231002X",
            "联系电话": "13812345678",
            "现居住地": "东风村一组12号",
            "来源地": "武汉市洪山区",
            "到达本地时间": "2026-10-30",
            "交通工具": "火车",
            "车次/航班/车牌": "G507",
            "是否14天以内": "是",
            "身体状况": "异常（37.8℃ 咳嗽 乏力）",
            "采取措施": "居家隔离",
            "包保人": "王网格",
            "备注": "已报卫生院",
        },
        {
            "序号": 2,
            "姓名": "钱𠮷祥",
            "性别": "男",
            "年龄": 45,
            "身份证号": "410122198103156857",
            "联系电话": "15937112345",
            "现居住地": "东风村二组3号",
            "来源地": "武汉市江岸区",
            "交通工具": "自驾车",
            "车次/航班/车牌": "鄂A12345",
            "是否14天以内": "是",  # no return date: counted, on the safe side, and said
            "身体状况": "正常",
            "采取措施": "居家健康监测",
            "包保人": "赵网格",
            "备注": "返回日期未填",
        },
        {
            "序号": 3,
            "姓名": "阿依古丽·买买提",
            "性别": "女",
            "年龄": 35,  # on the visit day (3 November); 36 on the day of the export
            "现居住地": "东风村二组3号",
            "来源地": "武汉洪山",
            "到达本地时间": "2026-10-10",
            "交通工具": "飞机",
            "车次/航班/车牌": "CA1234",
            "是否14天以内": "否",
            "身体状况": "正常",
            "采取措施": "无",
            "包保人": "赵网格",
        },
    ]
    id_cell = ws.cell(HEADER_ROW + 2, ARRIVAL_HEADERS.index("身份证号") + 1)
    assert id_cell.value == "410122198103156857" and id_cell.data_type == "s" and id_cell.number_format == "@"


def test_a_key_area_listed_after_the_visit_does_not_count(screened: dict[str, int], tmp_path: Path) -> None:
    """北京朝阳 listed on 3 November: 李秀英, visited on the 2nd, stays off sheet 2; the list as it stood then."""
    screening_actions.save_key_area({"region_code": "110105", "counts_from": DAY.replace(day=3)})
    out = tmp_path / "排查.xlsx"
    export_screening_register(screened["round"], out, today=TODAY)
    names = [r["姓名"] for r in _sheet_rows(load_workbook(out)["重点地区来返人员"], ARRIVAL_HEADERS)]
    assert names == ["张三丰", "钱𠮷祥", "阿依古丽·买买提"]


def test_the_summary_is_the_coverage_per_grid(
    screened: dict[str, int], village: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "排查.xlsx"
    export_screening_register(screened["round"], out, today=TODAY)
    ws = load_workbook(out)["汇总"]
    assert ws["A1"].value == "东风村入户排查汇总表"
    assert [c.value for c in ws[HEADER_ROW]] == SUMMARY_HEADERS
    rows = [list(r) for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    # counted from what the fixture did: 一组 h1 screened (2 of 3 due people met… 孙大海 not), h3 nobody home;
    # 二组 h2 screened, h4 refused, h5 not visited; abnormal: 张三丰 (fever, symptoms, key area, contact) and
    # 钱𠮷祥 (key area, date unknown; contact with key-area people).
    due_people = Counter(p.household.grid.name for p in Person.select())
    assert due_people == Counter({"一组": 3, "二组": 5})
    assert rows == [
        ["一组", "王网格", 2, 1, 1, 0, 0, 3, 2, 1],
        ["二组", None, 3, 1, 0, 1, 1, 5, 2, 1],
        ["全村", None, 5, 2, 1, 1, 1, 8, 4, 2],
    ]
    cov = screening.coverage(screened["round"])
    figures = ("households_due", "visited", "waiting", "refused", "not_visited", "people_due", "screened")
    for row, c in zip(rows, [*cov.grids, cov.total], strict=True):
        assert row[:9] == [c.grid, c.worker or None, *(getattr(c, f) for f in figures)]
    assert rows[-1][9] == len(screening.abnormal_findings(screened["round"]))
    assert ws.cell(HEADER_ROW + 3, 1).font.b and not ws.cell(HEADER_ROW + 1, 1).font.b  # 全村 stands out


def test_an_unknown_round_is_refused_before_anything_is_written(village: dict[str, int], tmp_path: Path) -> None:
    from db.screening_actions import ScreeningError

    out = tmp_path / "排查.xlsx"
    with pytest.raises(ScreeningError, match="没有编号为 99 的排查轮次"):
        export_screening_register(99, out, today=TODAY)
    assert not out.exists() and AuditEntry.select().where(AuditEntry.action == "export").count() == 0


def test_a_round_without_visits_is_still_a_valid_workbook(village: dict[str, int], tmp_path: Path) -> None:
    r = screening_actions.new_round("第一轮拉网排查", DAY, DAY)
    out = tmp_path / "排查.xlsx"
    assert export_screening_register(r.id, out, today=TODAY) == 0
    wb = load_workbook(out)
    for name, headers in (("入户排查登记表", REGISTER_HEADERS), ("重点地区来返人员", ARRIVAL_HEADERS)):
        assert _sheet_rows(wb[name], headers) == [{"姓名": NONE_ROW}]
    total = [list(r) for r in wb["汇总"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)][-1]
    assert total == ["全村", None, 2, 0, 0, 0, 2, 4, 0, 0]


class _Progress:
    """Cancels at the first report after `stop_at` rows, as the progress dialog's 取消 does."""

    def __init__(self, stop_at: int | None = None) -> None:
        self.stop_at = stop_at
        self.seen: list[tuple[int, int]] = []
        self.cancelled = False

    def update(self, done: int, total: int) -> None:
        self.seen.append((done, total))
        self.cancelled = self.stop_at is not None and done >= self.stop_at


def test_progress_is_reported_and_a_cancel_writes_nothing(
    screened: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from db.progress import Cancelled

    monkeypatch.setattr("forms.excel.report_sheet.PROGRESS_STEP", 2)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "排查.xlsx"
    going = _Progress()
    export_screening_register(screened["round"], out, going, today=TODAY)
    total = 6 + 3 + 3  # register rows, arrivals, the summary's two grids and 全村
    assert going.seen == [(2, total), (4, total), (6, total), (6 + 2, total), (9 + 2, total), (total, total)]
    out.unlink()
    stopping = _Progress(stop_at=4)
    with pytest.raises(Cancelled):
        export_screening_register(screened["round"], out, stopping, today=TODAY)
    assert list(out.parent.iterdir()) == []  # no file, no temporary one left
    assert AuditEntry.select().where(AuditEntry.action == "export").count() == 1  # the first export only


def test_libreoffice_opens_the_register(screened: dict[str, int], tmp_path: Path) -> None:
    """The township opens the file in WPS or LibreOffice: it converts to a PDF with the names on its pages."""
    out = tmp_path / "register.xlsx"
    export_screening_register(screened["round"], out, today=TODAY)
    text = office_pdf_text(out, tmp_path)
    pages = text.split("\f")[:-1]
    assert "东风村入户排查登记表" in pages[0] and "11010519491231002X" in pages[0]  # the ID in full, not 1.1E+17
    assert any("重点地区来(返)人员登记表" in p for p in pages)
    summary = next(p for p in pages if "入户排查汇总表" in p)
    assert "联系电话" in summary  # the header line wraps on the narrow sheet rather than being cut


# --- the command -----------------------------------------------------------------------------------


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_the_command_exports_the_round(screened: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "排查.xlsx"
    done = _cli("export", "screening", "--round", str(screened["round"]), "--db", str(db_path), str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"已导出 4 人：{out}"
    assert done.stderr.startswith("注意：导出的文件含有完整的身份证号码")  # said before it was written
    ws = load_workbook(out)["入户排查登记表"]
    assert [c.value for c in ws[HEADER_ROW + 1]][1:4] == ["张三丰", "女", "11010519491231002X"]

    unknown = _cli("export", "screening", "--round", "99", "--db", str(db_path), str(tmp_path / "x.xlsx"))
    assert unknown.returncode == 2 and "错误：没有编号为 99 的排查轮次" in unknown.stderr
    assert "Traceback" not in unknown.stderr and not (tmp_path / "x.xlsx").exists()


def test_the_command_seals_the_register_in_an_encrypted_package(
    screened: dict[str, int], db_path: Path, tmp_path: Path
) -> None:
    import io

    from forms.excel.data_package import PASSWORD_ENV, read_member

    out = tmp_path / "排查.xlsx"
    args = ("export", "screening", "--round", str(screened["round"]), "--encrypt", "--db", str(db_path), str(out))
    done = _cli(*args, **{PASSWORD_ENV: "township-2026"})
    package = tmp_path / "排查.zip"
    assert done.returncode == 0 and done.stdout.strip() == f"已导出 4 人（已加密）：{package}"
    assert sorted(p.name for p in tmp_path.glob("排查*")) == ["排查.zip"]
    ws = load_workbook(io.BytesIO(read_member(package, "township-2026")))["入户排查登记表"]
    assert ws.cell(HEADER_ROW + 1, 2).value == "张三丰"
