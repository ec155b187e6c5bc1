"""Fixtures for the knowledge tests: the real data, and editable copies of it in tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.knowledge import Knowledge, load_knowledge
from bot.knowledge.loader import DEFAULT_DATA_DIR


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the data folder that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


@pytest.fixture
def edit_yaml(data_copy: Path) -> Callable[[str, Callable[[object], object | None]], Path]:
    """Load a file of the copy, let ``change`` edit it (or return a replacement), write it back."""

    def edit(name: str, change: Callable[[object], object | None]) -> Path:
        path = data_copy / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        replaced = change(data)
        if replaced is not None:
            data = replaced
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return data_copy

    return edit
