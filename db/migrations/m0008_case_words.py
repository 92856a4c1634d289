"""Schema version 8: a case keeps the ledger's own words for its reason, and where the person came from.

Imports read "武汉返乡" as 重点地区返回 and "探亲" as 其他; the words themselves (reason_text) and the place
(origin, 来源地, until now only in the case's note) are shown in the case file and written to the lists.
"""

from __future__ import annotations

import peewee

STATEMENTS = (
    'ALTER TABLE "case" ADD COLUMN "reason_text" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "case" ADD COLUMN "origin" VARCHAR(255) NOT NULL DEFAULT \'\'',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
