"""Opening a hand-over (called by the actions) and the message the user reads around it.

The words are responses in ``domain.yml``; this module only puts them together.

What a professional then does with it lives in :mod:`bot.handover.casework`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from bot.dialogue import pre_intake
from bot.handover.queueing import announce
from bot.handover.record import summary_of
from bot.knowledge import load_knowledge, suggest_partners
from bot.knowledge.decisions import (
    LEVEL_OF_NUMBER,
    decision_words,
    split_route,
    valid_route_decision,
)
from bot.knowledge.responses import text as response_text
from bot.knowledge.suggestions import PartnerSuggestion
from bot.knowledge.teams import Team, load_teams
from bot.store.repository import Repository

# The responses in domain.yml that say what the professional decides at each point.
WHAT_IS_DECIDED = "utter_overdracht_beslist_{decision_point}"


@dataclass(frozen=True)
class Availability:
    """When someone answers: a response of domain.yml and the values for its placeholders."""

    response: str
    values: Mapping[str, str]


@dataclass(frozen=True)
class HandoverOutcome:
    """What the action needs after opening a hand-over: what happens now, and when."""

    user_message: str
    availability: Availability
    team: Team | None = None  # who takes it: its office hours say when they make contact


def availability(team: Team, now: datetime) -> Availability:
    """Within office hours the team's own answer time, outside them the next opening.

    Only what the team's data says: no answer time is promised while the team is closed.
    """
    hours = team.office_hours
    if hours.is_open(now):
        return Availability("utter_overdracht_team_open", {"antwoordtijd": hours.answer_time})
    opening = hours.next_opening(now)
    if opening is None:
        return Availability("utter_overdracht_team_dicht_lang", {})
    return Availability(
        "utter_overdracht_team_dicht", {"dag": opening.day_words(now), "tijd": opening.time_words}
    )


def _user_message(decision_point: str, suggestions: list[PartnerSuggestion]) -> str:
    if decision_point == "pre_intake":
        # The applicant hears what happens and when; the suggestions are for the intake team.
        return pre_intake.handover_message()
    knowledge = load_knowledge()
    lines = [
        response_text("utter_overdracht_begin"),
        response_text(WHAT_IS_DECIDED.format(decision_point=decision_point)),
    ]
    if suggestions:
        lines.append(response_text("utter_overdracht_partners"))
        for suggestion in suggestions:
            name = knowledge.partners[suggestion.partner].name
            lines.append(f"• {name}, {suggestion.reason}")
        lines.append(response_text("utter_overdracht_partners_kiezen"))
    lines.append(response_text("utter_overdracht_wachten"))
    return "\n".join(lines)


def hand_over(
    repository: Repository,
    conversation_id: str,
    decision_point: str,
    answers: Mapping[str, Any],
    *,
    request_key: str | None = None,
) -> HandoverOutcome:
    """Record the hand-over with summary and suggestions (idempotent per request_key).

    The team from teams.yml's routing is written on the hand-over and told at once through
    the outbox, in this same transaction (sending happens later, in the web process).
    """
    knowledge = load_knowledge()
    suggestions = suggest_partners(answers, decision_point, knowledge)
    summary = summary_of(repository, conversation_id, decision_point, answers)
    teams = load_teams()
    mode = repository.get_conversation(conversation_id).mode
    team = teams.team_for(mode, decision_point)
    handover = repository.open_handover(
        conversation_id,
        decision_point,
        summary,
        suggestions,
        request_key=request_key,
        team=team.key,
    )
    announce(repository, handover, teams)
    return HandoverOutcome(
        user_message=_user_message(decision_point, suggestions),
        availability=availability(team, datetime.now(timezone.utc)),
        team=team,
    )


def decision_message(
    decision_point: str, decision: str, level: object = None, note: str | None = None
) -> str:
    """Tell the user what the professional decided, in plain words.

    A route is named by its title with its level ("…, niveau 2"), never by the stored key;
    ``level`` (1-4) counts when the decision itself has none. ``note`` is added only when
    the professional marked it as meant for the young person.
    """
    if decision_point == "leerroute" and valid_route_decision(decision):
        route, own_level = split_route(decision)
        if own_level is None and level in LEVEL_OF_NUMBER:
            decision = f"{route}:{LEVEL_OF_NUMBER[level]}"
        words = response_text(
            "utter_besluit_leerroute", route=decision_words(decision_point, decision)
        )
    elif decision_point == "pre_intake":
        words = response_text("utter_besluit_pre_intake", besluit=decision)
    elif load_knowledge().decision_point(decision_point).at_any_time:
        words = response_text("utter_besluit_verder")
    else:
        words = response_text("utter_besluit", besluit=decision)
    if note and note.strip():
        words += "\n" + response_text("utter_besluit_notitie", notitie=note.strip())
    return words
