"""An import planned before another writer changed the ledger: its plan is checked again inside the
transaction that writes it, so it is refused (nothing written) rather than adding people twice or failing
with a raw IntegrityError; the headless import plans once more and adds nobody twice.

The other writer is a second real connection to the same file (peewee keeps one per thread), run to its
end while ours waits between its plan and its writing: no sleeps.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from db import changes, errors
from db.backups import folder_for
from db.imports.cases import apply_case_plan
from db.imports.roster import apply_plan
from db.models import AuditEntry, Case, CaseEvent, Household, Person
from forms.case_import import import_cases, plan_case_import, read_cases
from forms.roster_import import import_roster, plan_import, read_roster
from tests.conftest import DATA
from tests.other_writer import run_elsewhere

ROSTER = DATA / "messy_roster.xlsx"
CASES = DATA / "messy_cases.xlsx"
OUTDATED = "预览之后，台账已被另一个窗口或命令修改，这次没有导入任何数据。"


def _counts() -> tuple[int, ...]:
    return tuple(m.select().count() for m in (Person, Household, Case, CaseEvent, AuditEntry))


def _backups(db_path: Path) -> list[Path]:
    folder = folder_for(db_path)
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_roster_plan_outdated_by_another_import_writes_nothing(village, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plan_import(read_roster(ROSTER))
    run_elsewhere(lambda: import_roster(ROSTER))  # the same file, imported meanwhile elsewhere
    after_other, backups = _counts(), _backups(db_path)

    with pytest.raises(errors.PlanOutdated) as raised:
        apply_plan(plan, ROSTER.name)
    assert str(raised.value) == OUTDATED and isinstance(raised.value, errors.LedgerError)
    assert _counts() == after_other
    assert _backups(db_path) == backups  # refused before the before-import copy, too

    again = apply_plan(plan_import(read_roster(ROSTER)), ROSTER.name)  # planned afresh: nobody twice
    assert again.created_people == 0 and _counts()[:2] == after_other[:2]


def test_a_single_save_elsewhere_outdates_a_roster_plan(village) -> None:  # type: ignore[no-untyped-def]
    plan = plan_import(read_roster(ROSTER))
    run_elsewhere(
        lambda: changes.save(
            Person, {"household": village["h1"], "name": "张小明", "relation": "子女"}, summary="新增家庭成员"
        )
    )
    before = _counts()
    with pytest.raises(errors.PlanOutdated):
        apply_plan(plan, ROSTER.name)
    assert _counts() == before


def test_notes_that_change_nothing_leave_a_plan_good(village, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An export or a print elsewhere between preview and import does not make the clerk check again."""
    from forms.roster_export import export_roster

    plan = plan_import(read_roster(ROSTER))
    run_elsewhere(lambda: export_roster(tmp_path / "花名册.xlsx"))
    assert apply_plan(plan, ROSTER.name).created_people == 15


def test_the_headless_import_plans_again_and_adds_nobody_twice(village) -> None:  # type: ignore[no-untyped-def]
    """A second import started while the first one writes (here: the first runs to its end between the
    second's plan and its writing) plans again from the file and only merges."""
    said: list[str] = []

    def say(line: str) -> None:
        if not said:  # ours has planned and not yet written: the other import runs now
            run_elsewhere(lambda: import_roster(ROSTER))
        said.append(line)

    result = import_roster(ROSTER, say=say)
    assert result.created_people == 0 and result.created_households == 0 and result.merged >= 12
    assert Person.select().count() == 4 + 15  # the fixture's four and the file's fifteen, once
    assert any("重新读取" in line for line in said)
    assert AuditEntry.select().where(AuditEntry.action == "import").count() == 2


def test_a_case_plan_outdated_by_another_import_writes_nothing(village) -> None:  # type: ignore[no-untyped-def]
    plan = plan_case_import(read_cases(CASES))
    run_elsewhere(lambda: import_cases(CASES))
    after_other = _counts()
    with pytest.raises(errors.PlanOutdated, match=OUTDATED):
        apply_case_plan(plan, CASES.name)
    assert _counts() == after_other


def test_the_headless_case_import_plans_again_and_opens_no_case_twice(village) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []

    def say(line: str) -> None:
        if not said:
            run_elsewhere(lambda: import_cases(CASES))
        said.append(line)

    result = import_cases(CASES, say=say)
    assert (result.created_cases, result.created_people, result.skipped) == (0, 0, 6)
    assert Case.select().count() == 6
    seals = [c.seal_no for c in Case.select() if c.seal_no]
    assert len(seals) == len(set(seals))
