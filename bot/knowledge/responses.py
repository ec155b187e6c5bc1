"""The words the user reads, taken from the responses in ``domain.yml``.

All Dutch text lives in the domain, so it can be read, checked for plain language (the
readability test measures every response) and changed in one place. Actions say most of it
with ``dispatcher.utter_message(response=...)``; this reader is for the places that need the
words as a string: a validation message raised as a ValueError, a message built from parts,
and the web service, which has no dispatcher.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.text import fold
from bot.knowledge.yamlfile import read_yaml

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"

# The payload of a button that answers the open question: /informeren{"waarde": "..."}.
ANSWER_PAYLOAD = "/informeren"
# The template variables Rasa fills: "{name}" (see rasa.core.nlg.interpolator).
_VARIABLE = re.compile(r"\{([^\n{}]+?)\}")


@lru_cache(maxsize=1)
def _responses() -> dict[str, list[dict[str, Any]]]:
    """The variants of each response in the domain."""
    data = read_yaml(DOMAIN)
    if not isinstance(data, dict) or not isinstance(data.get("responses"), dict):
        raise KnowledgeError(DOMAIN.name, None, "er staan geen responses in.")
    return {
        str(name): [v for v in variants if isinstance(v, dict)]
        for name, variants in data["responses"].items()
        if isinstance(variants, list)
    }


def _only_variant(name: str) -> dict[str, Any]:
    """The one variant of ``name``: the reader knows no slot conditions, so it takes no choice."""
    variants = _responses()[name]
    if len(variants) != 1 or not isinstance(variants[0].get("text"), str):
        raise KnowledgeError(DOMAIN.name, name, "de code leest hier één tekst, zonder varianten.")
    return variants[0]


def text(name: str, **values: object) -> str:
    """The response ``name`` with its ``{variables}`` filled in, as Rasa would say it.

    A name the domain does not have, or a variable without a value, is a programming error
    (KeyError), never a silent half-filled sentence; so is a response with variants.
    """
    template = str(_only_variant(name)["text"])

    def fill(match: re.Match[str]) -> str:
        return str(values[match.group(1)])

    return _VARIABLE.sub(fill, template)


def buttons(name: str) -> list[dict[str, str]]:
    """The buttons of the response ``name``, for a message that adds them to other words."""
    return [dict(button) for button in _only_variant(name).get("buttons") or ()]


def names() -> frozenset[str]:
    """Every response name in the domain, for the test that checks the names code uses."""
    return frozenset(_responses())


def fixed_texts(name: str | None = None) -> tuple[str, ...]:
    """The texts without ``{variables}`` of response ``name`` (or of every response).

    The transcript uses them to show the assistant's own words as they were said: the tracker
    store masks a bot line that repeats a name, and a fixed text holds nobody's data.
    """
    responses = _responses()
    chosen = [responses.get(name, [])] if name is not None else list(responses.values())
    return tuple(
        str(variant["text"])
        for variants in chosen
        for variant in variants
        if isinstance(variant.get("text"), str) and not _VARIABLE.search(str(variant["text"]))
    )


@lru_cache(maxsize=1)
def button_titles() -> dict[str, str]:
    """Button payload → title over every response; a payload with two titles is left out."""
    titles: dict[str, set[str]] = {}
    for variants in _responses().values():
        for variant in variants:
            for button in variant.get("buttons") or ():
                if isinstance(button, dict) and button.get("payload") and button.get("title"):
                    titles.setdefault(str(button["payload"]).strip(), set()).add(
                        str(button["title"])
                    )
    return {payload: next(iter(t)) for payload, t in titles.items() if len(t) == 1}


@lru_cache(maxsize=1)
def answer_titles() -> dict[str, frozenset[str]]:
    """The folded title of every answer button → the values its payload answers with.

    A typed title ("Ik ga nu niet naar school") is as sure as the click: see
    :func:`bot.dialogue.confidence.placed_by_words`.
    """
    found: dict[str, set[str]] = {}
    for variants in _responses().values():
        for variant in variants:
            for button in variant.get("buttons") or ():
                payload = str(button.get("payload") or "") if isinstance(button, dict) else ""
                if not payload.startswith(ANSWER_PAYLOAD + "{"):
                    continue
                value = json.loads(payload[len(ANSWER_PAYLOAD) :]).get("waarde")
                if value is not None:
                    found.setdefault(fold(str(button["title"])).strip(), set()).add(str(value))
    return {title: frozenset(values) for title, values in found.items()}
