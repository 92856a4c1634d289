"""The extent guard: each sheet of an .xlsx or .ods measured from the file before calamine reads it.

Why: calamine builds each sheet as a dense grid from A1 to its last cell, and an allocation that fails
aborts the whole program, with no exception to catch. One stray cell at XFD1048576 in a 2 KB .xlsx asks
for 17 billion cells; an .ods row repeated 100,000 times over 200 columns takes gigabytes from a 1 KB file.
So each sheet's extent is measured first, in one streaming pass (0.4 s for 100,000 rows; calamine then
takes 1.2 s to read it), and a sheet that would not fit is refused with what to do about it.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from db.progress import Progress
from forms.excel import formula_cells
from forms.excel.cell_places import (
    CELL,
    ODD_CELL,
    POSITION,
    PREFIXED_CELL,
    column_name,
    column_number,
    outside,
    widen,
)
from forms.excel.formula_cells import CellWatch, Unread
from forms.excel.pieces import SheetPieces, Stitched, pieces_for
from forms.excel.sheet_table import WorkbookError, check_cancel

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
CHUNK = 1 << 20

_ROW_NUMBER = re.compile(r"[0-9]{1,10}")
_ODS_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_ODS_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="([0-9]+)"')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_XLSX_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')


def check_extent(
    path: Path, progress: Progress | None = None, unread: dict[str, Unread] | None = None
) -> dict[str, Stitched]:
    """Refuse, before calamine reads it, a sheet whose grid would not fit in memory (see the module).

    A big sheet is read by calamine in pieces meanwhile (forms/excel/pieces.py); returns those sheets'
    (rows, merged ranges) by sheet name. The same pass notes, in `unread` by sheet name, the cells calamine
    will read as blank though they hold a formula without a result or an error value (formula_cells).
    """
    unread = {} if unread is None else unread
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return {}  # calamine says what is wrong with it
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
                return {}
            if "xl/sharedStrings.xml" in names:
                _inflated_size(archive, "xl/sharedStrings.xml", path)
            return _check_xlsx_sheets(archive, names, path, progress, unread)
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            zlib.error,
            EOFError,
            NotImplementedError,
            ValueError,
            RuntimeError,
        ):  # RuntimeError: a zip with a password of its own
            return {}  # a damaged or unsupported archive: calamine refuses it with its own reason


def _check_xlsx_sheets(
    archive: zipfile.ZipFile, names: set[str], path: Path, progress: Progress | None, unread: dict[str, Unread]
) -> dict[str, Stitched]:
    """Measure (and refuse) each worksheet of an .xlsx; the sheets read in pieces meanwhile, by name."""
    read: dict[str, Stitched] = {}
    for part, sheet in _xlsx_sheets(archive, names).items():
        pieces = pieces_for(archive, part, sheet)
        try:
            cells = unread.setdefault(sheet, {})
            rows, cols, size = xlsx_extent(archive, part, sheet, path, pieces, progress, cells)
            _refuse_if_too_big(path, sheet, rows, cols, size)
            grid = pieces.grid() if pieces is not None else None
        finally:
            if pieces is not None:
                pieces.abandon()
        if grid is not None:
            read[sheet] = grid
    return read


def _inflated_size(archive: zipfile.ZipFile, part: str, path: Path) -> int:
    """The uncompressed size of a part, read (a zip may state any size), refused past MAX_SHEET_BYTES."""
    size = 0
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
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
            f"{where}的表格一直延伸到第 {rows} 行、第 {cols} 列（{column_name(cols)}{rows}），远远超出其中的实际内容，"
            "可能是远处的单元格里误输入了内容，或整行整列被填充了。请在 Excel 或 WPS 中按 Ctrl+End 找到最后一个"
            "单元格，删除表格下方和右侧多余的行和列后保存，再导入。"
        )


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


def xlsx_extent(
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
                check_cancel(progress)
            chunk = stream.read(CHUNK)
            size += len(chunk)
            if size > MAX_SHEET_BYTES:
                raise _too_big(path, sheet)
            data = carry + chunk
            cut = data.rfind(b"row>") + 4 if chunk else len(data)
            if cut < 4 and chunk:
                carry = data
                continue
            carry, data = data[cut:], data[:cut]
            if b":" in data and PREFIXED_CELL.search(data):
                return _parsed_extent(archive, part, sheet, path, pieces, unread)
            last = CELL.match(data, max(data.rfind(b'<c r="'), 0))
            if last:
                widen(extent, [(last.group(1), last.group(2))])
            if outside(*extent).search(data):
                if ODD_CELL.search(data):
                    return _parsed_extent(archive, part, sheet, path, pieces, unread)
                widen(extent, CELL.findall(data))
            if unread is not None:
                formula_cells.scan_chunk(data, unread)
            if pieces is not None:
                if extent[0] * extent[1] > max(SPARSE_FLOOR, size // BYTES_PER_CELL):
                    pieces.abandon()
                else:
                    pieces.add(data, last=not chunk)
            if not chunk or extent[0] * extent[1] > MAX_CELLS:  # (too big whatever follows: no need to read on)
                return extent[0], extent[1], size


class _CellPlaces:
    """The extent of a sheet as an XML parser meets its cells, each placed as calamine places it: a cell
    without r comes right of the one before, a row without r below the one before."""

    def __init__(self, path: Path, sheet: str, watch: CellWatch | None) -> None:
        self.path, self.sheet, self.watch = path, sheet, watch
        self.extent = [0, 0]
        self.here = [0, 0]  # the row and the column of the cell before

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if self.watch is not None:
            self.watch.start(local, attributes)
        if local == "row":
            self._row(attributes.get("r"))
        elif local == "c":
            self._cell(attributes.get("r"))

    def end(self, name: str) -> None:
        self.watch.end(name.rpartition(":")[2], self.here[0], self.here[1])  # type: ignore[union-attr]

    def _row(self, number: str | None) -> None:
        here = self.here
        if number is not None and not _ROW_NUMBER.fullmatch(number):
            raise _malformed(self.path, self.sheet, f"行号“{number[:20]}”")
        here[0] = int(number) if number is not None else here[0] + 1
        here[1] = 0

    def _cell(self, place: str | None) -> None:
        here, extent = self.here, self.extent
        position = POSITION.fullmatch(place) if place is not None else None
        if place is not None and position is None:
            raise _malformed(self.path, self.sheet, f"单元格位置“{place[:20]}”")
        if position:
            here[0] = max(here[0], int(position[2]))
            here[1] = column_number(position[1].upper().encode())
            extent[0] = max(extent[0], int(position[2]))
        else:
            here[1] += 1
            extent[0] = max(extent[0], here[0])
        extent[1] = max(extent[1], here[1])


def _parsed_extent(
    archive: zipfile.ZipFile,
    part: str,
    sheet: str,
    path: Path,
    pieces: SheetPieces | None = None,
    unread: Unread | None = None,
) -> tuple[int, int, int]:
    """(last row, last column, bytes of XML) of a sheet not spelled Excel's way, cell by cell with an XML
    parser (see _CellPlaces). 4 s for 100,000 rows (0.4 s the usual way); only rare writers need it. Such a
    sheet is read whole, not in pieces: a cell's place may depend on the cells before it."""
    if pieces is not None:
        pieces.abandon()
    if unread is not None:
        unread.clear()  # (what the quick pass noted before it gave up is noted again)
    watch = CellWatch(unread) if unread is not None else None
    places = _CellPlaces(path, sheet, watch)
    extent = places.extent
    parser = expat.ParserCreate()
    parser.StartElementHandler = places.start
    if watch is not None:
        parser.EndElementHandler = places.end
        parser.CharacterDataHandler = watch.text
    size = 0
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
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
        while chunk := stream.read(CHUNK):
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
