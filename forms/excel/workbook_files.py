"""Safe writing of workbooks: write to a temporary name beside the target, verify, then rename
(db.files.replacing); the target is either the complete new file or the one that was there before."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from python_calamine import CalamineError, CalamineWorkbook

from db.errors import LedgerError
from db.files import check_target, replacing, write_problem

try:  # openpyxl streams through lxml when it is installed; lxml reports a full disk in its own error type
    from lxml.etree import SerialisationError
except ImportError:  # pragma: no cover - lxml is a dependency
    SerialisationError = OSError

META_SHEET = "_meta"

#: What a spreadsheet program may take for the start of a formula (OWASP's guidance on CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def writable(value: Any) -> Any:
    """A value a worksheet can hold: control characters a file or an old record may carry (a vertical tab,
    NUL), which openpyxl refuses with an exception that would stop the whole export, are left out."""
    if value.__class__ is str and ILLEGAL_CHARACTERS_RE.search(value):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def as_text(cell: Any) -> Any:
    """A text we write is text: a name, address or note that starts like a formula (=HYPERLINK(…), =cmd|…)
    is stored as a string, not a formula, and marked with Excel's quote prefix (the ' that keeps it text when
    edited), which the clerk does not see. openpyxl would otherwise write it as a live formula."""
    value = cell.value
    if value.__class__ is str and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell._style = copy(cell._style)  # its own: a column's cells may share one style
        cell.quotePrefix = True
    return cell


#: What writing a workbook raises when the disk refuses.
WRITE_ERRORS = (OSError, SerialisationError)


class ExportCheckFailed(LedgerError):
    """The written file did not read back as expected; the target was left untouched."""


def expect_rows(sheet: str, rows: int) -> Callable[[Path], None]:
    """A check for save_verified: the sheet reads back (with calamine, fast) with exactly this many rows."""

    def check(path: Path) -> None:
        try:
            workbook = CalamineWorkbook.from_path(str(path))
            found = len(workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
        except CalamineError as exc:
            raise ExportCheckFailed("导出文件核对失败：写入的文件读不回来（已损坏），原文件未改动。") from exc
        if found != rows:
            raise ExportCheckFailed(f"导出文件核对失败：工作表“{sheet}”应有 {rows} 行，读回 {found} 行，原文件未改动。")

    return check


@contextmanager
def writing(target: Path, workbook: Workbook | None = None) -> Iterator[None]:
    """Turn a refusal of the disk while a workbook for target is written into a LedgerError in Chinese;
    on any failure (a cancel too) the workbook's half-written sheets are discarded.

    A write-only workbook streams its rows to a temporary file as they are added, so a full disk shows
    up while the sheet is filled, not only when it is saved.
    """
    try:
        yield
    except WRITE_ERRORS as exc:
        discard(workbook)
        raise LedgerError(f"写入“{target.name}”失败：{write_problem(exc)}。原文件未改动。") from exc
    except BaseException:
        discard(workbook)
        raise


def discard(workbook: Workbook | None) -> None:
    """Close the sheets of a write-only workbook that will not be saved, and remove their temporary files.

    Left to the garbage collector, their half-closed XML streams raise while they are collected ("Exception
    ignored in generator"), and each keeps a file in the system's temporary folder until the program exits.
    """
    for ws in workbook.worksheets if workbook is not None and workbook.write_only else ():
        writer = getattr(ws, "_writer", None)
        for stream in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()
        if writer is not None and isinstance(writer.out, str):
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()


def save_verified(workbook: Workbook, target: Path, check: Callable[[Path], None]) -> Path:
    """Save to a temp file in target's folder, read it back and check it, then atomically replace target."""
    target = Path(target)
    with writing(target, workbook):
        check_target(target)
        with replacing(target, f"无法写入“{target.name}”：文件可能正在被 Excel/WPS 打开，请关闭后重试。") as tmp:
            workbook.save(tmp)
            check(tmp)
    return target
