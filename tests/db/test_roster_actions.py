"""The roster's use cases in db/: a household, a person, a move and the village settings, with their checks."""

from __future__ import annotations

import pytest

from db import roster_actions
from db.models import AuditEntry, Grid, Household, Person, Village
from db.roster_actions import FieldRefused
from db.village_actions import save_village_settings, village_settings


def test_a_household_number_is_free_within_its_grid_only(village):  # type: ignore[no-untyped-def]
    before = AuditEntry.select().count()
    with pytest.raises(FieldRefused) as refused:
        roster_actions.save_household({"grid_name": "一组", "number": "01-0001", "door_no": "9号"}, None, "新建户")
    assert (refused.value.field, refused.value.message) == ("number", "一组已有户号 01-0001")
    assert AuditEntry.select().count() == before and Household.select().count() == 2

    household_id, entries = roster_actions.save_household(
        {"grid_name": "二组", "number": "01-0001", "door_no": "9号"}, None, "新建户"
    )  # another grid: allowed
    household = Household.get_by_id(household_id)
    assert household.grid.name == "二组" and entries
    assert AuditEntry.get_by_id(entries[0]).summary == "新建户"


def test_editing_a_household_keeps_its_own_number(village):  # type: ignore[no-untyped-def]
    saved_id, _entries = roster_actions.save_household(
        {"grid_name": "一组", "number": "01-0001", "door_no": "13号"}, village["h1"], "修改户：01-0001"
    )
    assert saved_id == village["h1"] and Household.get_by_id(village["h1"]).door_no == "13号"


def test_an_id_number_belongs_to_one_person(village):  # type: ignore[no-untyped-def]
    values = {"name": "张小三", "relation": "子女", "sex": "男", "id_number": "11010519491231002X", "status": "在村"}
    with pytest.raises(FieldRefused) as refused:
        roster_actions.save_person(values, None, "新建人员", village["h2"])
    assert refused.value.field == "id_number"
    assert refused.value.message == "该身份证号已登记：张三丰（户号 01-0001）"
    assert Person.select().count() == 4

    same, _ = roster_actions.save_person(
        {"name": "张三丰", "id_number": "11010519491231002X"}, village["zhang"], "修改人员：张三丰"
    )
    assert same == village["zhang"]  # his own number is no clash
    new_id, entries = roster_actions.save_person({**values, "id_number": None}, None, "新建人员", village["h2"])
    assert Person.get_by_id(new_id).household_id == village["h2"] and len(entries) == 1


def test_moving_a_person_is_one_move_in_the_trail(village):  # type: ignore[no-untyped-def]
    entries = roster_actions.move_person(village["zhang"], village["h2"])
    person = Person.get_by_id(village["zhang"])
    assert person.household_id == village["h2"]
    entry = AuditEntry.get_by_id(entries[0])
    assert (entry.action, entry.summary, len(entries)) == ("move", "移户：张三丰", 1)
    assert person.search_text.endswith("二组3号")  # the search keys follow the new household


def test_first_village_settings_are_recorded_under_the_clerk_named(db_path):  # type: ignore[no-untyped-def]
    assert village_settings() == (None, [])
    save_village_settings(
        {"name": "东风村", "township": "红旗镇", "county": "平安县", "clerk": "李文书"},
        [(None, {"name": "一组", "sort_order": 1}), (None, {"name": "二组", "sort_order": 2})],
    )
    village, grids = village_settings()
    assert village is not None and village["name"] == "东风村"
    assert [values["name"] for _id, values in grids] == ["一组", "二组"]
    assert {e.who for e in AuditEntry.select()} == {"李文书"}
    assert {e.summary for e in AuditEntry.select()} == {"设置村庄信息"}

    one = grids[0][0]
    save_village_settings({**village, "name": "东风新村"}, [(one, {"name": "第一组", "sort_order": 1})])
    assert Village.select().count() == 1 and Village.get().name == "东风新村"
    assert Grid.get_by_id(one).name == "第一组" and Grid.select().count() == 2
