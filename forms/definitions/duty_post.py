"""A post to staff (值班岗位, 12-duty-roster.md), declared once: the posts table's columns, the post dialog's
fields and checks, and the column words of a posts sheet.

The day's shifts (班次) are one of db.rules.shift_patterns' presets, named as clerks say them ("三班倒",
"24小时三班", "两班倒", "白天"), or the shifts written out ("早班 06:00 8小时；中班 14:00 8小时；夜班 22:00
8小时"), checked by shift_patterns (no two overlap); the value kept is the preset's name or the shifts' JSON,
as db.duty_actions.save_post takes it. The checkpoint a post guards (关联卡点) is found by its name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time
from typing import Any

from db.models.duty import PostKind
from db.rules import shift_patterns
from db.rules.shift_patterns import PatternShift
from forms.choice_words import Words
from forms.definitions.identity import phone_field
from forms.kinds import Choice, Kind, Name, Text, YesNo
from forms.types import Field, RecordForm

POST_KINDS = tuple(k.value for k in PostKind)
THREE_SHIFTS, TWO_SHIFTS, DAYTIME = tuple(shift_patterns.PRESETS)

POST_KIND_WORDS = Words(
    exact={"卡点": PostKind.CHECKPOINT.value, "值守": PostKind.CHECKPOINT.value},
    patterns=(
        (PostKind.DISINFECTION.value, r"消杀|消毒|喷洒"),
        (PostKind.DELIVERY.value, r"配送|物资|送货|代购|送菜|跑腿"),
        (PostKind.PATROL.value, r"巡"),
        (PostKind.CHECKPOINT.value, r"卡点|卡口|检查站|检查点|值守|路口|村口|执勤"),
    ),
)

#: The words clerks use for the presets, searched in order.
_PRESET_WORDS = (
    (THREE_SHIFTS, r"三班|3班|8小时|八小时|24小时三"),
    (TWO_SHIFTS, r"两班|二班|2班|12小时|十二小时|白班.*夜班|日夜"),
    (DAYTIME, r"白天|日间|白班|一班|1班|8[:：]00.?18[:：]00"),
)
_SHIFT = re.compile(
    r"^(?P<name>[^\d\s]+?)\s*(?P<start>\d{1,2}(?:[:：]\d{2})?)(?:点|时)?\s*(?:起|开始)?\s*"
    r"(?:(?P<hours>\d{1,2}(?:\.\d)?)\s*(?:小时|h|H)|[-—–~～至到]\s*(?P<end>\d{1,2}(?:[:：]\d{2})?)(?:点|时)?)$"
)


def _time(text: str) -> time:
    hour, _, minute = text.replace("：", ":").partition(":")
    return time(int(hour) % 24, int(minute or 0))


def shifts_text(shifts: tuple[PatternShift, ...]) -> str:
    """ "白班 08:00–20:00、夜班 20:00–次日08:00"."""
    parts = []
    for s in shifts:
        minutes = s.start.hour * 60 + s.start.minute + round(s.hours * 60)
        end = f"{(minutes // 60) % 24:02d}:{minutes % 60:02d}"
        parts.append(f"{s.name} {s.start:%H:%M}–{'次日' if minutes >= 24 * 60 else ''}{end}")
    return "、".join(parts)


def preset_name(value: str) -> str | None:
    """The preset a kept value is (save_post keeps a preset's shifts as JSON), or None for shifts of one's own."""
    if value in shift_patterns.PRESETS:
        return value
    try:
        shifts = shift_patterns.from_json(value)
    except shift_patterns.PatternError:
        return None
    return next((name for name, preset in shift_patterns.PRESETS.items() if preset == shifts), None)


def pattern_shifts(value: str) -> tuple[PatternShift, ...]:
    """The shifts a kept value names (a preset's name or the JSON); PatternError if it cannot be used."""
    return shift_patterns.PRESETS.get(value) or shift_patterns.from_json(value)


class ShiftPattern(Kind):
    """A preset's name, words for one, or shifts written out (each a name, a start and hours or an end);
    blank → the default preset. Shifts that overlap are refused with shift_patterns' reason."""

    def parse(self, raw: object) -> str:
        text = str(super().parse(raw))
        if not text:
            return shift_patterns.DEFAULT_PRESET
        if text in shift_patterns.PRESETS:
            return text
        if text.startswith("["):
            try:
                return shift_patterns.to_json(shift_patterns.from_json(text))
            except shift_patterns.PatternError as exc:
                raise ValueError(str(exc)) from None
        parts = [p.strip() for p in re.split(r"[;；、,，\n]+", text) if p.strip()]
        written = [_SHIFT.match(p) for p in parts]
        if parts and all(written):
            shifts = []
            for match in written:
                assert match is not None
                start = _time(match["start"])
                if match["hours"] is not None:
                    hours = float(match["hours"])
                else:
                    end = _time(match["end"])
                    span = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
                    hours = (span if span > 0 else span + 24 * 60) / 60
                shifts.append(PatternShift(match["name"], start, hours))
            try:
                return shift_patterns.to_json(shift_patterns.checked(tuple(shifts)))
            except shift_patterns.PatternError as exc:
                raise ValueError(str(exc)) from None
        for preset, expression in _PRESET_WORDS:
            if re.search(expression, text):
                return preset
        raise ValueError(
            f"“{text}”看不出是哪种班次（可写“三班倒”“两班倒”“白天值守”，"
            "或逐班写明，如“早班 06:00 8小时；晚班 14:00 8小时”）"
        )

    def display(self, value: Any, masked: bool = False) -> str:
        if not value:
            return ""
        if (preset := preset_name(str(value))) is not None:
            return preset
        try:
            return shifts_text(pattern_shifts(str(value)))
        except shift_patterns.PatternError:
            return str(value)


class PerShift(Kind):
    """People on each shift: "2", "2人"; blank → 2."""

    def parse(self, raw: object) -> int:
        text = str(super().parse(raw)).replace(" ", "")
        if not text:
            return 2
        match = re.fullmatch(r"(?:每班)?(\d{1,2})(?:人|名|个)?", text)
        if match is None:
            raise ValueError(f"“{text}”不是人数（写数字，如 2）")
        count = int(match.group(1))
        if not 1 <= count <= 20:
            raise ValueError(f"每班人数 {count} 不对（应为 1–20）")
        return count


DUTY_POST = RecordForm(
    name="duty_post",
    label="值班岗位",
    fields=(
        Field(
            "name",
            "岗位名称",
            Text(40),
            required=True,
            headers=("岗位", "值班岗位", "点位", "值守点", "卡点名称"),
            width=14,
        ),
        Field(
            "kind",
            "岗位类别",
            Choice(POST_KINDS, default=PostKind.CHECKPOINT.value, words=POST_KIND_WORDS),
            headers=("类别", "岗位类型", "任务"),
            width=8,
        ),
        Field(
            "pattern",
            "班次",
            ShiftPattern(),
            headers=("班次安排", "排班方式", "值班方式", "班次设置"),
            width=24,
            help="三班倒、两班倒、白天值守，或逐班写明",
        ),
        Field("per_shift", "每班人数", PerShift(), headers=("每班", "人数", "每班人员"), width=6),
        Field(
            "needs_leader",
            "需带班干部",
            YesNo(),
            headers=("带班", "需要带班", "是否带班", "带班干部"),
            width=6,
        ),
        Field(
            "checkpoint",
            "关联卡点",
            Text(60),
            headers=("卡点", "对应卡点"),
            stored=False,
            width=12,
            help="卡点值守岗位对应的卡点（卡点登记中的名称）",
        ),
        Field("head", "负责人", Name(), headers=("岗位负责人", "责任人", "带班领导"), width=8),
        replace(phone_field("负责人电话"), name="head_phone"),
        Field("note", "备注", Text(500), headers=("说明",), width=16),
    ),
)
