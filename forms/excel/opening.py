"""Opening a roster file and loading its sheets one at a time: .xlsx, .xls, .et, .ods, or CSV text.

Why: clerks' files are often not what their names say (a .xls saved as .xlsx, a web page "exported to
Excel", a workbook with a password), so a file is opened by its extension first, then by its content, and
when neither works the clerk is told what the file really is and what to do. A workbook's sheets pass the
extent guard (extent.py) before calamine loads them.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from db.progress import Progress
from forms.excel.csv_text import read_csv
from forms.excel.extent import check_extent
from forms.excel.formula_cells import Unread
from forms.excel.sheet_table import Grid, Merged, WorkbookError, check_cancel

PROGRESS_SCALE = 1000  # progress units per sheet
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


def grids(path: Path, progress: Progress | None) -> Iterable[tuple[int, int, Grid]]:
    """(sheet index, sheet count, grid) one sheet at a time, so progress moves per sheet."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if path.suffix.lower() in TEXT_SUFFIXES and head[:4] != _ZIP_MAGIC and head != _OLE_MAGIC:
        if progress is not None:
            check_cancel(progress)
        yield 0, 1, Grid("", read_csv(path), None)
        return
    unread: dict[str, Unread] = {}
    read_already = check_extent(path, progress, unread) if head[:4] == _ZIP_MAGIC else {}
    wb = _open_workbook(path, head)
    try:
        metas = wb.sheets_metadata
        for index, meta in enumerate(metas):
            if progress is not None:
                check_cancel(progress)
                progress.update(index * PROGRESS_SCALE, len(metas) * PROGRESS_SCALE)
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            rows: list[list[object]]
            merged: Merged
            try:
                if meta.name in read_already:
                    rows, merged = read_already.pop(meta.name)
                else:
                    sheet = wb.get_sheet_by_index(index)
                    rows = cast("list[list[object]]", sheet.to_python(skip_empty_area=False))
                    merged = sheet.merged_cell_ranges
            except (CalamineError, ValueError, OSError) as exc:
                raise WorkbookError(f"读取“{path.name}”的工作表“{meta.name}”时出错，文件可能已损坏。") from exc
            hidden = meta.visible != SheetVisibleEnum.Visible
            yield index, len(metas), Grid(meta.name, rows, merged, hidden, unread.pop(meta.name, {}))
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


def _encrypted(path: Path) -> WorkbookError:
    return WorkbookError(f"“{path.name}”设置了打开密码，无法读取。请在 Excel 或 WPS 中取消密码后另存，再导入。")
