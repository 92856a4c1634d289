"""Other clocks: a day passed in that is earlier than what the ledger already recorded, a start still ahead,
dates of birth after "today". Stages never move backwards, a case counts from its start, no age raises."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from db import quarantine_actions as qa
from db.models import Case, CaseEvent, Person, Policy
from db.models.quarantine import CaseKind, EventKind
from db.queries import cases as case_queries
from db.rules.age import age_on
from forms.isolation_export import CENTRAL, HOME, list_rows

NOV_1 = date(2026, 11, 1)
SEVEN_SEVEN = "7天集中隔离+7天居家健康监测"


def _open(person_id: int, start: date, policy: str = SEVEN_SEVEN, **values: object) -> Case:
    return qa.open_case(
        person_id,
        {
            "policy": Policy.get(Policy.name == policy).id,
            "start_date": start,
            "reason": "密切接触者",
            "address": "一组12号",
            "grid_worker": "王网格",
            **values,
        },
    )


def _events(case_id: int) -> list[tuple[str, date]]:
    query = CaseEvent.select().where(CaseEvent.case == case_id).order_by(CaseEvent.id)
    return [(e.kind, e.on) for e in query]


# --- stages never move backwards -----------------------------------------------------------------


def test_a_clock_set_back_does_not_move_a_case_back_into_its_first_stage(village: dict[str, int]) -> None:
    case = _open(village["qian"], NOV_1)
    day_8, day_9 = NOV_1 + timedelta(days=7), NOV_1 + timedelta(days=8)
    assert qa.advance_stages(day_9) == 1
    after_day_8 = _events(case.id)
    assert after_day_8 == [(EventKind.OPENED.value, NOV_1), (EventKind.STAGE.value, day_8)]
    assert Case.get_by_id(case.id).kind == CaseKind.MONITOR.value

    # The clock is set back six days (day 3), then it runs on again past day 8.
    assert qa.advance_stages(day_9 - timedelta(days=6)) == 0
    assert Case.get_by_id(case.id).kind == CaseKind.MONITOR.value
    for day in range(3, 15):
        qa.advance_stages(NOV_1 + timedelta(days=day - 1))
    assert _events(case.id) == after_day_8  # no false 集中 event, 第8天 recorded once
    assert Case.get_by_id(case.id).kind == CaseKind.MONITOR.value


def test_a_transfer_the_clerk_recorded_is_not_undone_by_an_earlier_day(village: dict[str, int]) -> None:
    case = _open(village["qian"], NOV_1)
    day_3, day_8 = NOV_1 + timedelta(days=2), NOV_1 + timedelta(days=7)
    qa.change_status(case.id, EventKind.TO_HOME, NOV_1 + timedelta(days=4), "提前回家")  # day 5
    assert qa.advance_stages(day_3) == 0 and Case.get_by_id(case.id).kind == CaseKind.HOME.value
    assert qa.advance_stages(day_8) == 1  # the schedule goes on: 居家健康监测 from day 8
    recorded = _events(case.id)
    for day in (NOV_1, day_3, day_8, day_8 + timedelta(days=3)):
        assert qa.advance_stages(day) == 0
    assert _events(case.id) == recorded and Case.get_by_id(case.id).kind == CaseKind.MONITOR.value


def test_the_schedule_still_moves_a_case_forward_once(village: dict[str, int]) -> None:
    case = _open(village["qian"], NOV_1)
    assert qa.advance_stages(NOV_1 + timedelta(days=6)) == 0  # day 7: still central
    assert qa.advance_stages(NOV_1 + timedelta(days=7)) == 1  # day 8
    assert qa.advance_stages(NOV_1 + timedelta(days=7)) == 0
    assert [k for k, _on in _events(case.id)].count(EventKind.STAGE.value) == 1


# --- a case counts from its start ----------------------------------------------------------------


def test_the_home_page_counts_only_cases_that_have_started(village: dict[str, int]) -> None:
    today = NOV_1 + timedelta(days=3)
    li = Person.get(Person.name == "李秀英").id
    home = "14天居家隔离医学观察"
    past = _open(village["zhang"], today - timedelta(days=3), policy=home)
    started = _open(village["qian"], today, policy=home)
    ahead = _open(li, today + timedelta(days=2), policy=home, kind=CaseKind.CENTRAL.value, site="县党校")
    now = datetime.combine(today, datetime.min.time()).replace(hour=9)
    figures = case_queries.today(now)

    listed = {r["姓名"] for key in (HOME, CENTRAL) for r in list_rows(key, today, today)}
    assert listed == {"张三丰", "钱𠮷祥"}
    assert figures.active == len(listed) == 2
    assert (figures.counts["home"], figures.counts["central"]) == (2, 0)
    # Every figure opens the rows it counted, and none of them is the case still ahead.
    for figure in case_queries.FIGURES:
        lines = case_queries.figure_lines(figure.key, figures)
        assert len(lines) == figures.counts[figure.key], figure.key
        assert ahead.id not in {getattr(line, "id", None) for line in lines}, figure.key
    assert {c.id for c in case_queries.figure_lines("home", figures)} == {past.id, started.id}

    # On its start day it counts, and is on the central list.
    later = datetime.combine(today + timedelta(days=2), datetime.min.time()).replace(hour=9)
    assert case_queries.today(later).counts["central"] == 1
    assert [r["姓名"] for r in list_rows(CENTRAL, later.date(), later.date())] == ["李秀英"]


# --- no age raises ---------------------------------------------------------------------------------


@given(st.dates(), st.dates())
def test_an_age_is_never_an_error_and_never_negative(birth: date, today: date) -> None:
    age = age_on(birth, today)
    if birth > today:
        assert age is None
    else:
        assert age is not None and 0 <= age <= today.year - birth.year


def test_ages_of_people_born_on_29_february() -> None:
    leap = date(2000, 2, 29)
    assert age_on(leap, leap) == 0
    assert age_on(leap, date(2001, 2, 28)) == 0
    assert age_on(leap, date(2001, 3, 1)) == 1
    assert age_on(leap, date(2004, 2, 28)) == 3
    assert age_on(leap, date(2004, 2, 29)) == 4
    assert age_on(leap, date(2000, 2, 28)) is None
    assert age_on(date(2026, 1, 1), date(2000, 1, 1)) is None
