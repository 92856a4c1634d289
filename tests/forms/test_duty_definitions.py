"""The duty definitions (forms/definitions/duty_person.py, duty_post.py): the clerk's words for who someone
is, when they may serve and a post's shifts are read into what db.duty_actions keeps, and what cannot be read
is refused (or, for a kind, kept in the note) with a Chinese reason naming the field."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from db import duty_actions
from db.models import DutyPerson, DutyPost
from db.queries import duty_setup
from db.rules import shift_patterns
from forms.definitions import DUTY_PERSON, DUTY_POST
from forms.definitions.duty_person import limits_text, weekdays_text
from forms.definitions.duty_post import THREE_SHIFTS, TWO_SHIFTS, pattern_shifts, preset_name, shifts_text


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("干部", "村干部"),
        ("村两委", "村干部"),
        ("支书", "村干部"),
        ("党员干部", "村干部"),
        ("党员志愿者", "党员"),
        ("党员", "党员"),
        ("驻村干部", "下沉干部"),
        ("包村干部", "下沉干部"),
        ("第一书记", "下沉干部"),
        ("镇干部", "下沉干部"),
        ("辅警", "民警"),
        ("派出所民警", "民警"),
        ("乡村医生", "村医"),
        ("卫生室", "村医"),
        ("青年志愿者", "志愿者"),
        ("群众", "志愿者"),
        ("", "志愿者"),
    ],
)
def test_the_clerks_words_for_who_someone_is(words: str, kind: str) -> None:
    parsed = DUTY_PERSON.parse({"name": "张三", "kind": words})
    assert parsed.ok and parsed.values["kind"] == kind
    assert not parsed.warnings


def test_words_for_no_kind_are_a_volunteer_with_the_words_kept() -> None:
    parsed = DUTY_PERSON.parse({"name": "张三", "kind": "热心人"})
    assert parsed.ok and parsed.values["kind"] == "志愿者"
    assert parsed.values["note"] == "人员类别：热心人"
    assert [w.label for w in parsed.warnings] == ["人员类别"]


def test_a_cadre_leads_unless_a_column_says_otherwise() -> None:
    assert DUTY_PERSON.parse({"name": "甲", "kind": "支书"}).values["can_lead"] is True
    assert "can_lead" not in DUTY_PERSON.parse({"name": "乙", "kind": "党员"}).values
    assert DUTY_PERSON.parse({"name": "丙", "kind": "村干部", "can_lead": "否"}).values["can_lead"] is False


@pytest.mark.parametrize(
    ("words", "digits"),
    [
        ("", "1234567"),
        ("每天", "1234567"),
        ("周一至周五", "12345"),
        ("星期一到星期五", "12345"),
        ("工作日", "12345"),
        ("周末", "67"),
        ("一三五", "135"),
        ("周二、周四", "24"),
        ("1-3,6", "1236"),
        ("周六日", "67"),
    ],
)
def test_weekdays_in_the_clerks_words(words: str, digits: str) -> None:
    assert DUTY_PERSON.parse({"name": "甲", "weekdays": words}).values["weekdays"] == digits


def test_weekdays_that_cannot_be_read_are_refused() -> None:
    parsed = DUTY_PERSON.parse({"name": "甲", "weekdays": "看情况"})
    assert [str(e) for e in parsed.errors] == [
        "可值班日：“看情况”看不出是星期几（可写“周一至周五”“周末”“一三五”或“12345”）"
    ]


def test_days_away_need_their_year() -> None:
    parsed = DUTY_PERSON.parse({"name": "甲", "away": "2026-12-05、2026年12月7日"})
    assert parsed.values["away"] == [date(2026, 12, 5), date(2026, 12, 7)]
    refused = DUTY_PERSON.parse({"name": "甲", "away": "12月5日"})
    assert [str(e) for e in refused.errors] == ["不在日期：“12月5日”请写明年份，如 2026-12-05"]


@pytest.mark.parametrize(("words", "limit"), [("3", 3), ("3班", 3), ("每周最多3次", 3), ("", None), ("不限", None)])
def test_a_weekly_limit(words: str, limit: int | None) -> None:
    assert DUTY_PERSON.parse({"name": "甲", "max_per_week": words}).values["max_per_week"] == limit


def test_a_weekly_limit_out_of_range_is_refused() -> None:
    assert [str(e) for e in DUTY_PERSON.parse({"name": "甲", "max_per_week": "30"}).errors] == [
        "每周最多班次：每周最多班次 30 不对（应为 1–21）"
    ]


def test_limits_in_words() -> None:
    values = {"no_night": True, "max_per_week": 3, "weekdays": "12345", "away": [date(2026, 12, 5)]}
    assert limits_text(values) == "不上夜班 · 每周最多 3 班 · 周一至周五 · 12月5日不在"
    runs = {"weekdays": "135", "away": [date(2026, 12, 5), date(2026, 12, 6), date(2026, 12, 7), date(2026, 12, 10)]}
    assert limits_text(runs) == "周一、周三、周五 · 12月5日—12月7日、12月10日不在"
    assert limits_text(runs, since=date(2026, 12, 8)) == "周一、周三、周五 · 12月10日不在"
    assert limits_text({"weekdays": "1234567"}) == ""
    assert weekdays_text("67") == "周六、周日"


def test_the_table_columns_and_the_phone_masked() -> None:
    assert [f.label for f in DUTY_PERSON.table_fields] == [
        "姓名",
        "联系电话",
        "人员类别",
        "所在单位",
        "可带班",
        "值班限制",
        "不与谁同班",
        "备注",
    ]
    assert DUTY_PERSON.field("phone").kind.display("13812345678", masked=True) == "138****5678"


def test_a_parsed_person_is_what_save_person_keeps(db_path: Path) -> None:
    """What the definition reads goes into db.duty_actions as it is (weekdays, days away, limit)."""
    raw = {
        "name": "李 四",
        "phone": "138-1234-5678",
        "kind": "驻村干部",
        "weekdays": "周一至周五",
        "away": "2026-12-05",
        "no_night": "√",
        "max_per_week": "3班",
    }
    parsed = DUTY_PERSON.parse(raw)
    assert parsed.ok
    saved = duty_actions.save_person(parsed.values)
    kept = DutyPerson.get_by_id(saved.id)
    assert (kept.name, kept.phone, kept.kind, kept.can_lead) == ("李四", "13812345678", "下沉干部", True)
    assert (kept.weekdays, json.loads(kept.away), kept.no_night, kept.max_per_week) == (
        "12345",
        ["2026-12-05"],
        True,
        3,
    )
    line = duty_setup.person_line(saved.id)
    assert line is not None and limits_text(line.values()) == "不上夜班 · 每周最多 3 班 · 周一至周五 · 12月5日不在"


@pytest.mark.parametrize(
    ("words", "kind"),
    [("卡点", "卡点值守"), ("村口值守", "卡点值守"), ("巡查", "巡逻"), ("消毒", "消杀"), ("物资代购", "物资配送")],
)
def test_post_kinds_in_the_clerks_words(words: str, kind: str) -> None:
    assert DUTY_POST.parse({"name": "东口", "kind": words}).values["kind"] == kind


@pytest.mark.parametrize(
    ("words", "preset"),
    [
        ("三班倒", THREE_SHIFTS),
        ("24小时三班", THREE_SHIFTS),
        ("两班倒", TWO_SHIFTS),
        ("12小时一班", TWO_SHIFTS),
        ("", shift_patterns.DEFAULT_PRESET),
        ("白天值守", "白天值守（8:00–18:00）"),
    ],
)
def test_a_preset_in_the_clerks_words(words: str, preset: str) -> None:
    assert DUTY_POST.parse({"name": "东口", "pattern": words}).values["pattern"] == preset


def test_shifts_written_out() -> None:
    parsed = DUTY_POST.parse({"name": "东口", "pattern": "早班 6:00 8小时；中班 14:00-22:00、夜班 22点-6点"})
    assert parsed.ok
    shifts = pattern_shifts(parsed.values["pattern"])
    assert [(s.name, f"{s.start:%H:%M}", s.hours) for s in shifts] == [
        ("早班", "06:00", 8),
        ("中班", "14:00", 8),
        ("夜班", "22:00", 8),
    ]
    assert shifts_text(shifts) == "早班 06:00–14:00、中班 14:00–22:00、夜班 22:00–次日06:00"


def test_overlapping_shifts_are_refused_with_the_reason() -> None:
    parsed = DUTY_POST.parse({"name": "东口", "pattern": "早班 06:00 10小时；晚班 14:00-22:00"})
    assert [str(e) for e in parsed.errors] == ["班次：早班（06:00 起 10 小时）与晚班重叠"]


def test_a_parsed_post_is_what_save_post_keeps(db_path: Path) -> None:
    parsed = DUTY_POST.parse({"name": "东口卡点", "kind": "卡口", "pattern": "三班倒", "per_shift": "3人"})
    assert parsed.ok
    values = {k: v for k, v in parsed.values.items() if k != "checkpoint"}
    saved = duty_actions.save_post(values)
    kept = DutyPost.get_by_id(saved.id)
    assert (kept.kind, kept.per_shift) == ("卡点值守", 3)
    assert pattern_shifts(kept.pattern) == shift_patterns.PRESETS[THREE_SHIFTS]
    assert preset_name(kept.pattern) == THREE_SHIFTS
    assert DUTY_POST.field("pattern").kind.display(kept.pattern) == THREE_SHIFTS
    assert shifts_text(pattern_shifts(kept.pattern)) == "零点班 00:00–08:00、八点班 08:00–16:00、四点班 16:00–次日00:00"
