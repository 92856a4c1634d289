"""A CSV or TSV roster as a grid of strings, its text encoding found rather than guessed.

Why: clerks' CSV files come from Excel and WPS in UTF-8 with or without a BOM, UTF-16, or GBK; a wrong
guess would store U+FFFD in a name as if the clerk had typed it, so a file that fits none is refused with
the line where the bad bytes are.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import cast

from forms.excel.sheet_table import WorkbookError


def read_csv(path: Path) -> list[list[object]]:
    """Rows of a csv/tsv file as strings, all padded to the same width."""
    text = _decode(path)
    sample = text[:8192]
    delimiter = max(",\t;", key=sample.count) if any(d in sample for d in ",\t;") else ","
    try:
        rows = cast("list[list[object]]", list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
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
