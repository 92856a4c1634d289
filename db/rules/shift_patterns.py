"""A post's shifts over the day, as the clerk picks or types them, kept as JSON on the post (DutyPost.pattern).

The usual patterns are named: three 8-hour shifts named by their start (零点班 / 八点班 / 四点班, as duty
software names them), two 12-hour shifts (白班 08:00–20:00 / 夜班 20:00–08:00, P-GZ), or a daytime post.
Any other is a list of shifts, each a name, a start and a length in hours; together they may not overlap
and not run past the next day's first shift, or one post would need two teams at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import time

from db.errors import LedgerError


class PatternError(LedgerError):
    """A shift pattern that cannot be used; the message says which shift and why."""


@dataclass(frozen=True)
class PatternShift:
    """One shift of the day: 白班 from 08:00 for 12 hours."""

    name: str
    start: time
    hours: float


PRESETS: dict[str, tuple[PatternShift, ...]] = {
    "三班倒（每班8小时）": (
        PatternShift("零点班", time(0), 8),
        PatternShift("八点班", time(8), 8),
        PatternShift("四点班", time(16), 8),
    ),
    "两班倒（每班12小时）": (PatternShift("白班", time(8), 12), PatternShift("夜班", time(20), 12)),
    "白天值守（8:00–18:00）": (PatternShift("白班", time(8), 10),),
}
DEFAULT_PRESET = "两班倒（每班12小时）"


def to_json(shifts: tuple[PatternShift, ...]) -> str:
    return json.dumps(
        [{"name": s.name, "start": f"{s.start:%H:%M}", "hours": s.hours} for s in shifts], ensure_ascii=False
    )


def from_json(text: str) -> tuple[PatternShift, ...]:
    """The pattern kept on a post; checked again, so a hand-edited value cannot slip through."""
    try:
        items = json.loads(text)
        shifts = tuple(
            PatternShift(str(i["name"]), time.fromisoformat(str(i["start"])), float(i["hours"])) for i in items
        )
    except (ValueError, TypeError, KeyError) as exc:
        raise PatternError(f"班次设置无法读取：{exc}") from None
    return checked(shifts)


def checked(shifts: tuple[PatternShift, ...]) -> tuple[PatternShift, ...]:
    """The shifts in order of their start, or PatternError naming the first that cannot be."""
    if not shifts:
        raise PatternError("至少要有一个班次")
    ordered = tuple(sorted(shifts, key=lambda s: s.start))
    names = [s.name.strip() for s in ordered]
    for shift, name in zip(ordered, names, strict=True):
        if not name:
            raise PatternError(f"{shift.start:%H:%M} 开始的班次没有名称")
        if names.count(name) > 1:
            raise PatternError(f"班次名称“{name}”重复")
        if not 1 <= shift.hours <= 24:
            raise PatternError(f"{name}：时长 {shift.hours:g} 小时不对（应为 1–24 小时）")
    minutes = [s.start.hour * 60 + s.start.minute for s in ordered]
    for n, shift in enumerate(ordered):
        next_start = minutes[n + 1] if n + 1 < len(ordered) else minutes[0] + 24 * 60
        if minutes[n] + shift.hours * 60 > next_start:
            after = ordered[(n + 1) % len(ordered)]
            raise PatternError(f"{names[n]}（{shift.start:%H:%M} 起 {shift.hours:g} 小时）与{after.name}重叠")
    return tuple(PatternShift(name, s.start, s.hours) for s, name in zip(ordered, names, strict=True))
