"""上报记录: each time a day's reports were handed over on a USB stick (issue 19): when, which day, to which
stick and folder, which files (name, rows, SHA-256) and by whom. A failed hand-over is kept too, with its
reason, so the clerk can tell the township what was tried."""

from __future__ import annotations

import peewee

from db.base import BaseModel


class HandOver(BaseModel):
    """One hand-over; `files` is JSON: [{"name", "rows", "bytes", "sha256"}, …] as the stick's 清单.json says."""

    at = peewee.DateTimeField(index=True)
    who = peewee.CharField()
    day = peewee.DateField()
    drive_label = peewee.CharField()
    folder = peewee.TextField()
    files = peewee.TextField()
    ok = peewee.BooleanField()
    note = peewee.TextField(default="")
