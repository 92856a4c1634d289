"""Saving the village settings: the village and its grids, one audited change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from db import changes, session
from db.models import Grid, Village
from db.session import Can

SUMMARY = "设置村庄信息"


def save_village_settings(village: Mapping[str, Any], grids: Sequence[tuple[int | None, Mapping[str, Any]]]) -> Village:
    """Create or update the village and each grid (id None: a new one) in one transaction.

    On the first start nobody is signed in yet: the change is then recorded under the clerk the
    settings name, since there is no operator to name.
    """
    who = None if session.current() else village.get("clerk")
    with changes.transaction(SUMMARY, who=who, needs=Can.SETTINGS) as cs:
        record: Village | None = Village.select().first()
        if record is None:
            record = cs.create(Village, village)
        else:
            cs.update(record, village)
        for grid_id, values in grids:
            if grid_id is None:
                cs.create(Grid, values)
            else:
                cs.update(Grid.get_by_id(grid_id), values)
    return record


def village_settings() -> tuple[dict[str, Any] | None, list[tuple[int, dict[str, Any]]]]:
    """The village's values (None before the first start) and (id, values) of each grid in order."""
    record = Village.select().first()
    grids = [(g.id, changes.record_values(g)) for g in Grid.select().order_by(Grid.sort_order, Grid.id)]
    return (changes.record_values(record) if record is not None else None), grids
