"""Reading the NLU YAML files the way the tests need them: plain texts per intent, comparable.

Rasa's own reader is not used on purpose: these helpers must also read the marked comment blocks
of the held-out split (which Rasa drops), and must stay fast enough for the unit tests.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIR = PROJECT_ROOT / "data" / "nlu"
TEST_SPLIT = PROJECT_ROOT / "tests" / "nlu" / "test_nlu.yml"

# [text](entity) and [text]{"entity": ...} annotations.
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")


def plain(example: str) -> str:
    """The text a user would type: annotations removed."""
    return _ANNOTATION.sub(r"\1", example).strip()


def comparable(text: str) -> str:
    """Lower case, no punctuation, single spaces: 'Nee, nee!' and 'nee nee' are the same.

    Emoji-only texts keep their emoji, so '😂' and '🤣' stay different.
    """
    lowered = plain(text).lower()
    stripped = _SPACES.sub(" ", _PUNCTUATION.sub(" ", lowered)).strip()
    return stripped or _SPACES.sub("", lowered)


def _examples(block: str) -> list[str]:
    return [line[2:].strip() for line in block.splitlines() if line.startswith("- ")]


def intent_examples(path: Path) -> dict[str, list[str]]:
    """Plain example texts per intent in one Rasa NLU YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    result: dict[str, list[str]] = defaultdict(list)
    for item in data.get("nlu") or []:
        if isinstance(item, dict) and "intent" in item:
            result[item["intent"]].extend(plain(e) for e in _examples(item.get("examples", "")))
    return dict(result)


def training_examples() -> dict[str, list[str]]:
    """Plain example texts per intent over all training files in data/nlu."""
    result: dict[str, list[str]] = defaultdict(list)
    for path in sorted(TRAINING_DIR.glob("*.yml")):
        for intent, examples in intent_examples(path).items():
            result[intent].extend(examples)
    return dict(result)


def marked_block(title: str, path: Path = TEST_SPLIT) -> dict[str, list[str]]:
    """Examples per intent between '# === BEGIN <title>' and '# === END <title>' in ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [line.strip() for line in lines]
    begin = next(i for i, line in enumerate(starts) if line.startswith(f"# === BEGIN {title}"))
    end = next(
        i for i, line in enumerate(starts) if i > begin and line.startswith(f"# === END {title}")
    )
    block = "\n".join(["nlu:", *lines[begin + 1 : end]])
    data = yaml.safe_load(block) or {}
    result: dict[str, list[str]] = defaultdict(list)
    for item in data.get("nlu") or []:
        result[item["intent"]].extend(plain(e) for e in _examples(item.get("examples", "")))
    return dict(result)
