"""Schema version 3: no index on person.status.

No query can use it (the roster asks for status NOT IN the left statuses, which an index does not
serve), and every insert paid for it: a tenth of the write time of a 100,000-person import.
"""

from __future__ import annotations

import peewee


def apply(db: peewee.SqliteDatabase) -> None:
    db.execute_sql('DROP INDEX IF EXISTS "person_status"')
