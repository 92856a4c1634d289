"""登记管控… from a flagged gate entry, in one action: the policy asked (the screening page's dialog, which also
asks the grid for someone the roster lacks), then db.checkpoint_actions.open_case_from_entry. The 卡点登记 page
and 首页's 卡点异常 both use it."""

from __future__ import annotations

from PyQt6.QtWidgets import QWidget

from app.screening.dialogs import FindingCaseDialog
from db import checkpoint_actions as ca
from db.errors import LedgerError
from db.models.quarantine import CaseSource
from db.queries.checkpoints import EntryLine
from db.queries.village import grid_choices
from db.rules.chinese_dates import short_date


def open_case_asking(parent: QWidget, line: EntryLine) -> tuple[int | None, str]:
    """(the case's id, what to say) — (None, "") when the clerk cancelled, (None, why) when it was refused."""
    if line.case_id is not None:
        return None, f"{line.name} 已按这次卡点登记登记管控"
    if not line.flags:
        return None, f"{line.name} 的登记没有异常，无需登记管控"
    grids = tuple((grid_id, name) for grid_id, name in grid_choices()) if line.person_id is None else ()
    where = line.address or line.from_place
    dialog = FindingCaseDialog(
        line.name,
        where,
        tuple(line.flags.split("；")),
        short_date(line.at.date()),
        parent,
        source=CaseSource.CHECKPOINT.value,
        grids=grids,
    )
    dialog.setObjectName("gateCaseDialog")
    if not dialog.exec():
        return None, ""
    policy_id = dialog.policy_id()
    if policy_id is None:
        return None, "没有可用的管控政策，请先在“设置 → 管控政策”中添加"
    try:
        case = ca.open_case_from_entry(line.id, {"policy": policy_id}, dialog.grid_id())
    except LedgerError as error:
        return None, f"未登记：{error}"
    return case.id, f"{line.name} 已登记管控（来源：卡点）"
