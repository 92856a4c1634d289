"""An abnormal finding opens its quarantine case in one action, and each then leads to the other."""

from __future__ import annotations

from datetime import date

import pytest

from db import screening_actions
from db.models import Case, CaseEvent, Finding, Person, Policy
from db.models.quarantine import CaseKind, CaseSource, CaseStatus
from db.quarantine_actions import CaseError
from db.screening_actions import ScreeningError

DAY = date(2026, 11, 2)


def _finding(village: dict[str, int]) -> Finding:
    r = screening_actions.new_round("第二轮拉网排查", date(2026, 11, 1), date(2026, 11, 7))
    zhang = Person.get((Person.household == village["h1"]) & (Person.name == "张三丰"))
    given = {
        "person": zhang.id,
        "temperature": 37.8,
        "symptoms": "咳嗽",
        "area_code": "420111",
        "returned_on": date(2026, 10, 30),
        "measure": "居家隔离",
    }
    visit = screening_actions.record_visit(r.id, village["h1"], DAY, "", "已排查", [given])
    return Finding.get((Finding.visit == visit.id) & (Finding.person == zhang.id))


def _home_policy() -> int:
    return next(p.id for p in Policy.select() if CaseKind.HOME.value in p.stages)


def test_an_abnormal_finding_opens_its_case_linked_both_ways(village: dict[str, int]) -> None:
    finding = _finding(village)
    case = screening_actions.open_case_from_finding(finding.id, {"policy": _home_policy()})
    stored = Case.get_by_id(case.id)
    assert stored.person_id == finding.person_id
    assert (stored.source, stored.reason, stored.origin) == (CaseSource.SCREENING.value, "重点地区返回", "武汉市洪山区")
    assert (stored.start_date, stored.exposure_date, stored.status) == (
        DAY,
        date(2026, 10, 30),
        CaseStatus.ACTIVE.value,
    )
    assert "第二轮拉网排查" in stored.note
    assert CaseEvent.select().where(CaseEvent.case == case.id).count() == 1  # its 开始
    assert Finding.get_by_id(finding.id).__data__["case"] == case.id  # the finding names its case
    assert [f.id for f in Finding.select().where(Finding.case == case.id)] == [finding.id]  # and the case its finding


def test_the_clerk_may_say_otherwise_and_a_second_case_is_refused(village: dict[str, int]) -> None:
    finding = _finding(village)
    values = {"policy": _home_policy(), "reason": "密切接触者", "start_date": date(2026, 11, 3)}
    case = screening_actions.open_case_from_finding(finding.id, values)
    assert (case.reason, case.start_date) == ("密切接触者", date(2026, 11, 3))
    cases = Case.select().count()
    with pytest.raises(ScreeningError, match="已按这次排查登记管控"):
        screening_actions.open_case_from_finding(finding.id, {"policy": _home_policy()})
    assert Case.select().count() == cases


def test_a_person_observed_already_gets_no_second_case_and_the_finding_stays_open(village: dict[str, int]) -> None:
    from db import quarantine_actions as qa

    finding = _finding(village)
    qa.open_case(finding.person_id, {"policy": _home_policy(), "start_date": date(2026, 10, 31)})
    cases = Case.select().count()
    with pytest.raises(CaseError, match="已在管控中"):
        screening_actions.open_case_from_finding(finding.id, {"policy": _home_policy()})
    assert Case.select().count() == cases
    assert Finding.get_by_id(finding.id).__data__["case"] is None
