"""Every repository path, module and relative link the docs name must exist.

Files move (a layout change, a rename); docs that still point at the old place send a newcomer
to nothing. This reads README.md, CONTRIBUTING.md and docs/*.md and checks backticked paths
(`bot/...`, `tools/...`, `docs/...`, ...), dotted modules run with ``-m`` or named in backticks
(`bot.accounts`), and Markdown links with their #anchors.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]

# Top-level folders and files kept in git; a backticked path starting with one of them is checked.
TRACKED_ROOTS = (
    "bot/",
    "actions/",
    "tools/",
    "tests/",
    "docs/",
    "scripts/",
    "data/",
    "deploy/",
    "bench/",
    "spacy_pipeline/",
    "requirements/",
    ".ci/",
)
TRACKED_FILES = (
    "domain.yml",
    "config.yml",
    "credentials.yml",
    "endpoints.yml",
    "endpoints.production.yml",
    "Makefile",
    "pyproject.toml",
    "constraints.txt",
    "alembic.ini",
    "README.md",
    "CONTRIBUTING.md",
)
PLACEHOLDER = re.compile(r"[<>…*{}$ ]")
FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)
INLINE_CODE = re.compile(r"`([^`\n]+)`")
RUN_MODULE = re.compile(r"-m\s+((?:bot|tools|actions)(?:\.\w+)+)")
DOTTED = re.compile(r"^((?:bot|tools|actions)(?:\.\w+)+)(?:\(.*\))?$")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _module_exists(dotted: str) -> bool:
    """A module file or package for the dotted name, or for its parent (an attribute of it)."""
    parts = dotted.split(".")
    for end in range(len(parts), 1, -1):
        base = ROOT.joinpath(*parts[:end])
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            return end >= len(parts) - 1  # at most one trailing attribute (a class or function)
    return False


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {_slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def missing_references(text: str, where: Path) -> list[str]:
    """What ``text`` (a Markdown file at ``where``) names that the repository does not hold."""
    problems: list[str] = []
    prose = FENCE.sub("", text)
    for span in INLINE_CODE.findall(prose):
        if PLACEHOLDER.search(span):
            continue
        candidate = span.split("::")[0]  # a test's node id names its file
        if candidate.startswith(TRACKED_ROOTS) or candidate in TRACKED_FILES:
            if not (ROOT / candidate).exists():
                problems.append(f"path `{span}`")
        elif (match := DOTTED.match(span)) and not _module_exists(match.group(1)):
            problems.append(f"module `{span}`")
    for module in RUN_MODULE.findall(text):
        if not _module_exists(module) or not (
            ROOT.joinpath(*module.split(".")).with_suffix(".py").is_file()
            or (ROOT.joinpath(*module.split(".")) / "__main__.py").is_file()
        ):
            problems.append(f"-m {module}")
    for target in LINK.findall(prose):
        if re.match(r"^[a-z]+:", target):
            continue  # http:, https:, mailto:
        file_part, _, anchor = target.partition("#")
        linked = (where.parent / file_part).resolve() if file_part else where
        if not linked.exists():
            problems.append(f"link ({target})")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            problems.append(f"anchor ({target})")
    return problems


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_path_module_and_link_in_the_docs_exists(doc: Path) -> None:
    assert doc.exists()
    assert missing_references(doc.read_text(encoding="utf-8"), doc) == []


def test_the_check_finds_what_is_missing() -> None:
    text = (
        "See `bot/accounts.py` and `bot/no_such_module.py`, run `python -m bot.no_such`,\n"
        "read [the docs](docs/architecture.md#the-layer-rule), [gone](docs/gone.md)\n"
        "and [a wrong anchor](docs/architecture.md#no-such-heading);\n"
        "`bot.accounts.Account` is fine.\n"
    )
    assert missing_references(text, ROOT / "README.md") == [
        "path `bot/no_such_module.py`",
        "-m bot.no_such",
        "link (docs/gone.md)",
        "anchor (docs/architecture.md#no-such-heading)",
    ]


def test_the_readme_stays_short() -> None:
    """A newcomer reads it in ten minutes; the rest belongs in docs/."""
    assert (ROOT / "README.md").stat().st_size < 10_000
