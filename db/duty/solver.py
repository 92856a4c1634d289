"""The duty-roster solver: who works which shift, by mixed-integer programming with HiGHS (highspy).

Two stages, exact together:

1. Time slots. Shifts of the same hours (and night flag) at different posts are interchangeable for every rule
   that concerns one person (days, nights, rest, weekly limit), so the first model decides z[p, i] = person p
   works one of slot i's shifts. Rows: a slot takes no more people than its open seats, and non-leaders no more
   than its seats that are not a leader's; one slot in every clique of slots closer than the rest (overlaps
   included); the weekly limit; two people kept apart never share a slot that has only one shift with room.
   Unfilled seats are the slack of the seat rows: the model is always feasible. Objectives, one after the other,
   each kept at its optimum for the next: most seats filled; the smallest spread (max − min) of shift counts,
   each divided by the person's share of the capacity (the shifts they could work at most), so a person free
   only at weekends is compared by their weekends; the same for night shifts; fewest changes to the previous plan.
2. Posts within a slot. The people of a slot are placed on its shifts (leaders on leader seats, the previous
   plan's post kept, people kept apart on different shifts): greedily, else by a small MIP. A slot whose people
   cannot be placed (people kept apart) adds a cut to stage 1 that forbids exactly that set, and stage 1 runs
   again, so the result is the optimum of the one big model.

The fairness objectives share a budget of `time_limit` seconds (filling always runs to its end; a later step gets
an even share of what is left with the steps after it, at least MIN_STEP_SECONDS); a step cut short keeps the
best roster found, and its bound is then the larger of the MIP's and the step's own (the LP relaxation's, rounded
up; for nights see Stage1.night_bound): the roster says which objectives are proven optimal. Each person's weight
is fixed by their availability alone (fixed shifts left out of account), so a re-run after a swap compares people
as before. Every MIP runs on a copy of the model as it stands, so each counts its time limit from its own start.

Dives make the large models fast: an LP relaxation solved by interior point and crossed over to a vertex has most
shifts whole; fixed at 1, they leave a MIP of a few hundred free shifts that HiGHS solves in a fraction of a second,
where the full MIP spends seconds on its root LP alone. A dive's roster that reaches the LP bound is proven optimal.
Filling and the count spread are solved together that way (Stage1.fill_and_spread_at_bound); the fewest changes
of a re-generation too (Stage1.dive). On the 30-day, 40-post, 300-person bench: filling and the spread proven in
~6.4 s, the changes of a re-generation in ~1.6 s. Nights are not proven there (30 found, bound 3): filling every
seat that can be takes every hour of the leading cadres, and with a 12-hour rest a person on duty every day can
only move forward through the day's 8-hour shifts (零点 → 八点 → 四点), so an every-day cadre who leads the night
shift on the last day has led it all month, and one on the 四点班 on the first day leads no night; the full MIP's
root LP alone took 97 s there without a better bound.
Measured and not kept: HiGHS's mip_lp_solver=ipm, primal simplex, heuristic effort 0.3, no symmetry detection,
presolve off (all slower on this MIP); night windows checked by LP and dived into (each LP 2 s, the dive finds
nothing); a soft night band in the dive (it stops filling); a night-spread start improved by swapping short runs of
days between two people (30 → 28 nights in 2.5 s of Python).

Seats left open are reported with the reason computed from the rules (db.duty.checks): a shift is never filled
wrongly.
"""

from __future__ import annotations

import math
import os
import sys
import time as clock
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt

from db.duty.checks import (
    APART,
    AWAY,
    FULL,
    LEADER_SEAT,
    NIGHT,
    OVERLAP,
    REST,
    WEEK,
    RosterView,
    is_leader,
    person_refusals,
)
from db.duty.problem import Assignment, Person, Problem, Shift, ShiftKey, week_of
from db.progress import Cancelled

Floats = npt.NDArray[np.float64]

TIME_LIMIT_SECONDS = 8.0
"""What the fairness objectives may take together (filling always runs to its end); past it the best roster found
so far is taken, and the result says which objectives are not proven optimal."""
MAX_CUT_ROUNDS = 50
MIN_STEP_SECONDS = 1.0
"""A fairness step never gets less, even when the steps before it used up the budget."""
BOUND_FIRST = True
"""Try filling and the count spread together at their LP bounds first (see Stage1.fill_and_spread_at_bound)."""
BOUND_FIRST_TRIES = 2
"""Spreads tried from the LP bound up (each a MIP within the budget)."""
INTERRUPTS = (
    highspy.cb.HighsCallbackType.kCallbackMipInterrupt,
    highspy.cb.HighsCallbackType.kCallbackIpmInterrupt,
    highspy.cb.HighsCallbackType.kCallbackSimplexInterrupt,
)
DEBUG_OUTPUT = False
"""True: HiGHS prints its log (for measuring a model by hand)."""


@dataclass(frozen=True)
class OpenSeat:
    """Seats of a shift left open, and why nobody could take them."""

    shift: Shift
    seats: int
    leader: bool
    """The leader's seat is among them."""
    reason: str


@dataclass(frozen=True)
class Objective:
    """One step of the lexicographic solve: its value, the solver's proven bound, the time it took."""

    name: str
    value: float
    bound: float
    seconds: float
    optimal: bool


@dataclass(frozen=True)
class Roster:
    """The solver's answer: the assignments of the range (fixed ones included) and the seats left open."""

    assignments: tuple[Assignment, ...]
    open_seats: tuple[OpenSeat, ...]
    seats: int
    filled: int
    spread: float
    """Max − min of the capacity-weighted shift counts, in shifts of the most available person."""
    night_spread: float
    changed: int
    """Assignments of the previous plan (future, not fixed) no longer in the roster."""
    objectives: tuple[Objective, ...] = ()
    cut_rounds: int = 0
    seconds: float = 0.0
    weights: dict[int, float] = field(default_factory=dict)
    """Person id -> factor their shift count is multiplied by for the spread (max capacity / their capacity)."""
    night_weights: dict[int, float] = field(default_factory=dict)

    @property
    def optimal(self) -> bool:
        return all(o.optimal for o in self.objectives)

    def proof_text(self) -> str:
        """For the clerk: which goals are proven the best possible, and which are only the best found in time."""
        if self.optimal:
            return "已证明是最优的排法。"
        proven = "、".join(GOAL_WORDS[o.name] for o in self.objectives if o.optimal)
        unproven = "、".join(GOAL_WORDS[o.name] for o in self.objectives if not o.optimal)
        said = f"{proven}已证明是最优；" if proven else ""
        return f"{said}{unproven}在限定时间内未能证明最优，这是找到的最好排法。"


GOAL_WORDS = {"空缺人次": "空缺最少", "班次差": "班次最平均", "夜班差": "夜班最平均", "改动": "改动最少"}


@dataclass
class Slot:
    """Shifts of the same hours at different posts, with each one's seats left and whether a leader's is."""

    start: datetime
    end: datetime
    is_night: bool
    shifts: list[Shift]
    room: dict[ShiftKey, int]
    leader_seat: dict[ShiftKey, bool]

    @property
    def seats(self) -> int:
        return sum(self.room.values())

    @property
    def leader_seats(self) -> int:
        return sum(self.leader_seat.values())

    @property
    def day(self) -> date:
        return self.shifts[0].day


class Rows:
    """Constraint rows collected as a sparse matrix, added to a Highs model in one call."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, index: Sequence[int], value: Sequence[float], lower: float, upper: float) -> None:
        self.starts.append(len(self.index))
        self.index.extend(index)
        self.value.extend(value)
        self.lower.append(lower)
        self.upper.append(upper)

    def into(self, h: highspy.Highs) -> None:
        if not self.lower:
            return
        h.addRows(
            len(self.lower),
            np.array(self.lower, dtype=np.float64),
            np.array(self.upper, dtype=np.float64),
            len(self.index),
            np.array(self.starts, dtype=np.int32),
            np.array(self.index, dtype=np.int32),
            np.array(self.value, dtype=np.float64),
        )
        self.clear()


_banner_done = False


def quiet_highs() -> highspy.Highs:
    """A Highs object. highspy prints its banner on stdout when the process makes its first one, before any
    option can be set: that one is made with file descriptor 1 pointed at /dev/null for the moment."""
    global _banner_done
    if _banner_done or DEBUG_OUTPUT:
        return highspy.Highs()  # type: ignore[no-untyped-call]
    _banner_done = True
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):
        return highspy.Highs()  # type: ignore[no-untyped-call]
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        return highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)


def new_highs(time_limit: float) -> highspy.Highs:
    h = quiet_highs()
    h.setOptionValue("output_flag", DEBUG_OUTPUT)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-7)
    h.setOptionValue("time_limit", time_limit)
    h.setOptionValue("random_seed", 7)
    return h


def free_for(person: Person, shift: Shift) -> bool:
    """The person's own availability: every day the shift touches, and nights."""
    if shift.is_night and person.no_night:
        return False
    return all(person.free_on(day) for day in shift.days_touched())


def build_slots(problem: Problem, fixed: RosterView) -> list[Slot]:
    grouped: dict[tuple[datetime, datetime, bool], list[Shift]] = defaultdict(list)
    for shift in problem.shifts:
        grouped[(shift.start, shift.end, shift.is_night)].append(shift)
    slots = []
    for (start, end, night), shifts in sorted(grouped.items()):
        room, leader_seat = {}, {}
        for s in shifts:
            there = fixed.by_shift.get(s.key, [])
            room[s.key] = max(0, s.needs - len(there))
            has_leader = any(problem.person_by_id[p].is_leader for p in there if p in problem.person_by_id)
            leader_seat[s.key] = s.needs_leader and not has_leader and room[s.key] > 0
        slots.append(Slot(start, end, night, shifts, room, leader_seat))
    return slots


def rest_cliques(slots: list[Slot], rest: timedelta) -> list[list[int]]:
    """Maximal sets of slots any two of which are closer than the rest (the slots stretched by the rest form an
    interval graph: its maximal cliques are the slots covering some slot's start)."""
    cliques: list[list[int]] = []
    order = sorted(range(len(slots)), key=lambda i: slots[i].start)
    for j in order:
        t = slots[j].start
        clique = [i for i in order if slots[i].start <= t < slots[i].end + rest]
        if cliques and set(clique) <= set(cliques[-1]):
            continue
        while cliques and set(cliques[-1]) <= set(clique):
            cliques.pop()
        cliques.append(clique)
    return cliques


def most_slots(slots: list[Slot], chosen: list[int], rest: timedelta) -> int:
    """How many of these slots one person could work, rest kept (earliest end first is optimal)."""
    count, free_from = 0, datetime.min
    for i in sorted(chosen, key=lambda i: slots[i].end):
        if slots[i].start >= free_from:
            count += 1
            free_from = slots[i].end + rest
    return count


def candidates(
    problem: Problem, fixed: RosterView, slots: list[Slot]
) -> tuple[dict[int, list[int]], dict[tuple[int, date], int]]:
    """Person id -> the slots they could take beside their fixed shifts, and (person, Monday) -> shifts left
    under their weekly limit."""
    rest = timedelta(hours=problem.rest_hours)
    found: dict[int, list[int]] = defaultdict(list)
    week_room: dict[tuple[int, date], int] = {}
    for person in problem.people:
        mine = fixed.by_person.get(person.id, [])
        for i, slot in enumerate(slots):
            if slot.seats == 0 or not free_for(person, slot.shifts[0]):
                continue
            if any(s.start < slot.end + rest and slot.start < s.end + rest for s in mine):
                continue
            if not any(
                room and not any(problem.apart(person.id, q) for q in fixed.by_shift.get(key, []))
                for key, room in slot.room.items()
            ):
                continue
            if person.max_per_week is not None:
                week = week_of(slot.day)
                if (person.id, week) not in week_room:
                    used = sum(week_of(s.day) == week for s in mine)
                    week_room[(person.id, week)] = person.max_per_week - used
                if week_room[(person.id, week)] <= 0:
                    continue
            found[person.id].append(i)
    return found, week_room


def capacity_of_person(
    problem: Problem, slots: list[Slot], chosen: list[int], person: Person, week_room: dict[tuple[int, date], int]
) -> int:
    """The most of these slots the person could work: rest kept, week by week under the weekly limit."""
    rest = timedelta(hours=problem.rest_hours)
    weeks: dict[date, list[int]] = defaultdict(list)
    for i in chosen:
        weeks[week_of(slots[i].day)].append(i)
    most = 0
    for week, inside in weeks.items():
        can = most_slots(slots, inside, rest)
        if person.max_per_week is not None:
            can = min(can, week_room[(person.id, week)])
        most += can
    return most


class Stage1:
    """The slot model, kept between cut rounds."""

    def __init__(
        self,
        problem: Problem,
        fixed: RosterView,
        slots: list[Slot],
        time_limit: float,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.problem, self.fixed, self.slots, self.time_limit = problem, fixed, slots, time_limit
        self.cancelled = cancelled
        self.deadline = clock.perf_counter() + time_limit
        self.steps_after = 0
        rest = timedelta(hours=problem.rest_hours)
        self.rest = rest
        self.columns: list[tuple[int, int]] = []  # (person id, slot index)
        self.column_of: dict[tuple[int, int], int] = {}
        found, self.week_room = candidates(problem, fixed, slots)
        for person in problem.people:
            for i in found.get(person.id, []):
                self.column_of[(person.id, i)] = len(self.columns)
                self.columns.append((person.id, i))
        n = len(self.columns)
        self.t_max, self.t_min, self.n_max, self.n_min = n, n + 1, n + 2, n + 3
        self.h = new_highs(time_limit)
        h = self.h
        self.count_col = {person.id: n + 4 + k for k, person in enumerate(problem.people)}
        self.night_col = {person.id: n + 4 + len(problem.people) + k for k, person in enumerate(problem.people)}
        width = self.width = n + 4 + 2 * len(problem.people)
        lower = np.zeros(width)
        upper = np.ones(width)
        upper[n:] = highspy.kHighsInf
        h.addVars(width, lower, upper)
        h.changeColsIntegrality(
            width, np.arange(width, dtype=np.int32), np.full(width, highspy.HighsVarType.kInteger.value, dtype=np.uint8)
        )
        self.by_person: dict[int, list[int]] = defaultdict(list)
        self.by_slot: dict[int, list[int]] = defaultdict(list)
        for c, (p, i) in enumerate(self.columns):
            self.by_person[p].append(c)
            self.by_slot[i].append(c)
        rows = Rows()
        leaders = {p.id for p in problem.people if p.is_leader}
        for i, slot in enumerate(slots):
            cols = self.by_slot.get(i, [])
            if not cols:
                continue
            rows.add(cols, [1.0] * len(cols), 0.0, slot.seats)
            plain = [c for c in cols if self.columns[c][0] not in leaders]
            if plain and len(plain) > slot.seats - slot.leader_seats:
                rows.add(plain, [1.0] * len(plain), 0.0, slot.seats - slot.leader_seats)
            open_shifts = [k for k, room in slot.room.items() if room]
            if len(open_shifts) == 1:
                here = {self.columns[c][0]: c for c in cols}
                for p, c in here.items():
                    for q in problem.person_by_id[p].not_with:
                        if q in here and (q > p or p not in problem.person_by_id[q].not_with):
                            rows.add([c, here[q]], [1.0, 1.0], 0.0, 1.0)
        for clique in rest_cliques(slots, rest):
            members = set(clique)
            for cols in self.by_person.values():
                inside = [c for c in cols if self.columns[c][1] in members]
                if len(inside) > 1:
                    rows.add(inside, [1.0] * len(inside), 0.0, 1.0)
        for person in problem.people:
            if person.max_per_week is None:
                continue
            weeks: dict[date, list[int]] = defaultdict(list)
            for c in self.by_person.get(person.id, []):
                weeks[week_of(slots[self.columns[c][1]].day)].append(c)
            for week, cols in weeks.items():
                room = self.week_room[(person.id, week)]
                if len(cols) > room:
                    rows.add(cols, [1.0] * len(cols), 0.0, room)
        self.weights, self.night_weights = self.fairness_rows(rows)
        rows.add([self.t_max, self.t_min], [1.0, -1.0], 0.0, highspy.kHighsInf)
        rows.add([self.n_max, self.n_min], [1.0, -1.0], 0.0, highspy.kHighsInf)
        rows.into(h)
        self.solution: highspy.HighsSolution | None = None

    def fairness_rows(self, rows: Rows) -> tuple[dict[int, float], dict[int, float]]:
        """Rows t_min <= weight * count <= t_max for every person who can serve, and the same for nights."""
        problem, slots = self.problem, self.slots
        result: list[dict[int, float]] = []
        all_capacity: dict[int, int] = {}
        top_capacity = 1
        for night, (top, bottom) in ((False, (self.t_max, self.t_min)), (True, (self.n_max, self.n_min))):
            capacity: dict[int, int] = {}
            served: dict[int, int] = {}
            for person in problem.people:
                if night and person.no_night:
                    continue
                mine = [
                    s
                    for s in self.fixed.by_person.get(person.id, [])
                    if problem.in_range(s.key) and (s.is_night or not night)
                ]
                # The capacity leaves the fixed shifts out of account (as if none were fixed), so that a swap or a
                # day served does not change anyone's weight between two runs.
                free = [i for i, slot in enumerate(slots) if free_for(person, slot.shifts[0])]
                limit = {(person.id, week_of(slots[i].day)): person.max_per_week or 0 for i in free}
                most = capacity_of_person(problem, slots, free, person, limit)
                if most > 0 or mine:
                    capacity[person.id] = max(most, len(mine))
                    served[person.id] = len(mine)
            weights: dict[int, float] = {}
            if night:
                self.night_served = served
                # Nights are compared by the same availability as all shifts: a night-capacity weight would make
                # one night of a weekend-only person count as several.
                capacity = {p: c for p, c in capacity.items() if p in result[0]}
                top_capacity = max(all_capacity.values(), default=1)
                capacity_of = all_capacity
            else:
                all_capacity = capacity
                capacity_of = capacity
            if capacity:
                if not night:
                    top_capacity = max(capacity.values())
                for p in capacity:
                    w = top_capacity / capacity_of[p]
                    weights[p] = w
                    cols = [c for c in self.by_person.get(p, []) if slots[self.columns[c][1]].is_night or not night]
                    # The count as an integer column of its own: branching on it is what proves a spread.
                    count = (self.night_col if night else self.count_col)[p]
                    rows.add([*cols, count], [1.0] * len(cols) + [-1.0], -served[p], -served[p])
                    rows.add([count, top], [w, -1.0], -highspy.kHighsInf, 0.0)
                    rows.add([count, bottom], [w, -1.0], 0.0, highspy.kHighsInf)
            result.append(weights)
        return result[0], result[1]

    def add_cut(self, slot: int, people: set[int]) -> None:
        """Forbid exactly this set of people in this slot."""
        cols = self.by_slot[slot]
        inside = [c for c in cols if self.columns[c][0] in people]
        outside = [c for c in cols if self.columns[c][0] not in people]
        rows = Rows()
        rows.add(inside + outside, [1.0] * len(inside) + [-1.0] * len(outside), -highspy.kHighsInf, len(inside) - 1)
        rows.into(self.h)

    def solve(self, previous: set[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[Objective]]:
        """The lexicographic solve; returns the chosen (person, slot) pairs."""
        n = len(self.columns)
        fill_costs = {c: -1.0 for c in range(n)}
        steps: list[tuple[str, dict[int, float]]] = [
            ("空缺人次", fill_costs),
            ("班次差", {self.t_max: 1.0, self.t_min: -1.0}),
            ("夜班差", {self.n_max: 1.0, self.n_min: -1.0}),
        ]
        kept = [self.column_of[pair] for pair in previous if pair in self.column_of]
        if kept:
            steps.append(("改动", {c: -1.0 for c in kept}))
        objectives = self.fill_and_spread_at_bound(fill_costs, steps[1][1]) if BOUND_FIRST else []
        for objective, (_, costs) in zip(objectives, steps, strict=False):
            self.bound_row(costs, objective.value, objective.name)
        for k, (name, costs) in enumerate(steps[len(objectives) :], start=len(objectives)):
            self.steps_after = len(steps) - k - 1
            start = clock.perf_counter()
            if name == "空缺人次":
                objective = self.search(name, costs, -math.inf, highspy.kHighsInf)
            elif name == "改动":
                objective = self.dive(name, costs)
            else:
                bound = self.night_bound(round(-objectives[0].value)) if name == "夜班差" else self.lp_bound(costs)
                objective = self.search(name, costs, bound, self.left())
            objectives.append(replace(objective, seconds=clock.perf_counter() - start))
            self.bound_row(costs, objective.value, name)
        chosen_values = self.solution.col_value if self.solution is not None else []
        chosen = [self.columns[c] for c in range(n) if chosen_values[c] > 0.5]
        self.drop_bound_rows(len(objectives))
        return chosen, objectives

    def left(self) -> float:
        """A step's share of the fairness budget left: even with the steps after it, at least MIN_STEP_SECONDS."""
        return max(MIN_STEP_SECONDS, (self.deadline - clock.perf_counter()) / (1 + self.steps_after))

    def bound_row(self, costs: dict[int, float], value: float, name: str) -> None:
        """Keep an objective at the value found for the objectives after it."""
        index = list(costs)
        values = [costs[c] for c in index]
        slack = 0.5 if name in ("空缺人次", "改动") else 1e-6 * max(1.0, abs(value))
        rows = Rows()
        rows.add(index, values, -highspy.kHighsInf, value + slack)
        rows.into(self.h)

    def search(self, name: str, costs: dict[int, float], bound: float, time_limit: float) -> Objective:
        """The objective by the MIP itself from the roster found so far, until optimal or the time limit; the
        result's bound is the larger of the MIP's and `bound`."""
        status, value, mip_bound, found = self.run(costs, time_limit, with_start=True)
        if found.value_valid and solution_value(found, costs) > value + 1e-6:
            # highspy 1.16 may hand back the start itself when presolve found the start better in its reduced
            # space than in the full one: run again without a start.
            status, value, mip_bound, found = self.run(costs, time_limit, with_start=False)
        if found.value_valid or self.solution is None:
            self.solution = self.tightened(found)
        value = solution_value(self.solution, costs)
        if status == highspy.HighsModelStatus.kOptimal:
            return Objective(name, value, value, 0.0, True)
        bound = max(bound, mip_bound)
        return Objective(name, value, bound, 0.0, value <= bound + 1e-6)

    def dive(self, name: str, costs: dict[int, float]) -> Objective:
        """The objective by a dive first: the LP relaxation's vertex, its whole shifts fixed, then the MIP over the
        rest, optimal when it reaches the LP bound; else the MIP's search from the better roster."""
        lp = self.relaxed(costs, vertex=True)
        if lp is None:
            return self.search(name, costs, -math.inf, self.left())
        bound = lp_ceil(lp[0])
        found = self.mip(costs, *self.bounds(), self.left(), lp[1])
        if found is not None and (
            self.solution is None or solution_value(found, costs) < solution_value(self.solution, costs)
        ):
            self.solution = self.tightened(found)
        value = solution_value(self.solution, costs) if self.solution is not None else math.inf
        if value <= bound + 1e-6:
            return Objective(name, value, bound, 0.0, True)
        return self.search(name, costs, bound, self.left())

    def fill_and_spread_at_bound(self, fill_costs: dict[int, float], spread_costs: dict[int, float]) -> list[Objective]:
        """Filling and the count spread at once, when their LP bounds are reached: the LP bound F of filling,
        the LP bound S of the spread with F seats filled (and top, the highest weighted count of that LP
        optimum, rounded up), then a MIP that fills the most seats with every weighted count inside
        [top − S, top]: first with the shifts whole in the spread LP's vertex fixed (a dive: on the bench it
        fills F in a fifth of a second), then without. When it fills F seats both are proven optimal (neither
        can do better than its bound); when only S + 1 does, filling is, and the spread step starts from that
        roster (one objective returned). Empty when neither does within the budget (the steps then run one by
        one): the bounds on the counts make this MIP far easier than the min-max one, whose max and min
        columns leave its LP loose."""
        n = len(self.columns)
        if not self.weights or n == 0:
            return []
        start = clock.perf_counter()
        fill_lp = self.relaxed(fill_costs)
        if fill_lp is None:
            return []
        fill = lp_ceil(fill_lp[0])
        spread_lp = self.relaxed(spread_costs, kept=(fill_costs, fill), vertex=True)
        if spread_lp is None:
            return []
        spread = lp_ceil(spread_lp[0])
        top = lp_ceil(spread_lp[1][self.t_max])
        for target in range(spread, spread + BOUND_FIRST_TRIES):
            lower, upper = self.bounds()
            lo = top - target
            for p, w in self.weights.items():
                c = self.count_col[p]
                lower[c] = max(lower[c], math.ceil(lo / w - 1e-9))
                upper[c] = min(upper[c], math.floor(top / w + 1e-9))
            lower[self.t_min] = upper[self.t_min] = lo
            lower[self.t_max] = upper[self.t_max] = top
            if (lower > upper).any():
                continue
            found = None
            for vertex in [spread_lp[1], None] if target == spread else [None]:
                found = self.mip(fill_costs, lower, upper, self.deadline - clock.perf_counter(), vertex)
                if found is not None and solution_value(found, fill_costs) <= fill + 1e-6:
                    break
                found = None
            if found is None:
                continue
            self.solution = self.tightened(found)
            seconds = clock.perf_counter() - start
            done = [Objective("空缺人次", float(fill), float(fill), seconds, True)]
            if target == spread:
                done.append(Objective("班次差", float(spread), float(spread), 0.0, True))
            # Else filling is proven and the spread step starts from this roster of spread `target`.
            return done
        return []

    def night_bound(self, filled: int) -> float:
        """A lower bound of the night spread where the LP relaxation's is 0 (it splits nights at will): the
        narrowest window of whole numbers [low, high] that could hold every weighted night count, each
        person's nights between those served and those plus their night candidates, all of them together
        taking every night seat but those that may stay open (the open seats of the filling optimum)."""
        people = []
        for p, w in self.night_weights.items():
            least = self.night_served[p]
            cols = sum(1 for c in self.by_person.get(p, []) if self.slots[self.columns[c][1]].is_night)
            people.append((w, least, least + cols))
        if not people:
            return 0.0
        seats = sum(s.seats for s in self.slots)
        night_seats = sum(s.seats for s in self.slots if s.is_night)
        served = sum(k for _, k, _ in people)
        fewest, most = served + max(0, night_seats - (seats - filled)), served + night_seats
        top = max(math.ceil(w * k - 1e-9) for w, _, k in people)
        high = next(
            (b for b in range(top + 1) if sum(min(k, math.floor(b / w + 1e-9)) for w, _, k in people) >= fewest),
            top,
        )
        best = math.inf
        for low in range(top + 1):
            lows = [max(least, math.ceil(low / w - 1e-9)) for w, least, _ in people]
            if any(k > kmax for k, (_, _, kmax) in zip(lows, people, strict=True)) or sum(lows) > most:
                break  # a higher low needs still more nights
            b = max(high, *(math.ceil(w * k - 1e-9) for k, (w, _, _) in zip(lows, people, strict=True)))
            best = min(best, b - low)
        return float(best)

    def lp_bound(self, costs: dict[int, float]) -> float:
        """The LP relaxation's bound, rounded up (every objective takes whole values); -inf when not found."""
        lp = self.relaxed(costs)
        return -math.inf if lp is None else float(lp_ceil(lp[0]))

    def bounds(self) -> tuple[Floats, Floats]:
        lp = self.h.getLp()
        return np.array(lp.col_lower_), np.array(lp.col_upper_)

    def copy(self, costs: dict[int, float], time_limit: float, bounds: tuple[Floats, Floats] | None) -> highspy.Highs:
        """A Highs of its own for the model as it stands (rows of the objectives so far and cuts included), so
        that each solve counts its time limit from its own start."""
        width = self.width
        every = np.arange(width, dtype=np.int32)
        h = new_highs(time_limit)
        h.passModel(self.h.getModel())
        cost = np.zeros(width)
        for c, v in costs.items():
            cost[c] = v
        h.changeColsCost(width, every, cost)
        h.changeObjectiveSense(highspy.ObjSense.kMinimize)
        if bounds is not None:
            h.changeColsBounds(width, every, *bounds)
        if self.cancelled is not None:
            h.setCallback(self._interrupt, None)
            for kind in INTERRUPTS:
                h.startCallback(kind)
        return h

    def _interrupt(self, _kind: object, _message: str, _out: object, into: Any, _user: object) -> None:
        if into is not None and self.cancelled is not None and self.cancelled():
            into.user_interrupt = True

    @staticmethod
    def execute(h: highspy.Highs) -> None:
        """Run a model; the clerk's 取消 stops it in the middle (HiGHS asks the interrupt callbacks often)."""
        h.run()
        if h.getModelStatus() == highspy.HighsModelStatus.kInterrupt:
            raise Cancelled("已取消")

    def mip(
        self, costs: dict[int, float], lower: Floats, upper: Floats, time_limit: float, vertex: list[float] | None
    ) -> highspy.HighsSolution | None:
        """The best roster within these bounds that the MIP finds in the time; with `vertex`, the shifts whole
        in that LP vertex fixed (a dive)."""
        if time_limit <= 0:
            return None
        if vertex is not None:
            n = len(self.columns)
            lower = lower.copy()
            lower[:n][np.asarray(vertex[:n]) > 1 - 1e-6] = 1.0
        h = self.copy(costs, time_limit, (lower, upper))
        self.execute(h)
        found = h.getSolution()
        return found if found.value_valid else None

    def relaxed(
        self, costs: dict[int, float], kept: tuple[dict[int, float], float] | None = None, vertex: bool = False
    ) -> tuple[float, list[float]] | None:
        """The LP relaxation's optimum of `costs` by interior point (on these models several times faster than the
        simplex the MIP's root uses), `kept` objective at most its value; with `vertex`, crossed over to a vertex
        (most shifts whole). None when it does not finish."""
        width = self.width
        lp = self.copy(costs, 3 * self.time_limit, None)
        every = np.arange(width, dtype=np.int32)
        lp.changeColsIntegrality(width, every, np.full(width, highspy.HighsVarType.kContinuous.value, dtype=np.uint8))
        if kept is not None:
            rows = Rows()
            index = list(kept[0])
            rows.add(index, [kept[0][c] for c in index], -highspy.kHighsInf, kept[1] + 1e-6)
            rows.into(lp)
        lp.setOptionValue("solver", "ipm")
        lp.setOptionValue("run_crossover", "on" if vertex else "off")
        self.execute(lp)
        if lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return lp.getInfo().objective_function_value, list(lp.getSolution().col_value)

    def run(
        self, costs: dict[int, float], time_limit: float, with_start: bool
    ) -> tuple[highspy.HighsModelStatus, float, float, highspy.HighsSolution]:
        h = self.copy(costs, time_limit, None)
        if with_start and self.solution is not None:
            h.setSolution(self.solution)
        self.execute(h)
        status = h.getModelStatus()
        if status not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit):
            raise RuntimeError(f"排班求解失败：{h.modelStatusToString(status)}")
        info = h.getInfo()
        value = info.objective_function_value
        return status, value, info.mip_dual_bound if self.columns else value, h.getSolution()

    def tightened(self, solution: highspy.HighsSolution) -> highspy.HighsSolution:
        """The solution with the spread columns pulled onto the counts it has (an objective that did not price
        them leaves them anywhere), so that it starts the next objective at its true spread."""
        values = list(solution.col_value)
        for weights, counts, top, bottom in (
            (self.weights, self.count_col, self.t_max, self.t_min),
            (self.night_weights, self.night_col, self.n_max, self.n_min),
        ):
            levels = [weights[p] * round(values[counts[p]]) for p in weights]
            values[top] = math.ceil(max(levels, default=0.0) - 1e-9)
            values[bottom] = math.floor(min(levels, default=0.0) + 1e-9)
        # A fresh solution of column values only: handing HiGHS back its own solution object with some columns
        # changed made it report that start as optimal without searching (seen with highspy 1.16).
        start = highspy.HighsSolution()
        start.col_value = values
        start.value_valid = True
        return start

    def drop_bound_rows(self, count: int) -> None:
        """Remove the objective-bound rows so that a cut round starts from the plain model again."""
        total = self.h.getNumRow()
        self.h.deleteRows(count, np.arange(total - count, total, dtype=np.int32))


def lp_ceil(value: float) -> int:
    """A whole lower bound from an interior-point LP value: its error grows with the value (relative
    tolerance), so a value just above a whole number is not trusted to be above it."""
    return math.ceil(value - 1e-6 * max(1.0, abs(value)))


def solution_value(solution: highspy.HighsSolution, costs: dict[int, float]) -> float:
    values = solution.col_value
    return sum(v * values[c] for c, v in costs.items())


def place_slot(
    problem: Problem, slot: Slot, people: list[int], fixed: RosterView, previous: dict[int, set[ShiftKey]]
) -> dict[ShiftKey, list[int]] | None:
    """Place the slot's people on its shifts: greedily, else by a small MIP. None: they cannot all be placed."""
    placed = greedy_place(problem, slot, people, fixed, previous)
    if placed is not None:
        return placed
    return mip_place(problem, slot, people, fixed, previous)


def seat_ok(problem: Problem, slot: Slot, key: ShiftKey, person: int, on: dict[ShiftKey, list[int]]) -> bool:
    here = on[key]
    if len(here) >= slot.room[key]:
        return False
    if slot.leader_seat[key] and not problem.person_by_id[person].is_leader:
        leader_in = any(problem.person_by_id[q].is_leader for q in here)
        if not leader_in and len(here) >= slot.room[key] - 1:
            return False
    return True


def greedy_place(
    problem: Problem, slot: Slot, people: list[int], fixed: RosterView, previous: dict[int, set[ShiftKey]]
) -> dict[ShiftKey, list[int]] | None:
    on: dict[ShiftKey, list[int]] = {key: [] for key in slot.room}

    def fits(person: int, key: ShiftKey) -> bool:
        if not seat_ok(problem, slot, key, person, on):
            return False
        mates = on[key] + fixed.by_shift.get(key, [])
        return not any(problem.apart(person, q) for q in mates)

    left = []
    for person in people:
        keep = [k for k in previous.get(person, ()) if k in on and fits(person, k)]
        if keep:
            on[keep[0]].append(person)
        else:
            left.append(person)
    leaders = [p for p in left if problem.person_by_id[p].is_leader]
    others = [p for p in left if not problem.person_by_id[p].is_leader]
    for person in leaders:
        wanting = [k for k in on if slot.leader_seat[k] and not any(problem.person_by_id[q].is_leader for q in on[k])]
        target = next((k for k in wanting if fits(person, k)), None) or next((k for k in on if fits(person, k)), None)
        if target is None:
            return None
        on[target].append(person)
    for person in others:
        target = next((k for k in on if fits(person, k)), None)
        if target is None:
            return None
        on[target].append(person)
    return on


def mip_place(
    problem: Problem, slot: Slot, people: list[int], fixed: RosterView, previous: dict[int, set[ShiftKey]]
) -> dict[ShiftKey, list[int]] | None:
    keys = [k for k, room in slot.room.items() if room]
    columns = [(p, k) for p in people for k in keys if not any(problem.apart(p, q) for q in fixed.by_shift.get(k, []))]
    n = len(columns)
    if n == 0:
        return None if people else {k: [] for k in slot.room}
    h = new_highs(TIME_LIMIT_SECONDS)
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger.value, dtype=np.uint8)
    )
    cost = np.array([-1000.0 - (1.0 if k in previous.get(p, ()) else 0.0) for p, k in columns])
    h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
    rows = Rows()
    by_person: dict[int, list[int]] = defaultdict(list)
    by_key: dict[ShiftKey, list[int]] = defaultdict(list)
    for c, (p, k) in enumerate(columns):
        by_person[p].append(c)
        by_key[k].append(c)
    for cols in by_person.values():
        rows.add(cols, [1.0] * len(cols), 0.0, 1.0)
    for k, cols in by_key.items():
        rows.add(cols, [1.0] * len(cols), 0.0, slot.room[k])
        if slot.leader_seat[k]:
            plain = [c for c in cols if not problem.person_by_id[columns[c][0]].is_leader]
            if plain:
                rows.add(plain, [1.0] * len(plain), 0.0, slot.room[k] - 1)
        for a in range(len(cols)):
            for b in range(a + 1, len(cols)):
                if problem.apart(columns[cols[a]][0], columns[cols[b]][0]):
                    rows.add([cols[a], cols[b]], [1.0, 1.0], 0.0, 1.0)
    rows.into(h)
    h.run()
    values = h.getSolution().col_value
    on: dict[ShiftKey, list[int]] = {key: [] for key in slot.room}
    for c, (p, k) in enumerate(columns):
        if values[c] > 0.5:
            on[k].append(p)
    if sum(len(v) for v in on.values()) < len(people):
        return None
    return on


def solve(
    problem: Problem, time_limit: float = TIME_LIMIT_SECONDS, cancelled: Callable[[], bool] | None = None
) -> Roster:
    """The roster of the problem's range: fixed assignments kept, every seat filled that can be, fairly.
    `cancelled` returning True stops it with Cancelled, within a moment (even inside HiGHS)."""
    started = clock.perf_counter()
    fixed = RosterView(problem, [a for a in problem.fixed if a.person in problem.person_by_id])
    slots = build_slots(problem, fixed)
    slot_of = {s.key: i for i, slot in enumerate(slots) for s in slot.shifts}
    fixed_keys = set(problem.fixed)
    future_previous = [a for a in problem.previous if problem.in_range(a.shift) and a not in fixed_keys]
    previous_slots = {(a.person, slot_of[a.shift]) for a in future_previous if a.shift in slot_of}
    previous_posts: dict[int, set[ShiftKey]] = defaultdict(set)
    for a in future_previous:
        previous_posts[a.person].add(a.shift)
    stage = Stage1(problem, fixed, slots, time_limit, cancelled)
    rounds = 0
    while True:
        chosen, objectives = stage.solve(previous_slots)
        by_slot: dict[int, list[int]] = defaultdict(list)
        for p, i in chosen:
            by_slot[i].append(p)
        placed: dict[ShiftKey, list[int]] = {}
        failed = []
        for i, people in by_slot.items():
            on = place_slot(problem, slots[i], sorted(people), fixed, previous_posts)
            if on is None:
                failed.append(i)
            else:
                placed.update(on)
        if not failed or rounds >= MAX_CUT_ROUNDS:
            break
        rounds += 1
        for i in failed:
            stage.add_cut(i, set(by_slot[i]))
    new = [Assignment(k, p) for k, people in placed.items() for p in people]
    in_range_fixed = [a for a in problem.fixed if problem.in_range(a.shift)]
    assignments = tuple(sorted(set(in_range_fixed) | set(new), key=lambda a: (a.shift, a.person)))
    view = RosterView(problem, [*problem.fixed, *new])
    open_seats = tuple(open_seats_of(problem, view))
    seats = sum(s.needs for s in problem.shifts)
    counts: dict[int, int] = defaultdict(int)
    nights: dict[int, int] = defaultdict(int)
    for a in assignments:
        counts[a.person] += 1
        if problem.shift(a.shift).is_night:
            nights[a.person] += 1
    return Roster(
        assignments=assignments,
        open_seats=open_seats,
        seats=seats,
        filled=seats - sum(o.seats for o in open_seats),
        spread=weighted_spread(counts, stage.weights),
        night_spread=weighted_spread(nights, stage.night_weights),
        changed=len(set(future_previous) - set(assignments)),
        objectives=tuple(objectives),
        cut_rounds=rounds,
        seconds=clock.perf_counter() - started,
        weights=stage.weights,
        night_weights=stage.night_weights,
    )


def weighted_spread(counts: dict[int, int], weights: dict[int, float]) -> float:
    if not weights:
        return 0.0
    values = [counts.get(p, 0) * w for p, w in weights.items()]
    return max(values) - min(values)


WHY = {
    OVERLAP: "同一时段已在别处值班",
    REST: "与相邻班次间隔不足",
    WEEK: "本周已达上限",
    APART: "与本班人员不能同班",
    LEADER_SEAT: "不是干部，不能坐带班的位置",
    FULL: "本班已满",
}


def open_seats_of(problem: Problem, view: RosterView) -> list[OpenSeat]:
    """Every shift with seats left, and the reason counted over everyone who is not on it."""
    found = []
    cache: dict[tuple[int, datetime, datetime], set[str]] = {}
    for shift in problem.shifts:
        here = view.by_shift.get(shift.key, [])
        missing = shift.needs - len(here)
        if missing <= 0:
            continue
        leader_open = shift.needs_leader and not any(
            problem.person_by_id[p].is_leader for p in here if p in problem.person_by_id
        )
        reason = reason_for(problem, view, shift, here, leader_open, cache)
        found.append(OpenSeat(shift, missing, leader_open, reason))
    return found


def refusal_codes(
    problem: Problem,
    view: RosterView,
    person: Person,
    shift: Shift,
    here: list[int],
    cache: dict[tuple[int, datetime, datetime], set[str]],
) -> set[str]:
    """The codes can_add would give, the person's own rules looked up once per time slot (they are the same at
    every post of the slot): an open seat's reason asks them of everyone free, at each post left open."""
    key = (person.id, shift.start, shift.end)
    if key not in cache:
        cache[key] = {r.code for r in person_refusals(view, person.id, shift)} - {APART}
    codes = set(cache[key])
    if any(problem.apart(person.id, q) for q in here):
        codes.add(APART)
    if len(here) + 1 > shift.needs:
        codes.add(FULL)
    leaderless = shift.needs_leader and not person.is_leader and not any(is_leader(problem, q) for q in here)
    if leaderless and len(here) + 1 > shift.needs - 1:
        codes.add(LEADER_SEAT)
    return codes


def reason_for(
    problem: Problem,
    view: RosterView,
    shift: Shift,
    here: list[int],
    leader_open: bool,
    cache: dict[tuple[int, datetime, datetime], set[str]],
) -> str:
    rest = f"{problem.rest_hours:g} 小时"
    parts = []
    groups = [("带班干部", [p for p in problem.people if p.is_leader])] if leader_open else []
    if not leader_open or shift.needs - len(here) > 1:
        groups.append(("值守人员", list(problem.people)))
    for label, people in groups:
        free = [p for p in people if free_for(p, shift)]
        busy: dict[str, int] = defaultdict(int)
        for person in free:
            if person.id in here:
                continue
            codes = refusal_codes(problem, view, person, shift, here, cache) - {AWAY, NIGHT}
            code = next((c for c in (OVERLAP, REST, WEEK, APART, LEADER_SEAT, FULL) if c in codes), "")
            busy[code] += 1
        need = 1 if label == "带班干部" else shift.needs
        text = f"{label}不足（需 {need} 人，可用 {len(free)} 人"
        if busy:
            text += "，其中 " + "、".join(
                f"{n} 人{WHY.get(code, '可排但未排')}" + (f" {rest}" if code == REST else "")
                for code, n in sorted(busy.items(), key=lambda item: -item[1])
            )
        parts.append(text + "）")
    return "；".join(parts)
