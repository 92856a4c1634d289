"""Schema version 7: a 户号 is unique within its group (村民小组), not across the village.

Why: villages number households per group — sheet 一组 and sheet 六组 both start at 户号 001 — and two
households with the same 户号 in different groups are two households; the village-wide index made the
second refuse to be stored (or, worse, an import merged them into one).
"""

from __future__ import annotations

import peewee


def apply(db: peewee.SqliteDatabase) -> None:
    db.execute_sql('DROP INDEX "household_number"')
    db.execute_sql('CREATE UNIQUE INDEX "household_grid_id_number" ON "household" ("grid_id", "number")')
