"""Reading the ledger as it stood at a past moment (db.reports.as_of): the walk back is this thread's alone,
never reaches the file, refuses a save made in there by mistake, and holds other saves off while it lasts
(so none can slip in between and make the walk back fail)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from db import changes
from db import quarantine_actions as qa
from db.errors import StorageError
from db.models import Case, Person
from db.models.quarantine import CaseStatus, EventKind
from db.reports import as_of
from db.reports.as_of import ledger_as_of
from tests.data.report_ledger import at, open_case, people

DEC_1, DEC_3 = date(2026, 12, 1), date(2026, 12, 3)
EVENING_OF_DEC_1 = datetime(2026, 12, 1, 20, 0)


def _status_elsewhere(path: Path, case: int) -> str:
    with sqlite3.connect(path) as other:
        return str(other.execute('SELECT "status" FROM "case" WHERE "id" = ?', (case,)).fetchone()[0])


def test_the_past_is_this_threads_alone_and_never_reaches_the_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(2)
        case = open_case(folk[0], DEC_1)
    with at(datetime(2026, 12, 3, 9, 0), monkeypatch):
        qa.change_status(case, EventKind.RELEASED, DEC_3, "解除")
        qa.open_case(folk[1], {"policy": Case.get_by_id(case).policy_id, "start_date": DEC_3, "reason": "密切接触者"})
    released = Case.get_by_id(case).status
    assert released != CaseStatus.ACTIVE.value and Case.select().count() == 2

    with ledger_as_of(EVENING_OF_DEC_1) as walked_back:
        assert walked_back > 0
        assert Case.get_by_id(case).status == CaseStatus.ACTIVE.value and Case.select().count() == 1
        assert _status_elsewhere(db_path, case) == released  # another connection reads the file as it is
        with pytest.raises(StorageError), changes.transaction("误操作", who="测试") as cs:
            cs.update(Person.get_by_id(folk[0]), {"name": "改了"})

    assert Case.get_by_id(case).status == released and Case.select().count() == 2
    assert Person.get_by_id(folk[0]).name == "村民1"
    assert _status_elsewhere(db_path, case) == released


def test_a_save_elsewhere_waits_while_the_past_is_read(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The save comes from another connection just as the walk back begins: it must wait its turn (here it
    does not wait at all, so it says the file is taken), and the walk back must not fail for it."""
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(1)
    with at(datetime(2026, 12, 3, 9, 0), monkeypatch):
        open_case(folk[0], DEC_3)
    other = sqlite3.connect(db_path, timeout=0)
    rename = 'UPDATE "person" SET "name" = \'王五\' WHERE "id" = ?'
    tried: list[str] = []
    walk_back = as_of._walk_back

    def a_save_lands_first(conn: sqlite3.Connection, entry: object) -> None:
        if not tried:
            try:
                other.execute(rename, (folk[0],))
                other.commit()
                tried.append("saved")
            except sqlite3.OperationalError as exc:
                tried.append(str(exc))
        walk_back(conn, entry)  # type: ignore[arg-type]

    monkeypatch.setattr(as_of, "_walk_back", a_save_lands_first)
    try:
        with ledger_as_of(EVENING_OF_DEC_1) as walked_back:
            assert walked_back > 0 and Case.select().count() == 0
        assert tried == ["database is locked"]
        other.execute(rename, (folk[0],))  # once the past is read, the save goes through
        other.commit()
    finally:
        other.close()
    assert Person.get_by_id(folk[0]).name == "王五" and Case.select().count() == 1
