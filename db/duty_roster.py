"""Generating a duty roster for a date range, and the clerk's swaps: the tables read into the solver's problem
(db.duty.problem), the answer written back as shifts and assignments in one audited transaction.

What is kept as it is: every shift already begun (served, or being served), and every assignment the clerk
made by hand (fixed). The rest of the range is planned again, starting from the plan it had, so a change
moves as few people as it can. Seats left open keep their reason on the shift (DutyShift.open_reason).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from db import changes, settings_values
from db.duty import checks
from db.duty.precheck import Shortfall, precheck
from db.duty.problem import Assignment, Person, Post, Problem, Shift, ShiftKey, ShiftTime
from db.duty.solver import Roster, solve
from db.duty_actions import DutyError, away_days
from db.models import DutyApart, DutyAssignment, DutyPerson, DutyPost, DutyShift
from db.progress import Progress, check_cancelled
from db.rules import shift_patterns

#: Days before the range whose shifts count for the rest between shifts and the weekly limits.
LOOK_BACK_DAYS = 7
#: The longest range generated at once: a month and a little.
MOST_DAYS = 62


@dataclass(frozen=True)
class Generated:
    """What a generation did: the solver's answer, and the counts the clerk is told."""

    roster: Roster
    shifts: int
    added: int
    removed: int
    kept: int


def _people() -> tuple[Person, ...]:
    apart: dict[int, set[int]] = {}
    for pair in DutyApart.select():
        apart.setdefault(pair.first_id, set()).add(pair.second_id)
        apart.setdefault(pair.second_id, set()).add(pair.first_id)
    return tuple(
        Person(
            id=p.id,
            name=p.name,
            kind=p.kind,
            is_leader=p.can_lead,
            weekdays=frozenset(int(d) - 1 for d in p.weekdays),
            away=away_days(p),
            no_night=p.no_night,
            max_per_week=p.max_per_week,
            not_with=frozenset(apart.get(p.id, ())),
        )
        for p in DutyPerson.select().where(DutyPerson.active).order_by(DutyPerson.id)
    )


def _posts() -> tuple[Post, ...]:
    posts = []
    for post in DutyPost.select().where(DutyPost.active).order_by(DutyPost.sort_order, DutyPost.id):
        shifts = tuple(
            ShiftTime(s.name, s.start, s.hours, post.per_shift, post.needs_leader)
            for s in shift_patterns.from_json(post.pattern)
        )
        posts.append(Post(post.id, post.name, shifts))
    return tuple(posts)


def _kept_rows(first: date, last: date) -> list[DutyAssignment]:
    return list(
        DutyAssignment.select(DutyAssignment, DutyShift)
        .join(DutyShift)
        .where(DutyShift.day.between(first - timedelta(days=LOOK_BACK_DAYS), last))
    )


def problem_for(first: date, last: date, now: datetime) -> Problem:
    """The problem of the range as the tables stand: begun shifts and hand-made assignments fixed, the
    rest of the plan the previous one."""
    if last < first:
        raise DutyError(f"结束日期 {last:%Y-%m-%d} 早于开始日期 {first:%Y-%m-%d}")
    if (last - first).days + 1 > MOST_DAYS:
        raise DutyError(f"一次最多排 {MOST_DAYS} 天，请分段生成")
    people, posts = _people(), _posts()
    if not posts:
        raise DutyError("还没有值班岗位：请先在“岗位”中添加卡点、巡逻等岗位和班次")
    if not people:
        raise DutyError("还没有值班人员：请先在“值班人员”中添加")
    known_posts = {p.id: len(p.shifts) for p in posts}
    fixed, previous = [], []
    for row in _kept_rows(first, last):
        shift: DutyShift = row.shift
        if shift.seq >= known_posts.get(shift.post_id, 0):
            continue  # a post stopped, or a shift its pattern no longer has
        assignment = Assignment((shift.post_id, shift.day, shift.seq), row.person_id)
        if row.fixed or shift.starts <= now or shift.day < first:
            fixed.append(assignment)
        else:
            previous.append(assignment)
    rest = float(settings_values.value(settings_values.DUTY_REST_HOURS))
    return Problem(first, last, people, posts, tuple(fixed), tuple(previous), rest)


def shortfalls(first: date, last: date, now: datetime) -> list[Shortfall]:
    """What cannot be covered whatever the roster, in plain numbers: said before any solving."""
    return precheck(problem_for(first, last, now))


def generate(first: date, last: date, now: datetime, progress: Progress | None = None) -> Generated:
    """Plan the range and write it: one transaction, so a failure, or a cancel before the writing (the solver
    stops within a moment of it), leaves the roster as it was."""
    problem = problem_for(first, last, now)
    if progress is not None:
        progress.update(0, 2)
    roster = solve(problem, cancelled=None if progress is None else lambda: progress.cancelled)
    check_cancelled(progress)
    if progress is not None:
        progress.update(1, 2)
    return _write(problem, roster, now)


def _leaders(problem: Problem, roster: Roster) -> set[tuple[ShiftKey, int]]:
    """Who leads each shift that needs a leader: its first person who may lead."""
    chosen: set[tuple[ShiftKey, int]] = set()
    by_shift: dict[ShiftKey, list[int]] = {}
    for a in roster.assignments:
        by_shift.setdefault(a.shift, []).append(a.person)
    for key, people in by_shift.items():
        if problem.shift(key).needs_leader:
            leader = next((p for p in people if checks.is_leader(problem, p)), None)
            if leader is not None:
                chosen.add((key, leader))
    return chosen


def _write(problem: Problem, roster: Roster, now: datetime) -> Generated:
    reasons: dict[ShiftKey, str] = {}
    for seat in roster.open_seats:
        said = f"缺 {seat.seats} 人" + ("（含带班干部）" if seat.leader else "") + f"：{seat.reason}"
        reasons[seat.shift.key] = said
    wanted: dict[ShiftKey, list[int]] = {}
    for a in roster.assignments:
        wanted.setdefault(a.shift, []).append(a.person)
    leaders = _leaders(problem, roster)
    rows = {
        (s.post_id, s.day, s.seq): s
        for s in DutyShift.select().where(DutyShift.day.between(problem.first_day, problem.last_day))
    }
    existing: dict[ShiftKey, list[DutyAssignment]] = {}
    for kept_row in _kept_rows(problem.first_day, problem.last_day):
        shift_of = kept_row.shift
        existing.setdefault((shift_of.post_id, shift_of.day, shift_of.seq), []).append(kept_row)
    added = removed = kept = 0
    summary = f"生成排班：{problem.first_day:%m月%d日}至{problem.last_day:%m月%d日}"
    with changes.transaction(summary) as cs:
        for shift in problem.shifts:
            row = rows.get(shift.key)
            if row is not None and row.starts <= now:
                kept += len(existing.get(shift.key, []))
                continue  # begun: as it was served
            row = _shift_row(cs, row, shift, reasons.get(shift.key, ""))
            here = {a.person_id: a for a in existing.get(shift.key, [])}
            planned = wanted.get(shift.key, [])
            for person_id, assignment in here.items():
                if person_id not in planned and not assignment.fixed and assignment.signed_in is None:
                    cs.delete(assignment)
                    removed += 1
                else:
                    kept += 1
                    leads = (shift.key, person_id) in leaders
                    if assignment.leader != leads:
                        cs.update(assignment, {"leader": leads})
            for person_id in planned:
                if person_id not in here:
                    leads = (shift.key, person_id) in leaders
                    cs.create(DutyAssignment, {"shift": row.id, "person": person_id, "leader": leads})
                    added += 1
    return Generated(roster, len(problem.shifts), added, removed, kept)


def _shift_row(cs: changes.ChangeSet, row: DutyShift | None, shift: Shift, reason: str) -> DutyShift:
    values = {
        "post": shift.post,
        "day": shift.day,
        "seq": shift.index,
        "name": shift.name,
        "starts": shift.start,
        "ends": shift.end,
        "is_night": shift.is_night,
        "needs": shift.needs,
        "needs_leader": shift.needs_leader,
        "open_reason": reason,
    }
    if row is None:
        return cs.create(DutyShift, values)
    stale = {k: v for k, v in values.items() if getattr(row, k if k != "post" else "post_id") != v}
    return cs.update(row, stale) if stale else row


def _problem_around(assignments: Iterable[DutyAssignment], now: datetime) -> Problem:
    days = [a.shift.day for a in assignments]
    return problem_for(min(days), max(days), now)


def _current(problem: Problem) -> list[Assignment]:
    rows = _kept_rows(problem.first_day, problem.last_day)
    return [Assignment((r.shift.post_id, r.shift.day, r.shift.seq), r.person_id) for r in rows]


def replace(assignment_id: int, person_id: int, now: datetime, note: str = "") -> DutyAssignment:
    """调班: another person takes this place; refused, with every rule it would break, when it breaks one.
    The new assignment is fixed: a later generation keeps it."""
    row = DutyAssignment.get_or_none(DutyAssignment.id == assignment_id)
    if row is None:
        raise DutyError(f"没有编号为 {assignment_id} 的排班")
    shift: DutyShift = row.shift
    if shift.ends <= now:
        raise DutyError(f"{shift.day:%m月%d日} {shift.name}已经结束，不能再调班")
    on_shift = DutyAssignment.select().where((DutyAssignment.shift == shift.id) & (DutyAssignment.person == person_id))
    if person_id == row.person_id or on_shift.exists():
        raise DutyError(f"不能调班：{DutyPerson.get_by_id(person_id).name} 已在这个班次值班")
    problem = _problem_around([row], now)
    key = (shift.post_id, shift.day, shift.seq)
    refused = checks.check_replace(problem, _current(problem), key, row.person_id, person_id)
    if refused:
        raise DutyError("不能调班：" + "；".join(refused))
    out_name, in_name = row.person.name, DutyPerson.get_by_id(person_id).name
    said = note.strip() or f"{out_name} 调班给 {in_name}"
    with changes.transaction(f"调班：{shift.post.name} {shift.day:%m-%d} {shift.name}，{out_name}→{in_name}") as cs:
        cs.delete(row)
        return cs.create(
            DutyAssignment,
            {"shift": shift.id, "person": person_id, "leader": row.leader, "fixed": True, "note": said},
        )


@dataclass(frozen=True)
class ReplacementChoice:
    """One who could take a place by 调班: allowed when `reasons` is empty, else every rule it would break."""

    person_id: int
    name: str
    reasons: tuple[str, ...]


def replacement_choices(assignment_id: int, now: datetime) -> list[ReplacementChoice]:
    """Everyone on the duty list (but the one leaving) with whether the rules let them take this place, the
    allowed first; each judged as `replace` judges it. DutyError when the place cannot be swapped at all."""
    row = DutyAssignment.get_or_none(DutyAssignment.id == assignment_id)
    if row is None:
        raise DutyError(f"没有编号为 {assignment_id} 的排班")
    shift: DutyShift = row.shift
    if shift.ends <= now:
        raise DutyError(f"{shift.day:%m月%d日} {shift.name}已经结束，不能再调班")
    problem = _problem_around([row], now)
    current = _current(problem)
    key = (shift.post_id, shift.day, shift.seq)
    on_shift = {a.person for a in current if a.shift == key}
    choices = [
        ReplacementChoice(
            p.id,
            p.name,
            (f"{p.name} 已在这个班次值班",)  # (the rules take a second place on one shift as a change)
            if p.id in on_shift
            else tuple(checks.check_replace(problem, current, key, row.person_id, p.id)),
        )
        for p in problem.people
        if p.id != row.person_id
    ]
    return sorted(choices, key=lambda c: bool(c.reasons))
