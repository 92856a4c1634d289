"""The roster rules, checked on any set of assignments: a roster the solver made, a swap the clerk asks for.

Each refusal is a sentence in Chinese naming the person, the shift and the rule ("李四 与 3月4日 东口卡点 夜班
间隔 0 小时，不足 12 小时"). The solver's open positions take their reasons from here too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from db.duty.problem import WEEKDAY_NAMES, Assignment, Problem, Shift, ShiftKey, week_of
from db.rules.chinese_dates import short_date

AWAY = "不可排班"
NIGHT = "不上夜班"
OVERLAP = "时段重叠"
REST = "休息不足"
WEEK = "每周上限"
APART = "不能同班"
FULL = "人员已满"
LEADER_SEAT = "带班干部"
CODES = (AWAY, NIGHT, OVERLAP, REST, WEEK, APART, FULL, LEADER_SEAT)


@dataclass(frozen=True)
class Refusal:
    """One broken rule: its code (one of CODES), the shift, the person (None for the shift's own rules), why."""

    code: str
    shift: ShiftKey
    person: int | None
    text: str


def hours_text(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:g}"


class RosterView:
    """Assignments indexed by person and by shift."""

    def __init__(self, problem: Problem, assignments: Iterable[Assignment]) -> None:
        self.problem = problem
        self.by_person: dict[int, list[Shift]] = defaultdict(list)
        self.by_shift: dict[ShiftKey, list[int]] = defaultdict(list)
        for a in assignments:
            self.add(a.shift, a.person)

    def add(self, key: ShiftKey, person: int) -> None:
        self.by_person[person].append(self.problem.shift(key))
        self.by_shift[key].append(person)

    def remove(self, key: ShiftKey, person: int) -> None:
        self.by_shift[key].remove(person)
        shifts = self.by_person[person]
        del shifts[next(i for i, s in enumerate(shifts) if s.key == key)]

    def assignments(self) -> list[Assignment]:
        return [Assignment(key, p) for key, people in self.by_shift.items() for p in people]


def person_refusals(view: RosterView, person_id: int, shift: Shift) -> list[Refusal]:
    """Why the person may not work `shift` beside their other shifts in `view` (the shift itself left out)."""
    problem = view.problem
    person = problem.person_by_id.get(person_id)
    key = shift.key
    if person is None:
        return [Refusal(AWAY, key, person_id, f"人员 {person_id} 不在值班人员名单中")]
    name = person.name
    found: list[Refusal] = []
    for day in shift.days_touched():
        if not person.free_on(day):
            found.append(
                Refusal(AWAY, key, person_id, f"{name} {short_date(day)}（周{WEEKDAY_NAMES[day.weekday()]}）不可排班")
            )
    if shift.is_night and person.no_night:
        found.append(Refusal(NIGHT, key, person_id, f"{name} 不上夜班"))
    rest = timedelta(hours=problem.rest_hours)
    others = [s for s in view.by_person.get(person_id, []) if s.key != key]
    for other in sorted(others, key=lambda s: s.start):
        if other.start < shift.end and shift.start < other.end:
            found.append(Refusal(OVERLAP, key, person_id, f"{name} 同一时段已在 {other.label} 值班"))
        else:
            gap = shift.start - other.end if other.start < shift.start else other.start - shift.end
            if gap < rest:
                found.append(
                    Refusal(
                        REST,
                        key,
                        person_id,
                        f"{name} 与 {other.label} 间隔 {hours_text(gap)} 小时，不足 {problem.rest_hours:g} 小时",
                    )
                )
    if person.max_per_week is not None:
        monday = week_of(shift.day)
        in_week = sum(week_of(s.day) == monday for s in others) + 1
        if in_week > person.max_per_week:
            sunday = monday + timedelta(days=6)
            found.append(
                Refusal(
                    WEEK,
                    key,
                    person_id,
                    f"{name} {short_date(monday)}—{short_date(sunday)} 这一周将排 {in_week} 班，"
                    f"每周最多 {person.max_per_week} 班",
                )
            )
    for mate in view.by_shift.get(key, []):
        if mate != person_id and problem.apart(person_id, mate):
            found.append(Refusal(APART, key, person_id, f"{name} 不能与 {problem.person_by_id[mate].name} 同班"))
    return found


def shift_refusals(view: RosterView, shift: Shift) -> list[Refusal]:
    """The shift's own rules: no more people than it needs, and the leader's seat kept for a leader."""
    people = view.by_shift.get(shift.key, [])
    found: list[Refusal] = []
    if len(people) > shift.needs:
        found.append(Refusal(FULL, shift.key, None, f"{shift.label} 排了 {len(people)} 人，只需 {shift.needs} 人"))
    leaderless = shift.needs_leader and not any(is_leader(view.problem, p) for p in people)
    if leaderless and people and len(people) > shift.needs - 1:
        found.append(
            Refusal(LEADER_SEAT, shift.key, None, f"{shift.label} 需带班干部，排满的 {len(people)} 人中没有干部")
        )
    return found


def is_leader(problem: Problem, person_id: int) -> bool:
    person = problem.person_by_id.get(person_id)
    return person is not None and person.is_leader


def check_roster(problem: Problem, assignments: Iterable[Assignment]) -> list[Refusal]:
    """Every rule the assignments break (each broken pair once per side)."""
    view = RosterView(problem, assignments)
    found: list[Refusal] = []
    seen: set[tuple[ShiftKey, int]] = set()
    for key, people in sorted(view.by_shift.items()):
        shift = problem.shift(key)
        for person in people:
            if (key, person) in seen:
                found.append(Refusal(OVERLAP, key, person, f"{shift.label} 重复排了同一人"))
                continue
            seen.add((key, person))
            found += person_refusals(view, person, shift)
        found += shift_refusals(view, shift)
    return found


def can_add(problem: Problem, view: RosterView, person: int, shift: Shift) -> list[Refusal]:
    """Why `person` may not be added to `shift` as the roster in `view` stands (empty: they may)."""
    view.add(shift.key, person)
    try:
        found = person_refusals(view, person, shift)
        found += shift_refusals(view, shift)
    finally:
        view.remove(shift.key, person)
    return found


def check_change(
    problem: Problem,
    assignments: Iterable[Assignment],
    removed: Iterable[Assignment],
    added: Iterable[Assignment],
) -> list[str]:
    """The reasons a change of the roster is refused: the rules it would break that the roster did not already
    break, for the people and shifts it touches. Empty: the change is allowed."""
    before = list(assignments)
    removed, added = list(removed), list(added)
    reasons: list[str] = []
    present = set(before)
    for a in removed:
        if a not in present:
            name = problem.person_by_id[a.person].name if a.person in problem.person_by_id else str(a.person)
            reasons.append(f"{name} 不在 {problem.shift(a.shift).label} 值班")
    if reasons:
        return reasons
    after_view = RosterView(problem, before)
    for a in removed:
        after_view.remove(a.shift, a.person)
    for a in added:
        after_view.add(a.shift, a.person)
    before_view = RosterView(problem, before)
    shifts = {a.shift for a in removed + added}

    def broken(view: RosterView) -> list[Refusal]:
        # Removing someone breaks only a shift's own rules; adding someone breaks their own (each pair of
        # shifts too close, or of people kept apart, said once, from the side of the person added).
        found: list[Refusal] = []
        for a in added:
            if a.shift in view.by_shift and a.person in view.by_shift[a.shift]:
                found += person_refusals(view, a.person, problem.shift(a.shift))
        for key in sorted(shifts):
            found += shift_refusals(view, problem.shift(key))
        return found

    old = {r.text for r in broken(before_view)}
    for r in broken(after_view):
        if r.text not in old and r.text not in reasons:
            reasons.append(r.text)
    return reasons


def check_replace(
    problem: Problem, assignments: Iterable[Assignment], shift: ShiftKey, out_person: int, in_person: int
) -> list[str]:
    """调班给: `in_person` takes `out_person`'s place on `shift`."""
    return check_change(problem, assignments, [Assignment(shift, out_person)], [Assignment(shift, in_person)])


def check_exchange(
    problem: Problem, assignments: Iterable[Assignment], a: int, shift_a: ShiftKey, b: int, shift_b: ShiftKey
) -> list[str]:
    """互换: a takes b's shift and b takes a's."""
    return check_change(
        problem,
        assignments,
        [Assignment(shift_a, a), Assignment(shift_b, b)],
        [Assignment(shift_b, a), Assignment(shift_a, b)],
    )
