"""The layers ARCHITECTURE.md promises: core at the bottom (imports no other app), the engine free of Django, hq on
top (no app imports it), and every permission named in the code declared by its app."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SIAGA = Path(__file__).resolve().parents[2] / "siaga"
APPS = sorted(p.name for p in SIAGA.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def _sources(folder: Path):
    for path in folder.rglob("*.py"):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


IMPORTERS = ("import_module", "import_string")


def imported_modules(tree: ast.AST) -> set[str]:
    """Every module a file imports: import statements anywhere (also inside functions) and import_module("...")."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in IMPORTERS:
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return found


def _apps_in(modules: set[str]) -> set[str]:
    return {m.split(".")[1] for m in modules if m.startswith("siaga.") and m.count(".") >= 1}


def test_the_scan_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    from siaga.units.models import Unit\n    import_module('siaga.reports.demo')\n")
    assert _apps_in(imported_modules(tree)) == {"units", "reports"}


def test_core_imports_no_other_app():
    offenders = []
    for path, tree in _sources(SIAGA / "core"):
        others = _apps_in(imported_modules(tree)) - {"core"}
        if others:
            offenders.append(f"{path.relative_to(SIAGA)} → {sorted(others)}")
    assert not offenders, "core mengimpor aplikasi lain:\n" + "\n".join(offenders)


def test_the_engine_imports_neither_django_nor_an_app():
    offenders = []
    for path, tree in _sources(SIAGA / "engine"):
        modules = imported_modules(tree)
        bad = {m for m in modules if m.split(".")[0] == "django"} | (_apps_in(modules) - {"engine"})
        if bad:
            offenders.append(f"{path.relative_to(SIAGA)} → {sorted(bad)}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("app", [a for a in APPS if a not in ("hq", "engine")])
def test_no_app_imports_the_top_layer(app):
    offenders = [
        str(path.relative_to(SIAGA)) for path, tree in _sources(SIAGA / app) if "hq" in _apps_in(imported_modules(tree))
    ]
    assert not offenders, f"{app} mengimpor hq (lapisan teratas): {offenders}"


PERMISSION_CALLS = {"can", "require", "refusal", "get_for_user"}
PERMISSION_CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")


def test_every_permission_named_in_the_code_is_declared(settings):
    from siaga.core import access

    declared = {p.code for p in access.permissions_all()}
    used: dict[str, str] = {}
    for path, tree in _sources(SIAGA):
        for node in ast.walk(tree):
            name = getattr(getattr(node, "func", None), "attr", getattr(getattr(node, "func", None), "id", None))
            if isinstance(node, ast.Call) and name in PERMISSION_CALLS:
                for arg in node.args:
                    if (
                        isinstance(arg, ast.Constant)
                        and isinstance(arg.value, str)
                        and PERMISSION_CODE.match(arg.value)
                    ):
                        used.setdefault(arg.value, f"{path.relative_to(SIAGA)}:{node.lineno}")
    assert len(used) > 10, "pemindaian tidak menemukan pemanggilan izin"
    undeclared = {code: where for code, where in used.items() if code not in declared}
    assert not undeclared, f"izin dipakai tetapi tidak dideklarasikan di permissions.py: {undeclared}"


def test_each_permission_is_declared_by_its_own_app():
    from django.apps import apps

    from siaga.core import access

    labels = {config.label for config in apps.get_app_configs()}
    for perm in access.permissions_all():
        assert perm.code.split(".")[0] in labels, perm.code
        assert perm.label and perm.label == perm.label.strip(), perm.code
