"""The client's import rules (docs/architecture.md, "cpdesk/ (client)"), read from the source
with ``ast`` so they cannot erode silently. Each failure names the module and the rule.

- cpdesk never imports mock_server;
- Qt (PySide6, shiboken6) only under cpdesk/ui, plus cpdesk/app.py (the composition root);
- httpx only under cpdesk/api; pkcs11 only under cpdesk/auth;
- cpdesk/ui/common imports no feature folder;
- a feature folder (directory, signin, together, training) imports no sibling: only the shell
  composes features;
- no import cycles among cpdesk modules (module-level imports; those under TYPE_CHECKING or
  inside a function are lazy and are not edges).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "cpdesk"
FEATURES = ("directory", "signin", "together", "training")
QT = ("PySide6", "shiboken6")
QT_OUTSIDE_UI = {"cpdesk.app"}


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """Every module ``path`` imports, and the subset imported at module level (not under
    ``if TYPE_CHECKING:`` nor inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _name(path) if path.name == "__init__.py" else _name(path).rpartition(".")[0]
    every: set[str] = set()
    top: set[str] = set()

    def names(node: ast.Import | ast.ImportFrom) -> set[str]:
        if isinstance(node, ast.Import):
            return {alias.name for alias in node.names}
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*anchor, base] if base else anchor)
        return {base} | {f"{base}.{alias.name}" for alias in node.names}

    def walk(node: ast.AST, module_level: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                found = names(child)
                every.update(found)
                if module_level:
                    top.update(found)
            else:
                lazy = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) \
                    or (isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test))
                walk(child, module_level and not lazy)

    walk(tree, True)
    return every, top


def _modules() -> dict[str, tuple[set[str], set[str]]]:
    return {_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def broken_rules(modules: dict[str, tuple[set[str], set[str]]]) -> list[str]:
    problems: list[str] = []
    for module, (imported, _top) in modules.items():
        feature = next((f for f in FEATURES if _within(module, f"cpdesk.ui.{f}")), None)
        for target in sorted(imported):
            root = target.split(".")[0]
            if root == "mock_server":
                problems.append(f"{module} imports {target}: cpdesk never imports mock_server")
            if root in QT and not _within(module, "cpdesk.ui") and module not in QT_OUTSIDE_UI:
                problems.append(f"{module} imports {target}: Qt only under cpdesk/ui")
            if root == "httpx" and not _within(module, "cpdesk.api"):
                problems.append(f"{module} imports {target}: httpx only under cpdesk/api")
            if root == "pkcs11" and not _within(module, "cpdesk.auth"):
                problems.append(f"{module} imports {target}: pkcs11 only under cpdesk/auth")
            if _within(module, "cpdesk.ui.common") and any(
                    _within(target, f"cpdesk.ui.{f}") for f in (*FEATURES, "shell")):
                problems.append(f"{module} imports {target}: ui/common imports no feature")
            if feature is not None:
                for other in (*FEATURES, "shell"):
                    if other != feature and _within(target, f"cpdesk.ui.{other}"):
                        problems.append(f"{module} imports {target}: feature {feature} "
                                        f"imports no sibling (only the shell composes)")
    return problems


def import_cycles(modules: dict[str, tuple[set[str], set[str]]]) -> list[list[str]]:
    """Cycles in the module-level import graph (a DFS; each cycle reported once)."""
    graph = {m: sorted(t for t in top if t in modules and t != m)
             for m, (_every, top) in modules.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in graph[module]:
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target):], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in graph:
        if module not in state:
            visit(module)
    return cycles


def test_the_client_keeps_its_import_rules() -> None:
    problems = broken_rules(_modules())
    assert not problems, "\n".join(problems)


def test_no_import_cycles_among_client_modules() -> None:
    cycles = import_cycles(_modules())
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_a_violation_is_named() -> None:
    """The rules bite: a sideways import between features is reported with its module."""
    modules = _modules()
    imported, top = modules["cpdesk.ui.directory.record_view"]
    modules["cpdesk.ui.directory.record_view"] = (
        imported | {"cpdesk.ui.together.involvement_dialogs"}, top)
    assert broken_rules(modules) == [
        "cpdesk.ui.directory.record_view imports cpdesk.ui.together.involvement_dialogs: "
        "feature directory imports no sibling (only the shell composes)"]


def test_a_cycle_is_named() -> None:
    """A module-level import back up the layers is reported as a cycle, module by module."""
    modules = _modules()
    imported, top = modules["cpdesk.formatting"]
    # (cpdesk.privacy's __init__ loads its modules lazily, so the edge goes to one of them.)
    back_up = "cpdesk.privacy.display"
    modules["cpdesk.formatting"] = (imported | {back_up}, top | {back_up})
    assert any(c[0] == c[-1] and "cpdesk.formatting" in c and back_up in c
               for c in import_cycles(modules))
