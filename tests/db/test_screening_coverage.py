"""Coverage of a round over the demo village, against the same figures counted from the roster in Python."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from db import screening_actions
from db.demo import build_demo_village
from db.models import Finding, Grid, Household, Person
from db.models.screening import DUE_STATUSES, VisitOutcome
from db.queries import screening
from db.rules.search_keys import natural_key

TODAY = date(2020, 2, 10)
DUE = {s.value for s in DUE_STATUSES}


@pytest.fixture
def demo(db_path: Path) -> Iterator[None]:
    build_demo_village(400, seed=17, today=TODAY)
    yield


def _plan_visits(round_id: int, households: list[Household]) -> dict[int, str]:
    """Visit most households with a mix of outcomes; the findings of 已排查 ones skip one person in five."""
    rng = random.Random(3)
    outcomes: dict[int, str] = {}
    for household in households:
        pick = rng.random()
        if pick < 0.2:
            continue  # not visited
        outcome = (
            VisitOutcome.SCREENED if pick < 0.8 else VisitOutcome.NOBODY_HOME if pick < 0.9 else VisitOutcome.REFUSED
        )
        if pick > 0.97:
            outcome = VisitOutcome.MOVED_AWAY
        members = [p.id for p in Person.select().where(Person.household == household.id)]
        met = [{"person": pid} for pid in members if rng.random() > 0.2] if outcome == VisitOutcome.SCREENED else []
        screening_actions.record_visit(round_id, household.id, TODAY, "", outcome.value, met)
        outcomes[household.id] = outcome.value
    return outcomes


def test_coverage_per_grid_and_in_total_matches_the_roster(demo: None) -> None:
    grids = list(Grid.select().order_by(Grid.sort_order))
    chosen = [g.id for g in grids[:4]]  # a round over some grids only
    r = screening_actions.new_round("第一轮拉网排查", TODAY, TODAY, chosen)
    households = list(Household.select().where(Household.grid.in_(chosen)))
    outcomes = _plan_visits(r.id, households)
    screened_people = {f.person_id for f in Finding.select(Finding.person)}

    expected: dict[int, Counter[str]] = defaultdict(Counter)
    for household in households:
        counts = expected[household.grid_id]
        counts["households_due"] += 1
        outcome = outcomes.get(household.id)
        if outcome in (VisitOutcome.SCREENED.value, VisitOutcome.MOVED_AWAY.value):
            counts["visited"] += 1
        counts["waiting"] += outcome == VisitOutcome.NOBODY_HOME.value
        counts["refused"] += outcome == VisitOutcome.REFUSED.value
        if outcome == VisitOutcome.MOVED_AWAY.value:
            continue
        for person in Person.select().where(Person.household == household.id):
            if person.status in DUE:
                counts["people_due"] += 1
                counts["screened"] += person.id in screened_people

    result = screening.coverage(r.id)
    fields = ("households_due", "visited", "waiting", "refused", "people_due", "screened")
    assert [c.grid_id for c in result.grids] == chosen
    for line in result.grids:
        assert {f: getattr(line, f) for f in fields} == {f: expected[line.grid_id][f] for f in fields}, line.grid
        assert line.worker == Grid.get_by_id(line.grid_id).worker
    assert {f: getattr(result.total, f) for f in fields} == {f: sum(c[f] for c in expected.values()) for f in fields}
    assert 0 < result.total.screened < result.total.people_due  # the plan left some out, and met some

    gaps = screening.gaps(r.id)
    open_ids = [h.id for h in households if outcomes.get(h.id) not in ("已排查", "已搬离")]
    assert sorted(g.household_id for g in gaps) == sorted(open_ids)
    order = {g.id: g.sort_order for g in grids}
    keys = [(order[Household.get_by_id(g.household_id).grid_id], natural_key(g.number)) for g in gaps]
    assert keys == sorted(keys)  # grid order, then 户号
    assert {g.outcome for g in gaps} == {screening.NOT_VISITED, "无人在家待复查", "拒绝配合"}
    assert result.total.not_visited == sum(1 for g in gaps if g.outcome == screening.NOT_VISITED)

    (line,) = screening.rounds()
    assert (line.id, line.grids) == (r.id, tuple(g.name for g in grids[:4]))
    assert line.coverage == result.total
