"""Which partners to suggest at a decision point, each with the reason from the suggestion rules.

One suggestion per partner, in the order of partners.yml. When several rules name the same
partner, the first rule in suggestion_rules.yml gives ``reason`` and ``rule_id`` (the expert
controls priority by order: precise rules above general ones); ``rule_ids`` and ``reasons``
keep all matching rules for whoever wants to show or store more. Joining all reasons into one
sentence would break the short-sentence (B1) rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.knowledge.conditions import answer_items
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge, SuggestionRule
from bot.knowledge.signals import derive_signals


@dataclass(frozen=True)
class PartnerSuggestion:
    """A partner to involve and why; ``reason`` starts with 'omdat' (stored as a Suggestion row)."""

    partner: str
    reason: str
    rule_id: str
    rule_ids: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


def suggestion_rules_for(
    decision_point: str, knowledge: Knowledge | None = None
) -> tuple[SuggestionRule, ...]:
    """The rules that apply at ``decision_point``: all rules for op_verzoek and niet_begrepen."""
    knowledge = knowledge or load_knowledge()
    point = knowledge.decision_point(decision_point)
    if point.uses_all_rules:
        return knowledge.suggestion_rules
    return tuple(
        rule for rule in knowledge.suggestion_rules if decision_point in rule.decision_points
    )


def suggest_partners(
    answers: Mapping[str, object], decision_point: str, knowledge: Knowledge | None = None
) -> list[PartnerSuggestion]:
    """Partner suggestions for ``answers`` at ``decision_point``; ValueError if it is unknown."""
    knowledge = knowledge or load_knowledge()
    signals = derive_signals(answers, knowledge)
    matched: dict[str, list[SuggestionRule]] = {}
    for rule in suggestion_rules_for(decision_point, knowledge):
        if rule.holds(signals):
            for partner in _partners(rule, answers, knowledge):
                matched.setdefault(partner, []).append(rule)
    suggestions = []
    for partner in knowledge.partners:
        rules = matched.get(partner)
        if rules:
            reasons = tuple(dict.fromkeys(rule.reason for rule in rules))
            suggestions.append(
                PartnerSuggestion(
                    partner=partner,
                    reason=rules[0].reason,
                    rule_id=rules[0].id,
                    rule_ids=tuple(rule.id for rule in rules),
                    reasons=reasons,
                )
            )
    return suggestions


def _partners(
    rule: SuggestionRule, answers: Mapping[str, object], knowledge: Knowledge
) -> tuple[str, ...]:
    if rule.partner is not None:
        return (rule.partner,)
    value = answers.get(rule.partner_from or "")
    # Answers such as 'anders', 'geen' or 'weet_niet' are not partners and give no suggestion.
    return tuple(
        item for item in answer_items(value) if isinstance(item, str) and item in knowledge.partners
    )
