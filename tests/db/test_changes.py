"""The one save path: one transaction per change, with its audit entry, and undo."""

from __future__ import annotations

import json

import peewee
import pytest

from db import changes
from db.errors import RecordInUse
from db.models import AuditEntry, Household, Person


def test_an_update_is_audited_with_before_and_after(village) -> None:  # type: ignore[no-untyped-def]
    changes.save(Person, {"phone": "13900001111"}, village["zhang"], "改电话")
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.who, entry.action, entry.table, entry.record_id) == ("李文书", "update", "person", village["zhang"])
    before, after = json.loads(entry.before), json.loads(entry.after)
    assert before["phone"] == "13812345678" and after["phone"] == "13900001111"
    assert "13900001111" in Person.get_by_id(village["zhang"]).search_text


def test_a_failed_change_leaves_nothing_behind(village) -> None:  # type: ignore[no-untyped-def]
    audits = AuditEntry.select().count()
    with pytest.raises(peewee.IntegrityError), changes.transaction("两个人同一身份证号") as cs:
        cs.create(Person, {"household": village["h1"], "name": "甲", "id_number": "110101199003070014"})
        cs.create(Person, {"household": village["h1"], "name": "乙", "id_number": "11010519491231002X"})
    assert Person.select().where(Person.name == "甲").count() == 0
    assert AuditEntry.select().count() == audits


def test_moving_a_household_updates_its_people_search_text(village) -> None:  # type: ignore[no-untyped-def]
    changes.save(Household, {"grid": village["grid_two"], "door_no": "99号"}, village["h1"])
    assert "二组99号" in Person.get_by_id(village["zhang"]).search_text


def test_undo_of_a_create_removes_the_record(village) -> None:  # type: ignore[no-untyped-def]
    person, entries = changes.save(Person, {"household": village["h1"], "name": "新生儿"})
    changes.undo(entries)
    assert Person.get_or_none(Person.id == person.id) is None
    assert AuditEntry.select().where(AuditEntry.action == "delete").count() == 1


def test_a_household_with_people_cannot_be_deleted(village) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RecordInUse), changes.transaction("删除户") as cs:
        cs.delete(Household.get_by_id(village["h1"]))
    assert Household.get_by_id(village["h1"])


def test_the_head_name_follows_the_head(village) -> None:  # type: ignore[no-untyped-def]
    changes.save(Person, {"name": "张三峰"}, village["zhang"])
    assert Household.get_by_id(village["h1"]).head_name == "张三峰"
