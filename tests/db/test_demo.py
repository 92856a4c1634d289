"""The demo village: counts, valid and consistent ID numbers, households, search columns, audit, refusal
and cancellation."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date

import pytest

from db.connection import close_database, open_database
from db.demo import DemoCancelled, build_demo_village
from db.errors import LedgerError
from db.models import AuditEntry, Grid, Household, HouseholdKind, Person, PersonStatus, Village
from db.rules.age import age_on

TODAY = date(2020, 2, 10)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def check_digit(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def is_empty() -> bool:
    return not any(m.select().exists() for m in (Village, Grid, Household, Person, AuditEntry))


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """One demo village of 2,000 people, built once for the read-only tests."""
    path = tmp_path_factory.mktemp("demo") / "t.db"
    open_database(path)
    try:
        summary = build_demo_village(2000, today=TODAY)
    finally:
        close_database()
    return path, summary


@pytest.fixture
def demo(demo_file):
    path, summary = demo_file
    open_database(path)
    yield summary
    close_database()


@pytest.fixture
def empty_db(tmp_path):
    db = open_database(tmp_path / "t.db")
    yield db
    close_database()


def people() -> list[Person]:
    return list(Person.select())


def test_counts(demo):
    assert demo.grids == Grid.select().count() == 6
    assert [g.sort_order for g in Grid.select().order_by(Grid.sort_order)] == [1, 2, 3, 4, 5, 6]
    assert all(g.worker and g.worker_phone for g in Grid.select())
    assert 500 <= demo.households == Household.select().count() <= 700
    assert demo.people == Person.select().count() == 2000
    village = Village.get()
    assert village.name and village.township and village.county and village.clerk
    assert Village.select().count() == 1


def test_id_numbers_are_valid_unique_and_match_sex_and_birth_date(demo):
    numbers = [p.id_number for p in people() if p.id_number]
    assert len(numbers) == len(set(numbers))
    missing = Person.select().where(Person.id_number.is_null()).count()
    assert 0 < missing < 60  # about 1%
    full = 0
    for p in people():
        if not p.id_number:
            assert p.sex in ("男", "女") and p.birth_date is not None
            continue
        n = p.id_number
        if len(n) == 18:
            full += 1
            assert n[:17].isdigit() and n[17] == check_digit(n[:17]), n
            birth, sequence_digit = n[6:14], n[16]
        else:
            assert len(n) == 15 and n.isdigit(), n
            birth, sequence_digit = "19" + n[6:12], n[14]
        assert p.birth_date == date(int(birth[:4]), int(birth[4:6]), int(birth[6:])), n
        assert p.sex == ("男" if int(sequence_digit) % 2 else "女"), n
    assert full > 1900


def test_ages_are_plausible_and_consistent_in_a_household(demo):
    by_household = defaultdict(list)
    for p in people():
        assert p.birth_date <= TODAY
        assert 0 <= age_on(p.birth_date, TODAY) <= 100
        by_household[p.household_id].append(p)
    ages = [age_on(p.birth_date, TODAY) for p in people()]
    assert min(ages) == 0 and max(ages) >= 90
    for members in by_household.values():
        head = next(p for p in members if p.relation == "户主")
        head_age = age_on(head.birth_date, TODAY)
        for p in members:
            age = age_on(p.birth_date, TODAY)
            if p.relation == "子女":
                assert head_age - age >= 18, (head.name, p.name)
            elif p.relation in ("父母", "祖父母"):
                assert age - head_age >= 18, (head.name, p.name)
            elif p.relation == "孙子女":
                assert head_age - age >= 36, (head.name, p.name)
            elif p.relation == "配偶":
                assert p.sex != head.sex


def test_each_household_has_one_head_whose_name_is_on_the_household(demo):
    heads = Counter(p.household_id for p in people() if p.relation == "户主")
    for household in Household.select():
        assert heads[household.id] == 1, household.number
        head = Person.get((Person.household == household) & (Person.relation == "户主"))
        assert household.head_name == head.name
        assert household.number.startswith(f"{household.grid.sort_order:02d}-")
        assert household.door_no.endswith("号")
    assert Household.select(Household.number).distinct().count() == Household.select().count()


def test_kinds_statuses_and_flags_are_plausible(demo):
    kinds = Counter(h.kind for h in Household.select())
    assert set(kinds) == {k.value for k in HouseholdKind}
    assert kinds[HouseholdKind.RESIDENT.value] > 0.85 * sum(kinds.values())
    statuses = Counter(p.status for p in people())
    assert set(statuses) <= {s.value for s in PersonStatus}
    assert 0.6 < statuses[PersonStatus.PRESENT.value] / 2000 < 0.9
    assert 0.08 < statuses[PersonStatus.AWAY.value] / 2000 < 0.25
    assert statuses[PersonStatus.RETURNED.value] > 20
    assert statuses[PersonStatus.TEMPORARY.value] > 10
    for p in Person.select().where(Person.status == PersonStatus.TEMPORARY.value):
        assert p.household.kind == HouseholdKind.RENTED.value
    for p in Person.select().where(Person.pregnant):
        assert p.sex == "女" and 20 <= age_on(p.birth_date, TODAY) <= 40
    for p in Person.select().where(Person.lives_alone):
        assert p.household.members.count() == 1 and age_on(p.birth_date, TODAY) >= 60
    assert Person.select().where(Person.chronic).count() > 40
    assert Person.select().where(Person.lives_alone).count() > 5
    living = [p for p in people() if p.status != PersonStatus.DECEASED.value]
    adults = [p for p in living if age_on(p.birth_date, TODAY) >= 18]
    with_phone = [p for p in adults if p.phone]
    assert len(with_phone) > 0.75 * len(adults)
    assert all(len(p.phone) == 11 and p.phone[0] == "1" and p.phone[1] in "3456789" for p in with_phone)


def test_names_include_rare_characters_and_minority_names(demo):
    names = {p.name for p in people()}
    assert {"钱𠮷祥", "王䶮", "阿依古丽·买买提"} <= names
    assert len({n[0] for n in names}) > 50  # many surnames


def test_stored_search_columns(demo):
    for p in people():
        assert p.pinyin_initials and p.pinyin_full, p.name
        parts = p.search_text.split("|")
        assert parts[0] == p.name and parts[1] == p.pinyin_initials and parts[2] == p.pinyin_full
        assert (p.id_number or "").lower() in p.search_text and p.phone in p.search_text
        assert p.sort_key.startswith(f"{p.household.grid.sort_order:05d}|")
    rare = Person.get(Person.name == "钱𠮷祥")
    assert rare.pinyin_initials == "qjx" and "qianjixiang" in rare.search_text
    yan = Person.get(Person.name == "王䶮")
    assert yan.pinyin_full == "wangyan"


def test_audit_entries_record_the_bulk_inserts(demo):
    entries = list(AuditEntry.select().where(AuditEntry.summary == "生成演示数据"))
    assert entries and len(entries) == AuditEntry.select().count()
    person_entry = next(e for e in entries if e.action == "bulk_create" and e.table == "person")
    assert json.loads(person_entry.after)["count"] == 2000
    assert any(e.action == "bulk_create" and e.table == "household" for e in entries)


def test_refuses_a_database_that_has_data(demo):
    audits = AuditEntry.select().count()
    with pytest.raises(LedgerError, match="已有数据"):
        build_demo_village(100, today=TODAY)
    assert Person.select().count() == 2000
    assert AuditEntry.select().count() == audits


def test_refuses_even_a_lone_village_row(empty_db):
    Village.create(name="西河村", township="", county="", office_phone="", clerk="")
    with pytest.raises(LedgerError, match="已有数据"):
        build_demo_village(100, today=TODAY)


def test_same_seed_gives_the_same_village(tmp_path):
    def snapshot(path, seed):
        open_database(path)
        try:
            build_demo_village(500, seed=seed, today=TODAY)
            fields = ("name", "id_number", "phone", "birth_date", "relation", "status", "note", "search_text")
            return [tuple(getattr(p, f) for f in fields) for p in people()]
        finally:
            close_database()

    first = snapshot(tmp_path / "a.db", 7)
    assert snapshot(tmp_path / "b.db", 7) == first
    assert snapshot(tmp_path / "c.db", 8) != first


@pytest.mark.parametrize("count", [1, 2, 7, 199, 200])
def test_small_villages_have_exactly_the_people_asked_for(empty_db, count):
    summary = build_demo_village(count, today=TODAY)
    assert summary.people == Person.select().count() == count
    assert Household.select().count() == summary.households >= 1


def test_progress_is_reported_up_to_the_total(empty_db):
    class Recorder:
        cancelled = False

        def __init__(self):
            self.calls = []

        def update(self, done, total):
            self.calls.append((done, total))

    recorder = Recorder()
    build_demo_village(2000, progress=recorder, today=TODAY)
    done = [d for d, _ in recorder.calls]
    assert len(recorder.calls) >= 3 and done == sorted(done)
    assert recorder.calls[-1][0] == recorder.calls[-1][1]


def test_a_cancelled_build_leaves_the_database_empty(empty_db):
    class CancelAtLook:
        """Answers "cancelled" on the k-th time it is asked."""

        def __init__(self, k):
            self.k = k
            self.looks = 0

        @property
        def cancelled(self):
            self.looks += 1
            return self.looks >= self.k

        def update(self, done, total):
            pass

    cancelled_at = 0
    for k in range(1, 50):
        try:
            build_demo_village(2000, progress=CancelAtLook(k), today=TODAY)
        except DemoCancelled:
            assert is_empty(), f"cancelled at look {k}"
            cancelled_at = k
        else:
            break
    # Cancels were seen while generating and inside the transaction (after the inserts, last).
    assert cancelled_at >= 4
    assert Person.select().count() == 2000
