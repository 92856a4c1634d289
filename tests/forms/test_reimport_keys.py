"""Importing one roster twice adds nobody, whatever the file tells its households by.

The ground truth is a demo village exported with its 户号; the columns a clerk's own roster lacks (户号, 门牌号,
公民身份号码) are taken out of that file, and what each import must hold is counted from the full one. In a
village of a few thousand people two households of one group often have heads of the same name (张伟 twice
in 一组): neither the first import nor a second one may fold them into one.
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.connection import close_database, open_database
from db.demo import build_demo_village
from db.imports.roster import apply_plan
from db.models import Household, Person
from forms.roster_export import export_roster
from forms.roster_import import plan_import, read_roster

DAY = date(2026, 12, 2)


@pytest.fixture(scope="module")
def full_roster(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    folder = tmp_path_factory.mktemp("reimport")
    source = folder / "source.db"
    shutil.copy(migrated_template, source)
    open_database(source)
    try:
        build_demo_village(3000, seed=7, today=DAY)
        export_roster(folder / "full.xlsx")
    finally:
        close_database()
    return folder / "full.xlsx"


def _header(ws) -> tuple[int, list[object]]:  # type: ignore[no-untyped-def]
    for row in ws.iter_rows(min_row=1, max_row=10):
        values = [c.value for c in row]
        if "姓名" in values:
            return row[0].row, values
    raise AssertionError("no header in the export")


def _truth(full: Path) -> tuple[int, int, Counter[tuple[str, str]]]:
    """People, households, and heads per (group, head name) of the exported village."""
    wb = load_workbook(full, read_only=True)
    ws = wb.active
    at, header = _header(ws)
    col = {name: header.index(name) for name in ("组别（网格）", "户号", "户主姓名", "姓名")}
    households: dict[tuple[str, str], str] = {}
    people = 0
    for values in ws.iter_rows(min_row=at + 1, values_only=True):
        if not values[col["姓名"]]:
            continue
        people += 1
        households[(values[col["组别（网格）"]], values[col["户号"]])] = values[col["户主姓名"]]
    wb.close()
    heads = Counter((grid, head) for (grid, _number), head in households.items())
    return people, len(households), heads


def _without(full: Path, folder: Path, columns: tuple[str, ...]) -> Path:
    wb = load_workbook(full)
    ws = wb.active
    at, _ = _header(ws)
    for name in columns:
        ws.delete_cols([c.value for c in ws[at]].index(name) + 1)
    target = folder / ("roster-without-" + "-".join(columns) + ".xlsx")
    wb.save(target)
    return target


@pytest.mark.parametrize(
    "dropped",
    [("户号",), ("户号", "公民身份号码"), ("户号", "门牌号"), ("户号", "门牌号", "公民身份号码")],
    ids=["by-door", "by-door-no-ids", "by-head", "by-head-no-ids"],
)
def test_the_same_roster_twice_holds_every_household_once(
    full_roster: Path, db_path: Path, tmp_path: Path, dropped: tuple[str, ...]
) -> None:
    people, households, heads = _truth(full_roster)
    if "门牌号" in dropped:  # the case this file is about: two households of a group share a head's name
        assert any(n > 1 for n in heads.values())
    roster = _without(full_roster, tmp_path, dropped)

    first = apply_plan(plan_import(read_roster(roster)), roster.name)
    assert (first.created_people, first.refused_rows) == (people, 0)
    assert (Person.select().count(), Household.select().count()) == (people, households)

    again = apply_plan(plan_import(read_roster(roster)), roster.name)
    assert (again.created_households, again.created_people, again.refused_rows) == (0, 0, 0)
    assert (Person.select().count(), Household.select().count()) == (people, households)
