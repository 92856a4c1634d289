"""Bring in a list of names the township pushed down to check (核查名单): read, map, plan; db/ writes it.

The sheet is kept as it came, to go back with the village's findings (forms.feedback_export): the lines
above the column header, the headers in order, every data row's cells in order (forms.pushed_cells).
Only the columns that tell who a name is are read into fields, for matching to the roster: 姓名, 身份证号,
电话, 出生日期, 来源地, 到达日期. Their mapping is guessed as for the roster, and the source's remembered
mapping wins for the headers it knows, so the next list from the same source maps itself.

A row is a pushed name unless it names nobody (no name and no ID number): a number Excel mangled, a phone
or a date that cannot be read is a warning, never a refusal, for the township's row must come back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path

from db.imports.pushed import PushedImportResult, PushedPlan, apply_pushed_plan
from db.progress import Progress, check_cancelled
from db.queries.pushed import remembered_mapping
from forms.excel.mapping import header_words, normalize_header
from forms.excel.reader import SheetTable, read_tables
from forms.excel.sheet_table import header_text
from forms.import_steps import MappingError, only_sheet
from forms.pushed_cells import as_text, encode
from forms.pushed_header import HeaderFacts, read_header
from forms.pushed_rows import NO_PERSON, PUSHED_TARGETS, TARGET_LABELS, RowReader

__all__ = [
    "NO_PERSON",
    "PUSHED_TARGETS",
    "TARGET_LABELS",
    "MappingError",
    "guess_pushed_mapping",
    "import_pushed",
    "plan_pushed_import",
    "plan_pushed_tables",
    "pushed_mapping_problems",
    "pushed_table",
    "read_pushed",
]

#: The default source when the clerk names none and the list names no issuer.
DEFAULT_SOURCE = "上级推送"
#: A data column that says the batch on every row (SY: 下发数据批次).
_BATCH_COLUMNS = {normalize_header(w) for w in ("下发数据批次", "下发批次", "数据批次", "批次", "批次号")}


def read_pushed(path: Path, progress: Progress | None = None) -> list[SheetTable]:
    return read_tables(path, header_words(PUSHED_TARGETS), progress)


def pushed_table(tables: list[SheetTable], sheet: str | None = None) -> SheetTable:
    """The table the list is: the first with data rows (of the sheet asked for)."""
    for table in only_sheet(tables, sheet):
        if table.rows:
            return table
    raise MappingError(f"工作表“{sheet}”中没有名单数据" if sheet else "文件中没有名单数据")


def guess_pushed_mapping(table: SheetTable, remembered: dict[str, str] | None = None) -> dict[int, str]:
    """The column guess, then the source's remembered mapping for every header it knows ("" there: the
    clerk left that column out)."""
    mapping = table.guess_mapping(PUSHED_TARGETS)
    for col, header in enumerate(table.headers):
        key = (remembered or {}).get(normalize_header(header))
        if key is None or (key and key not in TARGET_LABELS):
            continue
        mapping = {c: k for c, k in mapping.items() if c != col and not (key and k == key)}
        if key:
            mapping[col] = key
    return dict(sorted(mapping.items()))


def pushed_mapping_problems(mapping: dict[int, str]) -> list[str]:
    keys = set(mapping.values())
    return [] if keys & {"name", "id_number"} else ["找不到“姓名”或“身份证号”列"]


def plan_pushed_import(
    path: Path,
    source: str,
    mapping: dict[int, str] | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> PushedPlan:
    """Read the file and work out, without writing, the batch it makes (mapping: the clerk's, else guessed)."""
    tables = read_pushed(Path(path), progress)
    return plan_pushed_tables(tables, Path(path), source, mapping, sheet, progress, today)


def plan_pushed_tables(
    tables: list[SheetTable],
    path: Path,
    source: str,
    mapping: dict[int, str] | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> PushedPlan:
    """The plan of tables already read (the dialog reads once, then plans each time the clerk previews)."""
    table = pushed_table(tables, sheet)
    plan = PushedPlan(file_name=path.name, file_sha256=_sha256(path), sheet_name=table.sheet)
    for other in tables:
        plan.read(other)
        if other is not table and other.rows:
            where = f"工作表“{other.label}”" if other.sheet != table.sheet else f"“{other.label}”"
            plan.skipped_rows.extend((other.sheet, r, f"不是所导入的名单（{where}）") for r, _cells in other.rows)
            plan.notes.append(f"只导入“{table.label}”中的名单；{where}的 {len(other.rows)} 行未导入")
    facts = _header_facts(plan, table, today)
    source = source.strip() or facts.issuer or DEFAULT_SOURCE
    known = remembered_mapping(source)
    mapping = dict(mapping) if mapping else guess_pushed_mapping(table, known)
    if problems := pushed_mapping_problems(mapping):
        raise MappingError(f"工作表“{table.label}”：" + "；".join(problems))
    width = _width(table, mapping)
    plan.source = source
    plan.columns = _columns(table, width)
    plan.mapping = {c: k for c, k in mapping.items() if c < width}
    plan.remembered = {**known, **{normalize_header(h): plan.mapping.get(c, "") for c, h in enumerate(plan.columns)}}
    plan.remembered.pop("", None)
    if not plan.batch_no:
        plan.batch_no = _batch_in_rows(table, width)
    rows = RowReader(plan, table, width, facts.issued_on or today)
    for done, (row_no, cells) in enumerate(table.rows, start=1):
        if done % 500 == 0:
            check_cancelled(progress)
            if progress is not None:
                progress.update(done, len(table.rows))
        rows.add(row_no, cells)
    return plan


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _header_facts(plan: PushedPlan, table: SheetTable, today: date | None) -> HeaderFacts:
    """The lines above the header, kept as read (blank rows as [], so each stays in its row), and their facts."""
    first_header = min((r for r, reason in table.skipped if reason == "表头"), default=table.header_row)
    above = {r: [encode(c) for c in _trimmed(cells)] for r, cells in table.lines.items() if r < first_header}
    plan.header_lines = [above.get(r, []) for r in range(1, first_header)]
    facts = read_header(above, today)
    plan.title = facts.title or table.title
    plan.issuer, plan.batch_no, plan.issued_on = facts.issuer, facts.batch_no, facts.issued_on
    plan.deadline, plan.deadline_hours = facts.deadline, facts.deadline_hours
    plan.notes.extend(facts.problems)
    return facts


def _trimmed(cells: list[object]) -> list[object]:
    end = len(cells)
    while end and (cells[end - 1] is None or (isinstance(cells[end - 1], str) and not str(cells[end - 1]).strip())):
        end -= 1
    return cells[:end]


def _width(table: SheetTable, mapping: dict[int, str]) -> int:
    """Columns the list has: up to the last with a header or a filled cell (the sheet's grid may be wider)."""
    last = max((c for c, h in enumerate(table.headers) if h), default=-1)
    last = max(last, max(mapping, default=-1))
    for _row, cells in table.rows:
        filled = len(_trimmed(cells)) - 1
        if filled > last:
            last = filled
    return last + 1


def _columns(table: SheetTable, width: int) -> list[str]:
    """The township's headers in order: the header cells as typed for a one-row header, else parent + child."""
    header_rows = [r for r, reason in table.skipped if reason == "表头"]
    cells = table.lines.get(table.header_row, []) if len(header_rows) <= 1 else []
    names = []
    for col in range(width):
        cell = cells[col] if col < len(cells) else None
        if isinstance(cell, str):
            names.append(cell)
        elif cell not in (None, ""):
            names.append(header_text(cell))
        else:
            names.append(table.headers[col] if col < len(table.headers) and not cells else "")
    return names


def _batch_in_rows(table: SheetTable, width: int) -> str:
    """The batch a 下发数据批次 column says, when every row says the same one."""
    for col, header in enumerate(table.headers[:width]):
        if normalize_header(header) in _BATCH_COLUMNS:
            values = {as_text(encode(cells[col])) for _row, cells in table.rows} - {""}
            if len(values) == 1:
                return values.pop()
    return ""


def import_pushed(
    path: Path,
    source: str,
    received_at: datetime,
    deadline_hours: int | None = None,
    progress: Progress | None = None,
    sheet: str | None = None,
    mapping: dict[int, str] | None = None,
    say: Callable[[str], None] | None = None,
) -> PushedImportResult:
    """The headless import: read, guess (the source's remembered mapping first), plan, and write in one
    transaction; say is told the columns read and the plan's remarks before anything is written.
    deadline_hours: when the list names no 反馈时限 (None: the setting, default 24)."""
    from db.settings_values import pushed_deadline_hours

    plan = plan_pushed_import(Path(path), source, mapping, sheet, progress, received_at.date())
    if say is not None:
        for line in describe_plan(plan):
            say(line)
    hours = deadline_hours if deadline_hours is not None else pushed_deadline_hours()
    return apply_pushed_plan(plan, received_at, hours, progress)


def describe_plan(plan: PushedPlan) -> Iterable[str]:
    """What the dialog and the console say of a plan before it is written: the list's facts, its columns."""
    facts = [
        ("名单", plan.title),
        ("来源", plan.source),
        ("下发单位", plan.issuer),
        ("下发批次", plan.batch_no),
        ("下发日期", f"{plan.issued_on:%Y-%m-%d}" if plan.issued_on else ""),
        ("反馈时限", _deadline_text(plan)),
    ]
    yield "；".join(f"{label}：{value}" for label, value in facts if value)
    read = [f"{plan.columns[c] or '（无表头）'} → {TARGET_LABELS[k]}" for c, k in sorted(plan.mapping.items())]
    yield f"共 {len(plan.columns)} 列，按原样保留；用于匹配花名册的列：" + "，".join(read)
    yield from (f"注意：{note}" for note in plan.notes)


def _deadline_text(plan: PushedPlan) -> str:
    if plan.deadline is not None:
        return f"{plan.deadline:%Y-%m-%d %H:%M}"
    if plan.deadline_hours is not None:
        return f"收到后 {plan.deadline_hours} 小时内"
    return ""
