"""A sheet's rows sorted into its tables: data rows, and every other row with the reason it is not data.

Why: below a header a clerk's sheet holds more than people: subtotals (合计/小计), the header printed again
at a page break, titles and signature lines, another table under the first, households whose 户号 is one
cell merged down. Each row is kept as data or skipped with a reason, so that an import accounts for every
row the clerk sees (db/imports/rows.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from forms.excel import formula_cells
from forms.excel.formula_cells import Unread
from forms.excel.headers import (
    combine_headers,
    find_header,
    header_parts,
    header_score,
    pair_header,
    parent_spans,
)
from forms.excel.sheet_table import WHITESPACE, Grid, Merged, SheetTable, Tick, cell_text, nonblank

PROGRESS_EVERY = 1024  # rows between progress updates / cancel checks

_MARK_CHARS = re.compile(r"[计共填审制说注]")
_SUBTOTAL = re.compile(r"^\S{0,6}?(合计|小计|总计|共计)")
_COUNT_LINE = re.compile(r"^共\d+[户人]")
_FOOTER = re.compile(r"^(填报人|填表人|审核人|制表人|填表说明|说明[:：]|注[:：]|负责人[:：])")
#: The unit and date line printed above a table, repeated below a page break.
_UNIT_LINE = re.compile(r"^(填报单位|填报日期|报送单位|统计日期|统计时间|制表日期|填表日期|填报时间)[:：]")
_ID_LIKE = re.compile(r"\d{15,17}[\dXx]?")
_TITLE_WORDS = re.compile("表|名册|名单|台账|清单|统计|登记")
#: Three digits in a row: an ID number, a phone, a date, a door number: data, not a header ("60岁以上" is one).
_NUMBER_RUN = re.compile(r"\d{3}")

Downs = dict[int, list[tuple[int, int]]]  # top row → (column, last row) of its cells merged down


def sheet_tables(grid: Grid, known: set[str], tick: Tick) -> list[SheetTable]:
    """The tables of one sheet, one under another; a sheet with rows but no header gives one with none."""
    rows = grid.rows
    if not rows or not rows[0]:
        return []
    tables: list[SheetTable] = []
    found = find_header(rows, known)
    start = 0
    title = ""
    while found is not None:
        top, bottom = pair_header(rows, found, grid.merged, start)
        own, parents = header_parts(rows[top], rows[bottom], parent_spans(rows, top, bottom, grid.merged))
        above = [i for i in range(start, top) if nonblank(rows[i])]
        title = next((t for i in above if (t := single_text(rows[i]))), title)
        table = SheetTable(
            sheet=grid.name,
            header_row=bottom + 1,
            headers=combine_headers(own, parents),
            own=own,
            parents=parents,
            index=len(tables),
            title=title,
        )
        table.skipped.extend((i + 1, "表头上方的标题或说明") for i in above)
        table.lines = {i + 1: list(rows[i]) for i in (*above, *range(top, bottom + 1)) if nonblank(rows[i])}
        table.skipped.extend((i + 1, "表头") for i in range(top, bottom + 1) if nonblank(rows[i]))
        downs = _merged_down(grid.merged, bottom + 1)
        start, title = _collect(rows, top, bottom, table, known, tick, downs, grid.unread)
        tables.append(table)
        found = start if start < len(rows) else None
    if not tables:
        table = SheetTable(sheet=grid.name, header_row=0, headers=[])
        table.skipped.extend((i + 1, "不是数据表：没有找到表头") for i, row in enumerate(rows) if nonblank(row))
        if table.skipped:
            tables.append(table)
    return tables


def _merged_down(merged: Merged, first_data: int) -> Downs:
    """Top row → (column, last row) of each cell merged down over data rows (户号, 门牌 over a household).

    calamine puts the value in the top cell only; `_collect` fills it down the column as it takes the top
    row as data, never sideways (a cell merged across columns does not belong to the other fields), and not
    from a header row (a header's cells are merged down over its own second row).
    """
    downs: Downs = {}
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
    downs: Downs,
    unread: Unread | None = None,
) -> tuple[int, str]:
    """Sort rows below the header into data and skipped (blank rows are not counted); returns where the next
    table of the sheet starts (a header of other columns), else the number of rows. A data row's cells merged
    down (downs, see _merged_down) are filled into the rows they cover. Also returns the title just above the
    next table, if there is one.

    unread (by 0-based row, see formula_cells): cells that read as blank but are a formula without a result or
    an error; a data row's go on to table.unread, and a row holding nothing else is skipped, saying so."""
    unread = unread or {}
    header_rows = [[cell_text(c) for c in rows[r]] for r in range(top, bottom + 1)]
    anchors = [max(h, key=len) for h in header_rows]
    n = len(rows)
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
        if _MARK_CHARS.search(joined) and (reason := _marker_reason(strs)):
            skipped.append((i + 1, reason))
            continue
        if all_text:
            if any(a and a in joined for a in anchors) and _repeats_header(row, header_rows):
                if title and table.rows and title != table.title:  # under a title of its own: the next table
                    tick(n, n)
                    return i, title
                skipped.append((i + 1, "重复的表头行"))
                continue
            if not _NUMBER_RUN.search(joined) and _is_other_header(row, known):
                start = _step_back(rows, i, table, filled)
                tick(n, n)
                return start, title
            if "\x1f" not in joined.strip("\x1f \u3000") and _TITLE_WORDS.search(joined) and (text := single_text(row)):
                skipped.append((i + 1, "标题行"))
                title = text
                continue
        title = ""
        filled = _take_row(rows, i, table, downs, unread)
    if unread:  # rows below the last calamine sees (it leaves out rows whose cells have no value at their end)
        skipped.extend((r + 1, formula_cells.ONLY_UNREAD) for r in sorted(unread) if r >= n)
    tick(n, n)
    return n, ""


def _step_back(rows: list[list[object]], i: int, table: SheetTable, filled: list[tuple[int, int]]) -> int:
    """Where the next table starts, its header met at row i: the row above instead when that row was taken as
    data, for it is the header's parent row; it goes back to the sheet, the cells filled down from it blank."""
    if table.rows and table.rows[-1][0] == i:
        rows[i - 1] = table.rows.pop()[1]
        table.unread.pop(i, None)
        for r, c in filled:
            rows[r][c] = ""
        return i - 1
    return i


def _take_row(
    rows: list[list[object]], i: int, table: SheetTable, downs: Downs, unread: Unread
) -> list[tuple[int, int]]:
    """Take row i as data: its cells merged down filled into the rows below (returned, as (row, column)), the
    row padded to the table's width, its unread cells kept (a merged cell's also for the rows it covers)."""
    row = rows[i]
    filled = _fill_down(rows, i, downs[i]) if i in downs else []
    width = len(table.headers)
    if len(row) < width:
        row = [*row, *([""] * (width - len(row)))]
    table.rows.append((i + 1, row))
    if unread and i in unread:
        table.unread[i + 1] = cells = unread[i]
        for col, last in downs.get(i, ()):  # a merged cell's problem is the rows' it covers too
            if col in cells:
                for below in range(i + 1, last + 1):
                    unread.setdefault(below, {}).setdefault(col, formula_cells.said(cells[col], i, col))
    rows[i] = None  # type: ignore[call-overload]  # let the sheet's own copy go as we go
    return filled


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


def single_text(row: Sequence[object]) -> str:
    """The text of a row holding one text of five characters or more (a title, a note), else ""."""
    texts = [c.strip() for c in row if c.__class__ is str and c.strip()]
    return texts[0] if len(texts) == 1 and nonblank(row) == 1 and len(texts[0]) >= 5 else ""


def _is_other_header(row: list[object], known: set[str]) -> bool:
    """The header of another table further down the sheet (a row with no number in it): three labels ours."""
    return sum(1 for c in row if c.__class__ is str and c.strip()) >= 3 and header_score(row, known) >= 3


def _marker_reason(strs: list[str]) -> str | None:
    """Why a row holding 合计/小计/填报人… is not a person, or None if it is one after all."""
    texts = [WHITESPACE.sub("", s) for s in strs if s.strip()]
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
    filled = [(c, cell_text(v)) for c, v in enumerate(row) if cell_text(v)]
    for header in header_rows:
        hits = sum(1 for c, t in filled if c < len(header) and header[c] == t)
        need = min(2, sum(1 for h in header if h))
        if hits >= need and hits >= len(filled) - (len(filled) >= 10):
            return True
    return False
