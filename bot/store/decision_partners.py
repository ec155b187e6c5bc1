"""Which partners a professional's decision names, found once, when the decision is recorded.

The dashboard shows per partner how often a decision (or its note) names it. Searching the
words of a region's year of decisions at every page view cost about 400 ms on PostgreSQL;
the repository now keeps the partners a decision names in ``decision_partners`` in the same
transaction as the decision (:meth:`bot.store.handovers.HandoverStore.record_decision`),
migration 0014 filled it from the decisions already stored, and the generator writes it too.

A word names a partner when it is the partner's key (``_`` read as a space), its name or one
of its aliases, as a whole word: lower case, punctuation read as spaces. Changing a partner's
name or aliases later does not change what earlier decisions were found to name.
"""

from __future__ import annotations

from bot.knowledge import load_knowledge

# Marks that separate words in a decision or note (the search reads them as spaces).
PUNCTUATION = ',.;:()/!?"\n'
_AS_SPACES = str.maketrans(PUNCTUATION, " " * len(PUNCTUATION))


def partner_words() -> dict[str, tuple[str, ...]]:
    """Each partner's key, name and aliases, as the words that name it in a decision."""
    found = {}
    for key, partner in load_knowledge().partners.items():
        words = {key.replace("_", " "), partner.name.lower(), *(a.lower() for a in partner.aliases)}
        words = {w for w in words if w and "%" not in w and "_" not in w}
        # "erkend leerbedrijf" is found by "leerbedrijf" already: search only the shortest.
        found[key] = tuple(
            sorted(w for w in words if not any(f" {o} " in f" {w} " for o in words if o != w))
        )
    return found


def partners_named(
    decision: str | None, note: str | None, words: dict[str, tuple[str, ...]] | None = None
) -> list[str]:
    """The keys of the partners a decision and its note name, in the knowledge's order.

    ``words``: :func:`partner_words`, when the caller reads many decisions at once.
    """
    text = f"{decision or ''} {note or ''}".lower().translate(_AS_SPACES)
    padded = f" {text} "
    return [
        key
        for key, terms in (words or partner_words()).items()
        if any(f" {term} " in padded for term in terms)
    ]
