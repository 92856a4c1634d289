"""Hostile workbooks through the importers: the answer is a plan and a result, or a LedgerError in Chinese.

Random sheets (header words among junk, title rows, merged cells, every cell type Excel has: text, numbers,
booleans, dates, times, durations, formulas without a cached value, error cells), CSV files in UTF-8, GBK and
UTF-16 with stray bytes, files that are not spreadsheets at all, and an encrypted workbook go through the same
functions the import dialogs call (read, guess the columns, plan, apply) and through `python -m app`.
Never a traceback, never another exception type, and a refused import writes nothing.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from db.errors import LedgerError
from db.imports.cases import apply_case_plan
from db.imports.roster import apply_plan
from db.models import AuditEntry, Case, Household, Person
from db.rules.id_number import check_digit
from forms.case_fields import CASE_TARGETS
from forms.case_import import import_cases, plan_case_import, read_cases
from forms.excel.reader import WorkbookError
from forms.roster_fields import ROSTER_TARGETS
from forms.roster_import import import_roster, plan_import, read_roster
from tests.conftest import DATA, ROOT
from tests.fuzz.hostile_files import ROSTER_HEADER, encrypted_workbook, row_xml, sheet_xml, write_xlsx

CHINESE = re.compile(r"[\u4e00-\u9fff]")
FUZZ = settings(
    max_examples=int(os.environ.get("LEDGER_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- cells and sheets ----------------------------------------------------------------------------------

ROSTER_WORDS = [name for t in ROSTER_TARGETS for name in t.names]
CASE_WORDS = [name for t in CASE_TARGETS for name in t.names]
REALISTIC = [
    "张三",
    "李秀英",
    "阿依古丽·买买提",
    "钱𠮷祥",
    "户主",
    "配偶",
    "子女",
    "长子",
    "01-0001",
    "一组",
    "12号",
    "男",
    "女",
    "11010519491231002X",
    "110105194912310021",
    "410122198001011234",
    "13812345678",
    "0371-61234567",
    "0",
    "2020-02-03",
    "2020.2.3",
    "2020年2月3日",
    "2月3日",
    "合计",
    "小计：5户",
    "共3户12人",
    "填报人：李文书",
    "是",
    "否",
    "√",
    "居家隔离医学观察",
    "集中隔离医学观察",
    "解除",
    "在管",
    " ",
    "",
    "\u3000",
    "#N/A",
]
FORMULAS = ["=1/0", "=NA()", "=A1", "=SUM(A1:A3)", '="张"&"三"', "=TODAY()", "=1E+300*1E+300"]
ERRORS = ["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"]

safe_text = st.text(max_size=40).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s))
cells = st.one_of(
    st.none(),
    st.sampled_from(REALISTIC),
    safe_text,
    st.integers(min_value=-(2**53), max_value=2**53),
    st.integers(min_value=10**14, max_value=10**18),  # ID numbers and phones typed into number cells
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.times(),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=9000)),
    st.sampled_from(FORMULAS),
    st.sampled_from(ERRORS),
)


def _id_number(region: str, birth: date, sequence: int) -> str:
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + check_digit(body)


id_numbers = st.builds(
    _id_number,
    st.sampled_from(["110105", "410122", "420102", "510104"]),
    st.dates(date(1930, 1, 1), date(2019, 12, 31)),
    st.integers(0, 999),
)
names = st.one_of(
    st.sampled_from(["张三", "李秀英", "王五", "阿依古丽·买买提", "钱𠮷祥"]),
    st.text(alphabet="张王李赵刘陈𠮷䶮·", min_size=1, max_size=5),
)
#: What a column of a recognised header usually holds (otherwise any cell at all).
COLUMN_VALUES = {
    "姓名": names,
    "户号": st.one_of(st.integers(1, 30), st.sampled_from(["01-0001", "01-0002", "A7"])),
    "与户主关系": st.sampled_from(["户主", "配偶", "子女", "长子", "孙女", "其他", "户主本人"]),
    "身份证号码": id_numbers,
    "隔离开始日期": st.one_of(
        st.dates(date(2020, 1, 1), date.today()), st.sampled_from(["2020.2.3", "2月3日"]), st.dates(), st.datetimes()
    ),  # a date cell in the year 9999 or 1 is a typo, not a crash
    "隔离方式": st.sampled_from(["居家隔离医学观察", "集中隔离医学观察", "居家健康监测", "居家", "集中"]),
}


@st.composite
def sheets(draw: st.DrawFn, words: list[str]) -> dict[str, object]:
    """One sheet: maybe title rows, a header of known words and junk, rows of any cells, maybe merges."""
    width = draw(st.integers(min_value=1, max_value=8))
    header = draw(st.lists(st.one_of(st.sampled_from(words), safe_text, cells), min_size=width, max_size=width))
    if draw(st.booleans()):  # a header the importer recognises, so that planning and writing are reached too
        base = ROSTER_HEADER if words is ROSTER_WORDS else ("姓名", "身份证号码", "隔离开始日期", "隔离方式")
        header = draw(st.permutations([*base, *header[: width - 3]]))
        width = len(header)
    titles = draw(st.lists(st.lists(cells, max_size=3), max_size=3))
    typed = [st.one_of(*[COLUMN_VALUES[h]] * 4, cells) if h in COLUMN_VALUES else cells for h in header]
    rows = draw(st.lists(st.one_of(*[st.tuples(*typed)] * 3, st.lists(cells, max_size=width + 1)), max_size=12))
    merges = draw(
        st.lists(st.tuples(st.integers(1, 16), st.integers(1, 9), st.integers(0, 3), st.integers(0, 2)), max_size=1)
    )
    name = draw(st.one_of(st.sampled_from(["一组", "Sheet1", "二组", "隔离人员", "集中隔离", "_meta"]), safe_text))
    hidden = draw(st.booleans())
    return {"titles": titles, "header": header, "rows": rows, "merges": merges, "name": name, "hidden": hidden}


def _sheet_name(name: str, taken: set[str]) -> str:
    name = re.sub(r"[\\/*?:\[\]]", "", name)[:25].strip("'") or "Sheet"
    while name in taken:
        name += "1"
    taken.add(name)
    return name


def _cell(value: object) -> object:
    if isinstance(value, str):
        return value[:32767]
    return value


def write_workbook(path: Path, book: list[dict[str, object]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for index, spec in enumerate(book):
        ws = wb.create_sheet(_sheet_name(str(spec["name"]), taken))
        for row in [*spec["titles"], spec["header"], *spec["rows"]]:  # type: ignore[misc]
            ws.append([_cell(v) for v in row])
        for row, col, down, across in spec["merges"]:  # type: ignore[union-attr]
            ws.merge_cells(start_row=row, start_column=col, end_row=row + down, end_column=col + across)
        if spec["hidden"] and index:  # the first stays visible: a workbook needs one
            ws.sheet_state = "hidden"
    if not book:
        wb.create_sheet("空")
    wb.save(path)
    return path


def counts() -> tuple[int, ...]:
    return tuple(m.select().count() for m in (Person, Household, Case, AuditEntry))


def assert_chinese(exc: BaseException) -> None:
    assert isinstance(exc, LedgerError), f"{type(exc).__name__}: {exc}"
    assert CHINESE.search(str(exc)), str(exc)


# --- the roster and the case importers, in process ------------------------------------------------------


@FUZZ
@given(st.lists(sheets(ROSTER_WORDS), max_size=3))
def test_random_roster_workbooks_give_a_result_or_a_chinese_refusal(village, tmp_path: Path, book) -> None:  # type: ignore[no-untyped-def]
    path = write_workbook(tmp_path / "花名册.xlsx", book)
    before = counts()
    try:
        tables = read_roster(path)
        plan = plan_import(tables)
    except LedgerError as exc:
        assert_chinese(exc)
        assert counts() == before
        return
    for issue in plan.refused:
        assert CHINESE.search(issue.reason) and issue.row >= 1, issue
    result = apply_plan(plan, path.name)
    people, households, _cases, _audit = counts()
    assert people == before[0] + result.created_people
    assert households == before[1] + result.created_households


@FUZZ
@given(st.lists(sheets(CASE_WORDS), max_size=2))
def test_random_case_ledgers_give_a_result_or_a_chinese_refusal(village, tmp_path: Path, book) -> None:  # type: ignore[no-untyped-def]
    path = write_workbook(tmp_path / "隔离台账.xlsx", book)
    before = counts()
    try:
        plan = plan_case_import(read_cases(path))
    except LedgerError as exc:
        assert_chinese(exc)
        assert counts() == before
        return
    for issue in plan.refused:
        assert CHINESE.search(issue.reason), issue
    result = apply_case_plan(plan, path.name)
    assert counts()[2] == before[2] + result.created_cases


# --- text files -----------------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "big5", "latin-1"]


@FUZZ
@given(
    st.lists(st.lists(st.one_of(st.sampled_from(REALISTIC + ROSTER_WORDS), safe_text), max_size=6), max_size=12),
    st.sampled_from(ENCODINGS),
    st.sampled_from([",", "\t", ";", "|"]),
    st.lists(st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=3)), max_size=4),
)
def test_csv_in_any_encoding_with_stray_bytes(village, tmp_path: Path, rows, encoding, delimiter, strays) -> None:  # type: ignore[no-untyped-def]
    text = io.StringIO(newline="")
    text.write(delimiter.join(ROSTER_HEADER) + "\r\n")
    for row in rows:
        text.write(delimiter.join(str(c).replace("\n", " ") for c in row) + "\r\n")
    data = bytearray(text.getvalue().encode(encoding, errors="replace"))
    for position, junk in strays:
        at = position % (len(data) + 1)
        data[at:at] = junk
    path = tmp_path / "花名册.csv"
    path.write_bytes(bytes(data))
    before = counts()
    try:
        result = import_roster(path)
    except LedgerError as exc:
        assert_chinese(exc)
        assert counts() == before
    else:
        assert counts()[0] == before[0] + result.created_people


def test_a_csv_with_a_stray_byte_is_refused_naming_the_line(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Not decoded with replacement characters: "李四\ufffd" would be stored as if the clerk had typed it."""
    data = "姓名,户号,与户主关系\r\n张三,1,户主\r\n李四,1,配偶\r\n".encode("gbk")
    path = tmp_path / "花名册.csv"
    path.write_bytes(data.replace("李四".encode("gbk"), "李四".encode("gbk") + b"\xff"))
    before = counts()
    with pytest.raises(WorkbookError, match="第 3 行有无法识别的字符"):
        import_roster(path)
    assert counts() == before


# --- files that are not spreadsheets --------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _not_spreadsheets(folder: Path) -> dict[str, Path]:
    rng = random.Random(20201)
    made = {
        "random.xlsx": rng.randbytes(5000),
        "random-zip-magic.xlsx": b"PK\x03\x04" + rng.randbytes(3000),
        "random-ole-magic.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(3000),
        "document.xlsx": PDF,
        "page.xlsx": b"\xef\xbb\xbf<html><body><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table></body></html>",
        "one-byte.xlsx": b"\x00",
        "nul.csv": b"\x00" * 4000,
        "binary.csv": rng.randbytes(4000),
        "utf16-no-bom.csv": "姓名,户号\n张三,1\n".encode("utf-16-le"),
    }
    paths = {}
    for name, data in made.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    paths["empty-zip.xlsx"] = _zip(folder / "empty-zip.xlsx", {})
    paths["zip-of-text.xlsx"] = _zip(folder / "zip-of-text.xlsx", {"readme.txt": "不是表格".encode()})
    paths["docx.xlsx"] = _zip(folder / "docx.xlsx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    paths["broken-sheet.xlsx"] = write_xlsx(
        folder / "broken-sheet.xlsx", {"一组": iter([b"<worksheet><sheetData><row"])}
    )
    paths["no-sheets.xlsx"] = write_xlsx(folder / "no-sheets.xlsx", {})
    paths["empty-sheet.xlsx"] = write_xlsx(folder / "empty-sheet.xlsx", {"一组": sheet_xml([])})
    paths["header-only.xlsx"] = write_xlsx(
        folder / "header-only.xlsx", {"一组": sheet_xml([row_xml(1, ROSTER_HEADER)])}
    )
    paths["encrypted.xlsx"] = encrypted_workbook(folder / "encrypted.xlsx", rng.randbytes(9000))
    paths["encrypted.xls"] = encrypted_workbook(folder / "encrypted.xls", rng.randbytes(5000))
    truncated = (DATA / "messy_roster.xlsx").read_bytes()
    paths["truncated.xlsx"] = folder / "truncated.xlsx"
    paths["truncated.xlsx"].write_bytes(truncated[: len(truncated) // 2])
    xls = (DATA / "messy_roster.xls").read_bytes()
    paths["truncated.xls"] = folder / "truncated.xls"
    paths["truncated.xls"].write_bytes(xls[: len(xls) // 3])
    paths["renamed.ods"] = folder / "renamed.ods"
    shutil.copy(DATA / "not_a_spreadsheet.xlsx", paths["renamed.ods"])
    return paths


def test_files_that_are_not_spreadsheets_are_refused_in_chinese(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = counts()
    for name, path in _not_spreadsheets(tmp_path).items():
        for read in (read_roster, read_cases):
            with pytest.raises(LedgerError) as info:
                read(path)
            assert_chinese(info.value)
            assert path.name in str(info.value) or isinstance(info.value, WorkbookError), (name, str(info.value))
    assert counts() == before


def test_an_encrypted_workbook_is_said_to_have_a_password(tmp_path: Path) -> None:
    path = encrypted_workbook(tmp_path / "花名册.xlsx", os.urandom(6000))
    with pytest.raises(WorkbookError, match="设置了打开密码"):
        read_roster(path)


def test_a_one_megabyte_cell_is_refused_by_its_field_not_by_a_crash(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    huge = "张" * 1_000_000
    rows = [
        row_xml(1, (*ROSTER_HEADER, "备注")),
        row_xml(2, ("张三", "1", "户主", huge)),
        row_xml(3, (huge, "1", "配偶")),
    ]
    path = write_xlsx(tmp_path / "花名册.xlsx", {"一组": sheet_xml(rows)})
    result = import_roster(path)
    assert result.created_people == 0
    assert sorted((i.row, i.field) for i in result.plan.refused) == [(2, "备注"), (3, "姓名")]
    assert all(len(i.reason) < 200 for i in result.plan.refused)


def test_a_date_cell_in_the_year_9999_is_refused_not_a_crash(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A typo'd date cell (9999-12-25) made the observation period overflow (OverflowError, a traceback)."""
    book = [
        {
            "titles": [],
            "header": ["姓名", "身份证号码", "隔离开始日期", "隔离方式"],
            "merges": [],
            "name": "台账",
            "hidden": False,
            "rows": [
                ["张三", None, datetime(9999, 12, 25), "居家隔离医学观察"],
                ["李四", None, date(1, 1, 1), "居家隔离医学观察"],
                ["王五", None, date(2020, 2, 3), "居家隔离医学观察"],
            ],
        }
    ]
    result = import_cases(write_workbook(tmp_path / "台账.xlsx", book))
    assert result.created_cases == 1
    assert [(i.row, i.field) for i in result.plan.refused] == [(2, "隔离开始日期"), (3, "隔离开始日期")]
    assert "年份不合理" in result.plan.refused[0].reason and CHINESE.search(result.plan.refused[1].reason)


# --- the same through the command line ------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )


def test_the_command_line_refuses_hostile_files_in_chinese(tmp_path: Path, migrated_template: Path) -> None:
    db = tmp_path / "ledger.db"
    shutil.copy(migrated_template, db)
    hostile = _not_spreadsheets(tmp_path)
    for name in ("random.xlsx", "document.xlsx", "empty-zip.xlsx", "encrypted.xlsx", "binary.csv", "no-sheets.xlsx"):
        for command in ("import-roster", "import-cases"):
            done = _cli(command, str(hostile[name]), "--db", str(db))
            assert done.returncode != 0, (name, command, done.stdout)
            assert "Traceback" not in done.stderr, (name, command, done.stderr)
            assert done.stderr.startswith("错误：") and CHINESE.search(done.stderr), (name, command, done.stderr)
