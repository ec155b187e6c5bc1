"""Looking up a term a user asks about, however they write it ('BBL', 'start kwalificatie')."""

from __future__ import annotations

from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge, Term
from bot.knowledge.text import compact, tokens

_LONGEST_ALIAS_WORDS = 6
# Terms whose name is also an everyday Dutch word ("hij kan daar uren mee bezig zijn"): inside
# a longer message they count only as written in capitals ("MEE") or through a longer alias.
_EVERYDAY_WORDS = frozenset({"mee"})
_SHORT_QUESTION_WORDS = 4


def find_term(text: str, knowledge: Knowledge | None = None) -> Term | None:
    """The term ``text`` names, or the first term mentioned in it ('wat is bbl?'), or None.

    Matching ignores case, accents, spaces and hyphens. The whole text is tried first, then
    word groups inside it, longest first, so 'niveau 2' wins over 'niveau'.
    """
    found = find_terms(text, knowledge)
    return found[0] if found else None


def find_terms(text: str, knowledge: Knowledge | None = None) -> list[Term]:
    """All terms mentioned in ``text``, in order of appearance ('verschil tussen bol en bbl')."""
    knowledge = knowledge or load_knowledge()
    index = knowledge.term_index
    whole = index.get(compact(text))
    if whole is not None:
        return [knowledge.terms[whole]]
    words = tokens(text)
    capitals = {word.lower() for word in text.split() if word.isupper()}
    capitals |= {w.strip("?!.,;:").lower() for w in text.split() if w.strip("?!.,;:").isupper()}
    keys: list[str] = []
    position = 0
    while position < len(words):
        for width in range(min(_LONGEST_ALIAS_WORDS, len(words) - position), 0, -1):
            key = index.get("".join(words[position : position + width]))
            if (
                key is not None
                and width == 1
                and words[position] in _EVERYDAY_WORDS
                and words[position] not in capitals
                and len(words) > _SHORT_QUESTION_WORDS
            ):
                key = None  # "mee" as a word, not the organisation
            if key is not None:
                if key not in keys:
                    keys.append(key)
                position += width
                break
        else:
            position += 1
    return [knowledge.terms[key] for key in keys]
