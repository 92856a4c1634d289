"""Files whose size lies: a few hundred bytes claiming a million rows or a 17-billion-cell grid, a 60 KB sheet
that inflates to 60 MB, a CSV of a million lines. The importer either handles the file within memory that
follows its content, or refuses it with a message; it is never killed by it.

Why this matters: calamine reads a sheet into a dense grid from A1 to its last cell, and when that
allocation fails the program aborts (no exception, the window just vanishes). The reader measures each
sheet first (forms/excel/extent.py, check_extent). Peak memory is the child process's own VmHWM.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineError, CalamineWorkbook

from forms.excel import extent
from forms.excel.reader import WorkbookError, read_tables
from tests.conftest import ROOT
from tests.faults.helpers import CHINESE, LINUX_ONLY
from tests.fuzz.hostile_files import (
    ROSTER_HEADER,
    cell_xml,
    column_letters,
    far_ods,
    inflating_xlsx,
    repeated_ods,
    row_xml,
    sheet_xml,
    sparse_xlsx,
    write_xlsx,
)

MB = 1024
#: Runs the command line in this process and reports the process's peak memory (kB), even when it fails.
MEASURED = """
import sys
from app.cli import main
try:
    status = main(sys.argv[1:])
finally:
    peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM")).split()[1]
    sys.stderr.write("\\nVmHWM " + peak + "\\n")
sys.exit(status)
"""


def _import(path: Path, db: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, "import-roster", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert "VmHWM" in done.stderr, f"the process died (status {done.returncode}): {done.stderr[-2000:]}"
    peak = int(done.stderr.rsplit("VmHWM", 1)[1].split()[0])
    done.stderr = done.stderr.rsplit("\nVmHWM", 1)[0]
    return done, peak


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> tuple[Path, int]:
    """An empty ledger, and the peak memory of importing a one-person roster into it."""
    folder = tmp_path_factory.mktemp("big")
    db = Path(shutil.copy(migrated_template, folder / "ledger.db"))
    small = folder / "small.csv"
    small.write_text("姓名,户号,与户主关系\n张三,1,户主\n", encoding="utf-8")
    done, peak = _import(small, Path(shutil.copy(db, folder / "baseline.db")))
    assert done.returncode == 0, done.stderr
    return db, peak


def _refused(done: subprocess.CompletedProcess[str], *wanted: str) -> None:
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    message = done.stderr.strip().splitlines()[-1]
    assert message.startswith("错误：") and CHINESE.search(message), done.stderr
    for text in wanted:
        assert text in message, message


@LINUX_ONLY
@pytest.mark.parametrize(
    ("name", "make", "wanted"),
    [
        ("far.xlsx", lambda p: sparse_xlsx(p, 1_048_576, 16_384), ("第 1048576 行、第 16384 列", "XFD1048576")),
        ("million.xlsx", lambda p: sparse_xlsx(p, 1_000_000, 3), ("第 1000000 行", "Ctrl+End")),
        ("far.ods", lambda p: far_ods(p, 1_048_576, 16_384), ("XFD1048576",)),
        ("repeated.ods", lambda p: repeated_ods(p, 100_000, 200), ("第 100001 行、第 200 列",)),
    ],
)
def test_a_tiny_file_claiming_a_huge_sheet_is_refused_before_it_is_read(
    tmp_path: Path, baseline: tuple[Path, int], name: str, make: Callable[[Path], Path], wanted: tuple[str, ...]
) -> None:
    path = make(tmp_path / name)
    assert path.stat().st_size < 4096
    done, peak = _import(path, Path(shutil.copy(baseline[0], tmp_path / "ledger.db")))
    _refused(done, name, *wanted)
    assert peak - baseline[1] < 16 * MB, f"{peak} kB at peak against {baseline[1]} kB for one person"


@LINUX_ONLY
def test_a_sheet_that_inflates_a_thousandfold(tmp_path: Path, baseline: tuple[Path, int]) -> None:
    """30 MB of one character in a 30 KB file: read (the memory follows the content, bounded by the cap on
    a sheet's XML), and the row refused by its field, the other imported."""
    path = inflating_xlsx(tmp_path / "inflated.xlsx", 30)
    inflated = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size
    assert path.stat().st_size * 500 < inflated
    done, peak = _import(path, Path(shutil.copy(baseline[0], tmp_path / "ledger.db")))
    assert done.returncode == 0, done.stderr
    assert "新建 1 户、1 人" in done.stdout and "第 3 行 李四：备注 太长" in done.stdout
    assert peak - baseline[1] < 6 * inflated // 1024, f"{peak} kB at peak for {inflated // 1024} kB of XML"


@LINUX_ONLY
def test_a_csv_of_a_million_lines(tmp_path: Path, baseline: tuple[Path, int]) -> None:
    """A million (blank) lines and one person: handled, in memory proportional to the file."""
    path = tmp_path / "million.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("姓名,户号,与户主关系\r\n")
        out.writelines(",,\r\n" for _ in range(1_000_000))
        out.write("张三,1,户主\r\n")
    done, peak = _import(path, Path(shutil.copy(baseline[0], tmp_path / "ledger.db")))
    assert done.returncode == 0, done.stderr
    assert "新建 1 户、1 人" in done.stdout
    size = path.stat().st_size
    assert peak - baseline[1] < 50 * size // 1024, f"{peak} kB at peak for a {size} B file"


# --- the caps themselves, in process --------------------------------------------------------------------


def test_a_sheet_over_the_caps_is_refused_with_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [row_xml(1, ROSTER_HEADER), *(row_xml(r, (f"张{r}", r, "户主")) for r in range(2, 2002))]
    path = write_xlsx(tmp_path / "花名册.xlsx", {"一组": sheet_xml(rows)})
    assert read_tables(path, ROSTER_HEADER)[0].rows  # within the caps: read
    monkeypatch.setattr(extent, "SPARSE_FLOOR", 100)
    monkeypatch.setattr(extent, "MAX_CELLS", 3000)
    with pytest.raises(WorkbookError, match="2001 行 × 3 列.*分成几个文件"):
        read_tables(path, ROSTER_HEADER)
    monkeypatch.setattr(extent, "MAX_CELLS", 10**9)
    monkeypatch.setattr(extent, "MAX_SHEET_BYTES", 64 * 1024)
    with pytest.raises(WorkbookError, match="解压后超过"):
        read_tables(path, ROSTER_HEADER)


def test_a_binary_workbook_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "花名册.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    with pytest.raises(WorkbookError, match=r"\.xlsb"):
        read_tables(path, ROSTER_HEADER)


# --- the measured extent is never smaller than what calamine reads ---------------------------------------

_ATTRIBUTES = st.sampled_from(["", ' s="1"', ' t="inlineStr"'])
#: How a place may be written, besides Excel's r="B7": every one of these is read by calamine.
_PLACES = {
    "first": ' r="{ref}"',
    "quoted": " r='{ref}'",
    "spaced": ' r = "{ref}"',
    "tab": '\tr="{ref}"',
    "small": ' r="{lower}"',
}


@st.composite
def spelled_sheets(draw: st.DrawFn) -> tuple[bytes, bool]:
    """Cells at random places, spelled as Excel does or otherwise: r after other attributes, no r at all
    (the next place), other quotes, spaces, small letters, a namespace prefix on every element. Returns the
    XML and whether it is Excel's way."""
    regular = draw(st.booleans())
    prefix = "" if regular else draw(st.sampled_from(["", "x:"]))
    rows = draw(
        st.lists(
            st.tuples(st.integers(1, 3000), st.lists(st.integers(1, 800), min_size=0, max_size=4)),
            min_size=1,
            max_size=6,
        )
    )
    namespace = (
        f'xmlns{":" + prefix[:-1] if prefix else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    )
    xml = [f'<?xml version="1.0"?><{prefix}worksheet {namespace}><{prefix}sheetData>']
    for row, columns in sorted({r: c for r, c in rows}.items()):
        named = regular or draw(st.booleans())
        if regular and not columns:  # Excel writes a row without cells (a custom height) as <row r="9" .../>
            xml.append(f'<row r="{row}" ht="30" customHeight="1"/>')
            continue
        row_place = draw(st.sampled_from(["first", "quoted", "spaced"])) if not regular else "first"
        xml.append(f"<{prefix}row{_PLACES[row_place].format(ref=row)}>" if named else f"<{prefix}row>")
        for column in sorted(set(columns)):
            value = f"<{prefix}v>{column}</{prefix}v>"
            spelling = "first" if regular else draw(st.sampled_from([*_PLACES, "last", "none"]))
            ref = f"{column_letters(column)}{row}"
            place = _PLACES.get(spelling, _PLACES["first"]).format(ref=ref, lower=ref.lower())
            extra = draw(_ATTRIBUTES).replace(' t="inlineStr"', "")
            if spelling == "last":
                xml.append(f"<{prefix}c{extra or ' s=' + chr(34) + '0' + chr(34)}{place}>{value}</{prefix}c>")
            elif spelling == "none":
                xml.append(f"<{prefix}c{extra}>{value}</{prefix}c>")
            else:
                xml.append(f"<{prefix}c{place}{extra}>{value}</{prefix}c>")
        xml.append(f"</{prefix}row>")
    xml.append(f"</{prefix}sheetData></{prefix}worksheet>")
    return "".join(xml).encode(), regular


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spelled_sheets())
def test_the_measured_extent_covers_what_calamine_reads(tmp_path: Path, sheet: tuple[bytes, bool]) -> None:
    xml, regular = sheet
    path = write_xlsx(tmp_path / "extent.xlsx", {"一组": iter([xml])})
    with zipfile.ZipFile(path) as archive:
        rows, columns, size = extent.xlsx_extent(archive, "xl/worksheets/sheet1.xml", "一组", path)
    assert size == len(xml)
    try:
        grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    except CalamineError:  # a spelling calamine does not read at all: nothing to cover
        return
    read_rows, read_columns = len(grid), max((len(r) for r in grid), default=0)
    if read_rows and any(v != "" for r in grid for v in r):
        assert rows >= read_rows and columns >= read_columns, (rows, columns, read_rows, read_columns)
        if regular:
            assert (rows, columns) == (read_rows, read_columns)


def test_a_stray_cell_beyond_the_rows_is_found(tmp_path: Path) -> None:
    """A cell whose own r lies beyond its row (a hand-made file): found by the search for cells beyond."""
    filler = [row_xml(r, (f"张{r}", r, "户主")) for r in range(1, 60_000)]
    stray = f'<row r="60000">{cell_xml(60_000, 1, "x")}<c r="ZZ999999"><v>1</v></c></row>'
    path = write_xlsx(tmp_path / "stray.xlsx", {"一组": sheet_xml([*filler, stray])})
    with zipfile.ZipFile(path) as archive:
        measured = extent.xlsx_extent(archive, "xl/worksheets/sheet1.xml", "一组", path)
    assert measured[:2] == (999_999, 702)


@LINUX_ONLY
@pytest.mark.parametrize(
    "spelling",
    ["r='XFD1048576'", 'r = "XFD1048576"', 'r="xfd1048576"', 's="0" r="XFD1048576"', 'r="XFD1048576"\tr2="1"'],
)
def test_a_far_cell_spelled_another_way_is_refused_too(
    tmp_path: Path, baseline: tuple[Path, int], spelling: str
) -> None:
    """The same stray cell at XFD1048576, with its place written in ways calamine reads as well as Excel's:
    single quotes, spaces round "=", small letters, another attribute first (the row's number quoted the
    same way). Before, the first of these went unmeasured and the program vanished."""
    rows = [row_xml(1, ROSTER_HEADER), row_xml(2, ("张三", "1", "户主"))]
    far = f"<row r='1048576'><c {spelling} t=\"inlineStr\"><is><t>x</t></is></c></row>"
    path = write_xlsx(tmp_path / "far.xlsx", {"一组": sheet_xml([*rows, far])})
    done, _peak = _import(path, Path(shutil.copy(baseline[0], tmp_path / "ledger.db")))
    _refused(done, "far.xlsx", "第 1048576 行、第 16384 列", "XFD1048576")


def test_a_sheet_an_xml_parser_cannot_read_is_refused_with_what_to_do(tmp_path: Path) -> None:
    """Spelled unusually (so parsed) and broken: the clerk is told to save it again from Excel or WPS."""
    rows = [row_xml(1, ROSTER_HEADER), '<row r=\'2\'><c t="inlineStr"><is><t>张三</t></is></c><c r="B2"></row>']
    path = write_xlsx(tmp_path / "broken.xlsx", {"一组": sheet_xml(rows)})
    with pytest.raises(WorkbookError, match="工作表“一组”内容格式有误.*另存为 .xlsx"):
        read_tables(path, ROSTER_HEADER)


@pytest.mark.parametrize("place", ["r='A1B2'", "r='A" + "9" * 5000 + "'", "r=''"])
def test_a_place_calamine_cannot_count_is_refused(tmp_path: Path, place: str) -> None:
    """A place no spreadsheet program writes (calamine would count it in 32 bits, wrapping round)."""
    rows = [row_xml(1, ROSTER_HEADER), f"<row r='2'><c {place}><v>1</v></c></row>"]
    path = write_xlsx(tmp_path / "odd.xlsx", {"一组": sheet_xml(rows)})
    with pytest.raises(WorkbookError, match="内容格式有误（单元格位置"):
        read_tables(path, ROSTER_HEADER)
