"""What the printed duty roster (12-duty-roster.md), the personal slips and the duty screens read: the shifts of
a date range with who is on them, each person's own shifts, who missed a shift, and the heads per day.

Each reader is one query for the shifts and one for their assignments (or a single one), never a query per
shift. Phones are full here: the roster is for the duty team's hand-over (form 12 has 联系电话 per person);
the papers decide what they mask. A person's phone is their duty record's, else their roster record's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

import peewee

from db.errors import LedgerError
from db.models import Checkpoint, DutyAssignment, DutyPerson, DutyPost, DutyShift, Person, Village
from db.models.duty import PostKind
from db.rules.search_keys import name_pinyin

WEEKDAY_NAMES = "一二三四五六日"

#: The phone a person is reached on: their duty record's, else their roster record's.
_PHONE = peewee.fn.COALESCE(peewee.fn.NULLIF(DutyPerson.phone, ""), Person.phone, "")


def _rows(query: peewee.ModelSelect[Any]) -> list[tuple[Any, ...]]:
    return cast(list[tuple[Any, ...]], list(query.tuples()))


def clock(at: datetime | None) -> str:
    """ "08:05", or "" when not recorded."""
    return f"{at:%H:%M}" if at is not None else ""


def shift_times(starts: datetime, ends: datetime) -> str:
    """ "08:00–20:00"; a shift ending on a later day says so: "20:00–次日08:00" (at midnight: "16:00–24:00")."""
    later = (ends.date() - starts.date()).days
    if later == 1 and ends.time() == datetime.min.time():
        return f"{starts:%H:%M}–24:00"  # 四点班 16:00–24:00, as duty rosters write it
    after = "" if later <= 0 else ("次日" if later == 1 else f"{later}日后")
    return f"{starts:%H:%M}–{after}{ends:%H:%M}"


@dataclass(frozen=True)
class DutyMember:
    """One person on a shift, as the roster prints them."""

    assignment_id: int
    person_id: int
    name: str
    phone: str
    leader: bool
    signed_in: datetime | None
    signed_out: datetime | None
    note: str

    @property
    def attendance(self) -> str:
        """签到/签退 as recorded: "07:55/20:02", "07:55/" (still there), "" (not signed in)."""
        if self.signed_in is None:
            return ""
        return f"{clock(self.signed_in)}/{clock(self.signed_out)}"


@dataclass(frozen=True)
class ShiftLine:
    """One shift of one post with the people on it (the leader first): a line of form 12's grid."""

    shift_id: int
    post_id: int
    day: date
    seq: int
    name: str
    starts: datetime
    ends: datetime
    is_night: bool
    needs: int
    needs_leader: bool
    open_reason: str
    members: tuple[DutyMember, ...]

    @property
    def weekday(self) -> str:
        """星期 as the grid writes it: 一 … 日."""
        return WEEKDAY_NAMES[self.day.weekday()]

    @property
    def times(self) -> str:
        return shift_times(self.starts, self.ends)

    @property
    def label(self) -> str:
        """班次 with its hours: "白班 08:00–20:00"."""
        return f"{self.name} {self.times}"

    @property
    def leader(self) -> DutyMember | None:
        return next((m for m in self.members if m.leader), None)

    @property
    def leader_name(self) -> str:
        """带班干部 ("" when nobody leads the shift)."""
        found = self.leader
        return found.name if found is not None else ""

    @property
    def people(self) -> tuple[str, ...]:
        """值守人员: everyone standing the shift, the leader first (the leader stands it too)."""
        return tuple(m.name for m in self.members)

    @property
    def phones(self) -> tuple[str, ...]:
        """联系电话, one per person in the order of people: "李书记 13800001111"."""
        return tuple(f"{m.name} {m.phone}".strip() for m in self.members if m.phone)

    @property
    def attendance(self) -> tuple[str, ...]:
        """签到/签退 per person who signed in: "李书记 07:55/20:02"."""
        return tuple(f"{m.name} {m.attendance}" for m in self.members if m.attendance)

    @property
    def missing(self) -> int:
        """Places of the shift nobody fills."""
        return max(0, self.needs - len(self.members))

    @property
    def leader_missing(self) -> bool:
        return self.needs_leader and self.leader is None

    @property
    def note(self) -> str:
        """备注: the assignments' notes (调班 …) and why places are open ("缺 1 人：…")."""
        parts = [f"{m.name} {m.note}" for m in self.members if m.note]
        reason = self.open_reason.strip()
        if self.missing:
            parts.append(f"缺 {self.missing} 人" + (f"：{reason}" if reason else ""))
        elif self.leader_missing:
            parts.append("缺带班干部" + (f"：{reason}" if reason else ""))
        elif reason:
            parts.append(reason)
        return "；".join(parts)


def _shift_lines(first_day: date, last_day: date, post_id: int | None) -> list[ShiftLine]:
    """The shifts of the range (one post's, or every post's) in post, day and pattern order: two queries."""
    if last_day < first_day:
        raise LedgerError(f"结束日期 {last_day:%Y-%m-%d} 早于开始日期 {first_day:%Y-%m-%d}")
    where = DutyShift.day.between(first_day, last_day)
    if post_id is not None:
        where &= DutyShift.post == post_id
    shifts = _rows(
        DutyShift.select(
            DutyShift.id,
            DutyShift.post,
            DutyShift.day,
            DutyShift.seq,
            DutyShift.name,
            DutyShift.starts,
            DutyShift.ends,
            DutyShift.is_night,
            DutyShift.needs,
            DutyShift.needs_leader,
            DutyShift.open_reason,
        )
        .where(where)
        .order_by(DutyShift.post, DutyShift.day, DutyShift.seq)
    )
    members: dict[int, list[DutyMember]] = {}
    for shift_id, *values in _rows(
        DutyAssignment.select(
            DutyAssignment.shift,
            DutyAssignment.id,
            DutyAssignment.person,
            DutyPerson.name,
            _PHONE,
            DutyAssignment.leader,
            DutyAssignment.signed_in,
            DutyAssignment.signed_out,
            DutyAssignment.note,
        )
        .join(DutyShift)
        .switch(DutyAssignment)
        .join(DutyPerson)
        .join(Person, peewee.JOIN.LEFT_OUTER)
        .where(where)
        .order_by(DutyAssignment.shift, DutyAssignment.leader.desc(), DutyAssignment.id)
    ):
        members.setdefault(shift_id, []).append(DutyMember(*values))
    return [
        ShiftLine(
            sid, post, day, seq, name, starts, ends, bool(night), needs, bool(lead), reason, tuple(members.get(sid, ()))
        )
        for sid, post, day, seq, name, starts, ends, night, needs, lead, reason in shifts
    ]


def week_lines(post_id: int, first_day: date, last_day: date) -> list[ShiftLine]:
    """Form 12's grid for one post: a line per shift from first_day to last_day (a night shift belongs to the
    day it starts), its leader, people, phones, attendance and 备注."""
    return _shift_lines(first_day, last_day, post_id)


# --- the printed roster, post by post ------------------------------------------------------------------


@dataclass(frozen=True)
class PostRoster:
    """A post's header lines on the roster and its shifts in the range."""

    post_id: int
    name: str
    kind: str
    place: str
    head: str
    head_phone: str
    lines: tuple[ShiftLine, ...]

    @property
    def title_words(self) -> str:
        """What the title calls the roster after the village: 疫情防控卡点值班表, 疫情防控巡逻值班表 …"""
        what = "卡点" if self.kind == PostKind.CHECKPOINT.value else self.kind
        return f"疫情防控{what}值班表"

    @property
    def is_checkpoint(self) -> bool:
        return self.kind == PostKind.CHECKPOINT.value

    @property
    def where_label(self) -> str:
        """The header's words for the post and its head: 卡点 for a checkpoint, 岗位 for the rest."""
        return "卡点" if self.is_checkpoint else "岗位"

    @property
    def where(self) -> str:
        """卡点名称(位置): "村东卡点（S312 与村道路口）"."""
        return f"{self.name}（{self.place}）" if self.place else self.name


@dataclass(frozen=True)
class Roster:
    """The roster of a range: the village, the range and each post's shifts (posts in the clerk's order)."""

    village: str
    office_phone: str
    clerk: str
    first_day: date
    last_day: date
    posts: tuple[PostRoster, ...]

    @property
    def people(self) -> int:
        """Different people on the roster."""
        return len({m.person_id for p in self.posts for line in p.lines for m in line.members})


def post_id_by_name(name: str) -> int | None:
    found: DutyPost | None = DutyPost.get_or_none(DutyPost.name == name.strip())
    return found.id if found is not None else None


def roster(first_day: date, last_day: date, post_id: int | None = None) -> Roster:
    """The roster to print or export: the named post (even without shifts in the range), else every post with
    shifts in it; LedgerError when there is nothing to show."""
    lines = _shift_lines(first_day, last_day, post_id)
    by_post: dict[int, list[ShiftLine]] = {}
    for line in lines:
        by_post.setdefault(line.post_id, []).append(line)
    query = (
        DutyPost.select(
            DutyPost.id,
            DutyPost.name,
            DutyPost.kind,
            Checkpoint.place,
            DutyPost.head,
            Checkpoint.leader,
            DutyPost.head_phone,
            Checkpoint.leader_phone,
        )
        .join(Checkpoint, peewee.JOIN.LEFT_OUTER)
        .order_by(DutyPost.sort_order, DutyPost.id)
    )
    query = query.where(DutyPost.id == post_id) if post_id is not None else query.where(DutyPost.id.in_(list(by_post)))
    posts = tuple(
        PostRoster(
            pid, name, kind, place or "", head or leader or "", phone or leader_phone or "", tuple(by_post.get(pid, ()))
        )
        for pid, name, kind, place, head, leader, phone, leader_phone in _rows(query)
    )
    if post_id is not None and not posts:
        raise LedgerError(f"没有编号为 {post_id} 的值班岗位")
    if not posts:
        raise LedgerError(f"{first_day:%Y-%m-%d} 至 {last_day:%Y-%m-%d} 没有排班，请先生成排班")
    return Roster(*village_facts(), first_day, last_day, posts)


def village_facts() -> tuple[str, str, str]:
    """The village's name, office phone (监督电话) and clerk (制表人), "" where not set."""
    village: Village | None = Village.select().first()
    return (village.name, village.office_phone, village.clerk) if village is not None else ("", "", "")


# --- each person's own shifts -------------------------------------------------------------------------


@dataclass(frozen=True)
class SlipShift:
    """One of a person's shifts on their slip: when, where, with whom, and whom to call."""

    day: date
    post: str
    name: str
    starts: datetime
    ends: datetime
    leads: bool  # they lead it themselves
    partners: tuple[str, ...]
    leader_name: str
    leader_phone: str
    note: str = ""  # their own assignment's (调班 …)

    @property
    def weekday(self) -> str:
        return WEEKDAY_NAMES[self.day.weekday()]

    @property
    def times(self) -> str:
        return shift_times(self.starts, self.ends)


@dataclass(frozen=True)
class PersonSlip:
    """A person's duty in the range (their slip), shifts in time order."""

    person_id: int
    name: str
    phone: str
    shifts: tuple[SlipShift, ...]


def person_slips(first_day: date, last_day: date) -> list[PersonSlip]:
    """Every person on duty in the range with their shifts, post, partners and the leader's phone, in pinyin
    order of the names: one query (the partners are the other assignments of the same shifts)."""
    rows = _rows(
        DutyAssignment.select(
            DutyAssignment.shift,
            DutyAssignment.person,
            DutyPerson.name,
            _PHONE,
            DutyAssignment.leader,
            DutyShift.day,
            DutyShift.starts,
            DutyShift.ends,
            DutyShift.name,
            DutyPost.name,
            DutyAssignment.note,
        )
        .join(DutyShift)
        .join(DutyPost)
        .switch(DutyAssignment)
        .join(DutyPerson)
        .join(Person, peewee.JOIN.LEFT_OUTER)
        .where(DutyShift.day.between(first_day, last_day))
        .order_by(DutyShift.starts, DutyShift.post, DutyAssignment.leader.desc(), DutyAssignment.id)
    )
    on_shift: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        on_shift.setdefault(row[0], []).append(row)
    people: dict[int, tuple[str, str]] = {}
    shifts: dict[int, list[SlipShift]] = {}
    for shift_id, pid, name, phone, leads, day, starts, ends, shift_name, post, note in rows:
        people[pid] = (name, phone)
        here = on_shift[shift_id]
        leader = next((r for r in here if r[4]), None)
        shifts.setdefault(pid, []).append(
            SlipShift(
                day,
                post,
                shift_name,
                starts,
                ends,
                bool(leads),
                tuple(r[2] for r in here if r[1] != pid),
                leader[2] if leader is not None else "",
                leader[3] if leader is not None else "",
                note,
            )
        )
    order = sorted(people, key=lambda pid: (name_pinyin(people[pid][0])[0], people[pid][0], pid))
    return [PersonSlip(pid, *people[pid], tuple(shifts[pid])) for pid in order]


# --- attendance and totals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MissedShift:
    """Someone whose shift ended without their signing in."""

    assignment_id: int
    person_id: int
    name: str
    phone: str
    post: str
    day: date
    shift: str
    starts: datetime
    ends: datetime

    @property
    def times(self) -> str:
        return shift_times(self.starts, self.ends)


def missed(now: datetime, since: date | None = None) -> list[MissedShift]:
    """Assignments whose shift had ended by `now` with no sign-in (since: only shifts from that day), the
    latest first: one query."""
    where = (DutyShift.ends <= now) & DutyAssignment.signed_in.is_null()
    if since is not None:
        where &= DutyShift.day >= since
    query = (
        DutyAssignment.select(
            DutyAssignment.id,
            DutyAssignment.person,
            DutyPerson.name,
            _PHONE,
            DutyPost.name,
            DutyShift.day,
            DutyShift.name,
            DutyShift.starts,
            DutyShift.ends,
        )
        .join(DutyShift)
        .join(DutyPost)
        .switch(DutyAssignment)
        .join(DutyPerson)
        .join(Person, peewee.JOIN.LEFT_OUTER)
        .where(where)
        .order_by(DutyShift.starts.desc(), DutyPost.sort_order, DutyAssignment.id)
    )
    return [MissedShift(*row) for row in _rows(query)]


@dataclass(frozen=True)
class DayHeads:
    """One day across all posts (P-YS counts people on duty per day): different people, seats filled, seats
    the shifts need."""

    day: date
    people: int
    filled: int
    needed: int

    @property
    def weekday(self) -> str:
        return WEEKDAY_NAMES[self.day.weekday()]


def heads_per_day(first_day: date, last_day: date) -> list[DayHeads]:
    """Each day of the range that has shifts (a shift counts for the day it starts): two aggregate queries."""
    needed = dict(
        _rows(
            DutyShift.select(DutyShift.day, peewee.fn.SUM(DutyShift.needs))
            .where(DutyShift.day.between(first_day, last_day))
            .group_by(DutyShift.day)
        )
    )
    counted = {
        day: (people, filled)
        for day, people, filled in _rows(
            DutyAssignment.select(
                DutyShift.day, peewee.fn.COUNT(DutyAssignment.person.distinct()), peewee.fn.COUNT(DutyAssignment.id)
            )
            .join(DutyShift)
            .where(DutyShift.day.between(first_day, last_day))
            .group_by(DutyShift.day)
        )
    }
    return [DayHeads(_day(d), *counted.get(d, (0, 0)), int(needed[d])) for d in sorted(needed)]


def _day(value: Any) -> date:
    """An aggregate query's day (SQLite hands a grouped DateField back as text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def names(lines: Iterable[ShiftLine]) -> list[str]:
    """The different people of some shifts, in the order they first appear."""
    return list(dict.fromkeys(m.name for line in lines for m in line.members))
