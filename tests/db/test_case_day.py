"""Where a case stands on a day (db.rules.case_day): the rule the daily isolation lists follow, on plain
records, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from db.models.quarantine import CaseKind, CaseStatus, EventKind
from db.rules import observation
from db.rules.case_day import DayState, on_list, stage_span, state_on

NOV = {n: date(2026, 11, n) for n in range(1, 31)}
TODAY = date(2026, 11, 24)
HOME, CENTRAL, MONITOR = CaseKind.HOME.value, CaseKind.CENTRAL.value, CaseKind.MONITOR.value
HOME_14 = f'[["{HOME}", 14]]'
SEVEN_SEVEN = f'[["{CENTRAL}", 7], ["{MONITOR}", 7]]'
HOME_KINDS = frozenset({HOME, MONITOR})
CENTRAL_KINDS = frozenset({CENTRAL})
ACTIVE, RELEASED, HOSPITAL = CaseStatus.ACTIVE.value, CaseStatus.RELEASED.value, CaseStatus.HOSPITAL.value


@dataclass(frozen=True)
class FakeCase:
    kind: str
    start_date: date
    last_day: date
    exposure_date: date | None
    stages: str
    count_from: str


@dataclass(frozen=True)
class FakeEvent:
    on: date
    kind: str
    status_after: str


def _case(
    kind: str = HOME,
    stages: str = HOME_14,
    start: date = NOV[1],
    exposure: date | None = None,
    count_from: str = "start",
) -> FakeCase:
    period = observation.period_of(observation.parse_stages(stages), start, exposure, count_from)
    return FakeCase(kind, start, period.last_day, exposure, stages, count_from)


def _event(on: date, kind: EventKind, status: CaseStatus = CaseStatus.ACTIVE) -> FakeEvent:
    return FakeEvent(on, kind.value, status.value)


def test_a_home_case_is_at_home_from_its_start_to_its_release_due() -> None:
    case = _case()
    assert state_on(case, [], NOV[3], TODAY) == DayState(HOME, NOV[1], NOV[15], ACTIVE, NOV[1], False)
    assert state_on(case, [], NOV[1], TODAY) is not None


def test_the_day_before_the_start_it_stands_nowhere() -> None:
    assert state_on(_case(), [], date(2026, 10, 31), TODAY) is None
    # counted from an exposure, day 1 may be before the start: still nowhere before the start itself
    late = _case(start=NOV[5], exposure=NOV[1], count_from="exposure")
    assert state_on(late, [], NOV[4], TODAY) is None
    assert state_on(late, [], NOV[5], TODAY) == DayState(HOME, NOV[5], NOV[16], ACTIVE, NOV[5], False)


def test_a_central_case_is_where_it_was_registered() -> None:
    case = _case(kind=CENTRAL)
    state = state_on(case, [], NOV[3], TODAY)
    assert state is not None and (state.kind, state.since, state.due) == (CENTRAL, NOV[1], NOV[15])
    assert on_list(case, [], CENTRAL_KINDS, NOV[3], TODAY) == (state, None)
    assert on_list(case, [], HOME_KINDS, NOV[3], TODAY) is None


def test_a_policy_of_stages_is_in_the_stage_of_the_day() -> None:
    case = _case(kind=CENTRAL, stages=SEVEN_SEVEN)
    assert state_on(case, [], NOV[3], TODAY) == DayState(CENTRAL, NOV[1], NOV[8], ACTIVE, NOV[1], False)
    assert state_on(case, [], NOV[10], TODAY) == DayState(MONITOR, NOV[8], NOV[15], ACTIVE, NOV[1], False)
    monitored = on_list(case, [], HOME_KINDS, NOV[10], TODAY)
    assert monitored is not None and monitored[0].kind == MONITOR  # 居家健康监测 is on the home list


def test_stage_span_before_and_after_the_period() -> None:
    period = observation.period_of(observation.parse_stages(SEVEN_SEVEN), NOV[5], None, "start")
    assert stage_span(period, NOV[1]) == (CENTRAL, NOV[5], NOV[11])
    assert stage_span(period, NOV[12]) == (MONITOR, NOV[12], NOV[18])
    assert stage_span(period, NOV[25]) == (MONITOR, NOV[12], NOV[18])  # release overdue: still its last stage


def test_a_transfer_home_to_central_puts_the_case_on_both_lists_that_day() -> None:
    case = _case(kind=CENTRAL)  # the case's kind is where it went once transferred
    events = [_event(NOV[5], EventKind.TO_CENTRAL)]
    assert state_on(case, events, NOV[4], TODAY) == DayState(HOME, NOV[1], NOV[15], ACTIVE, NOV[1], False)
    moved = DayState(CENTRAL, NOV[5], NOV[15], ACTIVE, NOV[5], True)
    assert state_on(case, events, NOV[5], TODAY) == moved
    assert on_list(case, events, CENTRAL_KINDS, NOV[5], TODAY) == (moved, None)
    left = on_list(case, events, HOME_KINDS, NOV[5], TODAY)
    assert left == (DayState(HOME, NOV[1], NOV[15], ACTIVE, NOV[1], False), moved)
    assert on_list(case, events, HOME_KINDS, NOV[6], TODAY) is None


def test_a_transfer_central_to_home_in_a_policy_of_stages() -> None:
    case = _case(kind=HOME, stages=SEVEN_SEVEN)
    events = [_event(NOV[4], EventKind.TO_HOME)]
    assert state_on(case, events, NOV[3], TODAY) == DayState(CENTRAL, NOV[1], NOV[8], ACTIVE, NOV[1], False)
    home = DayState(HOME, NOV[4], NOV[15], ACTIVE, NOV[4], True)
    assert state_on(case, events, NOV[10], TODAY) == home  # the transfer, not the stage, says where
    left = on_list(case, events, CENTRAL_KINDS, NOV[4], TODAY)
    assert (
        left is not None
        and left[0].kind == CENTRAL
        and left[1] == DayState(HOME, NOV[4], NOV[15], ACTIVE, NOV[4], True)
    )


def test_a_released_case_stands_on_its_release_day_and_not_after() -> None:
    case = _case()
    events = [_event(NOV[10], EventKind.RELEASED, CaseStatus.RELEASED)]
    assert state_on(case, events, NOV[9], TODAY) == DayState(HOME, NOV[1], NOV[15], ACTIVE, NOV[1], False)
    assert state_on(case, events, NOV[10], TODAY) == DayState(HOME, NOV[1], NOV[15], RELEASED, NOV[10], False)
    assert state_on(case, events, NOV[11], TODAY) is None


def test_a_case_sent_to_hospital_stands_that_day_only() -> None:
    case = _case(kind=CENTRAL)
    events = [_event(NOV[6], EventKind.HOSPITAL, CaseStatus.HOSPITAL)]
    state = state_on(case, events, NOV[6], TODAY)
    assert state is not None and (state.kind, state.status, state.status_since) == (CENTRAL, HOSPITAL, NOV[6])
    assert state_on(case, events, NOV[7], TODAY) is None


def test_a_missing_case_still_stands_and_a_found_one_is_running_again() -> None:
    case = _case()
    events = [_event(NOV[6], EventKind.MISSING, CaseStatus.MISSING), _event(NOV[8], EventKind.FOUND)]
    missing = state_on(case, events, NOV[7], TODAY)
    assert missing is not None and (missing.status, missing.status_since) == (CaseStatus.MISSING.value, NOV[6])
    found = state_on(case, events, NOV[9], TODAY)
    assert found is not None and (found.status, found.status_since) == (ACTIVE, NOV[8])


def test_days_ahead_only_up_to_the_last_day_and_an_overdue_case_until_today() -> None:
    case = _case()  # last day 14 November
    early = NOV[5]  # "today" before the period ends
    assert state_on(case, [], NOV[14], early) is not None
    assert state_on(case, [], NOV[15], early) is None  # expected to be released by then
    assert state_on(case, [], NOV[20], TODAY) is not None  # overdue, not released: still under observation
    assert state_on(case, [], TODAY + timedelta(days=1), TODAY) is None
