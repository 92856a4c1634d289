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
    "PyQt4", "PyQt5", "PyQt6", "PySide", "PySide2", "PySide6", "shiboken2", "shiboken6", "qtpy", "pytestqt",
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
            if (name in {"import_module", "__import__"} and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
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
    problems = _violations(
        lambda layer, top: "Qt belongs in app/ only" if top in QT_PACKAGES else None
    )
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
