"""乡镇汇总's readings of the loaded village packages: one row per village plus totals for a day, the villages ×
days grid (已上报 / 零报告 / 迟报 / 未上报), the gaps in each village's package numbers and the merged lists."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from peewee import fn

from db.models import PackageSeen, VillagePackage

REPORTED, ZERO, LATE, MISSING = "已上报", "零报告", "迟报", "未上报"
#: A package written after noon of the day after its day is late (迟报): the day's report is due that morning.
LATE_AFTER = timedelta(days=1, hours=12)
TOTAL = "合计"


@dataclass(frozen=True)
class VillageDay:
    """A village's figures for a day ({(block, label): {measure: n}}), and how it reported (state)."""

    code: str
    name: str
    state: str
    figures: dict[tuple[str, str], dict[str, int | None]]


def villages() -> list[tuple[str, str]]:
    """(code, latest name) of every village that ever sent a package, by code."""
    names: dict[str, str] = {}
    for package in VillagePackage.select(VillagePackage.village_code, VillagePackage.village_name).order_by(
        VillagePackage.day
    ):
        names[package.village_code] = package.village_name
    return sorted(names.items())


def state_of(package: VillagePackage | None) -> str:
    if package is None:
        return MISSING
    if package.written_at > datetime.combine(package.day, time(0)) + LATE_AFTER:
        return LATE
    return ZERO if package.zero else REPORTED


def _packages(first: date, last: date) -> dict[tuple[str, date], VillagePackage]:
    query = VillagePackage.select().where(VillagePackage.day.between(first, last))
    return {(p.village_code, p.day): p for p in query}


def summary(day: date) -> tuple[list[str], list[tuple[str, str]], list[VillageDay]]:
    """The measures, the rows (block, label) in the order the villages sent them, and a VillageDay per known
    village (未上报 with no figures when its package is missing), then the totals as a last VillageDay."""
    packages = _packages(day, day)
    rows: list[tuple[str, str]] = []
    measures: list[str] = []
    found = []
    totals: dict[tuple[str, str], dict[str, int | None]] = {}
    for code, name in villages():
        package = packages.get((code, day))
        figures: dict[tuple[str, str], dict[str, int | None]] = {}
        for item in json.loads(package.figures) if package else []:
            key = (str(item["block"]), str(item["label"]))
            figures[key] = item["figures"]
            if key not in rows:
                rows.append(key)
            summed = totals.setdefault(key, {})
            for measure, value in item["figures"].items():
                if measure not in measures:
                    measures.append(measure)
                if value is not None:
                    summed[measure] = (summed.get(measure) or 0) + int(value)
        found.append(VillageDay(code, package.village_name if package else name, state_of(package), figures))
    reported = sum(1 for v in found if v.state != MISSING)
    found.append(VillageDay("", TOTAL, f"{reported}/{len(found)} 个村已报", totals))
    return measures, rows, found


def grid(first: date, last: date) -> tuple[list[date], list[tuple[str, str, list[str]]]]:
    """The days and, per known village, (code, name, a state per day)."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    packages = _packages(first, last)
    return days, [(code, name, [state_of(packages.get((code, d))) for d in days]) for code, name in villages()]


def sequence_gaps() -> dict[str, list[int]]:
    """Per village code, the package numbers below its highest that never arrived (a package lost on the way)."""
    seen: dict[str, set[int]] = {}
    for row in PackageSeen.select():
        seen.setdefault(row.village_code, set()).add(row.sequence)
    return {code: missing for code, got in seen.items() if (missing := sorted(set(range(1, max(got))) - got))}


def sequence_reuses() -> dict[str, list[int]]:
    """Per village code, the package numbers that packages of two different days carried: the village's
    counter went back (a backup restored, the program reinstalled), so what it typed since may be gone."""
    found: dict[str, list[int]] = {}
    days = fn.COUNT(PackageSeen.day.distinct())
    query = (
        PackageSeen.select(PackageSeen.village_code, PackageSeen.sequence)
        .where(PackageSeen.day.is_null(False))
        .group_by(PackageSeen.village_code, PackageSeen.sequence)
        .having(days > 1)
        .order_by(PackageSeen.village_code, PackageSeen.sequence)
    )
    for row in query:
        found.setdefault(row.village_code, []).append(row.sequence)
    return found


def number_notes(gaps: dict[str, list[int]], reuses: dict[str, list[int]]) -> dict[str, str]:
    """Per village code, what is wrong with its package numbers (sequence_gaps, sequence_reuses), as the
    grid's last column says it."""
    notes = {}
    for code in sorted(set(gaps) | set(reuses)):
        parts = [f"缺序号 {'、'.join(map(str, gaps[code]))}"] if code in gaps else []
        if code in reuses:
            parts.append(f"序号 {'、'.join(map(str, reuses[code]))} 重复（恢复过备份？请核实）")
        notes[code] = "；".join(parts)
    return notes


def merged_lists(day: date) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Each list of the day's packages, all villages' rows together with a 村（社区） column first."""
    merged: dict[str, tuple[list[str], list[list[Any]]]] = {}
    for package in VillagePackage.select().where(VillagePackage.day == day).order_by(VillagePackage.village_code):
        for name, part in json.loads(package.lists).items():
            headers, rows = merged.setdefault(name, (["村（社区）", *part["headers"]], []))
            rows.extend([package.village_name, *row] for row in part["rows"])
    return merged
