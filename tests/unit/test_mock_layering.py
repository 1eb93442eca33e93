"""The mock server's rooms keep to their import rule (docs/architecture.md, "mock_server/").

Every module under ``mock_server/`` is parsed (never imported) and checked:

- ``mock_server`` never imports ``cpdesk`` (the client and the mock stay apart);
- only ``data/`` imports ``sqlite3`` or calls ``.execute(``, ``.executemany(`` or
  ``.executescript(`` (all SQL lives in ``data/``);
- only ``http/`` imports FastAPI, Starlette, pydantic or uvicorn;
- ``data/`` imports only ``data/`` (the ground floor); ``tokens/`` imports only ``data/`` and
  ``tokens/``; ``rules/`` imports only ``data/`` and ``rules/``; nothing but ``cli/`` and the
  entry point imports ``cli/``.

A failure names each module and the rule it broke.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "mock_server"
SQL_CALLS = frozenset({"execute", "executemany", "executescript"})
WEB = ("fastapi", "starlette", "pydantic", "uvicorn")
# room -> the mock_server rooms it may import (itself always)
MAY_IMPORT = {
    "data": {"data"},
    "tokens": {"data", "tokens"},
    "rules": {"data", "rules"},
    "http": {"data", "rules", "tokens", "http"},
    "cli": {"data", "rules", "tokens", "http", "cli"},
}


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(ROOT.rglob("*.py")):
        yield path.relative_to(ROOT.parent).as_posix(), ast.parse(path.read_text("utf-8"))


def _room(name: str) -> str | None:
    """``mock_server/data/store.py`` -> ``data``; top-level modules have no room."""
    parts = name.split("/")
    return parts[1] if len(parts) > 2 else None


def _imports(tree: ast.Module, name: str) -> Iterator[str]:
    package = name.removesuffix(".py").replace("/", ".").rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def _top(module: str) -> str:
    return module.split(".")[0]


def broken_rules() -> list[str]:
    problems: list[str] = []
    for name, tree in _modules():
        room = _room(name)
        imports = set(_imports(tree, name))
        for module in sorted(imports):
            if _top(module) == "cpdesk":
                problems.append(f"{name} imports {module}: mock_server never imports cpdesk")
            if _top(module) == "sqlite3" and room != "data":
                problems.append(f"{name} imports sqlite3: only mock_server/data/ holds SQL")
            if _top(module) in WEB and room != "http":
                problems.append(f"{name} imports {module}: only mock_server/http/ speaks HTTP")
            parts = module.split(".")
            if parts[0] == "mock_server" and len(parts) > 1 and parts[1] in MAY_IMPORT:
                target = parts[1]
                if room in MAY_IMPORT and target not in MAY_IMPORT[room]:
                    problems.append(f"{name} imports {module}: mock_server/{room}/ may import"
                                    f" only {', '.join(sorted(MAY_IMPORT[room]))}")
                if room is None and target == "cli" and name != "mock_server/__main__.py":
                    problems.append(f"{name} imports {module}: only the entry point uses cli/")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_CALLS and room != "data"):
                problems.append(f"{name}:{node.lineno} calls .{node.func.attr}(): only"
                                " mock_server/data/ runs SQL")
    return sorted(set(problems))


def test_the_rooms_exist() -> None:
    for room in MAY_IMPORT:
        assert (ROOT / room / "__init__.py").is_file(), f"mock_server/{room}/ is missing"


def test_mock_server_keeps_its_import_rules() -> None:
    problems = broken_rules()
    assert not problems, "mock_server layering broken:\n  " + "\n  ".join(problems)


def test_the_check_sees_a_violation() -> None:
    """The checker itself: a data module that speaks HTTP and a route that runs SQL."""
    bad = ast.parse("import fastapi\nfrom mock_server.http.app import create_app\n")
    assert {m for m in _imports(bad, "mock_server/data/x.py")} >= {"fastapi",
                                                                   "mock_server.http.app"}
    relative = ast.parse("from ..http import app\n")
    assert "mock_server.http.app" in set(_imports(relative, "mock_server/data/x.py"))
