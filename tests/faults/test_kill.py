"""The process is killed (SIGKILL: no cleanup, no rollback of its own) in the middle of its work, then the
database is opened again: every committed record is there, with its audit entry, and nothing half-done is.

Two real processes: `python -m app import-roster` on a 20,000-person workbook, killed after seeded random
delays (and once while its transaction is being written), and tests/faults/saver.py, which saves people
one by one through `changes.save` and prints each id once its transaction has committed.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from db import backups
from db.models.household import LEFT_STATUSES
from tests.conftest import ROOT
from tests.faults.helpers import app_command, count, integrity, rows, run_app, write_roster

PEOPLE = 20_000
SAVER = ROOT / "tests" / "faults" / "saver.py"
IMPORT_SUMMARY = "导入花名册：roster.xlsx"


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A village with some history (the base database), the workbook, and one import run to the end."""
    folder = tmp_path_factory.mktemp("kill")
    base = folder / "base.db"
    built = run_app("demo", "--db", str(base), "--people", "300", "--seed", "7")
    assert built.returncode == 0, built.stderr
    workbook = write_roster(folder / "roster.xlsx", PEOPLE)
    whole = folder / "whole" / "ledger.db"
    whole.parent.mkdir()
    shutil.copy(base, whole)
    start = time.monotonic()
    done = run_app("import-roster", str(workbook), "--db", str(whole))
    seconds = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    assert f"新建 {count(whole, 'household') - count(base, 'household')} 户、{PEOPLE} 人" in done.stdout
    return {
        "folder": folder,
        "base": base,
        "workbook": workbook,
        "seconds": seconds,
        "people": count(base, "person"),
        "households": count(base, "household"),
        "base_people": rows(base, "SELECT * FROM person ORDER BY id"),
        "base_audit": rows(base, "SELECT * FROM audit_entry ORDER BY id"),
    }


def _fresh_copy(scene: dict[str, object], name: str) -> Path:
    target = Path(scene["folder"]) / name / "ledger.db"  # type: ignore[arg-type]
    target.parent.mkdir()
    shutil.copy(scene["base"], target)  # type: ignore[arg-type]
    return target


def _kill_import(db: Path, workbook: Path, when: float | None) -> int | None:
    """Start the import and kill it after `when` seconds, or (None) as soon as its write-ahead log grows,
    i.e. while the transaction's pages are being written. Returns its exit status if it ended first."""
    wal = db.with_name(db.name + "-wal")
    process = subprocess.Popen(
        app_command("import-roster", str(workbook), "--db", str(db)),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    start = time.monotonic()
    try:
        while process.poll() is None:
            if when is None:
                if wal.exists() and wal.stat().st_size > 64 * 1024:
                    break
            elif time.monotonic() - start >= when:
                break
            time.sleep(0.0005 if when is None else 0.002)
        ended = process.poll()
        process.kill()
        process.wait(timeout=30)
        return ended
    finally:
        if process.poll() is None:
            process.kill()


def _assert_whole_or_nothing(db: Path, scene: dict[str, object]) -> str:
    """The file is sound, what was there before is untouched, and the import is all there or not at all."""
    assert integrity(db) == ["ok"]
    people = count(db, "person")
    households = count(db, "household")
    notes = count(db, "audit_entry", f"summary = '{IMPORT_SUMMARY}' AND action = 'import'")
    bulk = rows(
        db,
        "SELECT after FROM audit_entry WHERE summary = ? AND action = 'bulk_create' AND \"table\" = 'person'",
        IMPORT_SUMMARY,
    )
    if people == scene["people"]:
        assert households == scene["households"] and notes == 0 and not bulk
        outcome = "nothing"
    else:
        assert people == scene["people"] + PEOPLE, "half an import is in the file"
        assert notes == 1 and len(bulk) == 1 and f'"count": {PEOPLE}' in str(bulk[0][0])
        outcome = "all"
    assert rows(db, "SELECT * FROM person WHERE id <= ? ORDER BY id", len(scene["base_people"])) == scene["base_people"]
    assert (
        rows(db, "SELECT * FROM audit_entry WHERE id <= ? ORDER BY id", len(scene["base_audit"])) == scene["base_audit"]
    )
    # Backups: a file with a backup's name is a whole, good copy (a copy cut short keeps its .part name).
    for _made, path in backups.backups_in(backups.folder_for(db)):
        assert backups.problems(path) == [], path
    return outcome


def test_an_import_killed_at_random_moments_is_all_there_or_not_at_all(scene: dict[str, object]) -> None:
    seconds = float(scene["seconds"])  # type: ignore[arg-type]
    outcomes = []
    killed = 0
    for seed in (1, 2, 3, 4, 5):
        db = _fresh_copy(scene, f"seed{seed}")
        when = random.Random(seed).uniform(0.1, 1.05) * seconds
        killed += _kill_import(db, Path(scene["workbook"]), when) is None  # type: ignore[arg-type]
        outcomes.append(_assert_whole_or_nothing(db, scene))
    assert killed >= 3, "the kills came after the import had ended"
    db = _fresh_copy(scene, "mid-write")
    ended = _kill_import(db, Path(scene["workbook"]), None)  # type: ignore[arg-type]
    outcomes.append(_assert_whole_or_nothing(db, scene))
    assert ended is None, "the import ended before its transaction could be interrupted"
    # After a kill the file is used as before: checked clean, and the same import goes through.
    assert run_app("check", "--db", str(db)).returncode == 0
    again = run_app("import-roster", str(scene["workbook"]), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert _assert_whole_or_nothing(db, scene) == "all" and outcomes.count("nothing") >= 1, outcomes


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_saves_killed_midway_keep_every_committed_record_and_its_audit(tmp_path: Path, seed: int) -> None:
    db = tmp_path / "ledger.db"
    built = run_app("demo", "--db", str(db), "--people", "50", "--seed", str(seed))
    assert built.returncode == 0, built.stderr
    stop_after = random.Random(seed).randint(40, 400)
    committed: list[list[str]] = []
    with subprocess.Popen(
        [sys.executable, str(SAVER), str(db), "--seed", str(seed)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as saver:
        assert saver.stdout is not None and saver.stderr is not None
        for line in saver.stdout:
            committed.append(line.split())
            if len(committed) >= stop_after:
                break
        saver.kill()
        problem = saver.stderr.read()
    assert len(committed) == stop_after, problem
    assert integrity(db) == ["ok"]
    phones: dict[int, str] = {}
    for kind, person_id, *rest in committed:
        audit_ids = [int(a) for a in rest[-1].split(",") if a] if rest else []
        if kind == "person":
            assert count(db, "person", f"id = {person_id}") == 1, f"committed person {person_id} is missing"
            assert audit_ids and rows(
                db, 'SELECT action, "table", record_id FROM audit_entry WHERE id = ?', audit_ids[0]
            ) == [("create", "person", int(person_id))]
        else:
            phones[int(person_id)] = rest[0]
            for audit_id in audit_ids:
                assert rows(db, "SELECT action, record_id FROM audit_entry WHERE id = ?", audit_id) == [
                    ("update", int(person_id))
                ]
    for person_id, phone in phones.items():
        # The phone stored is the one of its latest audited change: the printed one, or one committed after
        # the last line was read (the kill came between the commit and the print).
        ((stored,),) = rows(db, "SELECT phone FROM person WHERE id = ?", person_id)
        ((after,),) = rows(
            db,
            "SELECT after FROM audit_entry WHERE action = 'update' AND record_id = ? ORDER BY id DESC LIMIT 1",
            person_id,
        )
        assert stored == json.loads(str(after))["phone"]
        printed = [r for r in committed if r[0] == "update" and int(r[1]) == person_id and r[2] == phone]
        assert printed and (
            stored == phone
            or count(
                db,
                "audit_entry",
                f"record_id = {person_id} AND action = 'update' AND id > {printed[-1][3].split(',')[-1] or 0}",
            )
        )
    # Nothing half-done: every saved person has its creation in the audit trail, every audit row its record.
    unaudited = rows(
        db,
        "SELECT p.id FROM person p WHERE p.name LIKE '保存测试%' AND NOT EXISTS (SELECT 1 FROM "
        "audit_entry a WHERE a.\"table\" = 'person' AND a.action = 'create' AND a.record_id = p.id)",
    )
    assert unaudited == []
    orphans = rows(
        db,
        "SELECT a.id FROM audit_entry a WHERE a.\"table\" = 'person' AND a.action = 'create' AND "
        "NOT EXISTS (SELECT 1 FROM person p WHERE p.id = a.record_id)",
    )
    assert orphans == []


def test_an_export_killed_midway_leaves_the_previous_file_and_nothing_that_looks_like_one(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    assert run_app("demo", "--db", str(db), "--people", "3000", "--seed", "3").returncode == 0
    out = tmp_path / "usb"
    out.mkdir()
    target = out / "花名册.xlsx"
    start = time.monotonic()
    first = run_app("export-roster", str(target), "--db", str(db))
    seconds = time.monotonic() - start
    assert first.returncode == 0, first.stderr
    previous = target.read_bytes()
    # The workbook's rows: title, unit line, header, then everyone still in the village (people who moved
    # out or died are not exported), counted from the database rather than from the demo's size.
    left = ", ".join(f"'{s.value}'" for s in LEFT_STATUSES)
    expected_height = 3 + count(db, "person", f"status NOT IN ({left})")
    assert CalamineWorkbook.from_path(str(target)).get_sheet_by_name("花名册").height == expected_height
    for seed in (21, 22, 23):
        with subprocess.Popen(
            app_command("export-roster", str(target), "--db", str(db)),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ) as export:
            time.sleep(random.Random(seed).uniform(0.3, 0.95) * seconds)
            export.kill()
        now = target.read_bytes()
        # The old file, or a whole new one (the kill came after the rename); never a part of one.
        assert now == previous or (
            CalamineWorkbook.from_path(str(target)).get_sheet_by_name("花名册").height == expected_height
        )
        others = [p.name for p in out.iterdir() if p != target]
        assert all(name.startswith(".~") and name.endswith(".tmp") for name in others), others
        for name in others:
            (out / name).unlink()
        assert integrity(db) == ["ok"]
