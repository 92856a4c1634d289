"""A day before people were born (a clock at 2000-01-01): the roster, the isolation lists and the papers are
still made, with the age left blank for whoever is not born yet, never a negative age or an error."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from db import quarantine_actions as qa
from db.demo import build_demo_village
from db.models import Person, Policy
from forms.excel.report_sheet import HEADER_ROW as LIST_HEADER_ROW
from forms.isolation_export import HOME, export_isolation_list
from forms.roster_export import HEADER_ROW, export_roster
from printing.documents import DOCUMENTS
from printing.from_ledger import case_prints

Y2K = date(2000, 1, 1)


def _rows(path: Path, sheet: str, header_row: int) -> list[dict[str, Any]]:
    ws = load_workbook(path)[sheet]
    header = [c.value for c in ws[header_row]]
    return [dict(zip(header, (c.value for c in row), strict=False)) for row in ws.iter_rows(min_row=header_row + 1)]


def test_the_roster_leaves_the_age_blank_for_people_not_born_yet(db_path: Path, tmp_path: Path) -> None:
    # The roster counts ages on the computer's date: a village whose "today" is 30 years ahead of it has
    # everyone under 30 born after that date, as a clock at 2000-01-01 would see a village of today.
    build_demo_village(300, seed=11, today=date.today() + timedelta(days=30 * 366))
    out = tmp_path / "花名册.xlsx"
    assert export_roster(out) > 0
    rows = [r for r in _rows(out, "花名册", HEADER_ROW) if r.get("姓名")]
    births: dict[str, date] = {p.id_number: p.birth_date for p in Person.select() if p.id_number and p.birth_date}
    unborn = [r for r in rows if r["公民身份号码"] in births and births[r["公民身份号码"]] > date.today()]
    born = [r for r in rows if r["公民身份号码"] in births and births[r["公民身份号码"]] <= date.today()]
    assert unborn and born
    assert all(r["年龄"] in (None, "") and r["60岁以上"] in (None, "") for r in unborn)
    assert all(isinstance(r["年龄"], int) and r["年龄"] >= 0 for r in born)


def test_lists_and_papers_on_a_day_before_births(db_path: Path, tmp_path: Path) -> None:
    build_demo_village(300, seed=11, today=date(2026, 11, 1))
    policy = Policy.get(Policy.name == "14天居家隔离医学观察").id
    known = Person.select().where(Person.birth_date.is_null(False) & Person.id_number.is_null(False))
    people = list(known.order_by(Person.birth_date.desc()).limit(3)) + list(known.order_by(Person.birth_date).limit(3))
    births = [b for p in people if (b := p.birth_date) is not None]
    ids = [
        qa.open_case(p.id, {"policy": policy, "start_date": Y2K - timedelta(days=3), "address": "一组1号"}).id
        for p in people
    ]

    out = tmp_path / "居家.xlsx"
    assert export_isolation_list(HOME, Y2K, out, today=Y2K) == len(people)
    ages = {r["身份证号码"]: r["年龄"] for r in _rows(out, "居家隔离人员名单", LIST_HEADER_ROW) if r.get("姓名")}
    prints = case_prints(ids, printed_on=Y2K)
    for person, birth, paper in zip(people, births, prints, strict=True):
        if birth > Y2K:  # not born yet on the day: no age at all
            assert ages[person.id_number] in (None, "") and paper.age is None
        else:
            age = ages[person.id_number]
            assert isinstance(age, int) and age >= 0 and paper.age == age
    assert births[0] > Y2K >= births[-1]  # both kinds are there
    for name in ("notices-and-seals", "temperature-sheets", "release-notices"):
        pdf = DOCUMENTS[name].render(prints, tmp_path / f"{name}.pdf", None)
        assert pdf.stat().st_size > 0
