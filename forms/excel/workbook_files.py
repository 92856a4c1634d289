"""Safe writing of workbooks: write to a temporary name beside the target, verify, then rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook

from db.errors import LedgerError

META_SHEET = "_meta"


def save_verified(workbook: Workbook, target: Path, check: Callable[[Workbook], None]) -> Path:
    """Save to a temp file in target's folder, reopen and check it, then atomically replace target."""
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
        written = load_workbook(tmp, read_only=True)
        try:
            check(written)
        finally:
            written.close()
        os.replace(tmp, target)
    except PermissionError as exc:
        raise LedgerError(f"无法写入“{target.name}”：文件可能正在被 Excel/WPS 打开，请关闭后重试。") from exc
    except OSError as exc:
        raise LedgerError(f"写入“{target.name}”失败：{exc.strerror or exc}（磁盘已满或 U 盘已拔出？）") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target
