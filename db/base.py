"""The one database proxy and base model; bound to a real file by db.connection.open_database."""

from __future__ import annotations

import peewee

database = peewee.DatabaseProxy()


class BaseModel(peewee.Model):
    """Base for every table; all models share the proxy so tests can bind a temporary file."""

    class Meta:
        database = database
        legacy_table_names = False
