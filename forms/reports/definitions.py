"""A report definition file (JSON, UTF-8) read into db.reports.spec.ReportSpec, and written back out for a
township to edit: every mistake named in Chinese, with the category it is in."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

from db.errors import LedgerError
from db.reports.spec import Category, Filter, ReportSpec, problems
from forms.reports.daily_definition import DAILY


def parse(data: Any) -> ReportSpec:
    if not isinstance(data, dict):
        raise LedgerError("报表定义应是一个 JSON 对象（{ … }）")
    try:
        categories = tuple(_category(n, c) for n, c in enumerate(data.get("categories") or [], start=1))
        spec = ReportSpec(
            key=str(data.get("key") or "daily"),
            title=str(data.get("title") or ""),
            categories=categories,
            columns=tuple(str(c) for c in data.get("columns") or ("new", "ended", "current", "total")),
            header=tuple(str(line) for line in data.get("header") or ()),
            footer=tuple(str(line) for line in data.get("footer") or ()),
            version=int(data.get("version") or 1),
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise LedgerError(f"报表定义格式不对：{exc}") from exc
    if found := problems(spec):
        raise LedgerError("报表定义有误：" + "；".join(found))
    return spec


def _category(n: int, data: Any) -> Category:
    if not isinstance(data, dict) or not data.get("label") or not data.get("source"):
        raise LedgerError(f"报表定义第 {n} 项应写明 label（名称）和 source（数据来源）")
    filters = []
    for name, values in (data.get("where") or {}).items():
        if not isinstance(values, list):
            values = [values]
        negate = name.startswith("!")
        filters.append(Filter(name.lstrip("!"), tuple(_text(v) for v in values), negate))
    measures = data.get("measures")
    return Category(
        block=str(data.get("block") or ""),
        label=str(data["label"]),
        source=str(data["source"]),
        count=str(data.get("count") or "id"),
        measures=tuple(measures) if measures else ("new", "ended", "current", "total"),
        filters=tuple(filters),
        split=str(data["split"]) if data.get("split") else None,
    )


def _text(value: Any) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


def load(path: Path) -> ReportSpec:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise LedgerError(f"无法读取报表定义“{Path(path).name}”：{exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise LedgerError(f"报表定义“{Path(path).name}”第 {exc.lineno} 行第 {exc.colno} 列格式不对：{exc.msg}") from exc
    return parse(data)


def to_data(spec: ReportSpec) -> dict[str, Any]:
    """The definition as a file holds it (for a township to start its own from)."""
    return {
        "key": spec.key,
        "version": spec.version,
        "title": spec.title,
        "header": list(spec.header),
        "footer": list(spec.footer),
        "columns": list(spec.columns),
        "categories": [
            {
                "block": c.block,
                "label": c.label,
                "source": c.source,
                "count": c.count,
                "measures": list(c.measures),
                "where": {("!" if f.negate else "") + f.field: list(f.values) for f in c.filters},
                **({"split": c.split} if c.split else {}),
            }
            for c in spec.categories
        ],
    }


def daily() -> ReportSpec:
    """The built-in daily report."""
    return parse(DAILY)
