"""What a round's printed gap list (未完成排查户清单) carries: the households not visited yet, waiting for a
revisit or refused (db.queries.screening.gaps), per grid in the round's grid order, each with a phone to
call (the household's, else its head's), masked: the paper leaves the office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.errors import LedgerError
from db.models import Grid, Household, Person, RoundGrid, ScreeningRound, Village
from db.queries.screening import GapLine, gaps, tuple_rows
from db.rules.chinese_dates import short_date
from db.rules.phones import mask_phone


@dataclass(frozen=True)
class GapHousehold:
    """A household the round has not finished, as the list prints it."""

    grid: str
    number: str
    head_name: str
    door_no: str
    phone: str  # masked
    outcome: str  # 未走访, 无人在家待复查 or 拒绝配合
    on: date | None  # the day of the visit that came to it, if any
    worker: str

    @property
    def so_far(self) -> str:
        """The outcome so far with the visit's day: "无人在家待复查（2月5日）"."""
        return f"{self.outcome}（{short_date(self.on)}）" if self.on else self.outcome


@dataclass(frozen=True)
class GapGrid:
    """One grid's unfinished households, with the round's grid worker for it."""

    grid: str
    worker: str
    households: tuple[GapHousehold, ...]


@dataclass(frozen=True)
class GapSheet:
    """A round's unfinished households, grid by grid (grids with none are left out)."""

    round_id: int
    round_name: str
    starts_on: date
    ends_on: date
    status: str
    village: str
    grids: tuple[GapGrid, ...]

    @property
    def households(self) -> int:
        return sum(len(g.households) for g in self.grids)


def _phones(household_ids: list[int]) -> dict[int, str]:
    """A phone per household: its own, else its head's (户主), else ""."""
    found: dict[int, str] = {}
    for start in range(0, len(household_ids), 500):  # SQLite's limit on bound values
        part = household_ids[start : start + 500]
        for hid, phone in tuple_rows(Household.select(Household.id, Household.phone).where(Household.id.in_(part))):
            if phone:
                found[hid] = phone
        heads = Person.select(Person.household, Person.phone).where(
            Person.household.in_(part) & (Person.relation == "户主") & (Person.phone != "")
        )
        for hid, phone in tuple_rows(heads):
            found.setdefault(hid, phone)
    return found


def gap_sheet(round_id: int, lines: list[GapLine] | None = None) -> GapSheet:
    """The round's gap list for print (lines: the gaps as already read, e.g. those a refused close listed)."""
    found: ScreeningRound | None = ScreeningRound.get_or_none(ScreeningRound.id == round_id)
    if found is None:
        raise LedgerError(f"没有编号为 {round_id} 的排查轮次")
    lines = gaps(round_id) if lines is None else lines
    phones = _phones([g.household_id for g in lines])
    by_grid: dict[str, list[GapHousehold]] = {}
    for g in lines:
        household = GapHousehold(
            g.grid,
            g.number,
            g.head_name,
            g.door_no,
            mask_phone(phones.get(g.household_id, "")),
            g.outcome,
            g.on,
            g.worker,
        )
        by_grid.setdefault(g.grid, []).append(household)
    workers = {
        name: worker
        for name, worker in tuple_rows(
            RoundGrid.select(Grid.name, RoundGrid.worker).join(Grid).where(RoundGrid.round == round_id)
        )
    }
    village: Village | None = Village.select().first()
    return GapSheet(
        found.id,
        found.name,
        found.starts_on,
        found.ends_on,
        found.status,
        village.name if village is not None else "",
        tuple(GapGrid(name, workers.get(name, ""), tuple(rows)) for name, rows in by_grid.items()),
    )
