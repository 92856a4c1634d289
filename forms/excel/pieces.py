"""Read a big worksheet with calamine piece by piece, each piece as soon as it has been measured.

Why: a sheet must be measured before calamine reads it (extent.check_extent: a far cell makes calamine
abort the program), and calamine's reading (a second for 100,000 rows) leaves the interpreter free. Cut at
row ends into pieces of a few MB, each wrapped as a small workbook of its own, the sheet is read on a worker
thread while the rest of it is still being measured: the import waits for the slower of the two, not both.

Only a sheet spelled as Excel writes it is cut: every cell carries its place, so calamine puts each cell
of a piece where it puts it in the whole sheet, and rows come in order. Anything else (a comment, rows out
of order, a piece calamine cannot read, a workbook whose other parts are big) and the sheet is read whole.
"""

from __future__ import annotations

import io
import os
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from python_calamine import CalamineWorkbook

#: XML per piece: big enough that the other parts copied into each piece (styles, shared strings) cost
#: little; small enough that reading starts early, and that no buffer freed on the way is big (glibc then
#: raises the size it takes from the system directly, and an import's peak memory grows 30 MB at 6 MB).
PIECE_BYTES = 2 << 20
#: A piece grows past PIECE_BYTES only to reach a row's end; one that grows past this (a cell of megabytes)
#: is read whole: each piece is held three times over while calamine reads it.
MAX_PIECE_BYTES = 8 * PIECE_BYTES
#: The workbook's other parts, copied into every piece and read again by calamine each time: beyond this,
#: reading in pieces costs more than it saves.
MAX_OTHER_BYTES = PIECE_BYTES // 4
#: Pieces measured but not yet read, at most (memory; the measuring is faster than the reading).
IN_FLIGHT = 4
#: Pieces read at once: calamine reads each piece without the interpreter, so on two cores two pieces and
#: the measuring share them (1.1 s for 100,000 rows, against 1.4 s with one reader and 1.7 s whole).
READERS = min(2, os.cpu_count() or 1)

_HEAD_END = b"<sheetData>"
_CLOSE = b"</sheetData></worksheet>"

MergedRanges = list[tuple[tuple[int, int], tuple[int, int]]]
Piece = tuple[tuple[int, int] | None, list[list[Any]], MergedRanges | None]  # (start, rows, merged ranges)
Stitched = tuple[list[list[Any]], MergedRanges | None]  # (rows from row 1, merged ranges)


def pieces_for(archive: zipfile.ZipFile, part: str, sheet: str) -> SheetPieces | None:
    """Pieces for a worksheet big enough to gain from them, or None to read it whole."""
    if archive.getinfo(part).file_size < 2 * PIECE_BYTES:
        return None
    others = [i for i in archive.infolist() if not i.filename.startswith("xl/worksheets/") and not i.is_dir()]
    if sum(i.file_size for i in others) > MAX_OTHER_BYTES:
        return None
    return SheetPieces({i.filename: archive.read(i) for i in others}, part, sheet)


class SheetPieces:
    """Feed it the measured XML of one sheet in order (each slice cut after a row's end); `grid()` then
    gives the sheet's rows as calamine reads the whole sheet, or None when it has to be read whole."""

    def __init__(self, others: dict[str, bytes], part: str, sheet: str) -> None:
        self.part, self.sheet = part, sheet
        self.usable = True
        self._others = others
        self._head: bytes | None = None
        self._body: list[bytes] = []
        self._size = 0
        self._read: list[Future[Piece]] = []
        self._pool = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="calamine-piece")

    def add(self, data: bytes, last: bool = False) -> None:
        if not self.usable:
            return
        if self._head is None:
            end = data.find(_HEAD_END)
            if end < 0 or not data.startswith((b"<?xml", b"<worksheet")):
                return self.abandon()
            self._head, data = data[: end + len(_HEAD_END)], data[end + len(_HEAD_END) :]
        if _markup(data):
            return self.abandon()
        self._body.append(data)
        self._size += len(data)
        if self._size > MAX_PIECE_BYTES:
            return self.abandon()
        if last:
            if not self._read or not data.rstrip().endswith(b"</worksheet>"):
                return self.abandon()  # (one piece alone is the whole sheet, copied twice more)
            self._send(b"")
        elif self._size >= PIECE_BYTES and data.endswith(b"</row>"):
            self._send(_CLOSE)

    def _send(self, close: bytes) -> None:
        if len(self._read) >= IN_FLIGHT:
            self._read[-IN_FLIGHT].exception()  # wait: let the reading catch up before measuring on
        xml = b"".join((self._head or b"", *self._body, close))
        self._body, self._size = [], 0
        self._read.append(self._pool.submit(_read_piece, self._others, self.part, self.sheet, xml))

    def abandon(self) -> None:
        """Read the sheet whole after all; safe to call again, and after grid()."""
        self.usable = False
        self._body, self._read = [], []
        self._pool.shutdown(wait=False, cancel_futures=True)

    def grid(self) -> Stitched | None:
        """The stitched rows (from row 1, all as wide as the widest) and merged ranges, or None."""
        try:
            pieces = [future.result() for future in self._read] if self.usable else []
        except Exception:
            pieces = []
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
        return _stitch(pieces) if pieces else None


def _markup(data: bytes) -> bool:
    """Whether the XML holds a comment, CDATA or processing instruction: any could hold a cut's "</row>".

    ("<" is everywhere in XML and "!" and "?" are rare, so each is looked for alone first: 0.2 s less of the
    interpreter's time on 100,000 rows.)"""
    return (b"!" in data and b"<!" in data) or (b"?" in data and b"<?" in data)


def _read_piece(others: dict[str, bytes], part: str, sheet: str, xml: bytes) -> Piece:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as piece:
        for name, data in others.items():
            piece.writestr(name, data)
        piece.writestr(part, xml)
    buffer.seek(0)
    workbook = CalamineWorkbook.from_filelike(buffer)
    try:
        read = workbook.get_sheet_by_name(sheet)
        return read.start, read.to_python(skip_empty_area=True), read.merged_cell_ranges
    finally:
        workbook.close()


def _stitch(pieces: list[Piece]) -> Stitched | None:
    """One grid as `to_python(skip_empty_area=False)` gives it for the whole sheet; None if pieces overlap."""
    placed = [(start, rows) for start, rows, _merged in pieces if start is not None and rows]
    width = max((left + len(rows[0]) for (_top, left), rows in placed), default=0)
    grid: list[list[object]] = []
    for (top, left), rows in placed:
        if top < len(grid):
            return None  # rows out of order across pieces: only the whole sheet places them right
        grid.extend([""] * width for _ in range(top - len(grid)))
        if left == 0 and len(rows[0]) == width:
            grid.extend(rows)
        else:
            grid.extend([*([""] * left), *row, *([""] * (width - left - len(row)))] for row in rows)
    return grid, pieces[-1][2]
