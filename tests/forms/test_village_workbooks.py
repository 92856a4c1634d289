"""不落一户、不漏一人: any roster or ledger a village keeps, imported into a real SQLite file, gives exactly the people,
households, groups and cases the clerk means, and every non-blank row of every sheet is accounted for.

The workbooks and their truth come from tests/data/village_workbooks.py (see there for the shapes). Each example
gets a fresh database file copied from the migrated template. A failing example is saved, with its truth, in
test-output/village_workbooks/ for a person to open; `python -m tests.data.village_workbooks` writes any seed.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from db import changes
from db.connection import close_database, open_database
from db.imports.cases import apply_case_plan
from db.imports.roster import apply_plan
from db.models import Case, Grid, Household, Person, Village
from forms.case_import import plan_case_import, read_cases
from forms.roster_import import plan_import, read_roster
from tests.conftest import ROOT
from tests.data import village_workbooks as vw

SAVED = ROOT / "test-output" / "village_workbooks"
#: ~20 ms an example; a failing run spends most of its time shrinking. The whole file stays well under 60 s.
ROSTER_EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LEDGER_EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OUTCOMES = {"created", "merged", "updated", "unchanged", "refused", "skipped"}


# --- a fresh ledger file per example ------------------------------------------------------------------


@contextmanager
def fresh_ledger(template: Path, grids: tuple[str, ...] = ()) -> Iterator[Path]:
    """A folder holding a new database file (copied from the migrated template, bound to the models) for the
    village 东风村 with these grids; the folder goes when the example ends."""
    with tempfile.TemporaryDirectory(prefix="village-") as folder:
        path = Path(folder) / "ledger.db"
        shutil.copy(template, path)
        open_database(path)
        try:
            with changes.transaction("测试村庄", who="测试") as cs:
                cs.create(Village, {"name": "东风村", "township": "红旗镇", "county": "平安县", "clerk": "李文书"})
                for order, name in enumerate(grids, start=1):
                    cs.create(Grid, {"name": name, "sort_order": order})
            yield Path(folder)
        finally:
            close_database()


def _save(book: vw.Roster | vw.Ledger, path: Path, problems: list[str]) -> Path:
    SAVED.mkdir(parents=True, exist_ok=True)
    stem = f"{path.stem.split('.')[0]}_{book.seed}_{abs(hash(book.shape)) % 10**6}"
    target = SAVED / f"{stem}{book.shape.suffix}"
    shutil.copy(path, target)
    Path(str(target) + ".truth.txt").write_text(
        book.describe() + "\n\nFOUND\n" + "\n".join(problems) + "\n", encoding="utf-8"
    )
    return target


def _check(book: vw.Roster | vw.Ledger, path: Path, problems: list[str], save: bool) -> None:
    """Fail with what a clerk would notice; a fixed example is saved with its truth, a drawn one says how to
    write it (hypothesis runs many variations of a failing example, so those are not all saved)."""
    if not problems:
        return
    if save:
        where = f"saved as {_save(book, path, problems)}"
    else:
        where = f'write it with: python -m tests.data.village_workbooks shape "{book.shape!r}" {book.seed} FOLDER'
    note(where)
    raise AssertionError(f"{book.shape!r} seed={book.seed} ({where}):\n" + "\n".join(problems))


def _first(items: list[str], limit: int = 8) -> list[str]:
    return items[:limit] + ([f"… and {len(items) - limit} more"] if len(items) > limit else [])


# --- what the database holds against the truth ---------------------------------------------------------


def roster_problems(book: vw.Roster) -> list[str]:
    """What a clerk would notice: counts, who is missing or extra, who is in the wrong household or group."""
    problems: list[str] = []
    query = (
        Person.select(
            Person.name,
            Person.id_number,
            Person.relation,
            Person.birth_date,
            Person.phone,
            Household.id,
            Grid.name,
            Person.status,
            Person.chronic,
            Person.pregnant,
        )
        .join(Household)
        .join(Grid)
    )
    db_people = list(query.tuples())
    truth = book.people
    households = book.taken_households
    db_grids = sorted(name for (name,) in Grid.select(Grid.name).tuples())
    counts = (len(db_people), Household.select().count(), len(db_grids))
    expected = (len(truth), len(households), len(book.grids_after))
    if counts != expected:
        problems.append(
            f"[counts] people/households/grids in the db {counts}, truth {expected} "
            f"(grids in the db {'、'.join(db_grids)}; truth {'、'.join(sorted(book.grids_after))})"
        )
    names = Counter(name for name, *_ in db_people)
    missing = sorted(set(truth) - set(names))
    if missing:
        problems.append(f"[people] {len(missing)} of {len(truth)} not imported: " + "、".join(_first(missing, 12)))
    extra = sorted(set(names) - set(truth))
    if extra:
        problems.append("[people] in the db but not people of the sheet: " + "、".join(_first(extra, 12)))
    twice = sorted(n for n, k in names.items() if k > 1)
    if twice:
        problems.append("[people] stored more than once: " + "、".join(_first(twice)))
    by_household: dict[int, set[str]] = {}
    values: list[str] = []
    groups: list[str] = []
    flags: list[str] = []
    for name, number, relation, birth, phone, household, grid, status, chronic, pregnant in db_people:
        by_household.setdefault(household, set()).add(name)
        p = truth.get(name)
        if p is None:
            continue
        if grid != book.grid_names[p.group]:
            groups.append(f"{name} in grid “{grid}”, truth group {p.group} stored as “{book.grid_names[p.group]}”")
        got = (number, relation, birth, phone)
        want = (p.id_number, p.relation, p.birth, p.phone)
        if got != want:
            values.append(f"{name}: (id, relation, birth, phone) {got} ≠ truth {want} (written “{p.relation_word}”)")
        if (status, bool(chronic), bool(pregnant)) != (p.status, p.chronic, p.pregnant):
            flags.append(
                f"{name}: (status, 慢性病, 孕产妇) {(status, bool(chronic), bool(pregnant))} ≠ truth "
                f"{(p.status, p.chronic, p.pregnant)}"
            )
    if groups:
        problems.append("[groups] " + "; ".join(_first(groups)))
    if flags:
        problems.append("[status/flags] " + "; ".join(_first(flags)))
    by_members = {
        frozenset(Person.select(Person.name).where(Person.household == h.id).tuples()): h
        for h in Household.select(Household.id, Household.phone, Household.door_no, Household.kind)
    }
    kept: list[str] = []
    for h in households:
        found = by_members.get(frozenset((n,) for n in h.members))
        if found is None:
            continue  # told below
        if found.phone != h.landline:
            kept.append(f"户主 {h.head}: household.phone “{found.phone}”, truth 固定电话 “{h.landline}”")
        if book.has_door and found.door_no != h.door:
            kept.append(
                f"户主 {h.head}: door_no “{found.door_no}”, truth “{h.door}” (written “{h.door_text or h.door}”)"
            )
        if found.kind not in h.kinds:
            kept.append(f"户主 {h.head}: kind “{found.kind}”, truth one of {h.kinds} (written “{h.kind_words}”)")
    if kept:
        problems.append("[household values] " + "; ".join(_first(kept)))
    db_sets = {frozenset(s) for s in by_household.values()}
    wrong = []
    for h in households:
        members = frozenset(h.members)
        if members not in db_sets:
            holders = sorted({hid for hid, s in by_household.items() if s & members})
            wrong.append(
                f"group {h.group} 户号 {h.number} {h.door} head {h.head} ({len(members)} people) is in "
                f"{len(holders)} db households, with {sum(len(by_household[x] - members) for x in holders)} others"
            )
    if wrong:
        problems.append(
            f"[households] {len(wrong)} of {len(households)} not one household of their own: "
            + "; ".join(_first(wrong))
        )
    if values:
        problems.append("[values] " + "; ".join(_first(values)))
    return problems


def accounting_problems(plan: object, rows: list[vw.RowTruth]) -> list[str]:
    """Every non-blank row of every sheet once, with the outcome the truth gives it."""
    try:
        accounted = plan.accounted  # type: ignore[attr-defined]
    except AttributeError as exc:
        return [f"[accounting] the plan has no row accounting yet ({exc})"]
    problems: list[str] = []
    places = Counter((a.sheet, a.row) for a in accounted)
    twice = [f"{s}!{r}" for (s, r), k in places.items() if k > 1]
    if twice:
        problems.append("[accounting] rows accounted more than once: " + ", ".join(_first(twice)))
    if plan.rows_read != len(accounted):  # type: ignore[attr-defined]
        problems.append(f"[accounting] rows_read {plan.rows_read} ≠ {len(accounted)} rows accounted")  # type: ignore[attr-defined]
    if plan.outcome_counts() != Counter(a.outcome for a in accounted):  # type: ignore[attr-defined]
        problems.append(f"[accounting] the summary's counts {plan.outcome_counts()} are not the rows'")  # type: ignore[attr-defined]
    odd = sorted({a.outcome for a in accounted} - OUTCOMES)
    if odd:
        problems.append(f"[accounting] unknown outcomes {odd}")
    got = {(a.sheet, a.row): a for a in accounted}
    want = {(r.sheet, r.row): r for r in rows}
    wrong = [
        f"{s or '(csv)'}!{r}: {got[(s, r)].outcome if (s, r) in got else 'not accounted'}"
        f"{'（' + got[(s, r)].reason[:40] + '）' if (s, r) in got and got[(s, r)].reason else ''}"
        f", truth {t.outcome} ({t.what})"
        for (s, r), t in sorted(want.items())
        if (s, r) not in got or got[(s, r)].outcome != t.outcome
    ]
    wrong += [
        f"{s or '(csv)'}!{r}: {a.outcome}, but the row is blank"
        for (s, r), a in sorted(got.items())
        if (s, r) not in want
    ]
    if wrong:
        tally = Counter(t.outcome for t in rows)
        problems.append(
            f"[accounting] {len(wrong)} of {len(rows)} rows {dict(tally)} not as the truth: " + "; ".join(_first(wrong))
        )
    refused_without_reason = [f"{a.sheet}!{a.row}" for a in accounted if a.outcome == "refused" and not a.reason]
    if refused_without_reason:
        problems.append("[accounting] refused without a reason: " + ", ".join(_first(refused_without_reason)))
    return problems


def ledger_problems(book: vw.Ledger) -> list[str]:
    problems: list[str] = []
    query = (
        Case.select(
            Person.name,
            Person.id_number,
            Case.kind,
            Case.reason,
            Case.reason_text,
            Case.start_date,
            Grid.name,
            Person.status,
            Household.head_name,
            Case.origin,
            Case.status,
            Case.ended_on,
            Case.release_due,
            Case.exposure_date,
            Case.grid_worker,
            Case.grid_worker_phone,
            Case.doctor,
            Case.doctor_phone,
            Case.seal_no,
            Case.site,
            Case.room,
            Case.note,
        )
        .join(Person)
        .join(Household)
        .join(Grid)
    )
    db_cases = list(query.tuples())
    truth = {c.key: c for c in book.cases.values()}
    in_roster = len(book.roster.people) if book.roster is not None else 0
    visitors = sum(1 for c in truth.values() if not c.roster_person)
    counts = (len(db_cases), Person.select().count())
    if counts != (len(truth), in_roster + visitors):
        problems.append(
            f"[counts] cases/people in the db {counts}, truth {(len(truth), in_roster + visitors)} "
            f"({in_roster} in the roster imported first, {visitors} visitors)"
        )
    keys = {(name, number) for name, number, *_ in db_cases}
    missing = sorted(set(truth) - keys, key=str)
    if missing:
        problems.append(
            f"[cases] {len(missing)} of {len(truth)} not imported: "
            + "; ".join(_first([f"{n}（{i}，{truth[(n, i)].reason_words}）" for n, i in missing], 12))
        )
    extra = sorted(keys - set(truth), key=str)
    if extra:
        problems.append("[cases] in the db but not cases of the truth: " + "、".join(_first([str(e) for e in extra])))
    kinds, reasons, kept, other, whose, ends, more = [], [], [], [], [], [], []
    seals: Counter[str] = Counter()
    today = date.today()
    for (
        name,
        number,
        kind,
        reason,
        reason_text,
        start,
        grid,
        person_status,
        head,
        origin,
        status,
        ended_on,
        release_due,
        exposure,
        worker,
        worker_phone,
        doctor,
        doctor_phone,
        seal,
        site,
        room,
        case_note,
    ) in db_cases:
        c = truth.get((name, number))
        if c is None:
            continue
        if kind != c.kind:
            kinds.append(f"{name}: {kind} ≠ {c.kind}")
        if reason != c.reason:
            reasons.append(f"{name}: “{c.reason_words}” → {reason} ≠ {c.reason}")
        words = c.reason_words if c.reason_words != c.reason else ""
        if reason_text != words:
            kept.append(f"{name}: reason_text “{reason_text}”, the ledger says “{c.reason_words}”")
        if (number, start, vw.group_number(grid)) != (c.id_number, c.start, c.group):
            other.append(f"{name}: (id, start, grid) {(number, start, grid)} ≠ {(c.id_number, c.start, c.group)}")
        visitor = (person_status, head) == ("暂住", "外来暂住人员")
        if visitor == c.roster_person:
            whose.append(
                f"{name}: the case's person is {'a visitor added' if visitor else 'in household of ' + head} "
                f"({person_status}), truth {'the roster person' if c.roster_person else 'a 暂住 visitor'}"
            )
        want_end = {"due": release_due, "today": today}.get(c.ended_on, c.ended_on)  # type: ignore[arg-type]
        if (status, ended_on) != (c.status, want_end):
            ends.append(f"{name}: (status, ended_on) {(status, ended_on)} ≠ {(c.status, want_end)} ({c.ended_on})")
        if origin != c.origin:
            more.append(f"{name}: origin “{origin}” ≠ “{c.origin}” (隔离原因 “{c.reason_words}”)")
        if exposure != c.exposure:
            more.append(f"{name}: exposure_date {exposure} ≠ {c.exposure}")
        if (worker, worker_phone, doctor, doctor_phone) != c.worker:
            more.append(
                f"{name}: (包保责任人, 电话, 村医, 电话) {(worker, worker_phone, doctor, doctor_phone)} ≠ {c.worker}"
            )
        if (site, room) != c.site:
            more.append(f"{name}: (site, room) {(site, room)} ≠ {c.site}")
        if c.home_address and f"户籍地址：{c.home_address}" not in case_note:
            more.append(f"{name}: note “{case_note}” lacks 户籍地址：{c.home_address}")
        if c.seal != "auto":
            if seal != c.seal:
                more.append(f"{name}: seal_no “{seal}” ≠ the ledger's “{c.seal}”")
        elif (kind == vw.CENTRAL) == bool(seal) or (seal and not re.fullmatch(r"20\d\d-\d{4}", seal)):
            more.append(f"{name}: seal_no “{seal}” for a {kind} case (a number 2020-NNNN for home cases, none central)")
        if seal:
            seals[seal] += 1
    twice = [s for s, n in seals.items() if n > 1]
    if twice:
        more.append("seal numbers given twice: " + "、".join(twice))
    for label, items in (
        ("kind", kinds),
        ("reason", reasons),
        ("reason_text", kept),
        ("values", other),
        ("whose case", whose),
        ("status/ended_on", ends),
        ("case values", more),
    ):
        if items:
            problems.append(f"[{label}] " + "; ".join(_first(items)))
    return problems


# --- the imports ---------------------------------------------------------------------------------------


def roster_lands_as_truth(book: vw.Roster, template: Path, save: bool = True) -> None:
    with fresh_ledger(template, book.grids_before) as folder:
        path = book.write(folder)
        plan = plan_import(read_roster(path))
        apply_plan(plan, path.name)
        _check(book, path, roster_problems(book) + accounting_problems(plan, book.rows), save)


def ledger_lands_as_truth(book: vw.Ledger, template: Path, save: bool = True) -> None:
    with fresh_ledger(template, vw.LEDGER_GRIDS) as folder:
        first: list[str] = []
        if book.roster is not None:  # the village's roster first, by the roster import
            roster_path = book.roster.write(folder)
            roster_plan = plan_import(read_roster(roster_path))
            apply_plan(roster_plan, roster_path.name)
            first = [
                f"[the roster imported first] {p}"
                for p in roster_problems(book.roster) + accounting_problems(roster_plan, book.roster.rows)
            ]
        path = book.write(folder)
        plan = plan_case_import(read_cases(path))
        apply_case_plan(plan, path.name)
        _check(book, path, first + ledger_problems(book) + accounting_problems(plan, book.rows), save)


roster_shapes = st.builds(
    vw.RosterShape,
    fmt=st.sampled_from(vw.FORMATS),
    per_group_sheets=st.booleans(),
    group_style=st.sampled_from(vw.GROUP_STYLES),
    header=st.sampled_from(("one_row", "contact", "address", "hukou")),
    keys=st.sampled_from(("number", "door", "head", "above")),
    head_column=st.booleans(),
    door_column=st.booleans(),
    household_cells=st.sampled_from(("repeat", "merge", "first")),
    group_cells=st.sampled_from(("household", "block")),
    leading_zeros=st.booleans(),
    header_copy=st.booleans(),
    two_tables=st.booleans(),
    titles=st.booleans(),
    footer=st.booleans(),
    blank_rows=st.booleans(),
    mess=st.booleans(),
    duplicates=st.booleans(),
    refuse_heads=st.booleans(),
    names=st.sampled_from(("plain", "dotted", "rare")),
    shared_doors=st.booleans(),
    groups=st.integers(1, 4),
    households=st.integers(1, 4),
    household_size=st.integers(1, 4),
    group_mix=st.booleans(),
    grids_before=st.booleans(),
    page_break=st.sampled_from(("none", "title", "title_unit")),
    legacy_ids=st.booleans(),
    x_ids=st.booleans(),
    extras=st.booleans(),
)
ledger_shapes = st.builds(
    vw.LedgerShape,
    fmt=st.sampled_from(vw.FORMATS),
    two_row_header=st.booleans(),
    header_copy=st.booleans(),
    titles=st.booleans(),
    footer=st.booleans(),
    blank_rows=st.booleans(),
    mess=st.booleans(),
    reasons=st.sampled_from(("canonical", "words", "template")),
    measures=st.sampled_from(("canonical", "words")),
    rows=st.integers(1, 16),
    names=st.sampled_from(("plain", "dotted", "rare")),
    kind_sheets=st.booleans(),
    roster=st.booleans(),
    ended=st.booleans(),
    template=st.booleans(),
    legacy_ids=st.booleans(),
    x_ids=st.booleans(),
)
seeds = st.integers(0, 2**31 - 1)


@ROSTER_EXAMPLES
@given(shape=roster_shapes, seed=seeds)
def test_any_roster_lands_as_the_clerk_means_it(migrated_template: Path, shape: vw.RosterShape, seed: int) -> None:
    roster_lands_as_truth(vw.make_roster(shape, seed), migrated_template, save=False)


@LEDGER_EXAMPLES
@given(shape=ledger_shapes, seed=seeds)
def test_any_ledger_lands_as_the_clerk_means_it(migrated_template: Path, shape: vw.LedgerShape, seed: int) -> None:
    ledger_lands_as_truth(vw.make_ledger(shape, seed), migrated_template, save=False)


# --- the four measured failures, exactly -----------------------------------------------------------------


def test_measured_one_sheet_per_group_with_the_header_copied_mid_sheet(migrated_template: Path) -> None:
    """Was: 34 of 74 people imported, the rows above each copied header gone, and 未导入 0 行."""
    book = vw.measured_roster(vw.MEASURED_PER_GROUP_SHEETS)
    assert len(book.people) == 74 and not any(r.outcome == "refused" for r in book.rows)
    roster_lands_as_truth(book, migrated_template)


def test_measured_groups_under_a_merged_address_sharing_door_numbers(migrated_template: Path) -> None:
    """Was: 45 households of 58 (1组65号 and 6组65号 made one)."""
    book = vw.measured_roster(vw.MEASURED_SHARED_DOORS)
    assert len(book.taken_households) == 58
    assert len({h.door for h in book.households}) < len(book.households)  # door numbers shared across groups
    roster_lands_as_truth(book, migrated_template)


def test_measured_reasons_in_the_clerks_words(migrated_template: Path) -> None:
    """Was: 25 of 31 rows refused."""
    book = vw.measured_ledger(vw.MEASURED_REASON_WORDS)
    assert len(book.cases) == 31
    ledger_lands_as_truth(book, migrated_template)


def test_measured_measures_in_the_clerks_words(migrated_template: Path) -> None:
    """Was: 19 of 23 rows refused."""
    book = vw.measured_ledger(vw.MEASURED_MEASURE_WORDS)
    assert len(book.cases) == 23
    ledger_lands_as_truth(book, migrated_template)


# --- the generator itself ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", vw.FORMATS)
def test_the_generated_files_are_what_they_claim(tmp_path: Path, fmt: str) -> None:
    """Real merged cells in .xlsx and BIFF .xls (calamine reads them), GBK or UTF-8 with BOM in csv, ID numbers
    stored as numbers where the truth says they lost digits."""
    from python_calamine import CalamineWorkbook

    shape = vw.RosterShape(
        fmt=fmt,
        header="contact",
        household_cells="merge",
        mess=True,
        groups=3,
        households=4,
        household_size=4,
        names="rare",
    )
    book = vw.make_roster(shape, 7)
    path = book.write(tmp_path)
    raw = path.read_bytes()
    if fmt == "xls":
        assert raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    if fmt.endswith("csv"):
        assert raw.startswith(b"\xef\xbb\xbf") == (fmt == "utf8.csv")
        text = raw.decode("utf-8-sig" if fmt == "utf8.csv" else "gbk")
        assert "序号" in text and "联系方式" in text
        return
    if fmt == "ods":
        # calamine reads the OpenDocument file (it reports no merged ranges for ods: the reader falls back to
        # the blank cells a merge leaves, as for csv); merged cells are spans over covered cells.
        assert raw[30:38] == b"mimetype" and b"application/vnd.oasis.opendocument.spreadsheet" in raw[:100]
        cells = [c for row in CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python() for c in row]
        assert "联系方式" in cells and any(isinstance(c, float) and c > 1e17 for c in cells) == any(
            "存成了数字" in r.what for r in book.rows
        )
        return
    sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    merged = sheet.merged_cell_ranges
    assert ((0, 0), (1, 0)) in merged  # 序号 merged down over the two header rows
    assert any(r1 > r0 + 1 and c0 == c1 for (r0, c0), (r1, c1) in merged)  # household cells merged down
    cells = [c for row in sheet.to_python() for c in row]
    lost = [c for c in cells if isinstance(c, float) and c > 1e17]
    assert len(lost) == sum(1 for r in book.rows if "存成了数字" in r.what)


def test_a_seed_alone_gives_the_same_workbook_every_time(tmp_path: Path) -> None:
    for seed in (1, 2, 3):
        one, two = vw.roster_from_seed(seed), vw.roster_from_seed(seed)
        assert one.describe() == two.describe() and [s.cells for s in one.sheets] == [s.cells for s in two.sheets]
        assert vw.ledger_from_seed(seed).describe() == vw.ledger_from_seed(seed).describe()
    assert [vw.group_number(t) for t in ("一组", "6组", "第三村民小组", "东风村十二组", "第10组", "未分组")] == [
        1,
        6,
        3,
        12,
        10,
        None,
    ]


# --- fixed examples of what the strategies also draw ----------------------------------------------------


def test_one_group_spelled_several_ways_is_one_grid(migrated_template: Path) -> None:
    """一组 in some rows, 1组 / 第一组 / 第1村民小组 in others, and a village whose grid is spelled its own way."""
    shape = vw.RosterShape(group_mix=True, grids_before=True, groups=3, households=4, household_size=3)
    book = vw.make_roster(shape, 11)
    sheet = book.sheets[0]
    col = next(c for (r, c), v in sheet.cells.items() if v in ("组别", "村民小组"))
    spellings = {v for (r, c), v in sheet.cells.items() if c == col and r > 0}
    assert len(spellings) > len(book.groups)  # some group is written two ways
    assert book.grids_before and any(book.grid_names[vw.group_number(g)] == g for g in book.grids_before)
    roster_lands_as_truth(book, migrated_template)


def test_a_page_break_inside_a_household(migrated_template: Path) -> None:
    """The print title and the header again between two members; those below have blank household cells."""
    shape = vw.RosterShape(titles=True, page_break="title", household_cells="merge", sizes=((3, 4), (2,)))
    book = vw.make_roster(shape, 5)
    assert sum("分页后" in r.what for r in book.rows) >= 2
    assert any(r.outcome == "created" and "归上一户" in r.what for r in book.rows)
    roster_lands_as_truth(book, migrated_template)


def test_a_ledger_naming_roster_people_with_ended_cases_and_template_columns(migrated_template: Path) -> None:
    """By ID number, by name alone, a visitor namesake; 已解除 / 送医 with and without a date; 包保责任人 >
    姓名|电话, 来源地, 末次接触日期, 告知书/承诺书/封条; 15-digit and x-ending ID numbers."""
    shape = vw.LedgerShape(
        rows=14, roster=True, ended=True, template=True, reasons="words", mess=True, legacy_ids=True, x_ids=True
    )
    book = vw.make_ledger(shape, 3)
    said = " ".join(r.what for r in book.rows)
    assert "按身份证号" in said and "按姓名" in said and "暂住" in said and "转运送医" in said
    ledger_lands_as_truth(book, migrated_template)
