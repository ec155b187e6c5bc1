"""Feedback in practice mode: the partners a professional chose, compared with the rules.

The rule-based suggestions (``bot.knowledge.suggest_partners`` on the answers given) are
the reference. Partners the case itself names but the rules do not are given as a tip.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.knowledge import load_knowledge, suggest_partners
from bot.practice.cases import Case

# Reflection questions in the spirit of the praatplaat, per decision point.
REFLECTION_QUESTIONS: dict[str, tuple[str, ...]] = {
    "leerroute": (
        "Wat heeft het team nodig om samen de best passende leerroute te kiezen?",
        "Wat doe je zelf als eerste stap?",
        "Wat heb je van de andere partners nodig, en wanneer?",
    ),
    "ondersteuning": (
        "Wat heeft het team nodig om de route te laten slagen?",
        "Welke afspraak pak je zelf op?",
        "Wat heb je van anderen nodig, bijvoorbeeld van het leerbedrijf of de gemeente?",
    ),
    "vervolg": (
        "Wat heeft het team nodig voor een goede warme overdracht?",
        "Wat doe je zelf na de opleiding nog?",
        "Wat heb je nodig van de partner die het overneemt?",
    ),
}


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
        lines.append(f"Goed gezien: {names}.")
    if feedback.missed:
        lines.append("Deze partners heb je niet genoemd:")
        lines += [f"• {partners[p].name}, {reason}" for p, reason in feedback.missed.items()]
    if not feedback.missed and feedback.good:
        lines.append("Je hebt alle partners genoemd die de regels voorstellen.")
    if feedback.extra:
        names = ", ".join(partners[p].name for p in feedback.extra)
        lines.append(
            f"Extra genoemd: {names}. Dat kan. De regels noemen deze partner hier niet. "
            "Bedenk waarom je deze partner toch wilt betrekken."
        )
    if feedback.case_tips:
        lines.append("Tip uit de casus:")
        lines += [f"• {partners[p].name}, {reason}" for p, reason in feedback.case_tips.items()]
    questions = REFLECTION_QUESTIONS.get(feedback.decision_point, REFLECTION_QUESTIONS["leerroute"])
    lines.append("Denk hier even over na:")
    lines += [f"• {question}" for question in questions]
    return "\n".join(lines)
