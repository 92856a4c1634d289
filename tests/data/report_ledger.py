"""A ledger made day by day for the report tests: the audit trail's clock set to each working moment, so a
report of a past day has later changes to leave out. Everything goes through the save path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import pytest

from db import changes
from db import quarantine_actions as qa
from db.models import Grid, Household, Person, Policy, Village

HOME_POLICY = "14天居家隔离医学观察"
CENTRAL_POLICY = "7天集中隔离+7天居家健康监测"
#: ID numbers of the people made by `people` (valid check digits), so a list can be checked for them in full.
IDS = ("11010519491231002X", "110105194912310029", "110105195001010018", "110105195001010034")


@contextmanager
def at(moment: datetime, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The clerk works at this moment (what the audit trail records)."""
    with monkeypatch.context() as m:
        m.setattr(changes, "clock", lambda: moment)
        yield


def people(count: int) -> list[int]:
    """A village of one grid with `count` households of one person each (the first ones with ID numbers)."""
    with changes.transaction("测试村庄", who="测试") as cs:
        cs.create(Village, {"name": "东风村", "township": "红旗镇", "clerk": "李文书", "office_phone": "0371-6123"})
        grid = cs.create(Grid, {"name": "一组", "sort_order": 1})
        ids = []
        for n in range(count):
            house = cs.create(Household, {"number": f"01-{n:04d}", "grid": grid.id, "door_no": f"{n + 1}号"})
            values = {"household": house.id, "name": f"村民{n + 1}", "relation": "户主", "phone": f"1381234{n:04d}"}
            if n < len(IDS):
                values["id_number"] = IDS[n]
            ids.append(cs.create(Person, values).id)
    return ids


def open_case(person: int, start: date, policy: str = HOME_POLICY) -> int:
    values = {"policy": Policy.get(Policy.name == policy).id, "start_date": start, "reason": "密切接触者"}
    return qa.open_case(person, values).id
