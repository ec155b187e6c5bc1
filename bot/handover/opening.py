"""Opening a hand-over (called by the actions) and the words the user reads around it.

What a professional then does with it lives in :mod:`bot.handover.casework`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from bot.dialogue import pre_intake
from bot.handover.queueing import announce
from bot.knowledge import build_summary, load_knowledge, suggest_partners
from bot.knowledge.suggestions import PartnerSuggestion
from bot.knowledge.teams import Team, load_teams
from bot.store.repository import Repository

# What the professional decides at each point, in the words the user reads.
_WHAT_IS_DECIDED = {
    "leerroute": "welke leerroute het best past",
    "ondersteuning": "welke hulp en afspraken nodig zijn, en wie wat doet",
    "vervolg": "wat er na de opleiding komt, en wie de begeleiding overneemt",
    "pre_intake": "hoe je aanmelding verder gaat",
    "op_verzoek": "hoe we verder gaan",
    "niet_begrepen": "hoe we verder gaan",
}


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
        "Ik geef het gesprek nu aan een medewerker van school.",
        f"De medewerker leest je antwoorden en beslist {_WHAT_IS_DECIDED[decision_point]}.",
    ]
    if suggestions:
        lines.append("Deze organisaties kunnen misschien helpen:")
        for suggestion in suggestions:
            name = knowledge.partners[suggestion.partner].name
            lines.append(f"• {name}, {suggestion.reason}")
        lines.append("De medewerker kiest wie er meedoet. Ik stuur zelf niets door.")
    lines.append(
        "Je krijgt hier bericht als de medewerker klaar is. Tot die tijd antwoord ik niet, "
        "maar je berichten komen wel bij de medewerker."
    )
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
    summary = build_summary(pre_intake.summary_answers(answers), knowledge, decision_point)
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
    )


def decision_message(decision_point: str, decision: str) -> str:
    """Tell the user what the professional decided, in plain words."""
    knowledge = load_knowledge()
    if decision_point == "leerroute" and decision in knowledge.routes:
        route = knowledge.routes[decision]
        return (
            f"De medewerker heeft gekozen voor deze leerroute: {route.title}. "
            "Nu kijken we wat er nodig is om deze route te laten slagen."
        )
    if decision_point == "pre_intake":
        return f"Het intaketeam heeft je aanmelding bekeken. Dit is het besluit: {decision}"
    if decision_point in ("op_verzoek", "niet_begrepen"):
        return "De medewerker is klaar. We gaan verder waar we waren."
    return f"De medewerker heeft dit besloten: {decision}"
