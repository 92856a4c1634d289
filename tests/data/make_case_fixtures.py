"""Generate messy_cases.xlsx, a village's own quarantine ledger, for the case import tests; commit the output.

    .venv/bin/python tests/data/make_case_fixtures.py

It is written for the village of the tests' `village` fixture (tests/conftest.py): 张三丰 (ID
11010519491231002X) and 李秀英 in 一组 12号, 钱𠮷祥 and 阿依古丽·买买提 in 二组 3号, the last three without
ID numbers. Sheet 隔离人员台账: row 1 a title, row 2 the 填报单位 line, rows 3–4 a two-row header
(包保责任人 and 村医 merged over 姓名 | 电话, the other columns merged down), data from row 5:

| row | 姓名 | what it holds | expected |
|---|---|---|---|
| 5 | 张三丰 | in the roster by ID; 居家隔离, 密接, date cells, 预计解除 agrees with the policy | home case, 2026-0001 |
| 6 | 钱𠮷祥 | no ID, matched by name; 健康监测, 重点地区返乡; 预计解除 11-20 (policy: 11-10) | monitor, 2 warnings |
| 7 | 阿依古丽•买买提 | bullet for the dot, no ID, matched by name; 集中隔离, 红旗镇党校隔离点 203 | central, no seal |
| 8 | 李秀英 | no ID, matched by name; 实际解除日期 2026-10-15, 当前状态 已解除 | released, 解除 on 10-15 |
| 9 | 周建军 | not in the roster, with ID; address 东风村一组8号; 封条编号 2026-0002 | visitor, 一组 |
| 10 | 马丽 | not in the roster, no ID; address 三组5号 (no such grid) | visitor in 未分组 (created) |
| 11 | (blank) | | dropped |
| 12 | 王桂兰 | ID stored as a number cell | refused: 身份证号码 存成了数字 |
| 13 | 刘洋 | 开始隔离时间 "2026.2.30" | refused: 隔离开始日期 不存在 |
| 14 | 钱明 | ID with a bad check digit | refused: 身份证号码 校验位错误 |
| 15 | 张三丰 | the same person again (another start date) | refused: 与第 5 行是同一人 |
| 16 | 合计 | 共10人 | skipped as 合计行 |
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from db.rules.id_number import check_digit

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "messy_cases.xlsx"
SHEET = "隔离人员台账"


def make_id(region: str, birth: str, seq: int) -> str:
    """A valid 18-digit ID; seq's last digit is odd for men, even for women."""
    body = f"{region}{birth}{seq:03d}"
    return body + check_digit(body)


ID_ZHANG = "11010519491231002X"  # 张三丰 in the village fixture
ID_ZHOU = make_id("420102", "19880615", 13)  # visitor with an ID
ID_WANG = make_id("420102", "19600214", 48)  # stored as a number cell
ID_LIU = make_id("130102", "19990321", 37)  # valid; his row's date is not
ID_QIAN_MING = make_id("420102", "19851007", 53)[:17] + "0"  # bad check digit (valid ends in 9)
WANG_AS_NUMBER = float(f"{float(ID_WANG):.15g}")  # what Excel keeps of it: 15 significant digits

HEADERS = (
    "序号",
    "姓名",
    "性别",
    "身份证号码",
    "联系电话",
    "隔离地址",
    "户籍地址",
    "隔离方式",
    "人员类别",
    "来源",
    "隔离点名称",
    "房间号",
    "末次接触日期",
    "开始隔离时间",
    "预计解除日期",
    "实际解除日期",
    "当前状态",
    "包保责任人",
    None,
    "村医",
    None,
    "封条编号",
    "备注",
)
SUB_HEADERS = {18: "姓名", 19: "电话", 20: "姓名", 21: "电话"}  # 1-based columns under the merged parents

d = dt.date
WORKER = ("王网格", "13900001111", "赵村医", "13900002222")
# 序号 姓名 性别 身份证号码 联系电话 隔离地址 户籍地址 隔离方式 人员类别 来源 隔离点名称 房间号 末次接触日期
# 开始隔离时间 预计解除日期 实际解除日期 当前状态 (包保责任人 姓名/电话, 村医 姓名/电话) 封条编号 备注
ROWS: list[tuple[int, list[object]]] = [
    (
        5,
        [
            1,
            "张三丰",
            "男",
            ID_ZHANG,
            "13812345678",
            "东风村一组12号",
            "平安县红旗镇东风村",
            "居家隔离",
            "密接",
            "上级推送",
            None,
            None,
            d(2026, 11, 1),
            d(2026, 11, 2),
            d(2026, 11, 16),
            None,
            "隔离中",
            *WORKER,
            None,
            None,
        ],
    ),
    (
        6,
        [
            2,
            "钱𠮷祥",
            "男",
            None,
            "13907150001",
            "二组3号",
            None,
            "健康监测",
            "重点地区返乡",
            "卡口",
            None,
            None,
            "2026.11.2",
            "2026.11.3",
            "2026-11-20",
            None,
            "在管",
            *WORKER,
            None,
            "返乡",
        ],
    ),
    (
        7,
        [
            3,
            "阿依古丽•买买提",
            "女",
            None,
            "13699001122",
            "二组3号",
            None,
            "集中隔离",
            "密接的密接",
            "上级推送",
            "红旗镇党校隔离点",
            "203",
            None,
            "2026年11月5日",
            None,
            None,
            "隔离中",
            *WORKER,
            None,
            None,
        ],
    ),
    (
        8,
        [
            4,
            "李秀英",
            "女",
            None,
            None,
            "一组12号",
            None,
            "居家隔离",
            "密切接触者",
            "入户排查",
            None,
            None,
            None,
            d(2026, 10, 1),
            d(2026, 10, 15),
            d(2026, 10, 15),
            "已解除",
            *WORKER,
            None,
            None,
        ],
    ),
    (
        9,
        [
            5,
            "周建军",
            "男",
            ID_ZHOU,
            "13600001234",
            "东风村一组8号",
            "湖北省武汉市洪山区",
            "居家隔离",
            "中高风险地区返回",
            "自主申报",
            None,
            None,
            d(2026, 11, 8),
            d(2026, 11, 9),
            None,
            None,
            "隔离中",
            *WORKER,
            "2026-0002",
            "租住王家",
        ],
    ),
    (
        10,
        [
            6,
            "马丽",
            "女",
            None,
            "13600005678",
            "三组5号",
            None,
            "居家隔离",
            "境外返回",
            "上级推送",
            None,
            None,
            None,
            "2026/11/12",
            None,
            None,
            None,
            *WORKER,
            None,
            None,
        ],
    ),
    # row 11 is left blank
    (
        12,
        [
            7,
            "王桂兰",
            "女",
            WANG_AS_NUMBER,
            "13907150002",
            "二组3号",
            None,
            "居家隔离",
            "密接",
            "上级推送",
            None,
            None,
            None,
            d(2026, 11, 4),
            None,
            None,
            "隔离中",
            *WORKER,
            None,
            None,
        ],
    ),
    (
        13,
        [
            8,
            "刘洋",
            "男",
            ID_LIU,
            "18603110003",
            "一组21号",
            None,
            "居家隔离",
            "密接",
            "上级推送",
            None,
            None,
            None,
            "2026.2.30",
            None,
            None,
            "隔离中",
            *WORKER,
            None,
            None,
        ],
    ),
    (
        14,
        [
            9,
            "钱明",
            "男",
            ID_QIAN_MING,
            "13907150003",
            "二组3号",
            None,
            "居家隔离",
            "密接",
            "上级推送",
            None,
            None,
            None,
            d(2026, 11, 4),
            None,
            None,
            "隔离中",
            *WORKER,
            None,
            None,
        ],
    ),
    (
        15,
        [
            10,
            "张三丰",
            "男",
            ID_ZHANG,
            "13812345678",
            "东风村一组12号",
            None,
            "居家隔离",
            "密接",
            "上级推送",
            None,
            None,
            None,
            d(2026, 11, 10),
            None,
            None,
            "隔离中",
            *WORKER,
            None,
            "重复登记",
        ],
    ),
    (16, ["合计", None, "共10人", *([None] * 20)]),
]


def build_cases_xlsx(path: Path = CASES_FILE) -> Path:
    """messy_cases.xlsx: one sheet, title and 填报 lines, a two-row merged header, the rows above."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    last = len(HEADERS)
    ws["A1"] = "东风村隔离管控人员台账"
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws["A2"] = "填报单位：东风村委会    填报日期：2026年11月20日    填报人：李文书"
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    for col, text in enumerate(HEADERS, start=1):
        if text is not None:
            ws.cell(row=3, column=col, value=text)
        if col not in SUB_HEADERS:
            ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    for col, text in SUB_HEADERS.items():
        ws.cell(row=4, column=col, value=text)
    ws.merge_cells(start_row=3, start_column=18, end_row=3, end_column=19)
    ws.merge_cells(start_row=3, start_column=20, end_row=3, end_column=21)
    for row_no, values in ROWS:
        assert len(values) == last, row_no
        for col, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = ws.cell(row=row_no, column=col, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, float):
                cell.number_format = "0"  # what Excel shows after the digits were lost
    wb.save(path)
    return path


if __name__ == "__main__":
    print(build_cases_xlsx())
