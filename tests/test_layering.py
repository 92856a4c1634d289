"""The layers stay apart: db/ <- forms/, printing/ <- app/ (the only one that may use Qt).

Every .py file under db/, forms/ and printing/ is parsed (not imported), so a lazy import inside a
function or under `if TYPE_CHECKING:` counts too, and so does importlib.import_module("...") with a
literal name.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("db", "forms", "printing")

QT_PACKAGES = {
    "PyQt4",
    "PyQt5",
    "PyQt6",
    "PySide",
    "PySide2",
    "PySide6",
    "shiboken2",
    "shiboken6",
    "qtpy",
    "pytestqt",
}
# layer -> project packages it must not import
FORBIDDEN = {
    "db": {"app", "forms", "printing"},
    "forms": {"app"},
    "printing": {"app"},
}


def python_files() -> list[Path]:
    found = (p for layer in CHECKED for p in (ROOT / layer).rglob("*.py"))
    return sorted(p for p in found if "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
                if not node.module:  # `from .. import x`: x may itself be a package
                    found += [(node.lineno, f"{prefix}.{alias.name}".lstrip(".")) for alias in node.names]
                    continue
                found.append((node.lineno, target.lstrip(".")))
            else:
                found.append((node.lineno, node.module or ""))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if (
                name in {"import_module", "__import__"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((node.lineno, node.args[0].value))
    return found


FILES = python_files()


def test_files_are_found():
    assert len(FILES) > 0, f"no .py files under {', '.join(CHECKED)} in {ROOT}"
    for layer in ("db", "forms"):
        assert any(p.relative_to(ROOT).parts[0] == layer for p in FILES), f"no .py files under {layer}/"


def _violations(rule) -> list[str]:
    problems = []
    for path in FILES:
        layer = path.relative_to(ROOT).parts[0]
        for line, name in imports_of(path):
            top = name.split(".")[0]
            why = rule(layer, top)
            if why:
                problems.append(f"{path.relative_to(ROOT).as_posix()}:{line}: imports {name} ({why})")
    return problems


def test_no_qt_below_app():
    problems = _violations(lambda layer, top: "Qt belongs in app/ only" if top in QT_PACKAGES else None)
    assert not problems, "Qt imported outside app/:\n  " + "\n  ".join(problems)


def test_layers_point_downwards():
    problems = _violations(
        lambda layer, top: f"{layer}/ must not depend on {top}/" if top in FORBIDDEN[layer] else None
    )
    assert not problems, "a lower layer imports a higher one:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(
    ("source", "file", "expected"),
    [
        ("import PyQt6.QtCore\n", "db/x.py", "PyQt6.QtCore"),
        ("from PySide6 import QtWidgets\n", "forms/x.py", "PySide6"),
        ("def f():\n    from app.gui import run_gui\n", "printing/x.py", "app.gui"),
        ("from ...app import gui\n", "db/models/x.py", "app"),
        ("from .. import forms\n", "db/rules/x.py", "db.forms"),
        ("import importlib\nimportlib.import_module('PyQt6.QtGui')\n", "db/x.py", "PyQt6.QtGui"),
    ],
    ids=["qt", "qt-from", "lazy-in-function", "relative-up", "relative-sibling", "import_module"],
)
def test_import_scanner_sees(tmp_path, monkeypatch, source, file, expected):
    """The scanner itself: each kind of import is found (so a clean result means something)."""
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    path = tmp_path / file
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")
    assert expected in [name for _, name in imports_of(path)]


# --- use cases live in db/: no peewee queries in app/, no transactions above db/ ----------------------

#: The peewee query API: called on a model class it reads or writes the database past db/'s use cases.
QUERY_METHODS = {
    "select",
    "where",
    "get",
    "get_by_id",
    "get_or_none",
    "get_or_create",
    "execute",
    "create",
    "insert",
    "insert_many",
    "insert_from",
    "replace",
    "replace_many",
    "update",
    "delete",
    "delete_by_id",
    "raw",
    "filter",
    "bulk_create",
    "bulk_update",
    "exists",
    "count",
    "noop",
}
PEEWEE_PACKAGES = {"peewee", "playhouse"}
#: Calls that open a transaction (db.changes.transaction, peewee's atomic and savepoint).
TRANSACTION_CALLS = {"transaction", "atomic", "savepoint"}


def layer_files(*layers: str) -> list[Path]:
    found = (p for layer in layers for p in (ROOT / layer).rglob("*.py"))
    return sorted(p for p in found if "__pycache__" not in p.parts)


def _model_names(tree: ast.AST) -> set[str]:
    """Names a file binds to something from db.models (the model classes, and db.models itself)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").startswith("db.models"):
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module == "db":
            names |= {alias.asname or alias.name for alias in node.names if alias.name == "models"}
        elif isinstance(node, ast.Import):
            names |= {alias.asname for alias in node.names if alias.name.startswith("db.models") and alias.asname}
    return names


def _root_name(node: ast.expr) -> str | None:
    """`Person` for `Person`, `models.Person` or `db.models.Person`: the name an expression starts from."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node: ast.expr) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def peewee_queries(path: Path) -> list[tuple[int, str]]:
    """(line, what) for each peewee import and each query-API call on a model class in the file.

    Only calls whose receiver comes from db.models count, so Qt's own select (QTextCursor.select,
    a view's selectRow) is not mistaken for a query."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = [(line, f"imports {name}") for line, name in imports_of(path) if name.split(".")[0] in PEEWEE_PACKAGES]
    models = _model_names(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERY_METHODS
            and (_root_name(node.func.value) in models or _dotted(node.func.value).startswith("db.models"))
        ):
            found.append((node.lineno, f"calls {_dotted(node.func)}()"))
    return found


def transactions_started(path: Path) -> list[tuple[int, str]]:
    """(line, call) for each call that opens a transaction: x.transaction(…), x.atomic(…), a bare transaction(…)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in TRANSACTION_CALLS:
            found.append((node.lineno, f"{_dotted(func)}()"))
    return found


def _listed(paths: list[Path], scan) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{p.relative_to(ROOT).as_posix()}:{line}: {what}" for p in paths for line, what in scan(p)]


def test_app_asks_db_and_builds_no_queries():
    """Screens call db/'s named queries and use cases; a query written in a widget is a use case out of place."""
    files = layer_files("app")
    assert files, f"no .py files under app/ in {ROOT}"
    problems = _listed(files, peewee_queries)
    assert not problems, "app/ uses the peewee query API (move it into db/queries or a db use case):\n  " + (
        "\n  ".join(problems)
    )


def test_transactions_start_only_in_db():
    """Every change is a use case in db/ (db.changes.transaction is its one save path); above db/ none starts one."""
    files = layer_files("app", "forms", "printing")
    problems = _listed(files, transactions_started)
    assert not problems, "a transaction starts outside db/ (move the use case into db/):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("from db.models import Person\nPerson.select().where(Person.id == 1)\n", True),
        ("from db.models import Policy as P\nP.get_or_none(P.id == 1)\n", True),
        ("from db import models\nmodels.Case.get_by_id(1)\n", True),
        ("def f():\n    from db.models.quarantine import Reading\n    return Reading.get_by_id(1)\n", True),
        ("import peewee\n", True),
        ("def f():\n    from playhouse.shortcuts import model_to_dict\n", True),
        ("from db.models import Person\nchanges.save(Person, {}, None)\n", False),
        ("cursor.select(QTextCursor.SelectionType.Document)\nview.selectRow(0)\n", False),
        ("from db.queries import policies\npolicies.policy(1)\n", False),
    ],
    ids=[
        "select-where",
        "alias",
        "module",
        "lazy-submodule",
        "peewee",
        "playhouse",
        "model-as-argument",
        "qt-select",
        "named-query",
    ],
)
def test_query_scanner_sees(tmp_path, monkeypatch, source, flagged):
    """The query scanner itself: each way of querying is found, and Qt's select is not a query."""
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    path = tmp_path / "x.py"
    path.write_text(source, encoding="utf-8")
    assert bool(peewee_queries(path)) is flagged


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("with changes.transaction('x') as cs:\n    pass\n", True),
        ("from db.changes import transaction\nwith transaction('x'):\n    pass\n", True),
        ("with database.atomic():\n    pass\n", True),
        ("def f():\n    with db.base.database.atomic('IMMEDIATE'):\n        pass\n", True),
        ("changes.save(Person, {}, None)\nroster_actions.move_person(1, 2)\n", False),
    ],
    ids=["changes", "bare", "atomic", "nested-attribute", "use-case"],
)
def test_transaction_scanner_sees(tmp_path, source, flagged):
    path = tmp_path / "x.py"
    path.write_text(source, encoding="utf-8")
    assert bool(transactions_started(path)) is flagged
