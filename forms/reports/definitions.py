"""A report definition file (JSON, UTF-8) read into db.reports.spec.ReportSpec, and written back out for a
township to edit: every mistake named in Chinese, with the category it is in."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

from db.errors import LedgerError
from db.files import check_target, replacing, write_problem
from db.reports.definition_store import save_definition, saved_definition
from db.reports.sources import SOURCES
from db.reports.spec import MEASURE_LABELS, Category, Filter, ReportSpec, problems
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
            package_personal=bool(data.get("package_personal")),
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


def guide() -> dict[str, Any]:
    """Every word a definition may use, with its meaning: the 说明 of an exported file (parse ignores it)."""
    return {
        "栏目（columns、measures）": dict(MEASURE_LABELS),
        "数据来源（source）": {
            name: {"含义": s.label, "可计数（count）": list(s.counts), "字段（where、split）": dict(s.fields)}
            for name, s in SOURCES.items()
        },
        "筛选（where）": "字段名: [取值, …]；字段名前加 ! 表示不是这些取值",
        "数据包含完整个人信息（package_personal）": "true：数据包中身份证号、电话为完整号码；false（默认）：遮盖几位",
    }


def to_data(spec: ReportSpec, guided: bool = True) -> dict[str, Any]:
    """The definition as a file holds it (for a township to start its own from), with the 说明 if guided."""
    return {
        **({"说明": guide()} if guided else {}),
        "key": spec.key,
        "version": spec.version,
        "package_personal": spec.package_personal,
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


def current() -> ReportSpec:
    """The daily report as this village reports it: the definition the township sent, else the built-in one
    (a stored definition that no longer reads, say after an upgrade renamed a field, falls back too)."""
    data = saved_definition()
    if data is not None:
        try:
            return parse(data)
        except LedgerError:
            pass
    return daily()


def import_definition(path: Path) -> ReportSpec:
    """Read and check a township's definition file, then keep it in place of the one in use (a mistake in the
    file leaves the one in use as it was)."""
    spec = load(path)
    save_definition(to_data(spec, guided=False), spec.title or Path(path).name)
    return spec


def write_definition(spec: ReportSpec, target: Path) -> Path:
    """The definition as a .json file a township can edit and send back (temp file, read back, renamed)."""
    target = Path(target)
    if target.suffix.lower() != ".json":
        target = target.with_suffix(".json")
    check_target(target)
    text = json.dumps(to_data(spec), ensure_ascii=False, indent=2) + "\n"
    try:
        with replacing(target, f"无法写入“{target.name}”：文件可能正被其他程序打开，请关闭后重试。") as tmp:
            tmp.write_text(text, encoding="utf-8")
            if to_data(load(tmp)) != to_data(spec):
                raise LedgerError("报表定义文件核对失败，原文件未改动。")
    except OSError as exc:
        raise LedgerError(f"写入“{target.name}”失败：{write_problem(exc)}") from exc
    return target
