"""A report layout as data (forms/ reads it from a definition file): its title and lines, its columns (which
measures), and its categories, each a count over one of db.reports.sources with filters."""

from __future__ import annotations

from dataclasses import dataclass, field

from db.reports.sources import SOURCES

#: The measures a column may show, with their SQL over a source's start and end days (see db.reports.sources).
MEASURES = {
    "new": "start = :day",
    "ended": '"end" = :day',
    "current": 'start <= :day AND ("end" IS NULL OR "end" > :day)',
    "total": "start <= :day",
}
MEASURE_LABELS = {"new": "当日新增", "ended": "当日减少", "current": "现有", "total": "累计"}
#: Where a definition's mistake sends the township's editor: the exported definition lists every word it may use.
SEE_GUIDE = "（可用的写法见导出的报表定义文件中的“说明”）"
#: Measures that say what happened on the day: all of them 0 makes a zero report (零报告).
DAY_MEASURES = ("new", "ended")


@dataclass(frozen=True)
class Filter:
    """The source's field is one of the values (or none of them, negated)."""

    field: str
    values: tuple[str, ...]
    negate: bool = False


@dataclass(frozen=True)
class Category:
    """One row of the report (or one per value of `split`: the label may say {value})."""

    block: str
    label: str
    source: str
    count: str = "id"
    measures: tuple[str, ...] = ("new", "ended", "current", "total")
    filters: tuple[Filter, ...] = ()
    split: str | None = None


@dataclass(frozen=True)
class ReportSpec:
    """A whole report: what the workbook's first sheet shows, row by row."""

    key: str
    title: str
    categories: tuple[Category, ...]
    columns: tuple[str, ...] = ("new", "ended", "current", "total")
    column_labels: dict[str, str] = field(default_factory=lambda: dict(MEASURE_LABELS))
    header: tuple[str, ...] = ()
    """Lines under the title; {unit} {day} {clerk} {phone} are filled in."""
    footer: tuple[str, ...] = ()
    version: int = 1
    package_personal: bool = False
    """The township asks for full ID numbers and phones in the day's data package (else they go masked)."""


def problems(spec: ReportSpec) -> list[str]:
    """What makes a definition unusable, in the clerk's words (empty: it can be used)."""
    found = []
    if not spec.title.strip():
        found.append("报表没有标题")
    for column in spec.columns:
        if column not in MEASURES:
            found.append(f"栏目“{column}”不认识{SEE_GUIDE}")
    if not spec.categories:
        found.append("报表没有任何统计项目")
    for n, c in enumerate(spec.categories, start=1):
        where = f"第 {n} 项“{c.label}”"
        source = SOURCES.get(c.source)
        if source is None:
            found.append(f"{where}：数据来源“{c.source}”不认识{SEE_GUIDE}")
            continue
        if c.count not in source.counts:
            found.append(f"{where}：“{source.label}”不能按“{c.count}”计数{SEE_GUIDE}")
        for m in c.measures:
            if m not in MEASURES:
                found.append(f"{where}：栏目“{m}”不认识{SEE_GUIDE}")
        for f in (*c.filters, *([Filter(c.split, ())] if c.split else [])):
            if f.field not in source.fields:
                found.append(f"{where}：“{source.label}”没有字段“{f.field}”{SEE_GUIDE}")
    return found
