"""The reply to a check of a held-back value ("Ik schrijf op: geen stageplek. Klopt dat?").

"ja" records the held-back value, "nee" asks the question again, other words are read as a
new answer to the same question, and a reply that skips the check gets it once more. Kept
apart from the form validator, which only sets the slots and says the lines: the reading of
the reply is dialogue logic, testable without Rasa.

A validator reads answers its own way (the start block reads roles and ages too), so its
reader is passed in as ``read``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from bot.dialogue import arbitration, confidence
from bot.dialogue.extraction import Extraction, extract
from bot.dialogue.passing import CHECKED
from bot.dialogue.turn import INTENT_VALUES, INTERRUPTIONS, UserTurn
from bot.knowledge.responses import text as response_text

# Said before the check is asked a second time, when the first was skipped.
CONFIRM_AGAIN = "utter_bevestig_nog_even"
# After this many checks of the same question, a "nee" offers a human as well.
OFFER_HANDOVER_AFTER_CHECKS = 2


class Reader(Protocol):
    """How a validator reads a turn at ``question`` (see ``QuestionFormValidator.read``)."""

    def __call__(
        self,
        turn: UserTurn,
        question: str | None,
        open_questions: list[str],
        answered: dict[str, Any],
        /,
    ) -> Extraction: ...


def refused(turn: UserTurn) -> bool:
    """A short "nee" (or the nee button) to "Klopt dat?": the held-back value is wrong."""
    answer = arbitration.leading_yes_no(turn.text) or INTENT_VALUES.get(turn.intent or "")
    return answer == "nee" and arbitration.is_short(turn.text, 3)


def read_reply(
    turn: UserTurn,
    pending: Mapping[str, Any],
    open_questions: list[str],
    answered: dict[str, Any],
    read: Reader,
) -> Extraction:
    """What the reply to the check does: a yes, a no, a new answer, or a skipped check.

    ``pending`` is the held-back ``{"vraag": question, "waarde": value}``; the result sets
    the check's slot (``CHECKED``) to None once it is answered.
    """
    question = str(pending.get("vraag"))
    answer = arbitration.leading_yes_no(turn.text) or INTENT_VALUES.get(turn.intent or "")
    if turn.intent in INTERRUPTIONS and extract(turn, question, []).interrupted:
        return Extraction(interrupted=True)
    if answer == "ja" and arbitration.is_short(turn.text, 4):
        return Extraction(values={question: pending.get("waarde"), CHECKED: None})
    if answer == "ja" and arbitration.plain_yes_beside(turn.text):
        # "ja klopt, ze zit nog op school": the yes answers "Klopt dat?", never the
        # question itself; more words may answer the question that was open.
        others = open_question_answered(turn, question, open_questions, answered, read)
        return Extraction(values={**others, question: pending.get("waarde"), CHECKED: None})
    if refused(turn):
        return Extraction(values={CHECKED: None})
    result = read(turn, question, open_questions, answered)
    if (
        not result.confirm
        and not result.corrected
        and confidence.beside_the_confirmation(question, turn.text, result.values.get(question))
    ):
        # The check was skipped: asked once more, then the question stays open (asked
        # again); the held-back value is never recorded unchecked. Facts for other
        # questions stay.
        others = {k: v for k, v in result.values.items() if k != question}
        others.update(open_question_answered(turn, question, open_questions, answered, read))
        if pending.get("nogmaals"):
            return Extraction(values={**others, CHECKED: None}, replies=result.replies)
        return Extraction(
            values={**others, CHECKED: {"nogmaals": True}},
            replies=[*result.replies, response_text(CONFIRM_AGAIN)],
            confirm=(question, pending.get("waarde")),
        )
    if not result.confirm:
        result.values[CHECKED] = None
    return result


def open_question_answered(
    turn: UserTurn,
    question: str,
    open_questions: list[str],
    answered: dict[str, Any],
    read: Reader,
) -> dict[str, object]:
    """The answer to the question that was open before a check of an earlier answer.

    "Ik schrijf op: Leert het best: door te doen. Klopt dat?" came after a correction in
    passing; "ja ze heeft wel extra hulp nodig" answers the open question, not the check.
    """
    if not open_questions or open_questions[0] == question:
        return {}
    following = open_questions[0]
    result = read(turn, following, open_questions, answered)
    value = result.values.get(following)
    if result.confirm or confidence.beside_the_confirmation(following, turn.text, value):
        return {}
    return {following: value}


def checks_asked(events: Iterable[Mapping[str, Any]], question: str) -> int:
    """How often a value for ``question`` was held back to check since it last got a value.

    A check asked once more after it was skipped (``nogmaals``) is the same check. Used to
    offer a human when someone keeps saying "nee" at the checks of one question.
    """
    asked = 0
    for event in events:
        if event.get("event") != "slot":
            continue
        value = event.get("value")
        if event.get("name") == question and value is not None:
            asked = 0
        elif (
            event.get("name") == CHECKED
            and isinstance(value, Mapping)
            and value.get("vraag") == question
            and not value.get("nogmaals")
        ):
            asked += 1
    return asked
