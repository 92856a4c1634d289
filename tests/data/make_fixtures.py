"""Generate the roster fixtures in tests/data; run once, commit the outputs.

Why a script: the fixtures imitate what clerks really send (title rows, merged two-row
headers, typed cells, subtotal rows) and it must stay clear how each cell was made.
The .xls and .ods copies are converted by LibreOffice (needed only when regenerating):

    .venv/bin/python tests/data/make_fixtures.py            # xlsx, csv, bad file
    .venv/bin/python tests/data/make_fixtures.py --convert  # also xls and ods via soffice
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    """GB 11643 check character for the first 17 digits."""
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def make_id(region: str, birth: str, seq: int) -> str:
    """A valid 18-digit ID; seq's last digit is odd for men, even for women."""
    body = f"{region}{birth}{seq:03d}"
    return body + check_digit(body)


def make_id_ending_x(region: str, birth: str, start_seq: int) -> str:
    """First valid ID from start_seq on (same sex parity) whose check character is X."""
    seq = start_seq
    while not make_id(region, birth, seq).endswith("X"):
        seq += 2
    return make_id(region, birth, seq)


def bad_check(valid: str) -> str:
    """Same ID with a wrong check character."""
    wrong = "0" if valid[-1] != "0" else "1"
    return valid[:17] + wrong


def excel_number(digits: str) -> float:
    """What Excel keeps of a long digit string typed into a number cell: 15 significant digits."""
    return float(f"{float(digits):.15g}")


FULLWIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")

# --- people (all IDs are valid unless the name says otherwise) ---------------------------

ID_ZHANG_JIANGUO = make_id("110105", "19650312", 11)
ID_LI_XIUYING = make_id_ending_x("110105", "19670820", 22)  # written with a lowercase x
ID_ZHANG_WEI = make_id("110105", "19900501", 35)  # written in full-width digits
ID_QIAN = make_id("420102", "19581123", 31)
ID_WANG_GUILAN = make_id("420102", "19600214", 48)  # stored as a number cell
ID_QIAN_MING_VALID = make_id("420102", "19851007", 53)
ID_QIAN_MING = bad_check(ID_QIAN_MING_VALID)  # bad check digit
ID_AYGUL = make_id("510104", "19781105", 62)
ID_ALI = make_id("510104", "20020918", 71)
ID_LIU = make_id("130102", "19720203", 15)
ID_ZHAO = make_id("130102", "19740716", 26)
ID_LIU_YANG = make_id("130102", "19990321", 37)
ID_SUN = make_id("130102", "19491001", 44)

ID_CHEN = make_id("130102", "19700405", 51)
ID_ZHOU = make_id("130102", "19720611", 62)
ID_CHEN_HAO = make_id("130102", "19981202", 73)
ID_WU = make_id("110105", "19550808", 85)

ID_CSV_1 = make_id("420102", "19800115", 17)
ID_CSV_2 = make_id("420102", "19820322", 28)
ID_CSV_3 = make_id("510104", "19630930", 38)


def build_xlsx(path: Path) -> None:
    """messy_roster.xlsx: sheets 一组 (title + two-row merged header), 二组, empty Sheet3."""
    wb = Workbook()
    ws = wb.active
    ws.title = "一组"
    ws["A1"] = "东风村户籍人口花名册"
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A1:K1")
    ws["A2"] = "填报单位：东风村委会  填报日期：2020年2月5日"
    ws.merge_cells("A2:K2")

    singles = ["序号", "户号", "姓名", "与户主关系", "公民身份号码", "性别", "出生日期"]
    for col, text in enumerate(singles, start=1):
        ws.cell(row=3, column=col, value=text)
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    ws.cell(row=3, column=8, value="联系方式")
    ws.merge_cells(start_row=3, start_column=8, end_row=3, end_column=9)
    ws.cell(row=4, column=8, value="手机")
    ws.cell(row=4, column=9, value="固话")
    for col, text in ((10, "门牌"), (11, "备注")):
        ws.cell(row=3, column=col, value=text)
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)

    d = dt.date
    rows: list[tuple[int, list[object]]] = [
        (
            5,
            [
                1,
                "001",
                "张建国",
                "户主",
                ID_ZHANG_JIANGUO,
                "男",
                d(1965, 3, 12),
                13812345678,
                "010-65001234",
                "东风村一组12号",
                None,
            ],
        ),
        (
            6,
            [
                2,
                "001",
                "李秀英",
                "配偶",
                ID_LI_XIUYING.lower(),
                "女",
                "1967.8.20",
                "+86 139-1234-5678",
                None,
                "东风村一组12号",
                None,
            ],
        ),
        (
            7,
            [
                3,
                "001",
                "张伟",
                "子女",
                ID_ZHANG_WEI.translate(FULLWIDTH),
                "男",
                "1990年5月1日",
                "15000000001",
                None,
                "东风村一组12号",
                "在武汉务工",
            ],
        ),
        (8, [4, "001", "张小雨", "孙子女", None, "女", "2020.1.10", None, None, "东风村一组12号", "新生儿未办证"]),
        (9, [5, "002", "钱𠮷祥", "户主", ID_QIAN, "男", "1958-11-23", "13907150001", None, "东风村一组15号", None]),
        (
            10,
            [
                6,
                "002",
                "王桂兰",
                "配偶",
                excel_number(ID_WANG_GUILAN),
                "女",
                d(1960, 2, 14),
                "13907150002",
                None,
                "东风村一组15号",
                None,
            ],
        ),
        (11, [7, "002", "钱明", "子女", ID_QIAN_MING, "男", "19851007", "13907150003", None, "东风村一组15号", None]),
        (
            12,
            [
                8,
                "003",
                "阿依古丽·买买提",
                "户主",
                ID_AYGUL,
                "女",
                d(1978, 11, 5),
                "13699001122",
                None,
                "东风村一组18号",
                None,
            ],
        ),
        (
            13,
            [
                9,
                "003",
                "艾力·买买提",
                "子女",
                ID_ALI,
                "男",
                "2002/09/18",
                "13699001123",
                None,
                "东风村一组18号",
                "在校学生",
            ],
        ),
        # row 14 is left blank
        (15, [10, "004", "刘国强", "户主", ID_LIU, "男", "1972.2.3", "18603110001", None, "东风村一组21号", None]),
        (
            16,
            [
                11,
                "004",
                "赵丽",
                "配偶",
                ID_ZHAO,
                "女",
                dt.datetime(1974, 7, 16),
                "18603110002",
                None,
                "东风村一组21号",
                None,
            ],
        ),
        (
            17,
            [12, "004", "刘洋", "子女", ID_LIU_YANG, "男", "1999年3月", "18603110003", None, "东风村一组21号", "返乡"],
        ),
        (
            18,
            [
                13,
                "005",
                "孙秀梅",
                "户主",
                ID_SUN,
                "女",
                "1949.10.1",
                None,
                "0311-86001234",
                "东风村一组25号",
                "独居老人",
            ],
        ),
        (
            19,
            [
                14,
                "005",
                "孙秀梅",
                "户主",
                ID_SUN,
                "女",
                "1949.10.1",
                None,
                "0311-86001234",
                "东风村一组25号",
                "独居老人",
            ],
        ),
        (20, ["小计", None, "共5户13人", None, None, None, None, None, None, None, None]),
    ]
    for row_no, values in rows:
        for col, value in enumerate(values, start=1):
            if value is not None:
                cell = ws.cell(row=row_no, column=col, value=value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(value, float):
                    cell.number_format = "0"  # what Excel shows after the digits were lost

    ws2 = wb.create_sheet("二组")
    ws2["A1"] = "东风村二组人员名单"
    ws2.merge_cells("A1:F1")
    header2 = ["名字", "身份证号", "手机", "组别", "门牌号", "户主"]
    data2: list[tuple[int, list[object]]] = [
        (2, header2),
        (3, ["陈志刚", ID_CHEN, "13511112222", "二组", "东风村二组3号", "陈志刚"]),
        (4, ["周敏", ID_ZHOU, "13511112223", "二组", "东风村二组3号", "陈志刚"]),
        (5, ["陈浩", f" {ID_CHEN_HAO} ", "135 1111 2224", "二组", "东风村二组3号", "陈志刚"]),
        (6, header2),  # header pasted again when two lists were joined
        (7, ["吴建华", ID_WU, "13722223333", "二组", "东风村二组7号", "吴建华"]),
        (8, ["合计：2户4人", None, None, None, None, None]),
    ]
    for row_no, values in data2:
        for col, value in enumerate(values, start=1):
            if value is not None:
                ws2.cell(row=row_no, column=col, value=value)

    wb.create_sheet("Sheet3")
    wb.save(path)


CSV_HEADER = "姓名,身份证号码,联系电话,村民小组,门牌号,与户主关系"


def csv_lines(rare_name: bool) -> list[str]:
    """Rows of the csv fixtures: a title line, header, 4 people, a blank line, a total line."""
    third = "钱𠮷英" if rare_name else "黄小梅"
    return [
        "东风村三组花名册,,,,,",
        CSV_HEADER,
        f"马卫东,{ID_CSV_1},13800001111,三组,东风村三组1号,户主",
        f"何丽娟,{ID_CSV_2},13800001112,三组,东风村三组1号,配偶",
        ",,,,,",
        f"{third},{ID_CSV_3},,三组,东风村三组4号,户主",
        "马小军,4.20102E+17,13800001113,三组,东风村三组1号,子女",
        "合计,共2户4人,,,,",
    ]


def build_csvs() -> None:
    """roster_gbk.csv (GBK, CRLF as Excel writes it) and roster_utf8bom.csv (UTF-8 with BOM)."""
    (HERE / "roster_gbk.csv").write_bytes("\r\n".join(csv_lines(False)).encode("gbk") + b"\r\n")
    (HERE / "roster_utf8bom.csv").write_bytes("\r\n".join(csv_lines(True)).encode("utf-8-sig") + b"\r\n")


def build_bad_file() -> None:
    """not_a_spreadsheet.xlsx: a text file that only has a spreadsheet's name."""
    (HERE / "not_a_spreadsheet.xlsx").write_text("这不是表格文件，只是改了扩展名的文本。\n", encoding="utf-8")


def convert(xlsx: Path, fmt: str) -> None:
    """Convert with LibreOffice in a throwaway profile so a running office is not disturbed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("soffice not found: apt-get install -y --no-install-recommends libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(xlsx.parent),
                str(xlsx),
            ],
            check=True,
            capture_output=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--convert", action="store_true", help="also write .xls and .ods via soffice")
    args = parser.parse_args()
    xlsx = HERE / "messy_roster.xlsx"
    build_xlsx(xlsx)
    build_csvs()
    build_bad_file()
    if args.convert:
        convert(xlsx, "xls")
        convert(xlsx, "ods")
    for name, value in sorted(globals().items()):
        if name.startswith("ID_"):
            print(f"{name:22} {value}")


if __name__ == "__main__":
    main()
