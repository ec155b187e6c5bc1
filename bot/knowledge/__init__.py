"""The advice knowledge: routes, partners, terms, questions, signals and suggestion rules.

The content lives in YAML under ``data/`` so a domain expert can read and change it without
touching code; it is validated when first loaded (``load_knowledge``) and cached.
"""

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.loader import clear_knowledge_cache, load_knowledge
from bot.knowledge.model import (
    DECISION_POINT_KEYS,
    PARTNER_KEYS,
    ROUTE_KEYS,
    DecisionPoint,
    Knowledge,
    Partner,
    Question,
    Route,
    Signal,
    SuggestionRule,
    Term,
)
from bot.knowledge.normalise import normalise
from bot.knowledge.signals import derive_signals
from bot.knowledge.suggestions import PartnerSuggestion, suggest_partners, suggestion_rules_for
from bot.knowledge.summary import build_summary
from bot.knowledge.terms import find_term, find_terms

__all__ = [
    "DECISION_POINT_KEYS",
    "PARTNER_KEYS",
    "ROUTE_KEYS",
    "DecisionPoint",
    "Knowledge",
    "KnowledgeError",
    "Partner",
    "PartnerSuggestion",
    "Question",
    "Route",
    "Signal",
    "SuggestionRule",
    "Term",
    "build_summary",
    "clear_knowledge_cache",
    "derive_signals",
    "find_term",
    "find_terms",
    "load_knowledge",
    "normalise",
    "suggest_partners",
    "suggestion_rules_for",
]
