"""The one database proxy and base model; bound to a real file by db.connection.open_database."""

from __future__ import annotations

import peewee

database = peewee.DatabaseProxy()


class BaseModel(peewee.Model):
    """Base for every table; all models share the proxy so tests can bind a temporary file."""

    #: The primary key peewee adds to a model that declares none (all but Setting); declared for the type checker.
    id: peewee.AutoField[int]
    #: Fields the audit trail writes as "******" (a password hash, a township's copy of a village's lists); a
    #: record with such fields is never undone.
    audit_hidden: tuple[str, ...] = ()

    class Meta:
        database = database
        legacy_table_names = False
