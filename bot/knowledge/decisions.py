"""A recorded decision in words: the point it was taken at, and a route with its level.

A route decision is stored as a route key (``certificaat``), optionally with a level
(``mbo_diploma:niveau_2``). Readers (the inbox, the overdrachtsdocument) never show the key.
Levels follow the mbo: the entreeopleiding is level 1, then levels 2, 3 and 4 (Wet educatie
en beroepsonderwijs, art. 7.2.2).
"""

from __future__ import annotations

from bot.knowledge.loader import load_knowledge

LEVELS = {
    "entree": "entreeopleiding (niveau 1)",
    "niveau_2": "niveau 2",
    "niveau_3": "niveau 3",
    "niveau_4": "niveau 4",
}
SEPARATOR = ":"
# The level as a number (the API's and the inbox's ``level``/``niveau``, 1 = entree).
LEVEL_OF_NUMBER = {1: "entree", 2: "niveau_2", 3: "niveau_3", 4: "niveau_4"}
NUMBER_OF_LEVEL = {key: number for number, key in LEVEL_OF_NUMBER.items()}


def split_route(decision: str) -> tuple[str, str | None]:
    """``"mbo_diploma:niveau_2"`` → ``("mbo_diploma", "niveau_2")``; no level → None."""
    key, _, level = decision.partition(SEPARATOR)
    return key, (level or None)


def valid_route_decision(decision: str) -> bool:
    """A route key, optionally with one of :data:`LEVELS`."""
    key, level = split_route(decision)
    return key in load_knowledge().routes and (level is None or level in LEVELS)


def route_decisions() -> list[str]:
    """Every value a route decision may have, for the API's description and its checks."""
    keys = list(load_knowledge().routes)
    return keys + [f"{key}{SEPARATOR}{level}" for key in keys for level in LEVELS]


def decision_words(point: str, decision: str | None) -> str:
    """A route's title (with its level), else the decision as the professional wrote it."""
    if not decision:
        return ""
    if point != "leerroute":
        return decision
    routes = load_knowledge().routes
    key, level = split_route(decision)
    title = routes[key].title if key in routes else decision
    return f"{title}, {LEVELS[level]}" if level in LEVELS else title


def point_words(point: str) -> str:
    """The decision point as a phrase ("welke leerroute past het best"), never its key."""
    found = load_knowledge().decision_points.get(point)
    return found.label if found else point.replace("_", " ")
