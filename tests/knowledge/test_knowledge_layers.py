"""The package's layers, read from the import statements: no cycles, no upward imports.

A lower layer (knowledge, privacy, store) never imports a higher one (handover, practice,
web, actions), and no two modules of ``bot`` import each other, directly or round about.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOWER = ("bot.knowledge", "bot.privacy", "bot.store")
HIGHER = ("bot.handover", "bot.practice", "bot.web", "bot.runtime", "actions")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Module -> the project modules it imports (also under TYPE_CHECKING: a cycle all the same)."""
    modules = {
        _module_name(path): path
        for folder in ("bot", "actions")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            found.update(target for target in targets if target in modules and target != name)
        graph[name] = found
    return graph


def _is_in(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == package or module.startswith(f"{package}.") for package in packages)


def test_lower_layers_never_import_higher_ones() -> None:
    upward = [
        (module, target)
        for module, targets in _imports().items()
        if _is_in(module, LOWER)
        for target in targets
        if _is_in(target, HIGHER)
    ]
    assert upward == []


def test_practice_cleanup_does_not_reach_into_the_web_service() -> None:
    assert not [t for t in _imports()["bot.practice.cleanup"] if _is_in(t, ("bot.web",))]


def test_no_import_cycles_between_modules() -> None:
    graph = _imports()
    # A package's __init__ re-exports its modules; an edge into a package is not a cycle
    # by itself, so only module-to-module edges between files that are not __init__ count.
    packages = {name for name in graph if (ROOT / name.replace(".", "/") / "__init__.py").exists()}
    edges = {
        module: {target for target in targets if target not in packages}
        for module, targets in graph.items()
        if module not in packages
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif state.get(target) is None:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []
