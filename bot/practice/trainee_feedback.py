"""Feedback in practice mode: the partners a professional chose, compared with the rules.

The rule-based suggestions (``bot.knowledge.suggest_partners`` on the answers given) are
the reference. Partners the case itself names but the rules do not are given as a tip.
The words, and the reflection questions per decision point, are responses in ``domain.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.knowledge import load_knowledge, suggest_partners
from bot.knowledge.responses import names as response_names
from bot.knowledge.responses import text as response_text
from bot.practice.cases import Case

# Reflection questions in the spirit of the praatplaat, one response per decision point
# (one question per line); a point without its own takes those of the leerroute.
REFLECTION = "utter_reflectie_{decision_point}"


def reflection_questions(decision_point: str) -> list[str]:
    """The reflection questions for ``decision_point``, one per line of its response."""
    name = REFLECTION.format(decision_point=decision_point)
    if name not in response_names():
        name = REFLECTION.format(decision_point="leerroute")
    return response_text(name).splitlines()


@dataclass(frozen=True)
class Feedback:
    """Chosen versus suggested partners at one decision point."""

    decision_point: str
    good: tuple[str, ...]
    missed: Mapping[str, str]  # partner -> reason from the rules
    extra: tuple[str, ...]
    case_tips: Mapping[str, str] = field(default_factory=dict)  # partner -> reason from the case


def compare_partners(
    chosen: Iterable[str],
    answers: Mapping[str, object],
    decision_point: str,
    case: Case | None = None,
) -> Feedback:
    """Compare ``chosen`` with the rule-based suggestions for ``answers``."""
    chosen_set = {partner for partner in chosen if partner in load_knowledge().partners}
    suggestions = suggest_partners(answers, decision_point)
    suggested = {s.partner: s.reason for s in suggestions}
    order = list(load_knowledge().partners)
    tips = {}
    if case is not None:
        tips = {
            partner: reason
            for partner, reason in case.partners.items()
            if partner not in chosen_set and partner not in suggested
        }
    return Feedback(
        decision_point=decision_point,
        good=tuple(p for p in order if p in chosen_set and p in suggested),
        missed={p: suggested[p] for p in order if p in suggested and p not in chosen_set},
        extra=tuple(
            p for p in order if p in chosen_set and p not in suggested and p not in _case_keys(case)
        ),
        case_tips=tips,
    )


def _case_keys(case: Case | None) -> set[str]:
    return set(case.partners) if case else set()


def feedback_text(feedback: Feedback) -> str:
    """The feedback in B1 Dutch: good, missed with reasons, extra, then reflection."""
    partners = load_knowledge().partners
    lines: list[str] = []
    if feedback.good:
        names = ", ".join(partners[p].name for p in feedback.good)
        lines.append(response_text("utter_feedback_goed", partners=names))
    if feedback.missed:
        lines.append(response_text("utter_feedback_gemist"))
        lines += [f"• {partners[p].name}, {reason}" for p, reason in feedback.missed.items()]
    if not feedback.missed and feedback.good:
        lines.append(response_text("utter_feedback_alles_genoemd"))
    if feedback.extra:
        names = ", ".join(partners[p].name for p in feedback.extra)
        lines.append(response_text("utter_feedback_extra", partners=names))
    if feedback.case_tips:
        lines.append(response_text("utter_feedback_tip"))
        lines += [f"• {partners[p].name}, {reason}" for p, reason in feedback.case_tips.items()]
    lines.append(response_text("utter_feedback_nadenken"))
    lines += [f"• {question}" for question in reflection_questions(feedback.decision_point)]
    return "\n".join(lines)


# What a professional says when they ask the young person first: "mag de gemeente
# meekijken?", "vind je het goed als…", "ik vraag eerst toestemming".
_ASKS_CONSENT = re.compile(
    r"toestemming|goed vindt|goed vind|vind je het goed|mag (de|het|ik)\b.*\b(mee ?kijk|erbij)"
    r"|is dat goed|akkoord is|als .* wil"
)


def asked_consent(texts: Iterable[str]) -> bool:
    """Did the professional ask the young person before involving a partner?"""
    return any(_ASKS_CONSENT.search(text.lower()) for text in texts)


def consent_feedback(case: Case | None, chosen: Iterable[str], texts: Iterable[str]) -> str | None:
    """For a case that needs consent first: whether it was asked (None for other cases)."""
    if case is None or not case.consent_for:
        return None
    partners = load_knowledge().partners
    names = ", ".join(partners[p].name for p in case.consent_for)
    if asked_consent(texts):
        return response_text("utter_feedback_toestemming_gevraagd", partners=names, naam=case.naam)
    return response_text("utter_feedback_toestemming_vergeten", partners=names, naam=case.naam)
