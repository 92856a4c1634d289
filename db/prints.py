"""Recording a print: a paper left the program, so the audit says which, for whom, in which wording and where to.

The record is also what the township's daily list reads back: whether a household was served its notice
(告知书) by a day is answered from it (noticed_by), so the writer and the reader of that payload live here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from db import changes, session
from db.models import AuditEntry
from db.session import Can

#: `served` of a notice (居家 or 集中隔离医学观察告知书, whichever kind): the household was told.
NOTICE = "notice"
#: `served` of a release notice (解除告知书).
RELEASE_NOTICE = "release_notice"
_ACTION, _TABLE = "print", "case"


@dataclass(frozen=True)
class PrintRecord:
    """What a batch's print record will say, fixed when its PDF is made and written only once it is
    printed or saved (a PDF looked at is not a paper handed out)."""

    summary: str  # the audit's line: "打印居家隔离医学观察告知书（2 人）"
    document: str
    case_ids: tuple[int, ...]
    served: str | None = None  # NOTICE / RELEASE_NOTICE for papers in the clerk's wording; None for the rest
    template_version: int | dict[str, int] | None = None  # one version, or one per wording used
    about: tuple[tuple[str, object], ...] = ()  # what else the paper was for (a round, a grid), as pairs

    def details(self, where: str) -> dict[str, object]:
        """The audit entry's payload (in the order the entries have always had)."""
        found: dict[str, object] = {"document": self.document, "cases": list(self.case_ids), "file": where}
        if self.served is not None:
            found["template"] = self.served
            found["template_version"] = self.template_version
        found.update(self.about)
        return found


def may_print() -> None:
    """NotAllowed (in Chinese) unless the signed-in operator may print: asked before a paper leaves."""
    session.require(Can.PRINT)


def record_print(record: PrintRecord, where: str) -> None:
    """Record in the audit that the batch was printed or saved, and where to (a printer, a file)."""
    with changes.transaction(record.summary, needs=Can.PRINT) as cs:
        cs.note(_ACTION, _TABLE, record.details(where))


def noticed_by(day: date) -> set[int]:
    """Cases whose notice the program printed on or before the day."""
    cases: set[int] = set()
    query = AuditEntry.select(AuditEntry.after).where(
        (AuditEntry.action == _ACTION) & (AuditEntry.table == _TABLE) & (AuditEntry.at < day + timedelta(days=1))
    )
    for entry in query:
        details = json.loads(entry.after or "{}")
        if details.get("template") == NOTICE:
            cases.update(int(i) for i in details.get("cases", []))
    return cases
