"""操作记录 names every table in Chinese: a table added without its word would show its code name to the clerk."""

from __future__ import annotations

from db.base import BaseModel
from db.queries.audit import TABLES


def _models(cls: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_models(sub)]
    return found


def test_every_table_has_its_word() -> None:
    import db.models  # noqa: F401 - every model class is defined by importing the package

    tables = {model._meta.table_name for model in _models(BaseModel)}
    assert tables, "no models found"
    assert sorted(tables - set(TABLES)) == []
