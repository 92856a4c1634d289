"""Every schema step upgrades a real file without losing a row; the result matches the models."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest

from db import migrations
from db.connection import close_database, migrate_to_latest, open_database, schema_version
from db.errors import DatabaseTooNew
from db.models import ALL_MODELS, Person


def _database_at(path: Path, version: int) -> peewee.SqliteDatabase:
    db = open_database(path, migrate=False)
    migrate_to_latest(db, path, target=version)
    return db


def test_every_step_has_a_test() -> None:
    tested = {name.removeprefix("test_step_") for name in globals() if name.startswith("test_step_")}
    steps = {step.__name__.rsplit(".", 1)[-1].split("_", 1)[0][1:] for step in migrations.STEPS}
    assert steps == tested


def test_step_0001(tmp_path: Path) -> None:
    db = _database_at(tmp_path / "v1.db", 1)
    tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"village", "grid", "household", "person", "audit_entry", "setting"} <= tables
    assert schema_version(db) == 1
    close_database()


def test_step_0002(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = _database_at(path, 1)
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (1, '三组', '', '', 3)")
    db.execute_sql(
        "INSERT INTO household (id, number, grid_id, door_no, head_name, phone, kind, note)"
        " VALUES (1, '0012', 1, '7号', '钱𠮷祥', '', '常住', '')"
    )
    people = [("钱𠮷祥", "户主", "11010519491231002X"), ("阿依古丽·买买提", "配偶", None), ("曾小单", "子女", None)]
    for name, relation, number in people:
        db.execute_sql(
            "INSERT INTO person (household_id, name, sex, id_number, birth_date, phone, relation, status,"
            " chronic, pregnant, disabled, lives_alone, note)"
            " VALUES (1, ?, '', ?, NULL, '', ?, '在村', 0, 0, 0, 0, '')",
            (name, number, relation),
        )
    close_database()

    db = open_database(path)  # migrates to the latest version, with a backup first
    assert schema_version(db) == migrations.LATEST_VERSION
    rows = {p.name: p for p in Person.select()}
    assert set(rows) == {name for name, _r, _n in people}
    assert rows["钱𠮷祥"].pinyin_initials == "qjx"
    assert rows["曾小单"].pinyin_full == "zengxiaodan"
    assert "三组7号" in rows["阿依古丽·买买提"].search_text
    assert rows["钱𠮷祥"].sort_key < rows["阿依古丽·买买提"].sort_key  # head first
    close_database()
    backups = list((tmp_path / "backups").glob("old_v1_*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 3


def test_step_0003(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    db = _database_at(path, 2)
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (1, '一组', '', '', 1)")
    close_database()

    db = open_database(path)
    assert "person_status" not in _indexes(db, "person")
    assert db.execute_sql("SELECT name FROM grid").fetchall() == [("一组",)]
    close_database()


def test_step_0004(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    db = _database_at(path, 3)
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (1, '一组', '', '', 1)")
    close_database()

    db = open_database(path)
    tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"policy", "case", "case_event", "reading", "fever_action", "follow_up", "template"} <= tables
    policies = dict(db.execute_sql("SELECT name, stages FROM policy").fetchall())
    assert policies["14天居家隔离医学观察"] == '[["居家隔离医学观察", 14]]'
    assert db.execute_sql("SELECT name FROM grid").fetchall() == [("一组",)]
    close_database()


def test_step_0005(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    db = _database_at(path, 4)
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (1, '一组', '', '', 1)")
    close_database()

    db = open_database(path)
    assert "reading_alert" in _indexes(db, "reading")
    plan = " ".join(
        str(r)
        for r in db.execute_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM reading r WHERE ((r.value >= ?) OR (r.symptoms != ?))"
            " AND NOT EXISTS (SELECT 1 FROM fever_action f WHERE f.reading_id = r.id)",
            (37.3, ""),
        ).fetchall()
    )
    assert "reading_alert" in plan  # the 首页 alert query can use it
    assert db.execute_sql("SELECT name FROM grid").fetchall() == [("一组",)]
    close_database()


def test_step_0006(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    db = _database_at(path, 5)
    db.execute_sql(
        'INSERT INTO audit_entry (at, who, action, "table", summary)'
        " VALUES ('2026-01-01', '王会计', 'create', 'person', '新建')"
    )
    close_database()

    db = open_database(path)
    assert db.execute_sql("SELECT count(*) FROM operator").fetchone() == (0,)
    assert db.execute_sql("SELECT who FROM audit_entry").fetchall() == [("王会计",)]  # kept through the upgrade
    with pytest.raises(peewee.IntegrityError, match="操作记录不能修改"):
        db.execute_sql("UPDATE audit_entry SET who = '别人'")
    with pytest.raises(peewee.IntegrityError, match="操作记录不能删除"):
        db.execute_sql("DELETE FROM audit_entry")
    assert db.execute_sql("SELECT who FROM audit_entry").fetchall() == [("王会计",)]
    close_database()


def test_step_0007(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    db = _database_at(path, 6)
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (1, '一组', '', '', 1)")
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (6, '六组', '', '', 6)")
    db.execute_sql(
        "INSERT INTO household (id, number, grid_id, door_no, head_name, phone, kind, note)"
        " VALUES (1, '001', 1, '65号', '张建国', '', '常住', '')"
    )
    with pytest.raises(peewee.IntegrityError):  # before: one 户号 in the whole village
        db.execute_sql(
            "INSERT INTO household (number, grid_id, door_no, head_name, phone, kind, note)"
            " VALUES ('001', 6, '65号', '李红', '', '常住', '')"
        )
    close_database()

    db = open_database(path)
    db.execute_sql(
        "INSERT INTO household (number, grid_id, door_no, head_name, phone, kind, note)"
        " VALUES ('001', 6, '65号', '李红', '', '常住', '')"
    )
    assert db.execute_sql("SELECT grid_id, number FROM household ORDER BY id").fetchall() == [(1, "001"), (6, "001")]
    with pytest.raises(peewee.IntegrityError):  # still one 户号 per group
        db.execute_sql(
            "INSERT INTO household (number, grid_id, door_no, head_name, phone, kind, note)"
            " VALUES ('001', 6, '66号', '王五', '', '常住', '')"
        )
    close_database()


def test_step_0008(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    db = _database_at(path, 7)
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (1, '一组', '', '', 1)")
    db.execute_sql(
        "INSERT INTO household (id, number, grid_id, door_no, head_name, phone, kind, note)"
        " VALUES (1, '001', 1, '12号', '钱𠮷祥', '', '常住', '')"
    )
    db.execute_sql(
        "INSERT INTO person (id, household_id, name, sex, id_number, birth_date, phone, relation, status, chronic,"
        " pregnant, disabled, lives_alone, note, pinyin_initials, pinyin_full, search_text, sort_key)"
        " VALUES (1, 1, '钱𠮷祥', '男', NULL, NULL, '', '户主', '在村', 0, 0, 0, 0, '', 'qjx', 'qianjixiang', '', '')"
    )
    db.execute_sql(
        'INSERT INTO "case" (id, person_id, kind, reason, source, address, site, room, start_date, stages,'
        " count_from, first_day, last_day, release_due, grid_worker, grid_worker_phone, doctor, doctor_phone,"
        " phone, seal_no, status, note, created_at) VALUES (1, 1, '居家隔离医学观察', '重点地区返回', '入户排查',"
        " '一组12号', '', '', '2026-11-02', '[[\"居家隔离医学观察\", 14]]', 'start', '2026-11-02', '2026-11-15',"
        " '2026-11-16', '', '', '', '', '', '2026-0001', '在管', '来源地：武汉', '2026-11-02 08:00:00')"
    )
    close_database()

    db = open_database(path)
    assert db.execute_sql('SELECT reason, reason_text, origin, note FROM "case"').fetchall() == [
        ("重点地区返回", "", "", "来源地：武汉")  # kept as it was; new imports fill the columns
    ]
    close_database()


def test_step_0009(tmp_path: Path) -> None:
    path = tmp_path / "v8.db"
    db = _database_at(path, 8)
    replace = (
        'INSERT OR REPLACE INTO audit_entry (id, at, who, action, "table", summary)'
        " VALUES (1, '2026-01-02', '别人', 'create', 'person', '伪造')"
    )
    db.execute_sql(
        'INSERT INTO audit_entry (at, who, action, "table", summary)'
        " VALUES ('2026-01-01', '王会计', 'create', 'person', '新建')"
    )
    db.execute_sql(replace)  # before: the entry is rewritten in place, no trigger fires
    assert db.execute_sql("SELECT who FROM audit_entry").fetchall() == [("别人",)]
    close_database()

    db = open_database(path)
    with pytest.raises(peewee.IntegrityError, match="操作记录不能改写"):
        db.execute_sql(replace.replace("别人", "又一人"))
    db.execute_sql(
        'INSERT INTO audit_entry (at, who, action, "table", summary)'
        " VALUES ('2026-01-03', '王会计', 'create', 'person', '新建')"
    )
    assert db.execute_sql("SELECT id, who FROM audit_entry").fetchall() == [(1, "别人"), (2, "王会计")]
    close_database()


def test_step_0010(tmp_path: Path) -> None:
    path = tmp_path / "v9.db"
    db = _database_at(path, 9)
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (1, '一组', '王网格', '', 1)")
    db.execute_sql(
        "INSERT INTO household (id, number, grid_id, door_no, head_name, phone, kind, note)"
        " VALUES (1, '001', 1, '12号', '钱𠮷祥', '', '常住', '')"
    )
    close_database()

    db = open_database(path)
    tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"key_area", "screening_round", "round_grid", "visit", "finding"} <= tables
    db.execute_sql(
        "INSERT INTO screening_round (id, name, starts_on, ends_on, status, closing_note, created_at)"
        " VALUES (1, '第二轮拉网排查', '2026-11-01', '2026-11-07', '进行中', '', '2026-11-01 08:00:00')"
    )
    visit = (
        'INSERT INTO visit (round_id, household_id, "on", worker, outcome, note)'
        " VALUES (1, 1, '2026-11-02', '王网格', '已排查', '')"
    )
    db.execute_sql(visit)
    with pytest.raises(peewee.IntegrityError):  # one current visit per round and household
        db.execute_sql(visit)
    assert db.execute_sql("SELECT head_name FROM household").fetchall() == [("钱𠮷祥",)]
    close_database()


def test_step_0011(tmp_path: Path) -> None:
    path = tmp_path / "v10.db"
    db = _database_at(path, 10)
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (1, '一组', '', '', 1)")
    close_database()

    db = open_database(path)
    tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"pushed_source", "pushed_batch", "pushed_item", "item_step"} <= tables
    db.execute_sql("INSERT INTO pushed_source (id, name, mapping) VALUES (1, '铁路', '{}')")
    with pytest.raises(peewee.IntegrityError):  # one row per source: its remembered mapping
        db.execute_sql("INSERT INTO pushed_source (id, name, mapping) VALUES (2, '铁路', '{}')")
    assert db.execute_sql("SELECT name FROM grid").fetchall() == [("一组",)]
    close_database()


def test_step_0012(tmp_path: Path) -> None:
    path = tmp_path / "v11.db"
    db = _database_at(path, 11)
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (1, '一组', '', '', 1)")
    db.execute_sql(
        "INSERT INTO household (id, number, grid_id, door_no, head_name, phone, kind, note)"
        " VALUES (1, '001', 1, '12号', '钱𠮷祥', '', '常住', '')"
    )
    db.execute_sql(
        "INSERT INTO person (id, household_id, name, sex, id_number, birth_date, phone, relation, status, chronic,"
        " pregnant, disabled, lives_alone, note, pinyin_initials, pinyin_full, search_text, sort_key)"
        " VALUES (1, 1, '钱𠮷祥', '男', NULL, NULL, '', '户主', '在村', 0, 0, 0, 0, '', 'qjx', 'qianjixiang', '', '')"
    )
    db.execute_sql(
        "INSERT INTO screening_round (id, name, starts_on, ends_on, status, closing_note, created_at)"
        " VALUES (1, '第二轮拉网排查', '2026-11-01', '2026-11-07', '进行中', '', '2026-11-01 08:00:00')"
    )
    db.execute_sql(
        'INSERT INTO visit (id, round_id, household_id, "on", worker, outcome, note)'
        " VALUES (1, 1, 1, '2026-11-02', '王网格', '已排查', '')"
    )
    db.execute_sql(
        "INSERT INTO finding (visit_id, person_id, temperature, symptoms, travel_means, travel_number, contact,"
        " measure, note) VALUES (1, 1, 38.1, '咳嗽', '', '', '无', '无', '复查')"
    )
    with pytest.raises(peewee.OperationalError, match="handled_on"):  # before: nowhere to say it was settled
        db.execute_sql("SELECT handled_on FROM finding")
    close_database()

    db = open_database(path)
    rows = db.execute_sql(
        "SELECT temperature, symptoms, note, case_id, handled_on, handled_by, handled_reason, handled_note FROM finding"
    ).fetchall()
    assert rows == [(38.1, "咳嗽", "复查", None, None, "", "", "")]  # kept, and as open as it was
    close_database()


def test_step_0013(tmp_path: Path) -> None:
    path = tmp_path / "v12.db"
    db = _database_at(path, 12)
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (1, '一组', '', '', 1)")
    tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert not {"checkpoint", "vehicle", "gate_entry"} & tables  # before: nowhere to keep a gate's register
    close_database()

    db = open_database(path)
    db.execute_sql(
        "INSERT INTO checkpoint (id, name, place, hours, post, leader, leader_phone, active, sort_order, note)"
        " VALUES (1, '村东卡点', '村东路口', '24小时', '东风村', '', '', 1, 1, '')"
    )
    db.execute_sql(
        "INSERT INTO gate_entry (checkpoint_id, at, direction, name, phone, address, is_villager, from_place,"
        " to_place, reason, local_contact, symptoms, travel_mode, plate, outcome, recorder, note, flags,"
        " pinyin_initials, created_at) VALUES (1, '2026-12-03 08:00:00', '进入', '钱𠮷祥', '', '', 1, '', '', '',"
        " '', '', '步行', '', '放行', '', '', '', 'qjx', '2026-12-03 08:00:00')"
    )
    with pytest.raises(peewee.IntegrityError):  # a checkpoint's name is its own
        db.execute_sql(
            "INSERT INTO checkpoint (id, name, place, hours, post, leader, leader_phone, active,"
            " sort_order, note) VALUES (2, '村东卡点', '', '普通', '', '', '', 1, 2, '')"
        )
    with pytest.raises(peewee.IntegrityError):  # an entry names a checkpoint that exists
        db.execute_sql(
            "INSERT INTO gate_entry (checkpoint_id, at, direction, name, phone, address, is_villager, from_place,"
            " to_place, reason, local_contact, symptoms, travel_mode, plate, outcome, recorder, note, flags,"
            " pinyin_initials, created_at) VALUES (9, '2026-12-03 08:00:00', '进入', '某某', '', '', 0, '', '', '',"
            " '', '', '步行', '', '放行', '', '', '', 'mm', '2026-12-03 08:00:00')"
        )
    assert "gate_entry_checkpoint_id_at" in _indexes(db, "gate_entry")
    assert db.execute_sql("SELECT name FROM grid").fetchall() == [("一组",)]
    assert db.execute_sql("SELECT name, flags FROM gate_entry").fetchall() == [("钱𠮷祥", "")]
    close_database()


def test_step_0014(tmp_path: Path) -> None:
    path = tmp_path / "v13.db"
    db = _database_at(path, 13)
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (1, '一组', '', '', 1)")
    tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert not {"duty_person", "duty_post", "duty_shift", "duty_assignment", "duty_log"} & tables
    close_database()

    db = open_database(path)
    db.execute_sql(
        "INSERT INTO duty_person (id, name, phone, kind, organisation, can_lead, weekdays, away, no_night, active,"
        " note) VALUES (1, '钱𠮷祥', '', '村干部', '', 1, '1234567', '[]', 0, 1, '')"
    )
    db.execute_sql(
        "INSERT INTO duty_post (id, name, kind, pattern, per_shift, needs_leader, head, head_phone, active,"
        " sort_order, note) VALUES (1, '村东卡点', '卡点值守', '[]', 2, 1, '', '', 1, 1, '')"
    )
    shift = (
        "INSERT INTO duty_shift (post_id, day, seq, name, starts, ends, is_night, needs, needs_leader,"
        " open_reason) VALUES (1, '2026-12-03', 0, '白班', '2026-12-03 08:00:00', '2026-12-03 20:00:00', 0, 2, 1, '')"
    )
    db.execute_sql(shift)
    with pytest.raises(peewee.IntegrityError):  # one row per shift of a post's day
        db.execute_sql(shift)
    db.execute_sql("INSERT INTO duty_assignment (shift_id, person_id, leader, fixed, note) VALUES (1, 1, 1, 0, '')")
    with pytest.raises(peewee.IntegrityError):  # a person is on a shift once
        db.execute_sql("INSERT INTO duty_assignment (shift_id, person_id, leader, fixed, note) VALUES (1, 1, 0, 0, '')")
    with pytest.raises(peewee.IntegrityError):  # nobody leaves while on a shift
        db.execute_sql("DELETE FROM duty_person WHERE id = 1")
    assert db.execute_sql("SELECT name FROM grid").fetchall() == [("一组",)]
    close_database()


def _indexes(db: peewee.SqliteDatabase, table: str) -> set[str]:
    return {r[1] for r in db.execute_sql(f'PRAGMA index_list("{table}")') if not r[1].startswith("sqlite_")}


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {r[1] for r in db.execute_sql(f'PRAGMA table_info("{table}")')}
        assert columns == {f.column_name for f in model._meta.sorted_fields}, table
        wanted = {index._name for index in model._meta.fields_to_index()}
        assert _indexes(db, table) == wanted, table
    close_database()


def test_a_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_database(path).execute_sql(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    close_database()
    with pytest.raises(DatabaseTooNew, match="更新版本"):
        open_database(path)
    close_database()


def test_step_0015(tmp_path: Path) -> None:
    """上报记录: a v14 file gains the hand-over history, its rows untouched."""
    from datetime import date

    from db.queries.handover import handover_history

    path = tmp_path / "v14.db"
    db = open_database(path, migrate=False)
    migrate_to_latest(db, path, target=14)
    db.execute_sql("INSERT INTO grid (id, name, worker, worker_phone, sort_order) VALUES (1, '一组', '', '', 1)")
    assert "hand_over" not in {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    close_database()

    db = open_database(path)
    db.execute_sql(
        "INSERT INTO hand_over (at, who, day, drive_label, folder, files, ok, note) VALUES ('2026-12-03 17:30:05',"
        " '钱𠮷祥', '2026-12-03', 'KINGSTON', 'E:\\疫情防控上报\\东风村20261203', '[]', 1, '')"
    )
    [row] = handover_history(5)
    assert (row.who, row.day, row.ok, row.files) == ("钱𠮷祥", date(2026, 12, 3), True, ())
    assert db.execute_sql("SELECT name FROM grid").fetchall() == [("一组",)]
    close_database()


def test_step_0016(tmp_path: Path) -> None:
    """A v15 village gains its code, reviewer and mode: blank, blank, and the village's own ledger."""
    path = tmp_path / "v15.db"
    db = open_database(path, migrate=False)
    migrate_to_latest(db, path, target=15)
    db.execute_sql(
        "INSERT INTO village (name, township, county, office_phone, clerk)"
        " VALUES ('东风村', '城关镇', '', '0371-61238806', '钱𠮷祥')"
    )
    close_database()

    db = open_database(path)
    row = db.execute_sql("SELECT name, clerk, code, reviewer, mode FROM village").fetchall()
    assert row == [("东风村", "钱𠮷祥", "", "", "村（社区）台账")]
    close_database()


def test_step_0017(tmp_path: Path) -> None:
    """A v16 file gains the township's two tables, empty, and keeps its village."""
    path = tmp_path / "v16.db"
    db = open_database(path, migrate=False)
    migrate_to_latest(db, path, target=16)
    db.execute_sql(
        "INSERT INTO village (name, township, county, office_phone, clerk) VALUES ('红旗镇', '', '', '', '王')"
    )
    close_database()

    db = open_database(path)
    assert db.execute_sql("SELECT name, mode FROM village").fetchall() == [("红旗镇", "村（社区）台账")]
    assert db.execute_sql("SELECT COUNT(*) FROM village_package").fetchone() == (0,)
    assert db.execute_sql("SELECT COUNT(*) FROM package_seen").fetchone() == (0,)
    close_database()


def test_step_0018(tmp_path: Path) -> None:
    """A v17 township file: each number seen keeps the day and package still held under it; a replaced one's
    stay empty; the same number may now be written again for another package (and is then shown twice)."""
    path = tmp_path / "v17.db"
    db = open_database(path, migrate=False)
    migrate_to_latest(db, path, target=17)
    db.execute_sql(
        "INSERT INTO village_package (village_code, village_name, day, package_id, sequence, zero, written_at,"
        " received_at, program_version, schema_version, sha256, figures, lists) VALUES ('410122101201', '东风村',"
        " '2026-12-02', 'p2', 2, 0, '2026-12-02 18:00:00', '2026-12-03 09:00:00', '0.1', 17, 'x', '[]', '{}')"
    )
    db.execute_sql("INSERT INTO package_seen (village_code, sequence) VALUES ('410122101201', 1), ('410122101201', 2)")
    close_database()

    db = open_database(path)
    rows = db.execute_sql("SELECT sequence, day, package_id FROM package_seen ORDER BY sequence").fetchall()
    assert rows == [(1, None, None), (2, "2026-12-02", "p2")]
    db.execute_sql(
        "INSERT INTO package_seen (village_code, sequence, day, package_id)"
        " VALUES ('410122101201', 2, '2026-12-05', 'p5')"
    )
    close_database()
