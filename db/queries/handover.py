"""上报记录 as the 导出到U盘 screen lists it: the newest hand-overs first, failed ones with their reason."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from db.handover_manifest import HandedFile, files_from_json
from db.models.handover import HandOver


@dataclass(frozen=True)
class HandOverRow:
    """One hand-over: when, which day, to which stick and folder, which files, by whom, and how it ended."""

    id: int
    at: datetime
    who: str
    day: date
    drive_label: str
    folder: str
    files: tuple[HandedFile, ...]
    ok: bool
    note: str

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)


def handover_history(limit: int = 100) -> list[HandOverRow]:
    """The last `limit` hand-overs, newest first (by when, then by order written)."""
    query = HandOver.select().order_by(HandOver.at.desc(), HandOver.id.desc()).limit(limit)
    return [
        HandOverRow(
            r.id, r.at, r.who, r.day, r.drive_label, r.folder, files_from_json(json.loads(r.files)), r.ok, r.note
        )
        for r in query
    ]
