"""Opening a case: the one helper (quarantine_actions.open_case_in) that 登记管控 and an import both use."""

from __future__ import annotations

from datetime import date
from typing import Any

from db import changes
from db import quarantine_actions as qa
from db.models import Case, CaseEvent, Policy
from db.models.quarantine import CaseKind, EventKind

NOV_1 = date(2026, 11, 1)


def _values(policy_name: str, **values: Any) -> dict[str, Any]:
    policy = Policy.get(Policy.name == policy_name)
    return {"policy": policy.id, "stages": policy.stages, "count_from": policy.count_from, **values}


def _events(case: Case) -> list[tuple[str, date, str, str]]:
    query = CaseEvent.select().where(CaseEvent.case == case.id).order_by(CaseEvent.id)
    return [(e.kind, e.on, e.reason, e.status_after) for e in query]


def test_a_case_over_when_registered_gets_its_closing_event(village: dict[str, int]) -> None:
    home = _values("14天居家隔离医学观察", kind=CaseKind.HOME.value, start_date=NOV_1, reason="密切接触者")
    with changes.transaction("测试") as cs:
        released = qa.open_case_in(cs, village["zhang"], home, (EventKind.RELEASED, date(2026, 11, 15)), "按原台账导入")
        missing = (EventKind.MISSING, date(2026, 11, 5))
        lost = qa.open_case_in(cs, village["qian"], {**home, "seal_no": "自编-1"}, missing)
    released, lost = Case.get_by_id(released.id), Case.get_by_id(lost.id)
    assert (released.status, released.ended_on, released.seal_no) == ("解除", date(2026, 11, 15), "2026-0001")
    assert _events(released) == [
        ("开始", NOV_1, "密切接触者", "在管"),
        ("解除", date(2026, 11, 15), "按原台账导入", "解除"),
    ]
    # Missing is not over (找回 brings it back): no end day; a seal number given is kept.
    assert (lost.status, lost.ended_on, lost.seal_no) == ("失联外出", None, "自编-1")
    assert [kind for kind, *_rest in _events(lost)] == ["开始", "失联外出"]


def test_seal_numbers_come_from_the_caller_and_never_to_a_central_case(village: dict[str, int]) -> None:
    handed: list[int] = []

    def seal_number(year: int) -> str:
        handed.append(year)
        return f"{year}-0042"

    central = _values("7天集中隔离+7天居家健康监测", kind=CaseKind.CENTRAL.value, start_date=NOV_1)
    home = _values("14天居家隔离医学观察", kind=CaseKind.HOME.value, start_date=NOV_1)
    with changes.transaction("测试") as cs:
        at_site = qa.open_case_in(cs, village["zhang"], central, seal_number=seal_number)
        at_home = qa.open_case_in(cs, village["qian"], home, seal_number=seal_number)
    assert (at_site.seal_no, at_home.seal_no, handed) == ("", "2026-0042", [2026])
    assert Case.get_by_id(at_home.id).status == "在管"
