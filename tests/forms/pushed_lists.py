"""Pushed lists as townships send them (form 10's four layouts), written with openpyxl, each with its truth.

A list is its header lines, its column header and its rows; `truth` says what the import must make of it:
the header facts, and each row's fate (an item with its name and ID number, refused, or skipped as not data).
The people match the `village` fixture of tests/conftest.py (张三丰 11010519491231002X 13812345678 …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

ZHANG_ID = "11010519491231002X"
ZHANG_TYPO = "11010519491231020X"  # two neighbours swapped: fails its check digit
QIAN_ID = "410122198103156857"


@dataclass
class Row:
    """One sheet row: its cells, and what the import makes of it (fate: item, refused, skipped, blank)."""

    cells: list[Any]
    fate: str = "item"
    name: str = ""
    id_number: str = ""


@dataclass
class PushedList:
    key: str
    lines: list[list[Any]]  # the rows above the header, blank rows as []
    header: list[str]
    rows: list[Row]
    facts: dict[str, Any] = field(default_factory=dict)
    #: the header renamed for the second list of a source, and the field it is
    sheet: str = "Sheet1"

    @property
    def header_row(self) -> int:
        return len(self.lines) + 1

    def write(self, path: Path) -> Path:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = self.sheet
        for r, line in enumerate(self.lines, start=1):
            for c, value in enumerate(line, start=1):
                _text_kept(ws.cell(r, c, value))
        for c, value in enumerate(self.header, start=1):
            ws.cell(self.header_row, c, value)
        for r, row in enumerate(self.rows, start=self.header_row + 1):
            for c, value in enumerate(row.cells, start=1):
                if value is not None and value != "":
                    cell = _text_kept(ws.cell(r, c, value))
                    if isinstance(value, datetime):
                        cell.number_format = "yyyy-mm-dd hh:mm"
                    elif isinstance(value, date):
                        cell.number_format = "yyyy-mm-dd"
        wb.save(path)
        return path

    def row_no(self, index: int) -> int:
        return self.header_row + 1 + index

    def items(self) -> list[tuple[int, Row]]:
        return [(self.row_no(i), r) for i, r in enumerate(self.rows) if r.fate == "item"]


def _text_kept(cell: Any) -> Any:
    """A text that starts with "=" is the township's text, not a formula (as a clerk's typed '= cell is)."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
    return cell


def telecom() -> PushedList:
    """SY (Sanya 2020-02): phones first, a batch column, ages as numbers; an ID typed as a number; a total."""
    header = [
        "电话号码",
        "基站位置",
        "手机归属地",
        "姓名",
        "性别",
        "年龄",
        "身份证号",
        "户籍地",
        "下发所属市县",
        "下发数据批次",
    ]
    batch = "第12批"
    rows = [
        Row(
            ["13812345678", "红旗镇东风基站", "湖北武汉", "张三丰", "男", 76, ZHANG_ID, "湖北武汉", "平安县", batch],
            name="张三丰",
            id_number=ZHANG_ID,
        ),
        Row(
            [
                13900001111,
                "红旗镇北基站",
                "湖北孝感",
                "刘 大 力",
                "男",
                35,
                4.20102199001011e17,
                "湖北孝感",
                "平安县",
                batch,
            ],
            name="刘大力",
            id_number="",
        ),
        Row(["", "", "", "", "", "", "", "", "", ""], fate="blank"),
        Row(
            ["15937112345", "红旗镇南基站", "河南郑州", "钱𠮷祥", "男", 45, QIAN_ID, "河南郑州", "平安县", batch],
            name="钱𠮷祥",
            id_number=QIAN_ID,
        ),
        Row(["合计：3人", "", "", "", "", "", "", "", "", ""], fate="skipped"),
    ]
    lines = [
        ["大数据比对核查名单"],
        ["下发单位：红旗镇疫情防控指挥部"],
        ["下发批次(编号)：HQ-2026-012"],
        ["下发日期：2026年12月2日"],
        ["反馈时限：2026年12月3日18时前"],
    ]
    facts = {
        "title": "大数据比对核查名单",
        "issuer": "红旗镇疫情防控指挥部",
        "batch_no": "HQ-2026-012",
        "issued_on": date(2026, 12, 2),
        "deadline": datetime(2026, 12, 3, 18, 0),
    }
    return PushedList("telecom", lines, header, rows, facts)


def railway() -> PushedList:
    """LS (2021): facts in one line, 下发日期 a date-time cell after its label, 反馈时限 in hours; real date cells;
    a header copy, a row naming nobody, and the receiver's own 处置结果 column."""
    header = [
        "日期",
        "车次",
        "到站",
        "出发地",
        "姓名",
        "证件号码",
        "联系电话",
        "健康码",
        "是否为国外来人员",
        "处置结果",
    ]
    rows = [
        Row(
            [date(2026, 12, 1), "G507", "平安站", "武汉", "李秀英", "", "13700002222", "绿码", "否", ""], name="李秀英"
        ),
        Row(
            [date(2026, 12, 1), "K1234", "平安站", "上海", "章三丰", ZHANG_TYPO, "13812345678", "黄码", "否", "已通知"],
            name="章三丰",
            id_number=ZHANG_TYPO,
        ),
        Row(header[:], fate="skipped"),
        Row([date(2026, 12, 2), "D3001", "平安站", "广州", "", "", "13600003333", "绿码", "否", ""], fate="refused"),
        Row([date(2026, 12, 2), "D3001", "平安站", "广州", "王五", "", "010-62345678", "绿码", "是", ""], name="王五"),
    ]
    lines = [
        ["疫情防控移交人员名单"],
        [],
        ["下发单位：市铁路站疫情防控专班    下发批次：LS-0312", None, "下发日期：", datetime(2026, 12, 2, 10, 0)],
        ["反馈时限：24小时内"],
    ]
    facts = {
        "title": "疫情防控移交人员名单",
        "issuer": "市铁路站疫情防控专班",
        "batch_no": "LS-0312",
        "issued_on": date(2026, 12, 2),
        "deadline": datetime(2026, 12, 3, 10, 0),
    }
    return PushedList("railway", lines, header, rows, facts)


def big_data() -> PushedList:
    """LS big-data pre-arrival list: values in the cell after their labels, 轨迹时间 as date-time cells and as
    text, a deadline with no year."""
    header = ["姓名", "身份证号", "手机号码", "来源省市", "是否民航/铁路", "轨迹时间"]
    rows = [
        Row(
            ["阿依古丽•买买提", "", "13500004444", "新疆乌鲁木齐", "民航", datetime(2026, 11, 30, 8, 30)],
            name="阿依古丽·买买提",
        ),
        Row(
            ["赵六", "110105199003071234", "13500005555", "北京朝阳", "铁路", "2026-11-29 20:15"],
            name="赵六",
            id_number="110105199003071234",
        ),
        Row(["孙七", "", "", "天津", "", "11月28日"], name="孙七"),
    ]
    lines = [
        ["下发单位：", "红旗镇防控办"],
        ["下发数据批次：", "DS-88"],
        ["下发日期：", date(2026, 12, 2)],
        ["截止日期：", "12月4日"],
    ]
    facts = {
        "title": "",
        "issuer": "红旗镇防控办",
        "batch_no": "DS-88",
        "issued_on": date(2026, 12, 2),
        "deadline": datetime(2026, 12, 4, 23, 59),
    }
    return PushedList("big_data", lines, header, rows, facts)


def fever_clinic() -> PushedList:
    """LS fever-clinic list: 就诊时间 text, a phone as a number cell, 家庭住址 in the village."""
    header = ["姓名", "身份证号", "就诊时间", "就诊医院", "联系手机", "诊断名称", "家庭住址", "责任街道", "责任社区"]
    rows = [
        Row(
            [
                "张三丰",
                ZHANG_ID,
                "2026-12-01 09:12",
                "县人民医院",
                13812345678,
                "发热",
                "东风村一组12号",
                "红旗镇",
                "东风村",
            ],
            name="张三丰",
            id_number=ZHANG_ID,
        ),
        Row(["周八", "", "2026年12月1日", "县中医院", "", "咳嗽", "东风村二组", "红旗镇", "东风村"], name="周八"),
    ]
    lines = [
        ["发热门诊就诊人员协查名单"],
        ["下发单位：平安县卫生健康局"],
        ["下发批次：FR-7"],
        ["下发日期：2026-12-02"],
        ["反馈时限：2026-12-03 12:00"],
    ]
    facts = {
        "title": "发热门诊就诊人员协查名单",
        "issuer": "平安县卫生健康局",
        "batch_no": "FR-7",
        "issued_on": date(2026, 12, 2),
        "deadline": datetime(2026, 12, 3, 12, 0),
    }
    return PushedList("fever_clinic", lines, header, rows, facts)


LAYOUTS = {make().key: make for make in (telecom, railway, big_data, fever_clinic)}
