"""forms.excel.reader on the committed roster fixtures (see tests/data/README.md) and small made-up files."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from db.errors import LedgerError
from forms.excel.reader import ImportCancelled, SheetTable, WorkbookError, read_tables

DATA = Path(__file__).resolve().parents[1] / "data"

KNOWN = [
    "序号",
    "户号",
    "姓名",
    "名字",
    "与户主关系",
    "公民身份号码",
    "身份证号",
    "身份证号码",
    "证件号码",
    "性别",
    "出生日期",
    "联系方式",
    "联系电话",
    "手机",
    "固话",
    "组别",
    "村民小组",
    "网格",
    "门牌",
    "门牌号",
    "户主",
    "户主姓名",
    "户主身份证号",
    "备注",
]

SHEET1_HEADERS = [
    "序号",
    "户号",
    "姓名",
    "与户主关系",
    "公民身份号码",
    "性别",
    "出生日期",
    "手机",
    "固话",
    "门牌",
    "备注",
]
SHEET1_ROWS = [5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19]
SHEET2_HEADERS = ["名字", "身份证号", "手机", "组别", "门牌号", "户主"]
CSV_HEADERS = ["姓名", "身份证号码", "联系电话", "村民小组", "门牌号", "与户主关系"]

ABOVE = "表头上方的标题或说明"
WORKBOOKS = ["messy_roster.xlsx", "messy_roster.xls", "messy_roster.ods"]


def by_row(table: SheetTable) -> dict[int, list[object]]:
    return dict(table.rows)


def is_number(cell: object) -> bool:
    return isinstance(cell, (int, float)) and not isinstance(cell, bool)


@pytest.mark.parametrize("name", WORKBOOKS)
@pytest.mark.parametrize("known", [KNOWN, []], ids=["known", "heuristic"])
def test_workbook_tables(name: str, known: list[str]) -> None:
    tables = read_tables(DATA / name, known)
    assert [t.sheet for t in tables] == ["一组", "二组"]  # empty Sheet3 ignored
    one, two = tables

    assert one.header_row == 4
    assert one.headers == SHEET1_HEADERS
    assert [n for n, _ in one.rows] == SHEET1_ROWS
    assert one.skipped == [(1, ABOVE), (2, ABOVE), (3, "表头"), (4, "表头"), (20, "小计行")]
    assert all(len(cells) == len(one.headers) for _, cells in one.rows)

    assert two.header_row == 2
    assert two.headers == SHEET2_HEADERS
    assert [n for n, _ in two.rows] == [3, 4, 5, 7]
    assert two.skipped == [(1, ABOVE), (2, "表头"), (6, "重复的表头行"), (8, "合计行")]


@pytest.mark.parametrize("name", WORKBOOKS)
def test_workbook_cells_keep_their_type(name: str) -> None:
    rows = by_row(read_tables(DATA / name, KNOWN)[0])
    # the ID typed into a number cell stays a number, with its digits already lost
    number_id = rows[10][4]
    assert is_number(number_id)
    assert number_id == 4.2010219600214e17  # 420102196002140482 cut to 15 significant digits
    # text IDs come back exactly as typed
    assert rows[5][4] == "11010519650312011X"
    assert rows[6][4] == "11010519670820048x"
    assert rows[7][4] == "１１０１０５１９９００５０１０３５Ｘ"
    assert rows[8][4] == ""
    # date cells are dates, date-looking text stays text
    assert rows[5][6] == dt.date(1965, 3, 12)
    assert rows[16][6] == dt.date(1974, 7, 16)
    assert rows[15][6] == "1972.2.3"
    # a phone in a number cell, leading zeros of 户号 kept, rare characters intact
    assert is_number(rows[5][7]) and int(rows[5][7]) == 13812345678
    assert rows[6][7] == "+86 139-1234-5678"
    assert rows[5][1] == "001"
    assert rows[9][2] == "钱𠮷祥"
    assert rows[12][2] == "阿依古丽·买买提"
    assert is_number(rows[5][0])


def test_gbk_csv() -> None:
    [table] = read_tables(DATA / "roster_gbk.csv", KNOWN)
    assert table.sheet == ""
    assert table.header_row == 2
    assert table.headers == CSV_HEADERS
    assert [n for n, _ in table.rows] == [3, 4, 6, 7]
    assert table.skipped == [(1, ABOVE), (2, "表头"), (8, "合计行")]
    rows = by_row(table)
    assert rows[3] == ["马卫东", "420102198001150178", "13800001111", "三组", "东风村三组1号", "户主"]
    assert rows[6][0] == "黄小梅"
    assert rows[7][1] == "4.20102E+17"


def test_utf8_bom_csv_keeps_rare_characters() -> None:
    [table] = read_tables(DATA / "roster_utf8bom.csv", KNOWN)
    assert table.headers == CSV_HEADERS  # no BOM glued to the first header
    assert by_row(table)[6][0] == "钱𠮷英"
    assert [n for n, _ in table.rows] == [3, 4, 6, 7]


def test_csv_heuristic_header_without_known_names() -> None:
    [table] = read_tables(DATA / "roster_gbk.csv")
    assert table.header_row == 2
    assert table.headers == CSV_HEADERS


def test_not_a_spreadsheet() -> None:
    with pytest.raises(WorkbookError, match="not_a_spreadsheet.xlsx") as info:
        read_tables(DATA / "not_a_spreadsheet.xlsx", KNOWN)
    assert "表格" in str(info.value)
    assert isinstance(info.value, LedgerError)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="找不到文件"):
        read_tables(tmp_path / "nothing.xlsx")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(WorkbookError, match="空的"):
        read_tables(empty)


def test_html_saved_as_xls(tmp_path: Path) -> None:
    page = tmp_path / "导出.xls"
    page.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(WorkbookError, match="网页"):
        read_tables(page)


def test_encrypted_workbook(tmp_path: Path) -> None:
    # An encrypted .xlsx is an OLE2 container holding an "EncryptedPackage" stream.
    fake = tmp_path / "加密.xlsx"
    ole_magic = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    fake.write_bytes(ole_magic + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(WorkbookError, match="密码"):
        read_tables(fake)


def test_xls_with_xlsx_name_is_read_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "roster.xlsx"
    shutil.copy(DATA / "messy_roster.xls", renamed)
    assert [t.sheet for t in read_tables(renamed, KNOWN)] == ["一组", "二组"]


def test_all_sheets_empty(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "东风村花名册"
    wb.create_sheet("Sheet2")
    path = tmp_path / "blank.xlsx"
    wb.save(path)
    with pytest.raises(WorkbookError, match="没有找到数据表"):
        read_tables(path, KNOWN)


def test_hidden_sheet_ignored_when_a_visible_one_has_data(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    for row in (["姓名", "身份证号", "手机"], ["张三", "110105196503120119", "13800000000"]):
        ws.append(row)
    lists = wb.create_sheet("字典")
    for row in (["姓名", "性别", "与户主关系"], ["示例", "男", "户主"]):
        lists.append(row)
    lists.sheet_state = "hidden"
    path = tmp_path / "hidden.xlsx"
    wb.save(path)
    tables = read_tables(path, KNOWN)
    assert [t.sheet for t in tables if t.rows] == ["名单"]
    hidden = next(t for t in tables if t.sheet == "字典")  # its rows are accounted for, not read
    assert [(row, reason.split("，")[0]) for row, reason in hidden.skipped] == [(1, "表头"), (2, "隐藏的工作表“字典”")]


def test_parent_header_kept_when_it_qualifies_the_child(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["D1"] = "姓名", "户主", "备注"
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")
    ws.merge_cells("D1:D2")
    ws["B2"], ws["C2"] = "姓名", "身份证号"
    ws.append(["张三", "张大山", "110105196503120119", ""])
    path = tmp_path / "head.xlsx"
    wb.save(path)
    [table] = read_tables(path, KNOWN)
    assert table.header_row == 2
    assert table.headers == ["姓名", "户主 姓名", "户主 身份证号", "备注"]
    assert [n for n, _ in table.rows] == [3]


def test_singles_in_lower_header_row_under_generic_parents(tmp_path: Path) -> None:
    csv = tmp_path / "groups.csv"
    csv.write_text(
        "基本信息,,,联系方式,,\n姓名,性别,身份证号,手机,固话,门牌\n张三,男,110105196503120119,13800000000,,1号\n",
        encoding="utf-8",
    )
    [table] = read_tables(csv, KNOWN)
    assert table.header_row == 2
    assert table.headers == ["姓名", "性别", "身份证号", "手机", "固话", "门牌"]
    assert [n for n, _ in table.rows] == [3]


def test_subtotal_footer_and_person_with_total_in_remark(tmp_path: Path) -> None:
    csv = tmp_path / "totals.csv"
    csv.write_text(
        "\n".join(
            [
                "姓名,身份证号,备注",
                "张三,110105196503120119,",
                "本页小计,1人,",
                "李四,110105196708200488,合计3人外出",
                "共2户2人,,",
                "总计,,",
                "填报人：王五,,",
                "",
            ]
        ),
        encoding="utf-8",
    )
    [table] = read_tables(csv, KNOWN)
    assert [n for n, _ in table.rows] == [2, 4]
    assert table.skipped == [(1, "表头"), (3, "小计行"), (5, "合计行"), (6, "总计行"), (7, "表尾签字或说明行")]


def test_tab_separated_gb18030_text(tmp_path: Path) -> None:
    tsv = tmp_path / "roster.txt"
    tsv.write_bytes("姓名\t身份证号\t手机\n钱𠮷祥\t42010219581123031X\t13907150001\n".encode("gb18030"))
    [table] = read_tables(tsv, KNOWN)
    assert table.headers == ["姓名", "身份证号", "手机"]
    assert table.rows == [(2, ["钱𠮷祥", "42010219581123031X", "13907150001"])]


class Recorder:
    """A progress sink that can cancel after a number of updates."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.cancelled = False
        self.calls: list[tuple[int, int]] = []
        self.cancel_after = cancel_after

    def update(self, done: int, total: int) -> None:
        self.calls.append((done, total))
        if self.cancel_after is not None and len(self.calls) >= self.cancel_after:
            self.cancelled = True


def test_progress_reaches_total() -> None:
    progress = Recorder()
    read_tables(DATA / "messy_roster.xlsx", KNOWN, progress)
    dones = [d for d, _ in progress.calls]
    assert dones == sorted(dones)
    assert progress.calls[-1][0] == progress.calls[-1][1] > 0


def test_cancel_before_start() -> None:
    progress = Recorder()
    progress.cancelled = True
    with pytest.raises(ImportCancelled):
        read_tables(DATA / "messy_roster.xls", KNOWN, progress)


def test_cancel_between_sheets() -> None:
    with pytest.raises(ImportCancelled):
        read_tables(DATA / "messy_roster.ods", KNOWN, Recorder(cancel_after=1))


def test_cancel_inside_a_long_sheet(tmp_path: Path) -> None:
    lines = ["姓名,身份证号,手机"] + [f"人{i},110105196503120119,138{i:08d}" for i in range(5000)]
    big = tmp_path / "big.csv"
    big.write_text("\n".join(lines), encoding="utf-8")
    progress = Recorder(cancel_after=3)
    with pytest.raises(ImportCancelled):
        read_tables(big, KNOWN, progress)
    assert len(progress.calls) == 3


def test_cells_merged_down_a_household_fill_each_row(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["户号", "姓名", "身份证号", "门牌"])
    ws.append(["001", "张建国", "11010519650312011X", "12号"])
    ws.append([None, "李秀英", "11010519670820048X", None])
    ws.append([None, "张伟", "11010519900501035X", None])
    ws.merge_cells("A2:A4")
    ws.merge_cells("D2:D4")
    ws.append(["002", "钱𠮷祥", "42010219581123031X", "15号"])
    path = tmp_path / "merged_households.xlsx"
    wb.save(path)
    [table] = read_tables(path, KNOWN)
    assert [(n, cells[0], cells[3]) for n, cells in table.rows] == [
        (2, "001", "12号"),
        (3, "001", "12号"),
        (4, "001", "12号"),
        (5, "002", "15号"),
    ]


def test_parent_centred_across_columns_without_merge(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "联系方式", None, "门牌"])
    ws.append([None, "手机", "固话", None])
    ws.append(["张三", "13800000000", "010-65001234", "1号"])
    path = tmp_path / "centred.xlsx"
    wb.save(path)
    [table] = read_tables(path, KNOWN)
    assert table.header_row == 2
    assert table.headers == ["姓名", "手机", "固话", "门牌"]
    assert [n for n, _ in table.rows] == [3]


def test_a_parent_over_one_column_in_a_two_row_header(tmp_path: Path) -> None:
    """隔离情况 stands over 隔离地址 alone, 联系方式 over 手机 | 固定电话: every column keeps its own name."""
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "联系方式", None, "隔离情况", "备注"])
    ws.append([None, "手机", "固定电话", "隔离地址", None])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")
    ws.merge_cells("E1:E2")
    ws.append(["张三", "13800000000", "0311-86001234", "东风村一组5号", ""])
    path = tmp_path / "one_column_parent.xlsx"
    wb.save(path)
    [table] = read_tables(path, KNOWN + ["隔离地址"])
    assert table.header_row == 2
    assert table.own == ["姓名", "手机", "固定电话", "隔离地址", "备注"]
    assert table.parents == ["", "联系方式", "联系方式", "隔离情况", ""]
    assert [n for n, _ in table.rows] == [3]
