"""不落一户、不漏一人: any roster or ledger a village keeps, imported into a real SQLite file, gives exactly the people,
households, groups and cases the clerk means, and every non-blank row of every sheet is accounted for.

The workbooks and their truth come from tests/data/village_workbooks.py (see there for the shapes). Each example
gets a fresh database file copied from the migrated template. A failing example is saved, with its truth, in
test-output/village_workbooks/ for a person to open; `python -m tests.data.village_workbooks` writes any seed.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from db import changes
from db.connection import close_database, open_database
from db.models import Case, Grid, Household, Person, Village
from forms.case_import import apply_case_plan, plan_case_import, read_cases
from forms.roster_import import apply_plan, plan_import, read_roster
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
                cs.create(
                    Village, {"name": "东风村", "township": "红旗镇", "county": "平安县", "clerk": "李文书"}
                )
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
        where = (
            f'write it with: python -m tests.data.village_workbooks shape "{book.shape!r}" {book.seed} FOLDER'
        )
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
        )
        .join(Household)
        .join(Grid)
    )
    db_people = list(query.tuples())
    truth = book.people
    households = book.taken_households
    counts = (len(db_people), Household.select().count(), Grid.select().count())
    expected = (len(truth), len(households), len(book.groups))
    if counts != expected:
        problems.append(f"[counts] people/households/groups in the db {counts}, truth {expected}")
    names = Counter(name for name, *_ in db_people)
    missing = sorted(set(truth) - set(names))
    if missing:
        problems.append(
            f"[people] {len(missing)} of {len(truth)} not imported: " + "、".join(_first(missing, 12))
        )
    extra = sorted(set(names) - set(truth))
    if extra:
        problems.append("[people] in the db but not people of the sheet: " + "、".join(_first(extra, 12)))
    twice = sorted(n for n, k in names.items() if k > 1)
    if twice:
        problems.append("[people] stored more than once: " + "、".join(_first(twice)))
    by_household: dict[int, set[str]] = {}
    values: list[str] = []
    groups: list[str] = []
    for name, number, relation, birth, phone, household, grid in db_people:
        by_household.setdefault(household, set()).add(name)
        p = truth.get(name)
        if p is None:
            continue
        if vw.group_number(grid) != p.group:
            groups.append(f"{name} in grid “{grid}”, truth group {p.group}")
        got = (number, relation, birth, phone)
        want = (p.id_number, p.relation, p.birth, p.phone)
        if got != want:
            values.append(
                f"{name}: (id, relation, birth, phone) {got} ≠ truth {want} (written “{p.relation_word}”)"
            )
    if groups:
        problems.append("[groups] " + "; ".join(_first(groups)))
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
    odd = sorted({a.outcome for a in accounted} - OUTCOMES)
    if odd:
        problems.append(f"[accounting] unknown outcomes {odd}")
    got = {(a.sheet, a.row): a for a in accounted}
    want = {(r.sheet, r.row): r for r in rows}
    wrong = [
        f"{s or '(csv)'}!{r}: {got[(s, r)].outcome if (s, r) in got else 'not accounted'}"
        f"{'（' + got[(s, r)].reason[:40] + '）' if (s, r) in got and got[(s, r)].reason else ''}, truth {t.outcome} ({t.what})"
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
            f"[accounting] {len(wrong)} of {len(rows)} rows {dict(tally)} not as the truth: "
            + "; ".join(_first(wrong))
        )
    refused_without_reason = [
        f"{a.sheet}!{a.row}" for a in accounted if a.outcome == "refused" and not a.reason
    ]
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
        )
        .join(Person)
        .join(Household)
        .join(Grid)
    )
    db_cases = list(query.tuples())
    truth = book.cases
    counts = (len(db_cases), Person.select().count())
    if counts != (len(truth), len(truth)):
        problems.append(f"[counts] cases/people in the db {counts}, truth {(len(truth), len(truth))}")
    names = {name for name, *_ in db_cases}
    missing = sorted(set(truth) - names)
    if missing:
        problems.append(
            f"[cases] {len(missing)} of {len(truth)} not imported: "
            + "; ".join(_first([f"{n}（{truth[n].reason_words}）" for n in missing], 12))
        )
    extra = sorted(names - set(truth))
    if extra:
        problems.append("[cases] in the db but refused by the truth: " + "、".join(_first(extra)))
    kinds, reasons, kept, other = [], [], [], []
    for name, number, kind, reason, reason_text, start, grid in db_cases:
        c = truth.get(name)
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
            other.append(
                f"{name}: (id, start, grid) {(number, start, grid)} ≠ {(c.id_number, c.start, c.group)}"
            )
    for label, items in (("kind", kinds), ("reason", reasons), ("reason_text", kept), ("values", other)):
        if items:
            problems.append(f"[{label}] " + "; ".join(_first(items)))
    return problems


# --- the imports ---------------------------------------------------------------------------------------


def roster_lands_as_truth(book: vw.Roster, template: Path, save: bool = True) -> None:
    with fresh_ledger(template) as folder:
        path = book.write(folder)
        plan = plan_import(read_roster(path))
        apply_plan(plan, path.name)
        _check(book, path, roster_problems(book) + accounting_problems(plan, book.rows), save)


def ledger_lands_as_truth(book: vw.Ledger, template: Path, save: bool = True) -> None:
    with fresh_ledger(template, vw.LEDGER_GRIDS) as folder:
        path = book.write(folder)
        plan = plan_case_import(read_cases(path))
        apply_case_plan(plan, path.name)
        _check(book, path, ledger_problems(book) + accounting_problems(plan, book.rows), save)


roster_shapes = st.builds(
    vw.RosterShape,
    fmt=st.sampled_from(vw.FORMATS),
    per_group_sheets=st.booleans(),
    group_style=st.sampled_from(("cn", "digit", "villager")),
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
    reasons=st.sampled_from(("canonical", "words")),
    measures=st.sampled_from(("canonical", "words")),
    rows=st.integers(1, 16),
    names=st.sampled_from(("plain", "dotted", "rare")),
    kind_sheets=st.booleans(),
)
seeds = st.integers(0, 2**31 - 1)


@ROSTER_EXAMPLES
@given(shape=roster_shapes, seed=seeds)
def test_any_roster_lands_as_the_clerk_means_it(
    migrated_template: Path, shape: vw.RosterShape, seed: int
) -> None:
    roster_lands_as_truth(vw.make_roster(shape, seed), migrated_template, save=False)


@LEDGER_EXAMPLES
@given(shape=ledger_shapes, seed=seeds)
def test_any_ledger_lands_as_the_clerk_means_it(
    migrated_template: Path, shape: vw.LedgerShape, seed: int
) -> None:
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
        assert one.describe() == two.describe() and [s.cells for s in one.sheets] == [
            s.cells for s in two.sheets
        ]
        assert vw.ledger_from_seed(seed).describe() == vw.ledger_from_seed(seed).describe()
    assert [
        vw.group_number(t) for t in ("一组", "6组", "第三村民小组", "东风村十二组", "第10组", "未分组")
    ] == [1, 6, 3, 12, 10, None]
