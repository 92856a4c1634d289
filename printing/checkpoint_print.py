"""Printing a checkpoint's blank paper register from the ledger: the checkpoint's header facts are read from
db (db.queries.checkpoints), the document draws the pages, and the print is recorded through db.prints as the
other papers are (the role is asked first, so a refused print writes no file)."""

from __future__ import annotations

from pathlib import Path

from db import prints
from db.checkpoint_actions import CheckpointError
from db.models import Village
from db.progress import Progress
from db.queries.checkpoints import checkpoints
from printing.documents import gate_register as document


def register_sheet(checkpoint_id: int) -> document.GateRegisterSheet:
    """The header facts of the checkpoint's paper register."""
    found = next((c for c in checkpoints(include_inactive=True) if c.id == checkpoint_id), None)
    if found is None:
        raise CheckpointError(f"没有编号为 {checkpoint_id} 的卡点")
    village = Village.select().first()
    return document.GateRegisterSheet(
        village.name if village else "", found.name, found.place, found.leader, found.leader_phone
    )


def print_gate_register(
    checkpoint_id: int, pages: int, out: Path, progress: Progress | None = None
) -> document.GateRegisterSheet:
    """Write `pages` blank pages of the checkpoint's register to `out` and record the print."""
    prints.may_print()
    sheet = register_sheet(checkpoint_id)
    path = document.render(sheet, out, pages, progress)
    summary = f"打印{document.TITLE}（空白，{sheet.checkpoint}，{pages} 页）"
    about = (("checkpoint", checkpoint_id), ("pages", pages))
    prints.record_print(prints.PrintRecord(summary, document.TITLE, (), about=about), str(path))
    return sheet
