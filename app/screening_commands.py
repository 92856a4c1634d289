"""`python -m app screening new|list|close`: screening rounds headless, with the same db/ calls as the screens."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from db.errors import LedgerError


def run_screening(args: argparse.Namespace) -> int:
    action = {"new": _new, "list": _list, "close": _close}[args.screening_what]
    return action(args)


def _grid_ids(names: str | None) -> list[int] | None:
    """--grids 一组,二组 as grid ids (None: every grid); an unknown name is refused before anything is written."""
    from db.queries.village import grid_id_by_name

    if not names:
        return None
    wanted = [n.strip() for n in names.replace("，", ",").replace("、", ",").split(",") if n.strip()]
    ids = []
    for name in wanted:
        grid_id = grid_id_by_name(name)
        if grid_id is None:
            raise LedgerError(f"没有名为“{name}”的网格（村民小组）")
        ids.append(grid_id)
    return ids


def _new(args: argparse.Namespace) -> int:
    from db.queries import screening
    from db.screening_actions import new_round

    created = new_round(args.name, args.starts_on, args.ends_on, _grid_ids(args.grids))
    grids = "、".join(c.grid for c in screening.coverage(created.id).grids)
    print(f"已新建排查轮次 {created.id}：{created.name}（{created.starts_on:%Y-%m-%d} 至 {created.ends_on:%Y-%m-%d}）")
    print(f"  范围：{grids}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from db.queries import screening

    found = screening.rounds()
    if not found:
        print("还没有排查轮次")
    for line in found:
        closed = f" {line.closed_on:%Y-%m-%d}" if line.closed_on else ""
        print(
            f"{line.id}  {line.name}  {line.starts_on:%Y-%m-%d} 至 {line.ends_on:%Y-%m-%d}  {line.status}{closed}"
            f"  {line.coverage.line()}"
        )
        for grid in screening.coverage(line.id).grids:
            worker = f"（{grid.worker}）" if grid.worker else ""
            print(f"    {grid.grid}{worker}：{grid.line()}")
    return 0


def _close(args: argparse.Namespace) -> int:
    from db.screening_actions import RoundHasGaps, close_round

    on = args.today or date.today()
    try:
        closed = close_round(args.round, on, accept_gaps=args.accept_gaps)
    except RoundHasGaps as gaps:
        print(f"错误：{gaps}：", file=sys.stderr)
        for gap in gaps.gaps:
            print(f"  {gap.line()}", file=sys.stderr)
        print(
            "确认带着这些缺口结束本轮，请加 --accept-gaps（缺口会记入本轮的结束说明）。未作任何改动。", file=sys.stderr
        )
        return 2
    print(f"已结束排查轮次 {closed.id}：{closed.name}（{on:%Y-%m-%d}）")
    if closed.closing_note:
        print(f"  {closed.closing_note.splitlines()[0]}")
    return 0
