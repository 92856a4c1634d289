"""Which status changes a case offers (moves_for) and how early a release is (days_early), on real cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from db import changes
from db import quarantine_actions as qa
from db.models import Case, Person, Policy
from db.models.quarantine import STATUS_AFTER, CaseKind, CaseStatus, EventKind

NOV_1 = date(2026, 11, 1)
#: The moves a clerk records in 状态变更 (开始, 改用政策 and 转入下一阶段 are made elsewhere).
CLERK_MOVES = frozenset(EventKind) - {EventKind.OPENED, EventKind.POLICY, EventKind.STAGE}
#: The move that ends each status other than 在管, recorded on a running case to bring it there.
INTO = {status: kind for kind, status in STATUS_AFTER.items() if kind in CLERK_MOVES and status != CaseStatus.ACTIVE}
PAIRS = [(kind, status) for kind in CaseKind for status in CaseStatus]


def _case(household: int, kind: CaseKind, status: CaseStatus, n: int) -> Case:
    """A real case of this kind in this status (a new person each, as one person has one running case)."""
    with changes.transaction("测试人员", who="测试") as cs:
        person = cs.create(Person, {"household": household, "name": f"测试{n}", "relation": "其他", "sex": "男"})
    policy = Policy.get(Policy.name == "14天居家隔离医学观察")
    case = qa.open_case(person.id, {"policy": policy.id, "start_date": NOV_1, "kind": kind.value})
    if status != CaseStatus.ACTIVE:
        qa.change_status(case.id, INTO[status], NOV_1 + timedelta(days=3), "测试")
    return Case.get_by_id(case.id)


def test_every_status_has_a_way_in() -> None:
    assert set(INTO) == set(CaseStatus) - {CaseStatus.ACTIVE}


@pytest.mark.parametrize(("kind", "status"), PAIRS, ids=[f"{k.value}-{s.value}" for k, s in PAIRS])
def test_the_moves_offered_fit_the_kind_and_status(kind: CaseKind, status: CaseStatus) -> None:
    moves = qa.moves_for(kind.value, status.value)
    assert len(set(moves)) == len(moves) and set(moves) <= CLERK_MOVES
    if status == CaseStatus.ACTIVE:
        assert {EventKind.RELEASED, EventKind.HOSPITAL, EventKind.MISSING} <= set(moves)
        assert EventKind.FOUND not in moves
        # A transfer only to where the case is not.
        assert (EventKind.TO_CENTRAL in moves) == (kind != CaseKind.CENTRAL)
        assert (EventKind.TO_HOME in moves) == (kind == CaseKind.CENTRAL)
    elif status == CaseStatus.MISSING:
        assert moves == (EventKind.FOUND,)
    else:
        assert moves == ()  # released or in hospital: over


@pytest.mark.parametrize(("kind", "status"), PAIRS, ids=[f"{k.value}-{s.value}" for k, s in PAIRS])
def test_every_move_offered_is_one_the_save_path_takes(  # type: ignore[no-untyped-def]
    village, kind: CaseKind, status: CaseStatus
) -> None:
    """Each offered move, recorded on a real case of that kind and status, is accepted and lands where it says;
    a transfer changes the place; every move not offered is refused by the save path too."""
    offered = qa.moves_for(kind.value, status.value)
    for n, move in enumerate(offered):
        case = _case(village["h1"], kind, status, n)
        place = {"site": "红旗镇隔离点", "room": "1"} if move == EventKind.TO_CENTRAL else {}
        qa.change_status(case.id, move, NOV_1 + timedelta(days=5), "测试依据", place)
        after = Case.get_by_id(case.id)
        assert after.status == STATUS_AFTER[move].value
        if move in (EventKind.TO_CENTRAL, EventKind.TO_HOME):
            assert after.kind != kind.value
    case = _case(village["h1"], kind, status, len(offered))
    for move in CLERK_MOVES - set(offered):
        with pytest.raises(qa.CaseError):
            qa.change_status(case.id, move, NOV_1 + timedelta(days=5), "测试依据")


def test_days_early_counts_to_the_due_release_day(village) -> None:  # type: ignore[no-untyped-def]
    case = _case(village["h1"], CaseKind.HOME, CaseStatus.ACTIVE, 0)
    due = case.release_due
    assert due == case.last_day + timedelta(days=1)
    assert qa.days_early(case, due) == 0
    assert qa.days_early(case, due + timedelta(days=2)) == 0
    assert qa.days_early(case, case.last_day) == 1
    assert qa.days_early(case, case.start_date) == (due - case.start_date).days
