"""The shape of ``bot/``: imports run downward only and never in a circle; modules stay small
and each has its own name, so a newcomer can tell from a path where a change belongs.

The graph is read from the source with ``ast`` (imports inside functions count too: they run).
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BOT = PROJECT_ROOT / "bot"
MAX_LINES = 450
# Longer modules still to be split; the list may only shrink (it is empty now):
# a module here that is short enough makes the test fail until it is taken off.
NOT_SPLIT_YET: frozenset[str] = frozenset()

# The layers, lowest first: a part may import its own layer and the ones below, never above.
# Every package and top-level module of bot/ must be placed here, so a new one is a decision.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("knowledge", "settings", "untrusted"),
    ("store", "privacy"),
    ("accounts", "dialogue", "handover", "partners", "practice", "dashboard", "transparency"),
    ("runtime", "web", "rasa"),
    ("actions",),  # the custom actions of the action server: nothing in bot/ imports them
)
LAYER_OF: Mapping[str, int] = {part: level for level, parts in enumerate(LAYERS) for part in parts}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules(root: Path = BOT) -> dict[str, Path]:
    folders = (root, root.parent / "actions")
    return {
        _module_name(path): path
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.rglob("*.py"))
    }


def _imports(path: Path, modules: Mapping[str, Path]) -> Iterator[str]:
    """The modules of bot/ that ``path`` imports (``from a import b`` is ``a.b`` when that is a
    module, else ``a``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module not in modules:
                continue
            for alias in node.names:
                inner = f"{node.module}.{alias.name}"
                yield inner if inner in modules else node.module


def import_graph(root: Path = BOT) -> dict[str, set[str]]:
    modules = _modules(root)
    return {
        name: {target for target in _imports(path, modules) if target != name}
        for name, path in modules.items()
    }


def _part(module: str) -> str:
    """The layer's unit: ``actions`` as a whole, else the package (or module) below ``bot``."""
    parts = module.split(".")
    return parts[0] if parts[0] == "actions" or len(parts) == 1 else parts[1]


def find_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One circle of imports, as the list of its nodes (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def upward_imports(graph: Mapping[str, set[str]]) -> list[str]:
    return sorted(
        f"{source} -> {target}"
        for source, targets in graph.items()
        for target in targets
        if source not in ("bot",)
        and target not in ("bot",)
        and LAYER_OF[_part(target)] > LAYER_OF[_part(source)]
    )


def part_graph(graph: Mapping[str, set[str]]) -> dict[str, set[str]]:
    parts: dict[str, set[str]] = {}
    for source, targets in graph.items():
        if source == "bot":
            continue
        parts.setdefault(_part(source), set()).update(
            _part(target)
            for target in targets
            if target != "bot" and _part(target) != _part(source)
        )
    return parts


GRAPH = import_graph()


def test_every_part_of_bot_has_a_layer() -> None:
    parts = {_part(name) for name in GRAPH if name != "bot"}
    assert sorted(parts - set(LAYER_OF)) == []


def test_no_import_runs_upward() -> None:
    assert upward_imports(GRAPH) == []


def test_no_module_imports_itself_in_a_circle() -> None:
    assert find_cycle(GRAPH) is None


def test_no_two_parts_import_each_other() -> None:
    assert find_cycle(part_graph(GRAPH)) is None


def test_no_module_in_bot_is_too_long() -> None:
    long = {
        str(path.relative_to(PROJECT_ROOT)): lines
        for path in BOT.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert sorted(set(long) - NOT_SPLIT_YET) == []
    assert sorted(NOT_SPLIT_YET - set(long)) == []


def test_no_two_modules_share_a_name() -> None:
    names = Counter(
        path.name
        for folder in (BOT, PROJECT_ROOT / "actions")
        for path in folder.rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    )
    assert sorted(name for name, count in names.items() if count > 1) == []


# The checks themselves: each must be able to fail.


def _write(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "bot"


def test_the_checks_see_a_circle_and_an_upward_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(globals(), "PROJECT_ROOT", tmp_path)
    root = _write(
        tmp_path,
        {
            "bot/__init__.py": "",
            "bot/store/__init__.py": "",
            "bot/store/a.py": "from bot.store import b\n",
            "bot/store/b.py": "def later():\n    from bot.store.a import x\n",
            "bot/store/c.py": "from bot.knowledge import facts\n",
            "bot/web/__init__.py": "",
            "bot/web/page.py": "import bot.store.a\n",
            "bot/knowledge/__init__.py": "",
            "bot/knowledge/facts.py": "from bot.web.page import y\n",
        },
    )
    graph = import_graph(root)
    assert graph["bot.web.page"] == {"bot.store.a"}
    assert find_cycle(graph) == ["bot.store.a", "bot.store.b", "bot.store.a"]
    assert upward_imports(graph) == ["bot.knowledge.facts -> bot.web.page"]
    assert find_cycle(part_graph(graph)) == ["knowledge", "web", "store", "knowledge"]
