"""Village data settings kept inside the database so they travel with backups."""

from __future__ import annotations

import peewee

from db.base import BaseModel


class Setting(BaseModel):
    """A typed key/value pair; the value is JSON."""

    key = peewee.CharField(primary_key=True)
    value = peewee.TextField()
