"""Plain numbers before solving: where the people cannot cover the shifts whatever the roster.

Per time slot (the shifts of the same hours at every post): the seats against the people free then, and the
leader seats against the cadres free then ("3月4日 夜班：可用人员不足（需 2 人，可用 1 人）"). Over the range,
for all shifts, weekend shifts, night shifts and leader seats: the person-shifts needed against the most the
people could work, each alone, rest and weekly limits kept ("周末需 640 人次，可排 600 人次"). The second figure is
an upper bound (two people cannot both take the last seat), so a line here always means seats will stay open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from db.duty.checks import RosterView
from db.duty.problem import Problem
from db.duty.solver import Slot, build_slots, candidates, capacity_of_person
from db.rules.chinese_dates import short_date


@dataclass(frozen=True)
class Shortfall:
    """One place where the people fall short: what, how many needed, how many there are at most."""

    text: str
    needed: int
    available: int


def slot_name(slot: Slot) -> str:
    names = {s.name for s in slot.shifts}
    name = names.pop() if len(names) == 1 else f"{slot.start:%H:%M}—{slot.end:%H:%M}"
    return f"{short_date(slot.day)} {name}"


def precheck(problem: Problem) -> list[Shortfall]:
    """Every shortfall, the slots first in time order, then the range's totals."""
    fixed = RosterView(problem, [a for a in problem.fixed if a.person in problem.person_by_id])
    slots = build_slots(problem, fixed)
    found, week_room = candidates(problem, fixed, slots)
    leaders = {p.id for p in problem.people if p.is_leader}
    free_in: dict[int, set[int]] = {}
    for person, mine in found.items():
        for i in mine:
            free_in.setdefault(i, set()).add(person)
    shortfalls: list[Shortfall] = []
    for i, slot in enumerate(slots):
        free = free_in.get(i, set())
        if len(free) < slot.seats:
            shortfalls.append(
                Shortfall(
                    f"{slot_name(slot)}：可用人员不足（需 {slot.seats} 人，可用 {len(free)} 人）", slot.seats, len(free)
                )
            )
        free_leaders = len(free & leaders)
        if free_leaders < slot.leader_seats:
            shortfalls.append(
                Shortfall(
                    f"{slot_name(slot)}：带班干部不足（需 {slot.leader_seats} 人，可用 {free_leaders} 人）",
                    slot.leader_seats,
                    free_leaders,
                )
            )
    totals: list[tuple[str, Callable[[Slot], bool], bool]] = [
        ("全部班次", lambda s: True, False),
        ("周末", lambda s: s.day.weekday() >= 5, False),
        ("夜班", lambda s: s.is_night, False),
        ("带班干部", lambda s: True, True),
    ]
    for label, takes, lead in totals:
        inside = {i for i, slot in enumerate(slots) if takes(slot)}
        needed = sum(slots[i].leader_seats if lead else slots[i].seats for i in inside)
        most = sum(
            capacity_of_person(problem, slots, [i for i in found.get(p.id, []) if i in inside], p, week_room)
            for p in problem.people
            if not lead or p.id in leaders
        )
        if needed > most:
            verb = "可带班" if lead else "可排"
            shortfalls.append(Shortfall(f"{label}需 {needed} 人次，{verb} {most} 人次", needed, most))
    return shortfalls
