"""The key-area list as the settings screen shows it: every row, counting ones first (by the day they count
from, newest first), then those that stopped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.models import KeyArea
from db.rules.regions import level_of


@dataclass(frozen=True)
class KeyAreaLine:
    """A key-area row with its level (省 / 市 / 县); counting says whether it counts on the given day."""

    id: int
    region_code: str
    name: str
    level: str
    counts_from: date
    until: date | None
    note: str
    counting: bool


def key_area_lines(on: date) -> list[KeyAreaLine]:
    """Every key-area row, those counting on the day first, then those not yet or no longer counting."""
    lines = [
        KeyAreaLine(
            a.id,
            a.region_code,
            a.name,
            level_of(a.region_code),
            a.counts_from,
            a.until,
            a.note,
            a.counts_from <= on and (a.until is None or on < a.until),
        )
        for a in KeyArea.select()
    ]
    lines.sort(key=lambda a: (not a.counting, -a.counts_from.toordinal(), a.region_code, a.id))
    return lines
