"""Schema version 2: pinyin, search text and sort key stored on each person, filled for existing rows."""

from __future__ import annotations

import peewee

from db.models.household import RELATIONS
from db.rules import search_keys


def apply(db: peewee.SqliteDatabase) -> None:
    from playhouse.migrate import SqliteMigrator, migrate  # only when upgrading: keeps start-up quick

    migrator = SqliteMigrator(db)
    migrate(
        migrator.add_column("person", "pinyin_initials", peewee.CharField(default="")),
        migrator.add_column("person", "pinyin_full", peewee.CharField(default="")),
        migrator.add_column("person", "search_text", peewee.TextField(default="")),
        migrator.add_column("person", "sort_key", peewee.CharField(default="")),
        migrator.add_index("person", ("sort_key",)),
    )
    rows = db.execute_sql(
        "SELECT p.id, p.name, p.id_number, p.phone, p.relation, h.number, h.door_no, g.name, g.sort_order"
        " FROM person p JOIN household h ON h.id = p.household_id JOIN grid g ON g.id = h.grid_id"
    ).fetchall()
    updates = []
    for pid, name, id_number, phone, relation, number, door_no, grid_name, grid_order in rows:
        keys = search_keys.person_keys(
            name=name,
            id_number=id_number,
            phone=phone,
            relation_rank=search_keys.relation_rank(relation, RELATIONS),
            household_number=number,
            address=grid_name + door_no,
            grid_order=grid_order,
        )
        updates.append((keys["pinyin_initials"], keys["pinyin_full"], keys["search_text"], keys["sort_key"], pid))
    db.connection().executemany(
        "UPDATE person SET pinyin_initials=?, pinyin_full=?, search_text=?, sort_key=? WHERE id=?", updates
    )
