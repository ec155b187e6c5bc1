"""Opening a hand-over (called by the actions) and the message the user reads around it.

The words are responses in ``domain.yml``; this module only puts them together.

What a professional then does with it lives in :mod:`bot.handover.casework`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.dialogue import pre_intake
from bot.knowledge import build_summary, load_knowledge, suggest_partners
from bot.knowledge.responses import text as response_text
from bot.knowledge.suggestions import PartnerSuggestion
from bot.store.repository import Repository

# The responses in domain.yml that say what the professional decides at each point.
WHAT_IS_DECIDED = "utter_overdracht_beslist_{decision_point}"


@dataclass(frozen=True)
class HandoverOutcome:
    """What the action needs after opening a hand-over: the text that tells the user what now."""

    user_message: str


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
    """Record the hand-over with summary and suggestions (idempotent per request_key)."""
    knowledge = load_knowledge()
    suggestions = suggest_partners(answers, decision_point, knowledge)
    summary = build_summary(pre_intake.summary_answers(answers), knowledge, decision_point)
    repository.open_handover(
        conversation_id, decision_point, summary, suggestions, request_key=request_key
    )
    return HandoverOutcome(user_message=_user_message(decision_point, suggestions))


def decision_message(decision_point: str, decision: str) -> str:
    """Tell the user what the professional decided, in plain words."""
    knowledge = load_knowledge()
    if decision_point == "leerroute" and decision in knowledge.routes:
        return response_text("utter_besluit_leerroute", route=knowledge.routes[decision].title)
    if decision_point == "pre_intake":
        return response_text("utter_besluit_pre_intake", besluit=decision)
    if decision_point in ("op_verzoek", "niet_begrepen"):
        return response_text("utter_besluit_verder")
    return response_text("utter_besluit", besluit=decision)
