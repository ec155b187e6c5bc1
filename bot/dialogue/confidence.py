"""How sure a reading is: a value the words tie to the open question, or one to confirm first.

A value is *anchored* when the words tie it to the question: a button, a short answer, a
leading ja or nee, an entity the classifier found for the question, a phrase of the
question's own ("geen stageplek", "studiefinanciering"), or a general ja/nee word next to
the question's topic ("vervoer is nog niet rond", "er is nog niks geregeld").

A value that rests only on a general word somewhere in a longer message ("ik kan de knoppen
niet zien" read as "no aids needed"), or on the intent classifier alone ("ik had dat al
gezegd hoor" read as "weet niet"), is *weak*. A weak value is not recorded blind: it is
confirmed in one short line with ja/nee buttons, so a misreading becomes a question instead
of a wrong fact in the hand-over. The rules are kept here, in one place, with tests for both
sides (tests/dialogue/test_dialogue_confidence.py).
"""

from __future__ import annotations

import functools

from bot.dialogue import arbitration, reading
from bot.dialogue.questions import question_mentioned
from bot.dialogue.turn import UserTurn
from bot.knowledge import load_knowledge
from bot.knowledge.normalise import named_phrases
from bot.knowledge.text import fold, tokens

# A message this short is an answer to the open question, whatever its words.
SHORT_ANSWER_WORDS = 3
# The questions of the start block (consent, age check, role, part) keep their own reading.
_START_PART = "start"


@functools.lru_cache(maxsize=1)
def general_phrases() -> frozenset[tuple[str, ...]]:
    """The phrases every ja/nee question shares: the general ja, nee and weet-niet words."""
    questions = load_knowledge().questions.values()
    yes_no = [
        frozenset(q.phrases) for q in questions if q.has_values and {"ja", "nee"} <= set(q.values)
    ]
    return frozenset.intersection(*yes_no) if yes_no else frozenset()


def applies_to(question: str) -> bool:
    """Whether values of ``question`` are weighed here (not consent, age check, role, part)."""
    questions = load_knowledge().questions
    return question in questions and questions[question].part != _START_PART


def anchored(question: str, turn: UserTurn, value: object) -> bool:
    """Whether the words of ``turn`` tie ``value`` to ``question`` (see the module doc)."""
    text = turn.text
    if text.startswith("/") or not applies_to(question):
        return True
    if len(tokens(text)) <= SHORT_ANSWER_WORDS:
        return True
    if arbitration.leading_yes_no(text):
        # "nee, wat bedoel je daarmee?": a yes or no before a question back may be confusion
        return not _asks_back(text)
    if arbitration.says_dont_know(text) or arbitration.says_skip(text):
        return value in (arbitration.DONT_KNOW, arbitration.SKIPPED)
    wanted = {str(v) for v in value} if isinstance(value, list) else {str(value)}
    parts = [clause for clause, _negated in reading.clauses(text)]
    for clause in parts[:1] + parts[-1:]:
        if len(tokens(clause)) <= SHORT_ANSWER_WORDS and wanted & _values_named(question, clause):
            return True  # "liever niet, ze wil het zelf doen", "..., maar nee": a short answer
    entity = load_knowledge().entity_for_question.get(question)
    if entity and turn.entity_values(entity):
        return True
    general = general_phrases()
    named = named_phrases(question, text)
    own = [(v, phrase) for v, phrase in named if tuple(phrase.split()) not in general]
    if any(v in wanted for v, _phrase in own):
        return True
    # A general ja/nee word counts next to the question's own topic: its phrases or words.
    said_generally = any(v in wanted for v, _phrase in named)
    about_question = bool(own) or question_mentioned(text, [question]) is not None
    if said_generally and about_question:
        return True
    label = load_knowledge().questions[question].label.lower()
    return said_generally and "nodig" in tokens(text) and "nodig" in label


def _values_named(question: str, text: str) -> set[str]:
    return {value for value, _phrase in named_phrases(question, text)}


def _asks_back(text: str) -> bool:
    """Whether what follows a leading ja/nee is a question about the words or the question."""
    rest = fold(text).split(",", 1)[1] if "," in text else ""
    return "?" in rest and reading.read(rest).about in (reading.ABOUT_TERM, reading.ABOUT_WHY)


def beside_the_confirmation(question: str, text: str, read_value: object) -> bool:
    """Whether a reply to "Ik schrijf op: …. Klopt dat?" is about something else.

    People often skip the check and go on with the next thing ("Ze is gek op dieren.
    Misschien iets met dieren?"). Read again against the held-back question, such words give
    no value, or only a hedge read as "weet niet" while they say much more. Then the
    held-back value is neither recorded nor thrown away: the check is asked once more.
    """
    if read_value is None:
        return True
    return read_value == arbitration.DONT_KNOW and arbitration.words_besides_not_knowing(text)
