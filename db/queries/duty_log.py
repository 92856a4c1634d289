"""What the 值班日志 dialog of a shift starts from: the log as written, else its counts taken from the checkpoint
register of the shift's hours (when the post guards a checkpoint), the fevers met and what was done, and who hands
over (the shift's leader) to whom (the next shift's leader at the same post).

The register's counts are those of 卡点登记's statistics (entries, distinct vehicles, 劝返), for the moments
from the shift's start (included) to its end (excluded), so two shifts of a day never count an entry twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from db.base import database
from db.errors import LedgerError
from db.models import Checkpoint, DutyAssignment, DutyLog, DutyPerson, DutyPost, DutyShift
from db.models.checkpoint import GateOutcome
from db.queries.duty import shift_times


@dataclass(frozen=True)
class GateWindow:
    """The register of one checkpoint from a shift's start to its end."""

    checkpoint: str
    registered: int
    vehicles: int
    turned_back: int
    fevers: tuple[str, ...]
    """One line per fever entry: "08:35 张三 发热 37.8℃ → 转发热门诊"."""

    def line(self) -> str:
        """ "村东卡点登记 12 人次，车辆 3 辆，劝返 1 人，发热 0 人"."""
        return (
            f"{self.checkpoint}登记 {self.registered} 人次，车辆 {self.vehicles} 辆，"
            f"劝返 {self.turned_back} 人，发热 {len(self.fevers)} 人"
        )


@dataclass(frozen=True)
class LogDraft:
    """A shift's log as the dialog opens it: `values` has every field of db.duty_actions.LOG_FIELDS."""

    shift_id: int
    post: str
    day: date
    name: str
    times: str
    values: dict[str, Any]
    written_at: datetime | None
    gate: GateWindow | None
    """The checkpoint register of the shift's hours (None: the post guards no checkpoint)."""

    @property
    def title(self) -> str:
        """ "村东卡点 12月03日 白班 08:00–20:00"."""
        return f"{self.post} {self.day:%m月%d日} {self.name} {self.times}"


_WINDOW_SQL = (
    "SELECT COUNT(*), COUNT(DISTINCT vehicle_id), COALESCE(SUM(outcome = ?), 0) FROM gate_entry"
    " WHERE checkpoint_id = ? AND at >= ? AND at < ?"
)
_FEVER_SQL = (
    "SELECT at, name, flags, outcome FROM gate_entry WHERE checkpoint_id = ? AND at >= ? AND at < ?"
    " AND flags LIKE '%发热%' ORDER BY at, id"
)


def _moment(at: datetime) -> str:
    """A moment as gate entries store it ("2026-12-03 08:15:00"), for a text range on their index."""
    return f"{at:%Y-%m-%d %H:%M:%S}"


def gate_window(checkpoint_id: int, checkpoint: str, starts: datetime, ends: datetime) -> GateWindow:
    """The register of the checkpoint from starts to ends: two statements on the entries' moment index."""
    bounds = [_moment(starts), _moment(ends)]
    registered, vehicles, turned_back = database.execute_sql(
        _WINDOW_SQL, [GateOutcome.TURNED_BACK.value, checkpoint_id, *bounds]
    ).fetchone()
    fevers = []
    for at, name, flags, outcome in database.execute_sql(_FEVER_SQL, [checkpoint_id, *bounds]):
        fever = next((f for f in str(flags).split("；") if f.startswith("发热")), "发热")
        fevers.append(f"{str(at)[11:16]} {name} {fever} → {outcome}")
    return GateWindow(checkpoint, int(registered), int(vehicles), int(turned_back or 0), tuple(fevers))


def _leader_of(shift_id: int) -> str:
    found = (
        DutyAssignment.select(DutyPerson.name)
        .join(DutyPerson)
        .where(DutyAssignment.shift == shift_id)
        .order_by(DutyAssignment.leader.desc(), DutyAssignment.id)
        .tuples()
        .first()
    )
    return str(found[0]) if found else ""


def log_draft(shift_id: int) -> LogDraft:
    """The shift's log: as written, else prefilled from the register (counts, fevers) and the hand-over's
    people (this shift's leader hands over to the next shift's)."""
    shift: DutyShift | None = DutyShift.get_or_none(DutyShift.id == shift_id)
    if shift is None:
        raise LedgerError(f"没有编号为 {shift_id} 的班次")
    post: DutyPost = shift.post
    gate = None
    checkpoint: Checkpoint | None = post.checkpoint
    if checkpoint is not None:
        gate = gate_window(checkpoint.id, checkpoint.name, shift.starts, shift.ends)
    kept: DutyLog | None = DutyLog.get_or_none(DutyLog.shift == shift_id)
    if kept is not None:
        values: dict[str, Any] = {
            "registered": kept.registered,
            "vehicles": kept.vehicles,
            "turned_back": kept.turned_back,
            "fevers": kept.fevers,
            "calls": kept.calls,
            "handover": kept.handover,
            "handed_by": kept.handed_by,
            "taken_by": kept.taken_by,
        }
        return LogDraft(
            shift.id,
            post.name,
            shift.day,
            shift.name,
            shift_times(shift.starts, shift.ends),
            values,
            kept.written_at,
            gate,
        )
    following = (
        DutyShift.select(DutyShift.id)
        .where((DutyShift.post == post.id) & (DutyShift.starts >= shift.ends))
        .order_by(DutyShift.starts)
        .first()
    )
    values = {
        "registered": gate.registered if gate else 0,
        "vehicles": gate.vehicles if gate else 0,
        "turned_back": gate.turned_back if gate else 0,
        "fevers": "\n".join(gate.fevers) if gate else "",
        "calls": "",
        "handover": "",
        "handed_by": _leader_of(shift.id),
        "taken_by": _leader_of(following.id) if following is not None else "",
    }
    return LogDraft(
        shift.id, post.name, shift.day, shift.name, shift_times(shift.starts, shift.ends), values, None, gate
    )
