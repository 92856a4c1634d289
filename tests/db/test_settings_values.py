"""Typed settings in the database: defaults until saved, a range, the audit trail, the settings permission,
and the key-area days that the judging of findings reads."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from db import accounts, screening_actions, settings_values
from db.models import AuditEntry, Person, Role, Setting
from db.queries import screening
from db.session import NotAllowed
from db.settings_values import KEY_AREA_DAYS, PUSHED_DEADLINE_HOURS, SettingError


def test_defaults_until_a_value_is_saved(db_path: Path) -> None:
    assert settings_values.key_area_days() == 14
    assert settings_values.pushed_deadline_hours() == 24
    assert Setting.select().count() == 0  # reading writes nothing


def test_a_saved_value_is_kept_as_json_and_audited(db_path: Path) -> None:
    settings_values.set_value(KEY_AREA_DAYS, 21)
    settings_values.set_value(PUSHED_DEADLINE_HOURS, 48)
    assert (settings_values.key_area_days(), settings_values.pushed_deadline_hours()) == (21, 48)
    with sqlite3.connect(db_path) as connection:
        stored = dict(connection.execute("SELECT key, value FROM setting").fetchall())
    assert stored == {"key_area_days": "21", "pushed_deadline_hours": "48"}
    summaries = [e.summary for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert summaries == ["重点地区旅居史的天数改为 21 天", "核查名单的反馈时限改为 48 小时"]
    settings_values.set_value(KEY_AREA_DAYS, 10)
    assert settings_values.key_area_days() == 10
    before = AuditEntry.select().count()
    settings_values.set_value(KEY_AREA_DAYS, 10)  # the same again: nothing to record
    assert AuditEntry.select().count() == before


@pytest.mark.parametrize("bad", [0, 61, -3, True, "14"])
def test_a_value_out_of_range_is_refused_in_chinese(db_path: Path, bad: object) -> None:
    with pytest.raises(SettingError, match="重点地区旅居史的天数应"):
        settings_values.set_value(KEY_AREA_DAYS, bad)  # type: ignore[arg-type]
    assert Setting.select().count() == 0


def test_an_unreadable_stored_value_reads_as_the_default(db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("INSERT INTO setting (key, value) VALUES ('key_area_days', 'fourteen')")
        connection.execute("INSERT INTO setting (key, value) VALUES ('pushed_deadline_hours', ?)", (json.dumps(999),))
    assert settings_values.key_area_days() == 14
    assert settings_values.pushed_deadline_hours() == 24
    settings_values.set_value(KEY_AREA_DAYS, 14)  # written over, although it read as 14 already
    assert Setting.get_by_id("key_area_days").value == "14"


def test_only_the_settings_permission_may_change_one(db_path: Path) -> None:
    accounts.create_operator("李文书", Role.ADMIN, "admin-pass")
    accounts.create_operator("王录入", Role.ENTRY, "entry-pass")
    accounts.sign_in("王录入", "entry-pass")  # the conftest signs out after the test
    with pytest.raises(NotAllowed, match="没有“修改设置”的权限"):
        settings_values.set_value(KEY_AREA_DAYS, 7)
    with pytest.raises(NotAllowed):
        settings_values.set_value(KEY_AREA_DAYS, 14)  # refused even when nothing would change
    assert settings_values.key_area_days() == 14


def test_the_days_setting_judges_findings(village: dict[str, int]) -> None:
    """A return 10 days before the visit is recent under 14 days, not under 7; the register follows too."""
    screening_actions.save_key_area({"region_code": "420100", "counts_from": date(2020, 1, 23)})
    first = screening_actions.new_round("第一轮拉网排查", date(2020, 2, 1), date(2020, 2, 20))
    person = Person.get(Person.name == "张三丰")
    returned = {"person": person.id, "area_code": "420111", "returned_on": date(2020, 2, 1)}
    screening_actions.record_visit(first.id, village["h1"], date(2020, 2, 11), "", "已排查", [returned])
    assert [a.reasons for a in screening.abnormal_findings(first.id)] == [("14天内来自重点地区（武汉市）",)]
    assert [r.recent for r in screening.register(first.id) if r.person_id == person.id] == [True]
    settings_values.set_value(KEY_AREA_DAYS, 7)
    assert screening.abnormal_findings(first.id) == []
    assert [r.recent for r in screening.register(first.id) if r.person_id == person.id] == [False]
    settings_values.set_value(KEY_AREA_DAYS, 11)
    assert [a.reasons for a in screening.abnormal_findings(first.id)] == [("11天内来自重点地区（武汉市）",)]
