"""Cells that hold a formula without a result, or an error value: found in the file, said for the row.

Why: calamine reads a formula cell by the result the file keeps beside it. A workbook written by a program
(openpyxl, many "export to Excel" systems) keeps no result at all, and an error (#N/A from a VLOOKUP that
found nothing, #DIV/0!, #REF!) is read as a blank cell too: a person came in with an empty 身份证号 and no
word about it. So the reader finds such cells in the sheet's XML (.xlsx) or content.xml (.ods) while it
measures the sheet anyway (one streaming pass, see extent.check_extent; a sheet without formulas pays two
quick searches per MB), keeps them on the table (SheetTable.unread), and each import turns the ones in its
columns into problems of the row: such a cell in a field that says who a person is or where the row belongs
refuses the row (each import lists those fields, DECISIVE); in any other field the person is taken with the
field blank, and a warning names the field and the cell. A row of nothing but such cells is skipped, saying so.

Where this cannot see: .xls files (calamine reads their error cells as blank, and the binary format is not
scanned here; a formula there always has a stored result), and a result a program stored that is not the
formula's (a generator that writes 0 for every formula): that value is read as it stands.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from forms.excel.mapping import column_letters, columns_by_field
from forms.types import Issue, RecordForm

if TYPE_CHECKING:
    from forms.excel.sheet_table import SheetTable

#: (0-based row → 0-based column → what is wrong with the cell), one sheet's. The texts are shared (a sheet
#: of 100,000 formulas holds two or three strings, not 100,000) and name no place, but for a cell covered by
#: a merged one: it names the merged cell's (see `said`).
Unread = dict[int, dict[int, str]]

_PLACE = "单元格 "
_RECALCULATE = "请在 Excel 或 WPS 中打开并保存后再导入"
UNCALCULATED = f"是公式，但文件中没有它的计算结果（{_RECALCULATE}）"
#: The reason a row is skipped when all it holds is such cells (the part before "，" is how it is counted).
ONLY_UNREAD = f"只有算不出结果的公式，{_RECALCULATE}"


@functools.lru_cache(maxsize=64)
def error_value(code: str) -> str:
    shown = code.strip()[:20] or "错误"
    return f"是错误值 {shown}，不是数据（请在 Excel 或 WPS 中改正后再导入）"


def said(problem: str, row: int, column: int) -> str:
    """What is wrong with the cell at row, column (0-based), for the clerk: "单元格 D12 是…" (a problem that
    names its place already, a merged cell's, is left as it is)."""
    return problem if problem.startswith(_PLACE) else f"{_PLACE}{column_letters(column)}{row + 1} {problem}"


# ---------------------------------------------------------------------------- .xlsx, as Excel spells it

#: A formula, or a cell's type attribute saying error; only a chunk holding one is looked into.
_MARK = re.compile(rb'<f[\s/>]|\st="e"')
_CELL_AT = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*)>(.*?)</c>', re.DOTALL)
_TYPE = re.compile(rb'\st="([^"]*)"')
_ERROR_TYPE = re.compile(rb't="e"')
_VALUE = re.compile(rb"<v(?:\s[^>]*)?>([^<]*)</v>")
#: Types whose empty result is a result: a formula that gave "" (Excel writes t="str" and an empty <v>).
_TEXT_TYPES = (b"str", b"inlineStr")


def scan_chunk(data: bytes, unread: Unread) -> None:
    """Note the formula and error cells without a result in a piece of sheet XML cut at a row's end, every
    cell spelled `<c r="B12" …>` (extent.xlsx_extent hands the others to `CellWatch`)."""
    # (A search for one byte is nearly free, one for "<f" or t="e" is not, over 100 MB of cells: "f" is rare
    # in a sheet's XML, and the compiled pattern finds t="e" faster than `in` does.)
    if not (b"f" in data and b"<f" in data) and not _ERROR_TYPE.search(data):
        return
    last = -1
    for mark in _MARK.finditer(data):
        start = data.rfind(b'<c r="', 0, mark.start() + 1)
        if start <= last:
            continue  # (the cell of the mark before)
        cell = _CELL_AT.match(data, start)
        if cell is None or cell.group(3).endswith(b"/") or cell.end() <= mark.start():
            continue  # a mark outside any cell, or a cell closed in its tag
        last = start
        letters, digits, attributes, body = cell.groups()
        problem = _problem(_TYPE.search(attributes), b"<f" in body, _VALUE.search(body))
        if problem:
            unread.setdefault(int(digits) - 1, {})[_column_index(letters)] = problem


def _problem(kind: re.Match[bytes] | None, formula: bool, value: re.Match[bytes] | None) -> str:
    result = value.group(1) if value else b""
    if kind is not None and kind.group(1) == b"e":
        return error_value(html.unescape(result.decode("utf-8", "replace")))
    if formula and not result.strip() and (kind is None or kind.group(1) not in _TEXT_TYPES):
        return UNCALCULATED
    return ""


def _column_index(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


class CellWatch:
    """The same for a sheet read by an XML parser (extent._parsed_extent: cells spelled otherwise), told
    each cell's place as calamine places it."""

    def __init__(self, unread: Unread) -> None:
        self.unread = unread
        self.kind: bytes | None = None
        self.formula = False
        self.value: list[str] | None = None  # the result's text while inside <v>
        self.result = ""

    def start(self, local: str, attributes: Mapping[str, str]) -> None:
        if local == "c":
            kind = attributes.get("t")
            self.kind = kind.encode() if kind is not None else None
            self.formula, self.result = False, ""
        elif local == "f":
            self.formula = True
        elif local == "v":
            self.value = []

    def text(self, data: str) -> None:
        if self.value is not None:
            self.value.append(data)

    def end(self, local: str, row: int, column: int) -> None:
        """row, column: 1-based, of the cell being closed."""
        if local == "v" and self.value is not None:
            self.result, self.value = "".join(self.value), None
        elif local == "c":
            result = self.result.encode()
            problem = ""
            if self.kind == b"e":
                problem = error_value(self.result)
            elif self.formula and not result.strip() and self.kind not in _TEXT_TYPES:
                problem = UNCALCULATED
            if problem and row > 0 and column > 0:
                self.unread.setdefault(row - 1, {})[column - 1] = problem
            self.kind, self.formula, self.result = None, False, ""


# ---------------------------------------------------------------------------- .ods

_ODS_ERROR = b'calcext:value-type="error"'
_ODS_TEXT = re.compile(rb"\s*<text:p[^>]*>([^<]*)")
#: Repeated rows and cells noted, at most (a formula repeated a million times is said often enough so).
_ODS_ROWS, _ODS_COLUMNS = 1000, 100


def ods_cell(attributes: bytes, after: bytes, at: int, unread: Unread, rows: range, columns: range) -> None:
    """Note an ODS table cell (its tag's attributes) holding a formula without a result, or an error; after:
    the XML that follows its tag, from `at` (the error's text is in it)."""
    if b"formula" not in attributes:
        return
    if _ODS_ERROR in attributes:
        shown = _ODS_TEXT.match(after, at)
        problem = error_value(html.unescape(shown.group(1).decode("utf-8", "replace")) if shown else "")
    elif b"office:value-type" not in attributes:
        problem = UNCALCULATED
    else:
        return
    for row in rows[:_ODS_ROWS]:
        cells = unread.setdefault(row, {})
        for column in columns[:_ODS_COLUMNS]:
            cells[column] = problem


# ---------------------------------------------------------------------------- the rows' problems


def cell_issues(
    table: SheetTable, mapping: dict[int, str], form: RecordForm, decisive: Iterable[str]
) -> dict[int, list[Issue]]:
    """Index of a row in table.rows → its problems in the form's columns: an error for a field in decisive
    (who the record is, where it belongs), else a warning (the person is taken, the field left blank)."""
    if not table.unread:
        return {}
    field_of = {col: name for name, cols in columns_by_field(mapping, form.name).items() for col in cols}
    labels = {f.name: f.label for f in form.input_fields}
    decisive = set(decisive)
    found: dict[int, list[Issue]] = {}
    for index, (row_no, _cells) in enumerate(table.rows):
        cells = table.unread.get(row_no)
        if not cells:
            continue
        for col, problem in sorted(cells.items()):
            name = field_of.get(col)
            if name is None:
                continue  # a column not imported
            problem = said(problem, row_no - 1, col)
            if name in decisive:
                issue = Issue(name, labels[name], problem)
            else:
                issue = Issue(name, labels[name], f"{problem}；此项按空白导入", "warning")
            found.setdefault(index, []).append(issue)
    return found


def with_cell_issues(issues: list[Issue], unread: list[Issue] | None) -> list[Issue]:
    """A row's issues with its unreadable cells said: each such field's own problem ("不能为空", read from
    the blank the cell came in as) gives way to what is wrong with the cell."""
    if not unread:
        return issues
    fields = {i.field for i in unread}
    return [i for i in issues if i.field not in fields] + unread
