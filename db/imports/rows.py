"""Where every non-blank row of an imported file went: taken, refused with its reason, or skipped as not data.

Why: the product's promise is 不落一户、不漏一人. An import that reads 74 rows and says it took 34 must be
able to say, row by row, what happened to the other 40; the counts on screen, in the report workbook and
on the console are all made from this one list, so they add up to the rows read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence, Sized
from dataclasses import dataclass, field
from typing import Protocol

#: Outcome → what the clerk reads. The first four are rows taken.
OUTCOMES = {
    "created": "新建",
    "merged": "合并",
    "updated": "更新",
    "unchanged": "已登记",
    "refused": "未导入",
    "skipped": "跳过（不是数据）",
}
TAKEN = ("created", "merged", "updated", "unchanged")


@dataclass(frozen=True)
class RowIssue:
    """A problem found in one row of the workbook."""

    sheet: str
    row: int
    name: str
    field: str
    reason: str
    severity: str = "error"


@dataclass
class PlannedRow:
    """One row of the file a plan takes: where it is, whose, and what it does (an OUTCOMES key) and why."""

    sheet: str
    row: int
    name: str
    outcome: str = "created"
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RowAccount:
    """One row of the file: its sheet, Excel row number, outcome (a key of OUTCOMES) and why."""

    sheet: str
    row: int
    outcome: str
    reason: str = ""
    name: str = ""


class ReadTable(Protocol):
    """What a plan counts of a table read from the file (forms.excel's SheetTable is one)."""

    @property
    def sheet(self) -> str: ...
    @property
    def rows(self) -> Sized: ...
    @property
    def skipped(self) -> Sequence[tuple[int, str]]: ...


@dataclass
class RowsRead:
    """What an import's plan knows of the file as a whole: the rows read, those that are not data, the sheets."""

    #: Non-blank rows read: data rows and rows that are not data.
    rows_read: int = 0
    #: (sheet, row, reason) of rows that are not data (titles, headers and their copies, totals, notes).
    skipped_rows: list[tuple[str, int, str]] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # in the workbook's order
    #: Remarks on the file for the clerk (no group column, two columns of one name …), in Chinese.
    notes: list[str] = field(default_factory=list)

    def describe_rows(self) -> str:
        """The rows read and where they went, in one line (made from counts: a big import lists no rows)."""
        return describe_tally(self.outcome_counts(), self.skipped_rows)

    def outcome_counts(self) -> Counter[str]:
        """Rows by outcome, as tally(accounted) counts them; each plan knows its own."""
        raise NotImplementedError

    def read(self, table: ReadTable) -> bool:
        """Count a table's rows; whether it has data rows to plan."""
        if table.sheet not in self.sheets:
            self.sheets.append(table.sheet)
        self.skipped_rows.extend((table.sheet, row, reason) for row, reason in table.skipped)
        self.rows_read += len(table.rows) + len(table.skipped)
        return bool(len(table.rows))


def refused_accounts(refused: Iterable[RowIssue]) -> list[RowAccount]:
    """One account per refused row, its reasons joined (a row may be refused for several fields)."""
    by_row: dict[tuple[str, int], list[RowIssue]] = {}
    for issue in refused:
        by_row.setdefault((issue.sheet, issue.row), []).append(issue)
    return [
        RowAccount(sheet, row, "refused", "；".join(f"{i.field}：{i.reason}" for i in issues), issues[0].name)
        for (sheet, row), issues in by_row.items()
    ]


def in_file_order(accounted: list[RowAccount], sheets: list[str]) -> list[RowAccount]:
    order = {sheet: i for i, sheet in enumerate(sheets)}
    return sorted(accounted, key=lambda a: (order.get(a.sheet, len(order)), a.row))


def tally(accounted: Iterable[RowAccount]) -> Counter[str]:
    return Counter(a.outcome for a in accounted)


def describe_tally(counts: Counter[str], skipped: Iterable[tuple[str, int, str]]) -> str:
    """ "共读取 80 行：新建 60、合并 2、未导入 3、跳过 15（表头 2、合计行 1 …）" — the parts add up to the whole.

    counts: rows by outcome (a plan's outcome_counts(), what tally(plan.accounted) gives); skipped: (sheet,
    row, reason) of the rows that are not data."""
    parts = [f"{OUTCOMES[o].split('（')[0]} {counts[o]}" for o in OUTCOMES if counts[o] and o != "skipped"]
    if counts["skipped"]:
        reasons = Counter(_reason_kind(reason) for _sheet, _row, reason in skipped)
        parts.append(f"跳过 {counts['skipped']}（" + "、".join(f"{r} {n}" for r, n in reasons.most_common()) + "）")
    return f"共读取 {sum(counts.values())} 行（不含空行）：" + "、".join(parts or ["无"])


def _reason_kind(reason: str) -> str:
    """A skipped row's reason without its details, to count them by kind."""
    return reason.split("，")[0].split("“")[0] or "其他"
