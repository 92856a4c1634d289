"""The demo village lives in a practice file of its own, marked as practice; the clerk's ledger never gets it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from db.connection import close_database, open_database
from db.demo import build_demo_village
from db.models import Person, Village
from db.progress import Cancelled
from db.queries import village as vq

TODAY = date(2020, 2, 10)


def _people_and_mark(path: Path) -> tuple[int, int, bool]:
    open_database(path)
    try:
        return Person.select().count(), Village.select().count(), vq.is_practice()
    finally:
        close_database()


@pytest.mark.parametrize("ledger_from_env", [False, True], ids=["default-ledger", "VILLAGE_LEDGER_DB"])
def test_demo_without_db_writes_the_practice_file_and_never_the_ledger(  # type: ignore[no-untyped-def]
    own_data_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, ledger_from_env: bool
):
    from db import backups
    from db.paths import ENV_VAR, default_db_path, practice_db_path, user_data_folder

    if ledger_from_env:
        monkeypatch.setenv(ENV_VAR, str(tmp_path / "office" / "ledger.db"))
    ledger = default_db_path()
    open_database(ledger)  # the clerk's ledger exists, still empty (as at the first start)
    close_database()

    assert main(["demo", "--people", "40", "--seed", "3"]) == 0
    practice = practice_db_path()
    assert str(practice) in capsys.readouterr().out
    assert practice.is_file() and practice.name == "practice.db"
    assert user_data_folder() in practice.parents and user_data_folder().is_relative_to(own_data_folder)
    assert backups.folder_for(practice) != backups.folder_for(ledger)  # practice copies never rotate the ledger's
    assert _people_and_mark(practice) == (40, 1, True)
    assert _people_and_mark(ledger) == (0, 0, False)


def test_demo_refuses_a_ledger_with_people_and_leaves_it_unmarked(village, db_path: Path, capsys):  # type: ignore[no-untyped-def]
    people = Person.select().count()
    assert not vq.is_practice()
    close_database()
    assert main(["demo", "--db", str(db_path), "--people", "20"]) == 2
    assert "数据库中已有数据" in capsys.readouterr().err
    assert _people_and_mark(db_path) == (people, 1, False)


def test_is_practice_only_where_a_demo_was_built(tmp_path: Path):
    class CancelAtOnce:
        cancelled = True

        def update(self, done: int, total: int) -> None:
            pass

    path = tmp_path / "t.db"
    open_database(path)
    try:
        assert not vq.is_practice()
        with pytest.raises(Cancelled):
            build_demo_village(people=30, progress=CancelAtOnce(), today=TODAY)
        assert not vq.is_practice()  # a cancelled demo leaves no mark (nor anything else)
        build_demo_village(people=30, today=TODAY)
        assert vq.is_practice()
    finally:
        close_database()
