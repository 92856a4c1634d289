"""Safe writing of workbooks: write to a temporary name beside the target, verify, then rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from db.errors import LedgerError

META_SHEET = "_meta"


class ExportCheckFailed(LedgerError):
    """The written file did not read back as expected; the target was left untouched."""


def expect_rows(sheet: str, rows: int) -> Callable[[Path], None]:
    """A check for save_verified: the sheet reads back (with calamine, fast) with exactly this many rows."""

    def check(path: Path) -> None:
        workbook = CalamineWorkbook.from_path(str(path))
        found = len(workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
        if found != rows:
            raise ExportCheckFailed(f"导出文件核对失败：工作表“{sheet}”应有 {rows} 行，读回 {found} 行，原文件未改动。")

    return check


def save_verified(workbook: Workbook, target: Path, check: Callable[[Path], None]) -> Path:
    """Save to a temp file in target's folder, read it back and check it, then atomically replace target."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".~{target.stem}-", suffix=".tmp.xlsx", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise LedgerError(f"无法在“{target.parent}”写入文件：{exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        workbook.save(tmp)
        check(tmp)
        os.replace(tmp, target)
    except PermissionError as exc:
        raise LedgerError(f"无法写入“{target.name}”：文件可能正在被 Excel/WPS 打开，请关闭后重试。") from exc
    except OSError as exc:
        raise LedgerError(f"写入“{target.name}”失败：{exc.strerror or exc}（磁盘已满或 U 盘已拔出？）") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target
