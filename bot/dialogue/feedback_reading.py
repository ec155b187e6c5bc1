"""Read the user's answer to the feedback question at the end of a conversation.

The question ("Heeft dit gesprek je geholpen?") is never required: a user who answers gets
a short follow-up for an optional comment, a user who skips or simply goes on is served as
if the question had not been there. This module is the one place that decides which of
the three a message is, so the form validator and the tests read it the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.dialogue import arbitration
from bot.dialogue.turn import INTERRUPTIONS, QUESTION_LIKE_INTENTS, UserTurn
from bot.knowledge.text import fold, tokens

# The answers the feedback table allows (bot.store.models.FEEDBACK_ANSWERS).
YES, A_LITTLE, NO, SKIPPED = "ja", "een_beetje", "nee", "overgeslagen"
ANSWERS = (YES, A_LITTLE, NO, SKIPPED)
NO_COMMENT = "geen"  # the comment step was answered with "nee" or the button
MAX_COMMENT = 1000  # characters kept of a comment

# Intents that start something new or close the chat; at the feedback question they mean
# the user goes on, and a rule (data/rules/feedback.yml) serves them after skipping.
GOING_ON_INTENTS = frozenset(
    {"begroeten", "advies_starten", "pre_intake_starten", "oefenen_starten", "afscheid", "bedanken"}
)

_A_LITTLE = re.compile(
    r"\b(?:beetje|beetjes|een\s+bietje|bietje|deels|gedeeltelijk|half|soms|redelijk|"
    r"gaat\s+wel|ging\s+wel|matig|min\s+of\s+meer|een\s+klein\s+beetje|best\s+wel\s+een\s+beetje)\b"
)
_YES = re.compile(
    r"^\W*(?:super|top|heel\s+erg|zeker|heel\s+fijn|fijn|geweldig|erg\s+goed|heel\s+goed|"
    r"zeker\s+wel|echt\s+wel|ja+)\b"
)
_NO = re.compile(r"^\W*(?:helemaal\s+niet|totaal\s+niet|niet\s+echt|niet|slecht|niks\s+aan|nee+)\b")
_NO_COMMENT = re.compile(
    r"^\W*(?:nee+|neen|nope|nah|niks|niets|geen|nvt|n\.v\.t\.?|hoeft\s+niet|is\s+goed|"
    r"nee\s+hoor|nee\s+dank\s+je(?:\s+wel)?|nee\s+bedankt|dat\s+hoeft\s+niet|"
    r"geen\s+opmerking(?:en)?|verder\s+niks|verder\s+niets)\W*$"
)

_QUESTION = re.compile(r"\?|^\W*(?:wat|hoe|waarom|wie|welke?|waar|wanneer|kun|kan|mag|betekent)\b")

Kind = Literal["answer", "interrupt", "goes_on"]


@dataclass(frozen=True)
class Reading:
    """What one message means at the feedback form.

    ``answer``: ``value`` is the answer (or the masked-to-be comment). ``interrupt``: the
    form is rejected and a rule serves the message (an interruption or a new start).
    ``goes_on``: the user ignored the question; the form closes and the message is
    answered by the state of the conversation.
    """

    kind: Kind
    value: str | None = None


def _payload_value(turn: UserTurn, allowed: tuple[str, ...]) -> str | None:
    values = [v for v in turn.entity_values("waarde") if v in allowed]
    return values[0] if values and turn.text.startswith("/") else None


def _interrupts(turn: UserTurn, *, free_text: bool = False) -> bool:
    """A real request about the conversation, or a new start, not an answer to this question.

    At the comment (``free_text``) a question-like intent counts only for a question:
    "de uitleg over de bbl was fijn" is a comment, "wat is de bbl?" is not.
    """
    if turn.intent in arbitration.REQUEST_INTENTS:
        return arbitration.is_conversation_request(turn.intent, turn.text)
    if free_text and turn.intent in QUESTION_LIKE_INTENTS and not turn.text.startswith("/"):
        return bool(_QUESTION.search(fold(turn.text)))
    return turn.intent in INTERRUPTIONS or turn.intent in GOING_ON_INTENTS


def helped(text: str) -> str | None:
    """ja, een_beetje, nee or overgeslagen from typed words; None when they do not say."""
    if arbitration.says_skip(text) or arbitration.says_dont_know(text):
        return SKIPPED
    folded = fold(text)
    if _A_LITTLE.search(folded):
        return A_LITTLE
    if _NO.search(folded):
        return NO
    if _YES.search(folded):
        return YES
    return arbitration.leading_yes_no(text)


def read_answer(turn: UserTurn) -> Reading:
    """The answer to "Heeft dit gesprek je geholpen?"."""
    chosen = _payload_value(turn, ANSWERS)
    if chosen:
        return Reading("answer", chosen)
    if turn.text.startswith("/"):  # another button (an earlier one, e.g. "Opnieuw beginnen")
        return Reading("interrupt") if _interrupts(turn) else Reading("goes_on")
    if turn.intent in arbitration.REQUEST_INTENTS and _interrupts(turn):
        return Reading("interrupt")  # "nee, ik wil stoppen" is a stop, not an answer
    value = helped(turn.text)
    if value is None and turn.intent == "bevestigen":
        value = YES
    if value is None and turn.intent == "ontkennen":
        value = NO
    if value is not None and len(tokens(turn.text)) <= 8:
        return Reading("answer", value)
    if _interrupts(turn):
        return Reading("interrupt")
    if value is not None:
        return Reading("answer", value)
    return Reading("goes_on")


def read_comment(turn: UserTurn) -> Reading:
    """The optional comment: the user's words, ``geen``, or not a comment at all."""
    if _payload_value(turn, (NO_COMMENT,)):
        return Reading("answer", NO_COMMENT)
    text = turn.text.strip()
    if text.startswith("/"):
        return Reading("interrupt") if _interrupts(turn) else Reading("goes_on")
    if _NO_COMMENT.match(fold(text)) or arbitration.says_skip(text):
        return Reading("answer", NO_COMMENT)
    if arbitration.is_not_an_answer(text):
        return Reading("goes_on")  # "hallo?" is a call to the assistant, not a comment
    if turn.intent in GOING_ON_INTENTS and len(tokens(text)) <= 4:
        return Reading("interrupt")  # "opnieuw beginnen", "doei", "bedankt"
    if turn.intent in INTERRUPTIONS and _interrupts(turn, free_text=True):
        return Reading("interrupt")
    return Reading("answer", text[:MAX_COMMENT])
