"""Questions about a term inside an answer: explained, and taken out of the answer.

A parent writes "nee, die heeft ze niet. Wat is eigenlijk het verschil tussen vso en
praktijkonderwijs?": the no answers the open question, the question gets its explanation,
and it never becomes part of a recorded text. Kept apart from the extraction, which calls
it before it reads the rest of the turn.
"""

from __future__ import annotations

import re

from bot.dialogue.reading import is_question
from bot.dialogue.turn import QUESTION_LIKE_INTENTS, UserTurn
from bot.knowledge import find_term
from bot.knowledge.text import fold, tokens

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as typed (split after . ! ? and at line breaks)."""
    return [part.strip() for part in _SENTENCE_END.split(text) if tokens(part)]


def asks(sentence: str) -> bool:
    """Whether one sentence of a longer message asks something ("wat is een leerbedrijf?")."""
    return is_question(fold(sentence).strip())


def terms_asked_beside(turn: UserTurn) -> tuple[list[str], UserTurn]:
    """The explanations of the terms the turn asks about, and the turn without those questions.

    Only sentences that ask and name a known term are taken out; with nothing else left the
    turn is unchanged (a question on its own is a question back).
    """
    explained: list[str] = []
    rest: list[str] = []
    for sentence in sentences(turn.text):
        term = find_term(sentence) if asks(sentence) else None
        if term is None:
            rest.append(sentence)
        else:
            explained.append(f"{term.title}: {term.explanation}")
    if not explained or not rest:
        return [], turn
    # What the classifier heard in the whole message (a wish to explain) is not the rest's.
    intent = "informeren" if turn.intent in QUESTION_LIKE_INTENTS else None
    return explained, turn.part(" ".join(rest), intent)
