"""Read the data tables out of a roster file (xlsx, xls, ods, csv) with cell types kept.

Why: clerks' rosters carry title lines, merged two-row headers, blank and subtotal rows and
several sheets. The importer needs, per sheet, just the header names and the data rows with
their Excel row numbers (to tell the clerk "第12行…") and the cells exactly as stored: an ID
number kept as a number cell has already lost digits and must be refused, not repaired.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import errno
import functools
import html
import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from db.errors import LedgerError
from db.progress import Cancelled, Progress
from forms.excel import formula_cells
from forms.excel.formula_cells import CellWatch, Unread
from forms.excel.mapping import Target, guess_mapping, normalize_header
from forms.excel.pieces import SheetPieces, Stitched, pieces_for

HEADER_SCAN_ROWS = 15
PROGRESS_EVERY = 1024  # rows between progress updates / cancel checks
PROGRESS_SCALE = 1000  # progress units per sheet
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")

_MARK_CHARS = re.compile(r"[计共填审制说注]")
_SUBTOTAL = re.compile(r"^\S{0,6}?(合计|小计|总计|共计)")
_COUNT_LINE = re.compile(r"^共\d+[户人]")
_FOOTER = re.compile(r"^(填报人|填表人|审核人|制表人|填表说明|说明[:：]|注[:：]|负责人[:：])")
#: The unit and date line printed above a table, repeated below a page break.
_UNIT_LINE = re.compile(r"^(填报单位|填报日期|报送单位|统计日期|统计时间|制表日期|填表日期|填报时间)[:：]")
_ID_LIKE = re.compile(r"\d{15,17}[\dXx]?")
_WS = re.compile(r"\s+")
_NUMBERISH = re.compile(r"[\d\s.,:/+\-年月日号]+")
_GENERIC_PARENT = ("信息", "情况", "资料", "联系方式", "联系电话")


@dataclass
class SheetTable:
    """One table of a sheet: combined header names and the data rows below them.

    Every non-blank row of the sheet belongs to exactly one table, as data or in `skipped` with the reason it
    is not data (title, header, header copy, subtotal, note), so an import can account for each of them. A
    sheet without a table is one with no headers and all its rows skipped.
    """

    sheet: str  # sheet name ("" for csv)
    header_row: int  # 1-based row number of the (last) header row; 0 when the sheet has no table
    headers: list[str]  # one per column; "" for a blank header
    rows: list[tuple[int, list[object]]] = field(default_factory=list)  # (row number, cells)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason); not blanks
    #: Under a parent header spanning several columns (现住址 over 组别 | 门牌): each column's own name and its
    #: parent's; "" where a column has none. The mapping goes by the own name first.
    own: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    #: Which table of its sheet this is (0 for the first; a sheet may hold several, one under another).
    index: int = 0
    #: The title line above the table ("东风村二组户籍人口花名册"), "" if none.
    title: str = ""
    #: Data rows' cells that read as blank but hold a formula without a result or an error value: row number
    #: → column → what is wrong, in Chinese (forms/excel/formula_cells.cell_issues makes them the rows' problems).
    unread: dict[int, dict[int, str]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Names the table among the workbook's (mappings are kept per table)."""
        return self.sheet if self.index == 0 else f"{self.sheet}（第{self.index + 1}个表）"

    @property
    def label(self) -> str:
        return self.key or "数据"

    def guess_mapping(self, targets: list[Target]) -> dict[int, str]:
        return guess_mapping(self.own or self.headers, targets, self.parents or None, self.repeated_filled())

    def repeated_filled(self) -> dict[int, int]:
        """Column → cells filled, for the columns whose header another column repeats (两个“身份证号”列)."""
        names = [normalize_header(h) for h in (self.own or self.headers)]
        seen = Counter(n for n in names if n)
        return {
            col: sum(1 for _row, cells in self.rows if _nonblank(cells[col : col + 1]))
            for col, name in enumerate(names) if seen.get(name, 0) > 1
        }

    def column(self, cols: Sequence[int]) -> list[object]:
        """The cells of a column, or of several joined as text (省 | 市 | 县 under 户籍地址)."""
        if len(cols) == 1:
            col = cols[0]
            return [cells[col] for _row, cells in self.rows]
        return ["".join(_header_text(cells[c]) for c in cols) for _row, cells in self.rows]


class WorkbookError(LedgerError):
    """The file cannot be read as a roster; the message (Chinese) tells the clerk why."""


#: The clerk pressed 取消 (kept under this name for callers of the reader).
ImportCancelled = Cancelled


Tick = Callable[[int, int], None]  # (rows done, rows in sheet): report progress, raise if cancelled


@dataclass
class _Grid:
    """A sheet as loaded: rows from row 1 on (all the same width), merged ranges if known."""

    name: str
    rows: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] | None
    hidden: bool = False
    #: Cells with a formula but no result, or an error value (they read as ""): see formula_cells.
    unread: Unread = field(default_factory=dict)


# ---------------------------------------------------------------------------- public entry


def read_tables(
    path: Path, known_headers: Iterable[str] = (), progress: Progress | None = None
) -> list[SheetTable]:
    """Tables of every sheet that has a header and data rows, in workbook order.

    known_headers: every header name (labels and synonyms) the importer understands; they
    pick the header row. progress.update(done, total) counts PROGRESS_SCALE units per sheet.
    """
    path = Path(path)
    known = {n for n in map(normalize_header, known_headers) if n}
    if not path.is_file():
        raise WorkbookError(f"找不到文件：{path}")
    if path.stat().st_size == 0:
        raise WorkbookError(f"文件“{path.name}”是空的，没有任何内容。")
    tables: list[tuple[SheetTable, bool]] = []
    try:
        for index, count, grid in _grids(path, progress):
            base = index * PROGRESS_SCALE
            total = count * PROGRESS_SCALE

            def tick(done: int, rows: int, base: int = base, total: int = total) -> None:
                if progress is not None:
                    _check_cancel(progress)
                    progress.update(base + done * PROGRESS_SCALE // max(rows, 1), total)

            tables.extend((table, grid.hidden) for table in _extract(grid, known, tick))
            if progress is not None:
                progress.update(base + PROGRESS_SCALE, total)
    except OSError as exc:  # locked by another program, unreadable disk …
        raise WorkbookError(f"无法打开文件“{path.name}”：{_read_problem(exc)}。如果它正在 Excel/WPS 中打开，请先关闭。") from exc
    if not any(t.rows for t, _hidden in tables):
        if any(reason == formula_cells.ONLY_UNREAD for t, _hidden in tables for _row, reason in t.skipped):
            raise WorkbookError(
                f"文件“{path.name}”的数据行都是算不出结果的公式（文件中没有保存公式的计算结果）："
                "请在 Excel 或 WPS 中打开并保存后再导入。"
            )
        raise WorkbookError(f"文件“{path.name}”中没有找到数据表：没有哪一页有表头和数据行。")
    if any(t.rows for t, hidden in tables if not hidden):
        for table, hidden in tables:
            if hidden and table.rows:
                _set_aside(table, f"隐藏的工作表“{table.sheet}”，未导入（如需导入，请先在 Excel/WPS 中取消隐藏）")
    return [t for t, _hidden in tables]


def _set_aside(table: SheetTable, reason: str) -> None:
    """Count a table's data rows as not read, each with the reason."""
    table.skipped.extend((row, reason) for row, _cells in table.rows)
    table.skipped.sort()
    table.rows = []


def _read_problem(exc: OSError) -> str:
    """Why a file could not be read, in words the clerk knows (the system's own text is English)."""
    if isinstance(exc, PermissionError):
        return "没有读取权限，或文件正被其他程序独占"
    if isinstance(exc, FileNotFoundError):
        return "文件已不存在（U 盘已拔出？）"
    if exc.errno == errno.EIO:
        return "读取出错，磁盘或 U 盘可能有问题"
    return f"读取出错（{exc.strerror or exc}）"


def _check_cancel(progress: Progress) -> None:
    if getattr(progress, "cancelled", False):
        raise ImportCancelled("已取消导入")


# ---------------------------------------------------------------------------- loading


def _grids(path: Path, progress: Progress | None) -> Iterable[tuple[int, int, _Grid]]:
    """(sheet index, sheet count, grid) one sheet at a time, so progress moves per sheet."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if path.suffix.lower() in TEXT_SUFFIXES and head[:4] != _ZIP_MAGIC and head != _OLE_MAGIC:
        if progress is not None:
            _check_cancel(progress)
        yield 0, 1, _Grid("", _read_csv(path), None)
        return
    unread: dict[str, Unread] = {}
    read_already = _check_extent(path, progress, unread) if head[:4] == _ZIP_MAGIC else {}
    wb = _open_workbook(path, head)
    try:
        metas = wb.sheets_metadata
        for index, meta in enumerate(metas):
            if progress is not None:
                _check_cancel(progress)
                progress.update(index * PROGRESS_SCALE, len(metas) * PROGRESS_SCALE)
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            try:
                if meta.name in read_already:
                    rows, merged = read_already.pop(meta.name)
                else:
                    sheet = wb.get_sheet_by_index(index)
                    rows = sheet.to_python(skip_empty_area=False)
                    merged = sheet.merged_cell_ranges
            except (CalamineError, ValueError, OSError) as exc:
                raise WorkbookError(f"读取“{path.name}”的工作表“{meta.name}”时出错，文件可能已损坏。") from exc
            hidden = meta.visible != SheetVisibleEnum.Visible
            yield index, len(metas), _Grid(meta.name, rows, merged, hidden, unread.pop(meta.name, {}))
    finally:
        wb.close()


def _open_workbook(path: Path, head: bytes) -> CalamineWorkbook:
    """Open by extension, then by content (a .xls saved as .xlsx is common); explain failures."""
    try:
        return CalamineWorkbook.from_path(path)
    except PasswordError as exc:
        raise _encrypted(path) from exc
    except (CalamineError, ValueError, OSError):
        pass
    data = path.read_bytes()
    if head == _OLE_MAGIC and _ENCRYPTED_MARK in data:
        raise _encrypted(path)
    start = data[:512].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if start.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml", b"mime-version")):
        raise WorkbookError(
            f"“{path.name}”其实是网页（HTML）或 XML 格式的文件（常见于系统“导出Excel”），不能直接导入。"
            "请先用 Excel 或 WPS 打开，再“另存为”.xlsx 格式后导入。"
        )
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as exc:
        raise _encrypted(path) from exc
    except (CalamineError, ValueError, OSError) as exc:
        raise WorkbookError(
            f"无法读取“{path.name}”：它不是 Excel、WPS 或 ODS 表格文件，或者文件已损坏。"
            "请确认选对了文件；如果是 CSV 文本，请把扩展名改为 .csv。"
        ) from exc


# ---------------------------------------------------------------------------- sheet size, before reading

#: A sheet is read as a dense grid from A1 to its last cell, up to 150 bytes a cell while it is read: at most
#: this many cells (about 750 MB; 250,000 rows × 20 columns; the 花名册 of a township of 100,000 is 2 million).
MAX_CELLS = 5_000_000
#: Below this many cells any sheet is read; above, the grid may hold at most one cell per BYTES_PER_CELL
#: bytes of the sheet's XML (a real roster has 20–40 bytes per cell), so that memory follows the content.
SPARSE_FLOOR = 1_000_000
BYTES_PER_CELL = 2
#: The XML of one sheet or of the shared strings, uncompressed (the 花名册 of 100,000 people is 120 MB): a
#: 256 KB file may inflate to this, and take four times as much memory while it is read.
MAX_SHEET_BYTES = 256 << 20
_CHUNK = 1 << 20

# A cell as Excel, WPS, openpyxl and LibreOffice write it: r first, in capitals, no prefix; and a cell tag
# spelled any other way (another attribute first, no r, other quotes, spaces, small letters …). One place
# pattern for both: the quick search is sound only while the two agree.
_PLACE = rb"([A-Z]{1,3})([0-9]{1,7})"
_CELL = re.compile(rb'<c r="' + _PLACE + rb'"')
_ODD_CELL = re.compile(rb'<c(?=[\s/>])(?! r="' + _PLACE + rb'"[\s/>])')
_PREFIXED_CELL = re.compile(rb":c[\s/>]")  # <x:c …>
_POSITION = re.compile(r"([A-Za-z]{1,7})([0-9]{1,10})")  # (calamine counts in 32 bits: no more than this)
_ROW_NUMBER = re.compile(r"[0-9]{1,10}")
_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>"
)
_ODS_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="([0-9]+)"')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_XLSX_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')


def _check_extent(
    path: Path, progress: Progress | None = None, unread: dict[str, Unread] | None = None
) -> dict[str, Stitched]:
    """Refuse, before calamine reads it, a sheet whose grid would not fit in memory.

    Why: calamine builds each sheet as a dense grid from A1 to its last cell, and an allocation that
    fails aborts the whole program, with no exception to catch. One stray cell at XFD1048576 in a
    2 KB .xlsx asks for 17 billion cells; an .ods row repeated 100,000 times over 200 columns takes
    gigabytes from a 1 KB file. So each sheet's extent is measured from the file first, in one
    streaming pass (0.4 s for 100,000 rows; calamine then takes 1.2 s to read it).

    A big sheet is read by calamine in pieces meanwhile (forms/excel/pieces.py); returns those sheets'
    (rows, merged ranges) by sheet name. The same pass notes, in `unread` by sheet name, the cells calamine
    will read as blank though they hold a formula without a result or an error value (formula_cells).
    """
    unread = {} if unread is None else unread
    read: dict[str, Stitched] = {}
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return read  # calamine says what is wrong with it
    with archive:
        names = set(archive.namelist())
        try:
            if "xl/workbook.bin" in names:
                raise WorkbookError(
                    f"“{path.name}”是 Excel 二进制工作簿（.xlsb），本程序不能读取。请用 Excel 或 WPS 打开后"
                    "另存为 .xlsx 格式再导入。"
                )
            if "content.xml" in names and "xl/workbook.xml" not in names:
                for sheet, rows, cols, size in _ods_extents(archive, path, unread):
                    _refuse_if_too_big(path, sheet, rows, cols, size)
                return read
            if "xl/sharedStrings.xml" in names:
                _inflated_size(archive, "xl/sharedStrings.xml", path)
            for part, sheet in _xlsx_sheets(archive, names).items():
                pieces = pieces_for(archive, part, sheet)
                try:
                    cells = unread.setdefault(sheet, {})
                    rows, cols, size = _xlsx_extent(archive, part, sheet, path, pieces, progress, cells)
                    _refuse_if_too_big(path, sheet, rows, cols, size)
                    grid = pieces.grid() if pieces is not None else None
                finally:
                    if pieces is not None:
                        pieces.abandon()
                if grid is not None:
                    read[sheet] = grid
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, ValueError,
                RuntimeError):  # RuntimeError: a zip with a password of its own
            return {}  # a damaged or unsupported archive: calamine refuses it with its own reason
    return read


def _inflated_size(archive: zipfile.ZipFile, part: str, path: Path) -> int:
    """The uncompressed size of a part, read (a zip may state any size), refused past MAX_SHEET_BYTES."""
    size = 0
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > MAX_SHEET_BYTES:
                raise _too_big(path)
    return size


def _too_big(path: Path, sheet: str | None = None) -> WorkbookError:
    where = f"“{path.name}”的工作表“{sheet}”" if sheet is not None else f"“{path.name}”"
    return WorkbookError(f"{where}太大（解压后超过 {MAX_SHEET_BYTES >> 20} MB），请把它分成几个文件分别导入。")


def _refuse_if_too_big(path: Path, sheet: str, rows: int, cols: int, size: int) -> None:
    cells = rows * cols
    if cells <= SPARSE_FLOOR:
        return
    where = f"“{path.name}”的工作表“{sheet}”"
    if cells > MAX_CELLS and cells <= size // BYTES_PER_CELL:
        raise WorkbookError(
            f"{where}太大：{rows} 行 × {cols} 列，约 {cells // 10_000} 万个单元格，超过一次导入的上限"
            f"（{MAX_CELLS // 10_000} 万个）。请把它分成几个文件分别导入。"
        )
    if cells > MAX_CELLS or cells > size // BYTES_PER_CELL:
        raise WorkbookError(
            f"{where}的表格一直延伸到第 {rows} 行、第 {cols} 列（{_column_name(cols)}{rows}），远远超出其中的实际内容，"
            "可能是远处的单元格里误输入了内容，或整行整列被填充了。请在 Excel 或 WPS 中按 Ctrl+End 找到最后一个"
            "单元格，删除表格下方和右侧多余的行和列后保存，再导入。"
        )


def _column_name(index: int) -> str:
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _xlsx_sheets(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Worksheet part → sheet name, as the workbook lists them (every worksheet part if it cannot be told)."""
    parts = {n: n.rsplit("/", 1)[-1] for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return parts
    targets = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\s[^>]*>", rels):
        attributes = dict(_ATTRIBUTE.findall(tag))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[attributes.get(b"Id", b"")] = target
    for tag in _XLSX_SHEET.findall(workbook):
        attributes = {k.split(b":")[-1]: v for k, v in _ATTRIBUTE.findall(tag)}
        part = targets.get(attributes.get(b"id", b""))
        if part in parts:
            parts[part] = html.unescape(attributes.get(b"name", b"").decode("utf-8", "replace"))
    return parts


def _xlsx_extent(
    archive: zipfile.ZipFile,
    part: str,
    sheet: str,
    path: Path,
    pieces: SheetPieces | None = None,
    progress: Progress | None = None,
    unread: Unread | None = None,
) -> tuple[int, int, int]:
    """(last row, last column, bytes of XML) of one worksheet, read in chunks cut after a row's end.

    Each chunk is searched once, in C, for a cell tag that is not Excel's spelling of a place within the
    extent found so far (first widened to the chunk's last cell); only a chunk with one is read cell by
    cell. A sheet spelled otherwise anywhere is measured again with an XML parser (`_parsed_extent`).
    Each measured chunk goes on to `pieces` while what is measured so far is not too sparse a grid, and
    has its cells without a result noted in `unread` (formula_cells.scan_chunk).
    """
    extent = [0, 0]
    size = 0
    carry = b""
    with archive.open(part) as stream:
        while True:
            if progress is not None:
                _check_cancel(progress)
            chunk = stream.read(_CHUNK)
            size += len(chunk)
            if size > MAX_SHEET_BYTES:
                raise _too_big(path, sheet)
            data = carry + chunk
            cut = data.rfind(b"row>") + 4 if chunk else len(data)
            if cut < 4 and chunk:
                carry = data
                continue
            carry, data = data[cut:], data[:cut]
            if b":" in data and _PREFIXED_CELL.search(data):
                return _parsed_extent(archive, part, sheet, path, pieces, unread)
            last = _CELL.match(data, max(data.rfind(b'<c r="'), 0))
            if last:
                _widen(extent, [last.groups()])
            if _outside(*extent).search(data):
                if _ODD_CELL.search(data):
                    return _parsed_extent(archive, part, sheet, path, pieces, unread)
                _widen(extent, _CELL.findall(data))
            if unread is not None:
                formula_cells.scan_chunk(data, unread)
            if pieces is not None:
                if extent[0] * extent[1] > max(SPARSE_FLOOR, size // BYTES_PER_CELL):
                    pieces.abandon()
                else:
                    pieces.add(data, last=not chunk)
            if not chunk or extent[0] * extent[1] > MAX_CELLS:  # (too big whatever follows: no need to read on)
                return extent[0], extent[1], size


def _widen(extent: list[int], cells: list[tuple[bytes, bytes]]) -> None:
    if cells:
        letters, rows = zip(*cells)
        extent[0] = max(extent[0], max(map(int, set(rows))))
        extent[1] = max(extent[1], max(map(_column_number, set(letters))))


@functools.lru_cache(maxsize=64)
def _outside(rows: int, columns: int) -> re.Pattern[bytes]:
    """A pattern for a cell tag that is not Excel's spelling of a place within `rows` and `columns`."""
    letters = _not_greater(_column_name(columns).encode(), b"A", b"Z") if columns else b"(?!)"
    digits = _not_greater(str(rows).encode(), b"0", b"9") if rows else b"(?!)"
    return re.compile(rb'<c(?=[\s/>])(?! r="(?:' + letters + rb")(?:" + digits + rb')"[\s/>])')


def _not_greater(text: bytes, low: bytes, high: bytes) -> bytes:
    """A regex for strings over [low-high] that do not sort after `text` as numbers do: shorter, or as long
    and not larger at the first difference."""
    char = b"[" + low + b"-" + high + b"]"
    options = [re.escape(text)]
    for i in range(len(text)):
        if text[i] > low[0]:
            below = b"[" + low + b"-" + bytes([text[i] - 1]) + b"]"
            options.append(re.escape(text[:i]) + below + char + b"{%d}" % (len(text) - i - 1))
    if len(text) > 1:
        options.append(char + b"{1,%d}" % (len(text) - 1))
    return b"|".join(options)


def _parsed_extent(
    archive: zipfile.ZipFile, part: str, sheet: str, path: Path, pieces: SheetPieces | None = None,
    unread: Unread | None = None,
) -> tuple[int, int, int]:
    """(last row, last column, bytes of XML) of a sheet not spelled Excel's way, cell by cell with an XML
    parser, placed as calamine places them: a cell without r comes right of the one before, a row without r
    below the one before. 4 s for 100,000 rows (0.4 s the usual way); only rare writers need it. Such a
    sheet is read whole, not in pieces: a cell's place may depend on the cells before it."""
    if pieces is not None:
        pieces.abandon()
    extent = [0, 0]
    here = [0, 0]  # the row and the column of the cell before
    if unread is not None:
        unread.clear()  # (what the quick pass noted before it gave up is noted again)
    watch = CellWatch(unread) if unread is not None else None

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if watch is not None:
            watch.start(local, attributes)
        if local == "row":
            number = attributes.get("r")
            if number is not None and not _ROW_NUMBER.fullmatch(number):
                raise _malformed(path, sheet, f"行号“{number[:20]}”")
            here[0] = int(number) if number is not None else here[0] + 1
            here[1] = 0
        elif local == "c":
            place = attributes.get("r")
            position = _POSITION.fullmatch(place) if place is not None else None
            if place is not None and position is None:
                raise _malformed(path, sheet, f"单元格位置“{place[:20]}”")
            if position:
                here[0] = max(here[0], int(position[2]))
                here[1] = _column_number(position[1].upper().encode())
                extent[0] = max(extent[0], int(position[2]))
            else:
                here[1] += 1
                extent[0] = max(extent[0], here[0])
            extent[1] = max(extent[1], here[1])

    def end(name: str) -> None:
        watch.end(name.rpartition(":")[2], here[0], here[1])  # type: ignore[union-attr]

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    if watch is not None:
        parser.EndElementHandler = end
        parser.CharacterDataHandler = watch.text
    size = 0
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > MAX_SHEET_BYTES:
                    raise _too_big(path, sheet)
                parser.Parse(chunk, False)
                if extent[0] * extent[1] > MAX_CELLS:
                    return extent[0], extent[1], size
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise _malformed(path, sheet, f"第 {exc.lineno} 行第 {exc.offset} 字符附近") from exc
    return extent[0], extent[1], size


def _malformed(path: Path, sheet: str, where: str) -> WorkbookError:
    return WorkbookError(
        f"“{path.name}”的工作表“{sheet}”内容格式有误（{where}），文件可能已损坏或由其他软件生成。"
        "请用 Excel 或 WPS 打开后另存为 .xlsx 格式，再导入。"
    )


def _ods_extents(
    archive: zipfile.ZipFile, path: Path, unread: dict[str, Unread] | None = None
) -> Iterator[tuple[str, int, int, int]]:
    """(table name, last row, last column with a value, bytes of XML) of each table in content.xml.

    Rows and cells may be repeated (number-rows-repeated, number-columns-repeated); LibreOffice writes a
    million empty rows so at the end of many sheets, and calamine leaves those out, so only repeats that
    hold a value count. Each table's cells with a formula but no result, or an error, go in `unread`.
    """
    cells: Unread = {}
    size = 0
    carry = b""
    name, row, last_row, last_column = "", 0, 0, 0
    row_repeat, column, row_last = 1, 0, 0
    with archive.open("content.xml") as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > MAX_SHEET_BYTES:
                raise _too_big(path)
            data = carry + chunk
            cut = data.rfind(b"<")
            carry, data = data[cut:], data[:cut]
            for match in _ODS_TAG.finditer(data):
                closing, tag, attributes, empty = match.groups()
                repeat = _ODS_REPEAT.search(attributes) if b"repeated" in attributes else None
                times = int(repeat.group(1)) if repeat else 1
                if tag == b"table":
                    if closing:
                        yield name, last_row, last_column, size
                    else:
                        found = _ODS_NAME.search(attributes)
                        name = html.unescape(found.group(1).decode("utf-8", "replace")) if found else ""
                        row, last_row, last_column = 0, 0, 0
                        cells = unread.setdefault(name, {}) if unread is not None else {}
                elif tag == b"table-row":
                    if closing or empty:
                        if row_last:
                            last_row = row + (row_repeat if closing else times)
                            last_column = max(last_column, row_last)
                        row += row_repeat if closing else times
                        row_repeat, column, row_last = 1, 0, 0
                    else:
                        row_repeat, column, row_last = times, 0, 0
                elif not closing:
                    if not empty or b"value-type" in attributes:
                        row_last = column + times
                    if b"formula" in attributes:
                        where = (range(row, row + row_repeat), range(column, column + times))
                        formula_cells.ods_cell(attributes, data, match.end(), cells, *where)
                    column += times


def _encrypted(path: Path) -> WorkbookError:
    return WorkbookError(
        f"“{path.name}”设置了打开密码，无法读取。请在 Excel 或 WPS 中取消密码后另存，再导入。"
    )


def _read_csv(path: Path) -> list[list[object]]:
    """Rows of a csv/tsv file as strings, all padded to the same width."""
    text = _decode(path)
    sample = text[:8192]
    delimiter = max(",\t;", key=sample.count) if any(d in sample for d in ",\t;") else ","
    try:
        rows: list[list[object]] = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise WorkbookError(f"无法读取“{path.name}”：CSV 文件格式有误（{exc}）。") from exc
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        if len(r) < width:
            r.extend([""] * (width - len(r)))
    return rows


def _decode(path: Path) -> str:
    """Text of a csv: BOM first, else strict UTF-8, else GB18030 (a superset of GBK)."""
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "gb18030")
    furthest = 0
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            furthest = max(furthest, exc.start)
    # Not guessed (U+FFFD in a name would be stored as if typed): the clerk is told where the bad bytes are.
    line = raw.count(b"\n", 0, furthest) + 1
    raise WorkbookError(
        f"无法识别“{path.name}”的文字编码（第 {line} 行有无法识别的字符）。"
        "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"
    )


# ---------------------------------------------------------------------------- one sheet


def _extract(grid: _Grid, known: set[str], tick: Tick) -> list[SheetTable]:
    """The tables of one sheet, one under another; a sheet with rows but no header gives one with none."""
    rows = grid.rows
    if not rows or not rows[0]:
        return []
    tables: list[SheetTable] = []
    found = _find_header(rows, known)
    start = 0
    title = ""
    while found is not None:
        top, bottom = _pair_header(rows, found, grid.merged, start)
        own, parents = _header_parts(rows[top], rows[bottom], _parent_spans(rows, top, bottom, grid.merged))
        above = [i for i in range(start, top) if _nonblank(rows[i])]
        title = next((t for i in above if (t := _single_text(rows[i]))), title)
        table = SheetTable(
            sheet=grid.name, header_row=bottom + 1, headers=_combine_headers(own, parents),
            own=own, parents=parents, index=len(tables), title=title,
        )
        table.skipped.extend((i + 1, "表头上方的标题或说明") for i in above)
        table.skipped.extend((i + 1, "表头") for i in range(top, bottom + 1) if _nonblank(rows[i]))
        downs = _merged_down(grid.merged, bottom + 1)
        start, title = _collect(rows, top, bottom, table, known, tick, downs, grid.unread)
        tables.append(table)
        found = start if start < len(rows) else None
    if not tables:
        table = SheetTable(sheet=grid.name, header_row=0, headers=[])
        table.skipped.extend((i + 1, "不是数据表：没有找到表头") for i, row in enumerate(rows) if _nonblank(row))
        if table.skipped:
            tables.append(table)
    return tables


def _text(cell: object) -> str:
    return _WS.sub(" ", cell).strip() if cell.__class__ is str else ""


def _nonblank(row: Sequence[object]) -> int:
    return sum(1 for c in row if (c.__class__ is not str) or c.strip())


def _header_score(row: Sequence[object], known: set[str]) -> float:
    """How much a row looks like our header: 1 per known name, ½ per cell containing one."""
    score = 0.0
    for cell in row:
        if cell.__class__ is not str:
            continue
        name = normalize_header(cell)
        if not name or len(name) > 30:
            continue
        if name in known:
            score += 1
        elif any(len(k) >= 2 and k in name for k in known):
            score += 0.5
    return score


def _is_label(cell: object) -> bool:
    """A short, non-numeric text: what header cells look like."""
    if cell.__class__ is not str:
        return False
    t = cell.strip()
    return 0 < len(t) <= 20 and ":" not in t and "：" not in t and not _NUMBERISH.fullmatch(t)


def _looks_like_data(row: Sequence[object]) -> bool:
    """A number, a date, or a digit string (ID, phone, 序号) somewhere in the row."""
    return any(
        (c.__class__ is not str) or (c.strip() and any(ch.isdigit() for ch in c)) for c in row
    )


def _find_header(rows: list[list[object]], known: set[str]) -> int | None:
    """0-based index of the first row that matches the known names about as well as the best, else a label
    row above data."""
    scan = rows[:HEADER_SCAN_ROWS]
    if known:
        scores = [_header_score(r, known) for r in scan]
        best = max(scores, default=0)
        if best >= 2:
            # The first that looks as much a header: a copy of it, or another table's, may follow and say more.
            return next(i for i, score in enumerate(scores) if score >= max(2, best / 2))
    for i, row in enumerate(scan):
        labels = [c for c in row if (c.__class__ is not str) or c.strip()]
        if len(labels) < 3 or not all(_is_label(c) for c in labels):
            continue
        below = [r for r in rows[i + 1 : i + 6] if _nonblank(r)]
        if any(_looks_like_data(r) and _nonblank(r) >= max(2, len(labels) // 3) for r in below[:3]):
            return i
    return None


def _parent_spans(
    rows: list[list[object]], top: int, bottom: int, merged: list | None
) -> dict[int, int]:
    """First column → last column of each header cell in row `top` that spans several columns."""
    spans: dict[int, int] = {}
    if top == bottom:
        return spans
    upper, lower = rows[top], rows[bottom]
    for (r0, c0), (r1, c1) in merged or ():
        if r0 == top and r1 == top and c1 > c0 and c0 < len(upper) and _text(upper[c0]):
            spans[c0] = min(c1, len(upper) - 1)
    if not spans:
        # No merge information (ods, csv, or "centre across selection"): a parent has its first
        # child below it and blank cells to its right above further children.
        width = len(upper)
        for c in range(width):
            if not _text(upper[c]) or not _text(lower[c]):
                continue
            end = c
            while end + 1 < width and not _text(upper[end + 1]) and _text(lower[end + 1]):
                end += 1
            if end > c:
                spans[c] = end
    if spans:  # a two-row header: a parent may also stand over one column (隔离情况 over 隔离地址)
        covered = {c for start, end in spans.items() for c in range(start, end + 1)}
        for c in range(len(upper)):
            if c not in covered and _text(upper[c]) and _text(lower[c]):
                spans[c] = c
    return spans


def _pair_header(rows: list[list[object]], found: int, merged: list | None, floor: int = 0) -> tuple[int, int]:
    """(top, bottom) of the header: the found row alone, or with the row below/above it (not above floor)."""
    if found + 1 < len(rows) and _is_two_row(rows, found, found + 1, merged):
        return found, found + 1
    if found > floor and _is_two_row(rows, found - 1, found, merged):
        return found - 1, found
    return found, found


def _is_two_row(rows: list[list[object]], top: int, bottom: int, merged: list | None) -> bool:
    """Row `bottom` holds sub-headers of parents in row `top` (e.g. 联系方式 over 手机|固话)."""
    upper, lower = rows[top], rows[bottom]
    spans = _parent_spans(rows, top, bottom, merged)
    if not spans:
        return False
    used = max((c for c in range(len(upper)) if _text(upper[c]) or _text(lower[c])), default=0) + 1
    for start, end in spans.items():
        if not _is_label(upper[start]) or (end - start + 1) >= max(3, 0.8 * used):
            return False  # a title line, not a parent header
    under_parent = {c for s, e in spans.items() for c in range(s, e + 1)}
    for c in range(len(upper)):
        above, below = _text(upper[c]), lower[c]
        if (below.__class__ is not str) or below.strip():
            if not _is_label(below) or (above and c not in under_parent):
                return False
    return True


def _header_parts(upper: list[object], lower: list[object], spans: dict[int, int]) -> tuple[list[str], list[str]]:
    """Each column's own header name, and the name of the parent spanning it ("" if none)."""
    if upper is lower:
        return [_header_text(c) for c in upper], [""] * len(upper)
    owner = {c: s for s, e in spans.items() for c in range(s, e + 1)}
    own: list[str] = []
    parents: list[str] = []
    for c in range(len(upper)):
        child = _header_text(lower[c])
        if c in owner:
            parent = _header_text(upper[owner[c]])
            own.append(child or parent)
            parents.append(parent if child else "")
        else:
            own.append(_header_text(upper[c]) or child)
            parents.append("")
    return own, parents


def _combine_headers(own: list[str], parents: list[str]) -> list[str]:
    """One name per column, as the clerk reads it: parent + child under a spanning parent."""
    return [
        f"{parent} {child}" if parent and not parent.endswith(_GENERIC_PARENT) and not child.startswith(parent)
        else child
        for child, parent in zip(own, parents, strict=True)
    ]


def _header_text(cell: object) -> str:
    """Header cell as one line of text; wrapped lines join without a space (Chinese)."""
    if cell.__class__ is str:
        return _WS.sub(" ", re.sub(r"\s*\n\s*", "", cell)).strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.date, dt.time)):
        return cell.isoformat()
    return str(cell)


# ---------------------------------------------------------------------------- data rows


def _merged_down(merged: list | None, first_data: int) -> dict[int, list[tuple[int, int]]]:
    """Top row → (column, last row) of each cell merged down over data rows (户号, 门牌 over a household).

    calamine puts the value in the top cell only; `_collect` fills it down the column as it takes the top
    row as data, never sideways (a cell merged across columns does not belong to the other fields), and not
    from a header row (a header's cells are merged down over its own second row).
    """
    downs: dict[int, list[tuple[int, int]]] = {}
    for (r0, c0), (r1, _c1) in merged or ():
        if r1 > r0 >= first_data:
            downs.setdefault(r0, []).append((c0, r1))
    return downs


def _collect(
    rows: list[list[object]],
    top: int,
    bottom: int,
    table: SheetTable,
    known: set[str],
    tick: Tick,
    downs: dict[int, list[tuple[int, int]]],
    unread: Unread | None = None,
) -> tuple[int, str]:
    """Sort rows below the header into data and skipped (blank rows are not counted); returns where the next
    table of the sheet starts (a header of other columns), else the number of rows. A data row's cells merged
    down (downs, see _merged_down) are filled into the rows they cover. Also returns the title just above the
    next table, if there is one.

    unread (by 0-based row, see formula_cells): cells that read as blank but are a formula without a result or
    an error; a data row's go on to table.unread, and a row holding nothing else is skipped, saying so."""
    unread = unread or {}
    header_rows = [[_text(c) for c in rows[r]] for r in range(top, bottom + 1)]
    anchors = [max(h, key=len) for h in header_rows]
    width = len(table.headers)
    n = len(rows)
    data = table.rows
    skipped = table.skipped
    filled: list[tuple[int, int]] = []  # (row, column) of the cells filled down from the last data row
    title = ""  # a title row since the last data row
    for i in range(bottom + 1, n):
        if not i % PROGRESS_EVERY:
            tick(i, n)
        row = rows[i]
        strs = [c for c in row if c.__class__ is str]
        joined = "\x1f".join(strs)
        all_text = len(strs) == len(row)
        if all_text and not joined.replace("\x1f", "").strip():
            if unread and i in unread:
                skipped.append((i + 1, formula_cells.ONLY_UNREAD))
            continue
        if _MARK_CHARS.search(joined):
            reason = _marker_reason(strs)
            if reason:
                skipped.append((i + 1, reason))
                continue
        if all_text:
            if any(a and a in joined for a in anchors) and _repeats_header(row, header_rows):
                if title and data and title != table.title:  # under a title of its own: the next table
                    tick(n, n)
                    return i, title
                skipped.append((i + 1, "重复的表头行"))
                continue
            if not _NUMBER_RUN.search(joined) and _is_other_header(row, known):
                if data and data[-1][0] == i:  # its first row, read as data: a parent row over this one
                    rows[i - 1] = data.pop()[1]
                    table.unread.pop(i, None)
                    for r, c in filled:
                        rows[r][c] = ""
                    i -= 1
                tick(n, n)
                return i, title
            if "\x1f" not in joined.strip("\x1f \u3000") and _TITLE_WORDS.search(joined) and (text := _single_text(row)):
                skipped.append((i + 1, "标题行"))
                title = text
                continue
        title = ""
        filled = _fill_down(rows, i, downs[i]) if i in downs else []
        if len(row) < width:
            row = [*row, *([""] * (width - len(row)))]
        data.append((i + 1, row))
        if unread and i in unread:
            table.unread[i + 1] = cells = unread[i]
            for col, last in downs.get(i, ()):  # a merged cell's problem is the rows' it covers too
                if col in cells:
                    for below in range(i + 1, last + 1):
                        unread.setdefault(below, {}).setdefault(col, formula_cells.said(cells[col], i, col))
        rows[i] = None  # type: ignore[call-overload]  # let the sheet's own copy go as we go
    if unread:  # rows below the last calamine sees (it leaves out rows whose cells have no value at their end)
        skipped.extend((r + 1, formula_cells.ONLY_UNREAD) for r in sorted(unread) if r >= n)
    tick(n, n)
    return n, ""


def _fill_down(rows: list[list[object]], top: int, downs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fill the blank cells below a data row's cells merged down (column, last row); returns those filled."""
    filled = []
    for col, last in downs:
        if col < len(rows[top]):
            for r in range(top + 1, min(last, len(rows) - 1) + 1):
                if rows[r][col] == "":
                    rows[r][col] = rows[top][col]
                    filled.append((r, col))
    return filled


_TITLE_WORDS = re.compile("表|名册|名单|台账|清单|统计|登记")
#: Three digits in a row: an ID number, a phone, a date, a door number: data, not a header ("60岁以上" is one).
_NUMBER_RUN = re.compile(r"\d{3}")


def _single_text(row: Sequence[object]) -> str:
    """The text of a row holding one text of five characters or more (a title, a note), else ""."""
    texts = [c.strip() for c in row if c.__class__ is str and c.strip()]  # type: ignore[union-attr]
    return texts[0] if len(texts) == 1 and _nonblank(row) == 1 and len(texts[0]) >= 5 else ""


def _is_other_header(row: list[object], known: set[str]) -> bool:
    """The header of another table further down the sheet (a row with no number in it): three labels ours."""
    return sum(1 for c in row if c.__class__ is str and c.strip()) >= 3 and _header_score(row, known) >= 3


def _marker_reason(strs: list[str]) -> str | None:
    """Why a row holding 合计/小计/填报人… is not a person, or None if it is one after all."""
    texts = [_WS.sub("", s) for s in strs if s.strip()]
    if any(_ID_LIKE.fullmatch(t) for t in texts):
        return None  # has an ID number: a person whose remark mentions a total
    for t in texts:
        if len(t) > 30:
            continue
        m = _SUBTOTAL.match(t)
        if m:
            return f"{m.group(1)}行"
        if _COUNT_LINE.match(t):
            return "合计行"
    if any(_UNIT_LINE.match(t) for t in texts) and all(":" in t or "：" in t for t in texts):
        return "填报单位或日期行"
    if any(_FOOTER.match(t) for t in texts) and (len(texts) <= 2 or all(":" in t or "：" in t for t in texts)):
        return "表尾签字或说明行"  # (填表人：… 审核人：… 联系电话：… : every cell a line to sign)
    return None


def _repeats_header(row: list[object], header_rows: list[list[str]]) -> bool:
    """The header printed again (pages pasted together): its filled cells are the header's, in place (one
    may differ in a wide header, a typo in the copy). Another table's header with columns moved is not."""
    filled = [(c, _text(v)) for c, v in enumerate(row) if _text(v)]
    for header in header_rows:
        hits = sum(1 for c, t in filled if c < len(header) and header[c] == t)
        need = min(2, sum(1 for h in header if h))
        if hits >= need and hits >= len(filled) - (len(filled) >= 10):
            return True
    return False
