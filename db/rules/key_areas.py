"""Key areas (重点地区) and what makes a screening finding abnormal, judged on the visit day.

Pure rules over plain rows: the list changed while rounds ran (武汉 → 湖北 → a list of provinces and
cities), so a finding is judged against the rows counting on its visit day, never against today's list.
A county counts when it, its city or its province is listed (region codes of the ID table: 410122 is in
410100, which is in 410000).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from db.models.quarantine import FEVER_AT  # one fever rule for readings and screening
from db.rules.id_number import PROVINCES, region_known

#: A return fewer than this many days before the visit day counts as "recently from a key area": the default
#: of the setting (db.settings_values.KEY_AREA_DAYS), which the callers read and pass in as `days`.
KEY_AREA_DAYS = 14
#: Words that say "no symptom" in a symptoms cell.
NO_SYMPTOM = frozenset({"", "无", "没有", "正常", "否"})

_CODE = re.compile(r"[0-9]{6}")
_SPLIT = re.compile(r"[、，,；;/\s]+")


class KeyAreaRow(Protocol):
    """What the rules read of a key-area row (db.models.KeyArea has it)."""

    @property
    def region_code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def counts_from(self) -> date: ...
    @property
    def until(self) -> date | None: ...


class FindingLike(Protocol):
    """What the rules read of a finding (db.models.Finding has it)."""

    @property
    def temperature(self) -> float | None: ...
    @property
    def symptoms(self) -> str: ...
    @property
    def area_code(self) -> str | None: ...
    @property
    def returned_on(self) -> date | None: ...
    @property
    def contact(self) -> str: ...


def check_region_code(code: str) -> str | None:
    """Why a text cannot be a key area's region code, in the clerk's words; None when it can."""
    if not _CODE.fullmatch(code):
        return f"地区代码“{code}”应为6位数字（如省 410000、市 410100、县 410122）"
    if code[:2] not in PROVINCES or not region_known(code):
        return f"地区代码“{code}”不在行政区划表中"
    return None


def enclosing(code: str) -> tuple[str, ...]:
    """The code itself, its city and its province (each once): the rows that make it a key area."""
    return tuple(dict.fromkeys((code, code[:4] + "00", code[:2] + "0000")))


@lru_cache(maxsize=1024)
def region_name(code: str) -> str:
    """The region's name as the ID table has it: 河南省, 郑州市, 郑州市中牟县 ("" for an unknown code)."""
    if not region_known(code):
        return ""
    own = _own_name(code)
    city = code[:4] + "00"
    if code.endswith("0000") or code == city:
        return own
    above = _own_name(city) if region_known(city) else ""
    return above + own if above and above != own else own


def _own_name(code: str) -> str:
    """A region's name; a municipality's placeholder rows (110100 市辖区, 500200 县) take the province's."""
    name = _table_name(code)
    if name in ("市辖区", "县") or "直辖" in name:
        return _table_name(code[:2] + "0000")
    return name


def _table_name(code: str) -> str:
    from stdnum import numdb

    names = [props["county"] for _part, props in numdb.get("cn/loc").info(code) if "county" in props]
    # "[1983-]中牟县", or several names over the years separated by commas: the latest one.
    latest = names[-1].split(",")[-1] if names else ""
    return re.sub(r"^\[[^\]]*\]", "", latest).strip()


def counting_on(areas: Iterable[KeyAreaRow], day: date) -> list[KeyAreaRow]:
    """The rows that count on the day: from counts_from on, until (not including) the day they stopped."""
    return [a for a in areas if a.counts_from <= day and (a.until is None or day < a.until)]


def key_area_of(code: str | None, areas: Iterable[KeyAreaRow], day: date) -> KeyAreaRow | None:
    """The listed row that makes the region a key area on the day (the narrowest one), or None."""
    if not code or not _CODE.fullmatch(code):
        return None
    by_code = {a.region_code: a for a in counting_on(areas, day)}
    for candidate in enclosing(code):
        if candidate in by_code:
            return by_code[candidate]
    return None


def symptom_words(text: str) -> list[str]:
    """The symptoms in a cell ("咳嗽、乏力", "咳嗽，乏力", "无" → []), each once, in the order written."""
    words = [w for w in _SPLIT.split(text.strip()) if w not in NO_SYMPTOM]
    return list(dict.fromkeys(words))


def within_days(returned_on: date | None, visit_day: date, days: int = KEY_AREA_DAYS) -> bool:
    """Whether a return date falls in the `days` before the visit day (an unknown date: on the safe side)."""
    if returned_on is None:
        return True
    return visit_day - timedelta(days=days) < returned_on <= visit_day


def is_abnormal(
    finding: FindingLike, areas: Iterable[KeyAreaRow], visit_day: date, days: int = KEY_AREA_DAYS
) -> list[str]:
    """Why a finding needs action, in the clerk's words ([] for a normal one): fever, each symptom,
    recent travel (within `days`) from or through a key area as listed on the visit day, a contact."""
    reasons = []
    if finding.temperature is not None and finding.temperature >= FEVER_AT:
        reasons.append(f"发热 {finding.temperature:.1f}℃")
    reasons += symptom_words(finding.symptoms)
    area = key_area_of(finding.area_code, areas, visit_day)
    if area is not None and within_days(finding.returned_on, visit_day, days):
        unknown = "" if finding.returned_on is not None else "（返回日期未填）"
        reasons.append(f"{days}天内来自重点地区（{area.name}）{unknown}")
    if finding.contact and finding.contact != "无":
        reasons.append(f"接触{finding.contact}")
    return reasons
