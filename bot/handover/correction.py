"""Reading a professional's correction of an answer: which question, which value.

The inbox sends text (a value key or its label, several separated by commas); the API may
also send a number or a list. Only values the question allows are accepted, so a
correction cannot put something in the record that the assistant could never have recorded.
Free text is masked like every other typed text.
"""

from __future__ import annotations

from typing import Any

from bot.knowledge import load_knowledge
from bot.knowledge.model import Question
from bot.knowledge.staff_texts import staff_text
from bot.knowledge.summary import SPECIAL_VALUES
from bot.privacy import mask
from bot.store.refusals import WordedRefusal

MAX_TEXT_VALUE = 500
# Consent is the user's own word about their data, never a fact a professional corrects.
NOT_CORRECTABLE = frozenset({"toestemming", "jonger_dan_16", "ouder_akkoord", "jongere_akkoord"})


class InvalidCorrection(WordedRefusal, ValueError):
    """The question is unknown, or the value does not fit it; the words are under
    ``correctie`` in the staff texts."""

    def __init__(self, code: str, key: str, **values: object) -> None:
        super().__init__(code, staff_text(f"correctie.{key}", **values))


def question_for(key: object) -> Question:
    """The catalogue question with this key, or :class:`InvalidCorrection`."""
    question = load_knowledge().questions.get(str(key)) if isinstance(key, str) else None
    if question is None:
        raise InvalidCorrection("invalid_question", "onbekende_vraag")
    if question.key in NOT_CORRECTABLE:
        raise InvalidCorrection("invalid_question", "toestemming")
    return question


def _choice(question: Question, raw: str) -> str:
    wanted = " ".join(raw.split()).casefold()
    for key, label in (*question.values.items(), *SPECIAL_VALUES.items()):
        if wanted in (key.casefold(), label.casefold()):
            return key
    allowed = ", ".join(question.values)
    raise InvalidCorrection("invalid_value", "kies_waarde", vraag=question.label, keuzes=allowed)


def read_value(question: Question, raw: Any) -> Any:
    """The value to record for ``raw``; None (or blank text) clears the answer."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if question.kind == "multi":
        items = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise InvalidCorrection("invalid_value", "waarden_als_tekst")
        chosen = list(dict.fromkeys(_choice(question, item) for item in items if item.strip()))
        return chosen or None
    if question.has_values:
        if not isinstance(raw, str):
            raise InvalidCorrection("invalid_value", "waarde_als_tekst")
        return _choice(question, raw)
    if question.kind == "number":
        number = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
        if isinstance(raw, str) and raw.strip().isdigit():
            number = int(raw.strip())
        low, high = question.minimum, question.maximum
        if (
            number is None
            or (low is not None and number < low)
            or (high is not None and number > high)
        ):
            raise InvalidCorrection(
                "invalid_value", "getal", vraag=question.label, laagste=low, hoogste=high
            )
        return number
    if not isinstance(raw, str):
        raise InvalidCorrection("invalid_value", "waarde_als_tekst")
    limit = question.max_length or MAX_TEXT_VALUE
    if len(raw) > limit:
        raise InvalidCorrection("invalid_value", "te_lang", limiet=limit)
    return " ".join(mask(raw).split())
