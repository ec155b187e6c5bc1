"""Parts of a longer message that do something else than the rest.

A question about a term inside an answer is explained and taken out of the answer; the
sentences after a correction of an earlier answer may answer the open question.

A parent writes "nee, die heeft ze niet. Wat is eigenlijk het verschil tussen vso en
praktijkonderwijs?": the no answers the open question, the question gets its explanation,
and it never becomes part of a recorded text. Kept apart from the extraction, which calls
it before it reads the rest of the turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.dialogue import confidence, reading
from bot.dialogue.reading import is_question
from bot.dialogue.turn import QUESTION_LIKE_INTENTS, UserTurn
from bot.dialogue.values import answer_for, kind_of
from bot.knowledge import find_term
from bot.knowledge.text import fold, tokens

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as typed (split after . ! ? and at line breaks)."""
    return [part.strip() for part in _SENTENCE_END.split(text) if tokens(part)]


# Where a question starts inside a sentence: "..., maar wat is een leerroute precies?".
_QUESTION_CLAUSE = re.compile(
    r",\s*(?:maar\s+|en\s+)?(?=(?:wat|hoe|waarom|wie|welke?|waar|wanneer|telt|is|zijn|kan|kun"
    r"|mag|betekent|bedoel|bedoelt)\b)",
    re.IGNORECASE,
)


def asks(sentence: str) -> bool:
    """Whether one sentence of a longer message asks something ("wat is een leerbedrijf?").

    Without a question mark only a question word at the start counts, and not before a
    colon: "Wat hij wil: werken in de keuken" tells, it does not ask.
    """
    folded = fold(sentence).strip()
    if "?" not in folded and ":" in folded:
        return False
    return is_question(folded)


def _split_question(sentence: str) -> tuple[str, str]:
    """The telling part and the asking part of one sentence that asks (either may be empty)."""
    parts = _QUESTION_CLAUSE.split(sentence)
    if len(parts) > 1 and asks(parts[-1]):
        return ", ".join(parts[:-1]).strip(" ,"), parts[-1].strip()
    return "", sentence


def terms_asked_beside(turn: UserTurn) -> tuple[list[str], UserTurn]:
    """The explanations of the terms the turn asks about, and the turn without those questions.

    Only sentences that ask and name a known term are taken out; with nothing else left the
    turn is unchanged (a question on its own is a question back).
    """
    explained: list[str] = []
    rest: list[str] = []
    for sentence in sentences(turn.text):
        telling, asking = _split_question(sentence) if asks(sentence) else (sentence, "")
        term = find_term(asking) if asking else None
        if term is None:
            rest.append(sentence)
            continue
        explained.append(f"{term.title}: {term.explanation}")
        if telling:
            rest.append(telling if telling[-1] in ".!?" else telling + ".")
    if not explained or not rest:
        return [], turn
    # What the classifier heard in the whole message (a wish to explain) is not the rest's.
    intent = "informeren" if turn.intent in QUESTION_LIKE_INTENTS else None
    return explained, turn.only(" ".join(rest), intent)


def besides_the_correction(text: str, marks_a_correction: Callable[[str], bool]) -> str:
    """The sentences after the last one that corrects, as typed ("" when none is left).

    "Oh wacht, het is praktijkonderwijs, geen vmbo. Ik haalde ze door elkaar. Wat hij wil:
    werken in de keuken." corrects the school; the last sentence answers the open question.
    """
    parts = sentences(text)
    marked = [i for i, sentence in enumerate(parts) if marks_a_correction(sentence)]
    if not marked or marked[-1] == len(parts) - 1:
        return ""
    return " ".join(parts[marked[-1] + 1 :])


# "…, dat is de gemeente toch?": a statement that asks to be confirmed, not a question.
_TAG_QUESTION = re.compile(r"\s*(?:\btoch|,?\s*of\s+niet|\bhe|\bhè|\bright)\s*\?+\s*$", re.I)


def answer_before_question(question: str, turn: UserTurn) -> object | None:
    """The answer said before a question in one message, in the question's own words.

    "Werk, liefst betaald. Al vraag ik me af of de banenafspraak beter past, wat zijn daar de
    voorwaarden voor?": "werk" is checked, and the question is answered or kept; so is "de
    gemeente" in "..., dat is de gemeente toch?". Free text is left out: there the
    statements may be part of the question.
    """
    stated = confidence.statements(turn.text) or _TAG_QUESTION.sub(".", turn.text)
    told = turn.only(stated if "?" not in stated else "")
    if not told.text or kind_of(question) in ("text", "number"):
        return None
    try:
        value = answer_for(question, told)
    except ValueError:
        return None
    return value if confidence.own_words(question, told, value) else None


_PIECE_SPLIT = re.compile(r"[,;]|\s+maar\s+", re.I)
# "jeugdhulp, verder weet ik het niet": this doubt is about the rest, not the piece before.
_DOUBT_OF_THE_REST = re.compile(
    r"^\W*(?:en\s+|maar\s+)?(?:verder|de\s+rest|meer|voor\s+de\s+rest)\b"
)


def told_for_sure(text: str) -> tuple[list[str], int]:
    """The pieces of ``text`` said without doubt, and how many pieces it has.

    A doubt covers the piece just before it in its sentence: "alleen zijn school, en er is
    ooit iemand van de gemeente geweest maar dat weet ik niet meer precies" and "Of de
    gemeente ook iets doet, weet ik niet" say nothing for sure of the gemeente. "…, verder
    weet ik het niet" is about the rest.
    """
    kept: list[str] = []
    total = 0
    for sentence in sentences(text):
        pieces = [p.strip() for p in _PIECE_SPLIT.split(sentence) if tokens(p)]
        total += len(pieces)
        here: list[str] = []
        for piece in pieces:
            if reading.read(piece).act != reading.DOUBT:
                here.append(piece)
            elif here and not _DOUBT_OF_THE_REST.match(fold(piece)):
                here.pop()
        kept += here
    return kept, total
