"""A pushed list's plan (forms.pushed_import makes it) and its writing: the batch, its items, their matches.

The whole list is one transaction: a cancel or a crash leaves no half batch. Items are matched to the
roster as they are written; an exact ID number is taken, anything weaker waits for the clerk's word.
The same file (by its SHA-256) is refused a second time, naming the batch it already is.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from db import changes
from db.bulk import collector_paused
from db.connection import backup_open_database
from db.errors import LedgerError
from db.imports.rows import RowAccount, RowIssue, RowsRead, refused_accounts, tally
from db.models import PushedBatch, PushedItem, PushedSource
from db.progress import Progress, check_cancelled
from db.queries.pushed import roster_index
from db.rules.person_match import Wanted
from db.session import Can


class BatchAlreadyImported(LedgerError):
    """The same file was imported before: its items are in that batch already."""


@dataclass(frozen=True)
class PlannedItem:
    """A data row of the township's sheet: its Excel row, its cells as read (JSON-ready) and what they say."""

    row_no: int
    cells: list[Any]
    name: str
    id_number: str = ""
    phone: str = ""
    birth_date: date | None = None
    origin: str = ""
    arrived_on: date | None = None

    def wanted(self) -> Wanted:
        return Wanted(self.name, self.id_number, self.phone, self.birth_date)


@dataclass
class PushedPlan(RowsRead):
    """What importing the list will write: the batch's header facts, its sheet as received, its items."""

    source: str = ""
    issuer: str = ""
    batch_no: str = ""
    issued_on: date | None = None
    #: 反馈时限 read from the header lines; None: the received time plus the deadline setting.
    deadline: datetime | None = None
    #: "24小时内" on a list whose 下发日期 has no time: hours from receipt, instead of the setting's.
    deadline_hours: int | None = None
    #: The title line above the table ("大数据比对核查名单"), "" if none.
    title: str = ""
    file_name: str = ""
    file_sha256: str = ""
    sheet_name: str = ""
    header_lines: list[list[Any]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    #: {column index: field key} the rows were read with (remembered for the source).
    mapping: dict[int, str] = field(default_factory=dict)
    #: {normalised header: field key}: the mapping as the source remembers it.
    remembered: dict[str, str] = field(default_factory=dict)
    items: list[PlannedItem] = field(default_factory=list)
    refused: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)

    @property
    def accounted(self) -> list[RowAccount]:
        taken = [RowAccount(self.sheet_name, i.row_no, "created", name=i.name) for i in self.items]
        skipped = [RowAccount(s, r, "skipped", reason) for s, r, reason in self.skipped_rows]
        return taken + refused_accounts(self.refused) + skipped

    def outcome_counts(self) -> Counter[str]:
        return tally(self.accounted)


@dataclass(frozen=True)
class PushedImportResult:
    """What the import wrote: the batch, its items, and how many the roster matched how."""

    batch_id: int
    items: int
    exact: int
    proposed: int
    unmatched: int
    plan: PushedPlan

    def summary(self) -> str:
        """What the import dialogs say once it is done (the shared dialog asks every result for it)."""
        return self.describe()

    def describe(self) -> str:
        return (
            f"已导入核查名单 {self.items} 人：身份证号一致 {self.exact} 人（已确认），"
            f"疑似匹配 {self.proposed} 人（待确认），花名册中未找到 {self.unmatched} 人（待核查）"
        )


def previous_batch(sha256: str) -> PushedBatch | None:
    found: PushedBatch | None = PushedBatch.get_or_none(PushedBatch.file_sha256 == sha256)
    return found


@collector_paused()
def apply_pushed_plan(
    plan: PushedPlan, received_at: datetime, deadline_hours: int, progress: Progress | None = None
) -> PushedImportResult:
    """Back up the file, then write the batch and every item, matched, in one transaction."""
    earlier = previous_batch(plan.file_sha256)
    if earlier is not None:
        raise BatchAlreadyImported(
            f"这个文件已于 {earlier.received_at:%Y-%m-%d %H:%M} 导入"
            f"（批次“{earlier.batch_no or earlier.id}”），没有重复导入"
        )
    if not plan.items:
        raise LedgerError("名单中没有可导入的人员，没有导入")
    backup_open_database("before-import")
    index = roster_index()
    counts: Counter[str] = Counter()
    with changes.transaction(f"导入核查名单：{plan.source} {plan.batch_no}".strip(), needs=Can.IMPORT) as cs:
        source: PushedSource | None = PushedSource.get_or_none(PushedSource.name == plan.source)
        remembered = json.dumps(plan.remembered, ensure_ascii=False, sort_keys=True)
        if source is None:
            source = cs.create(PushedSource, {"name": plan.source, "mapping": remembered})
        else:
            source = cs.update(source, {"mapping": remembered})
        batch = cs.create(
            PushedBatch,
            {
                "source": source.id,
                "issuer": plan.issuer,
                "batch_no": plan.batch_no,
                "issued_on": plan.issued_on,
                "deadline": plan.deadline or received_at + timedelta(hours=plan.deadline_hours or deadline_hours),
                "received_at": received_at,
                "file_name": plan.file_name,
                "file_sha256": plan.file_sha256,
                "sheet_name": plan.sheet_name,
                "header_lines": json.dumps(plan.header_lines, ensure_ascii=False),
                "columns": json.dumps(plan.columns, ensure_ascii=False),
                "mapping": json.dumps({str(k): v for k, v in plan.mapping.items()}, ensure_ascii=False),
            },
        )

        def rows() -> Iterator[dict[str, Any]]:
            for done, item in enumerate(plan.items, start=1):
                if done % 500 == 0:
                    check_cancelled(progress)
                    if progress is not None:
                        progress.update(done, len(plan.items))
                found = index.match(item.wanted())
                counts["exact" if found and found.exact else "proposed" if found else "unmatched"] += 1
                yield {
                    "batch": batch.id,
                    "row_no": item.row_no,
                    "cells": json.dumps(item.cells, ensure_ascii=False),
                    "name": item.name,
                    "id_number": item.id_number,
                    "phone": item.phone,
                    "birth_date": item.birth_date,
                    "origin": item.origin,
                    "arrived_on": item.arrived_on,
                    "person": found.person_id if found else None,
                    "match_reason": found.reason.value if found else "",
                    "match_strength": found.strength if found else 0,
                    "match_confirmed": bool(found and found.exact),
                    "candidates": json.dumps(list(found.others) if found else []),
                }

        cs.bulk_create(PushedItem, rows())
        check_cancelled(progress)
        cs.note("import", "pushed_item", {"source": plan.source, "batch": batch.id, **counts})
    return PushedImportResult(batch.id, len(plan.items), counts["exact"], counts["proposed"], counts["unmatched"], plan)
