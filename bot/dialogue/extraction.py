"""Read the answer to the open question (and any other facts) from one user turn.

Every question slot has a *custom* slot mapping in the domain, so this module is the only
place that turns user input into slot values. That keeps three promises in one spot:
interruptions (asking for a human, for an explanation, ...) are never taken as answers;
free text is always tried, not only buttons; and values are normalised with the same
rules the knowledge base uses.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field

from bot.dialogue import arbitration
from bot.knowledge import load_knowledge, normalise
from bot.knowledge.responses import text as response_text

# Intents that interrupt a form: the form is rejected and a rule answers them.
INTERRUPTIONS = frozenset(
    {
        "mens_spreken",
        "uitleg_vragen",
        "hulp",
        "privacy_vraag",
        "antwoord_wijzigen",
        "stoppen",
        "gegevens_verwijderen",
        "EXTERNAL_besluit",
        # pause, come back, ask for the outcome (data/rules/na_afloop.yml)
        "pauzeren",
        "hervatten",
        "uitkomst_vragen",
    }
)

# Questions about the assistant itself. When a free-text answer is open they only count
# as an interruption if the message looks like a question: "het uwv in utrecht" is an
# answer, even when the classifier hears uitleg_vragen in it.
# An answer the classifier read as one of these ("verder leren" as hervatten) stays an answer.
QUESTION_LIKE_INTENTS = frozenset(
    {"uitleg_vragen", "hulp", "privacy_vraag", "hervatten", "uitkomst_vragen"}
)
_QUESTION = re.compile(
    r"\?|^\s*(?:wat|hoe|waarom|wie|welke?|waar|wanneer|kun|kan|mag|betekent|uitleg|help)\b",
    re.IGNORECASE,
)

# Intents that answer a ja/nee/weet_niet question on their own.
INTENT_VALUES = {"bevestigen": "ja", "ontkennen": "nee", "weet_niet": "weet_niet"}

_AGE_IN_SENTENCE = re.compile(
    r"\b(1[2-9]|[2-9]\d)\s*(?:-\s*)?(?:jaar\b|jr\b|jarige?\b)"
    # "een meisje van 16", "hij is 17 en ...": an age, not "van 16 tot 18 uur"
    r"|\b(?:meisje|jongen|jongere|leerling|student|cli[eë]nt|zoon|dochter|die|ze|zij|hij)\s+"
    r"(?:is\s+|van\s+|wordt\s+)(1[2-9]|2\d)\b(?!\s*(?:uur|euro|keer|minuten|procent|%|[:.,]\d))",
    re.IGNORECASE,
)
_NO_STARTKWALIFICATIE = re.compile(
    r"\b(?:zonder|geen|nog\s+geen|niet\s+een)\s+(?:een\s+)?(?:sk|start\s*-?\s*kwalificatie)\b",
    re.IGNORECASE,
)
_HAS_STARTKWALIFICATIE = re.compile(
    r"\b(?:heeft|met|wel)\s+(?:al\s+)?(?:een\s+)?(?:sk|start\s*-?\s*kwalificatie)\b",
    re.IGNORECASE,
)


def looks_like_question(text: str) -> bool:
    """A question mark, or a start like "wat", "hoe", "kan ik": the user asks something."""
    return bool(_QUESTION.search(text))


@dataclass(frozen=True)
class UserTurn:
    """The parts of one user message the extraction needs."""

    intent: str | None
    text: str
    entities: tuple[Mapping[str, object], ...] = ()

    def entity_values(self, entity: str) -> list[str]:
        return [
            str(e["value"]) for e in self.entities if e.get("entity") == entity and e.get("value")
        ]


@dataclass
class Extraction:
    """What one turn says: new slot values, and an error for the open question if any.

    ``note`` is said before the next question (e.g. "voor de zekerheid ga ik uit van ...").
    """

    values: dict[str, object] = field(default_factory=dict)
    error: str | None = None
    interrupted: bool = False
    note: str | None = None


# Consent cannot be 'not known': a question back or "weet ik niet" gets an explanation and
# the question again; only a clear no is a refusal.
CONSENT_ANSWERS = ("toestemming", "ouder_akkoord")
# Responses in domain.yml: consent explained, a greeting that is no answer, under 16 assumed.
CONSENT_EXPLANATION = "utter_toestemming_uitleg"
NOT_AN_ANSWER = "utter_wacht_op_antwoord"
UNDER_16_UNKNOWN = "utter_jonger_dan_16_onbekend"


def _kind(question: str) -> str:
    return load_knowledge().questions[question].kind


def _accepts(question: str, value: str) -> bool:
    return value in load_knowledge().questions[question].values


def is_yes_no_question(question: str) -> bool:
    """A question answered with ja or nee (also when it allows more, like 'weet niet')."""
    return _kind(question) == "yesno" or (_accepts(question, "ja") and _accepts(question, "nee"))


def _not_knowing(question: str, text: str) -> bool:
    """ "weet ik niet" as the answer itself, not inside a longer answer ("ze weet niet of ...")."""
    if not arbitration.says_dont_know(text):
        return False
    return arbitration.is_short(text, 4) or (
        _kind(question) != "text" and arbitration.is_short(text, 8)
    )


def answer_for(question: str, turn: UserTurn) -> object:
    """The normalised answer to ``question`` in ``turn``; ``ValueError`` if there is none.

    Order: a button value; for typed text a greeting is no answer, a skip or "weet ik niet"
    is (``overgeslagen``, ``weet_niet``; consent is the exception), and at a yes/no question
    a leading ja or nee wins ("nee, ik ben gestopt op het vmbo"); then a recognised entity,
    the words themselves, and only then an intent that means ja/nee/weet niet ("klopt").
    The words come before the intent because they are more precise: "we zoeken nog een
    stageplek" is a clear answer even when the intent classifier hears "weet niet".
    """
    kind = _kind(question)
    consent = question in CONSENT_ANSWERS
    buttons = turn.entity_values("waarde")
    if buttons:
        return normalise(question, buttons if kind == "multi" else buttons[0])
    text = turn.text
    typed = not text.startswith("/")
    if typed and arbitration.is_not_an_answer(text):
        raise ValueError(response_text(NOT_AN_ANSWER))
    if typed and is_yes_no_question(question):
        leading = arbitration.leading_yes_no(text)
        if leading and not (consent and leading == arbitration.NO and "?" in text):
            return normalise(question, leading)
    if typed and (_not_knowing(question, text) or arbitration.says_skip(text)):
        if consent:
            raise ValueError(response_text(CONSENT_EXPLANATION))
        if arbitration.says_skip(text):
            return arbitration.SKIPPED
        return arbitration.DONT_KNOW
    if not typed and turn.intent == "weet_niet":
        if consent:
            raise ValueError(response_text(CONSENT_EXPLANATION))
        return arbitration.DONT_KNOW
    entity = load_knowledge().entity_for_question.get(question)
    found = turn.entity_values(entity) if entity else []
    if found:
        with suppress(ValueError):
            return normalise(question, found if kind == "multi" else found[0])
    if question == "startkwalificatie":
        from_text = startkwalificatie_in_text(text)
        if from_text:
            return from_text
    try:
        value = normalise(question, text)
    except ValueError:
        intent_value = INTENT_VALUES.get(turn.intent or "")
        if intent_value == "weet_niet" or (typed and arbitration.says_dont_know(text)):
            if consent:
                raise ValueError(response_text(CONSENT_EXPLANATION)) from None
            return arbitration.DONT_KNOW
        if consent and typed and _QUESTION.search(text):
            raise ValueError(response_text(CONSENT_EXPLANATION)) from None
        if kind == "multi" and intent_value == "nee":
            return normalise(question, "geen")
        if intent_value and _accepts(question, intent_value):
            return normalise(question, intent_value)
        raise
    if consent and value == "nee" and typed and _QUESTION.search(text):
        # "niet duidelijk, wat doen jullie ermee?"
        raise ValueError(response_text(CONSENT_EXPLANATION))
    return value


def startkwalificatie_in_text(text: str) -> str | None:
    """ "zonder startkwalificatie" → nee, "heeft een sk" → ja, otherwise nothing."""
    if _NO_STARTKWALIFICATIE.search(text):
        return "nee"
    if _HAS_STARTKWALIFICATIE.search(text):
        return "ja"
    return None


def prefill_values(turn: UserTurn, questions: Iterable[str]) -> dict[str, object]:
    """Facts about the young person stated in passing, for questions not asked yet."""
    found: dict[str, object] = {}
    wanted = set(questions)
    if "herkomst" in wanted and turn.entity_values("herkomst"):
        with contextlib.suppress(ValueError):
            found["herkomst"] = normalise("herkomst", turn.entity_values("herkomst")[0])
    if "leeftijd" in wanted:
        match = _AGE_IN_SENTENCE.search(turn.text)
        if match:
            found["leeftijd"] = int(match.group(1) or match.group(2))
    if "startkwalificatie" in wanted:
        value = startkwalificatie_in_text(turn.text)
        if value:
            found["startkwalificatie"] = value
    if "signalen" in wanted and turn.entity_values("signaal"):
        with contextlib.suppress(ValueError):
            found["signalen"] = normalise("signalen", turn.entity_values("signaal"))
    return found


def is_interruption(turn: UserTurn, requested: str | None, *, answers: bool = False) -> bool:
    """Whether the turn interrupts the form instead of answering ``requested``.

    ``answers`` says whether the turn reads as an answer to ``requested``. The open question
    wins over the classifier when the words say so: a leading ja/nee at a yes/no question,
    a stop, human or erase intent whose words do not ask for it ("ik ben gestopt op het
    vmbo"), or a question-like intent on a message that is not a question but an answer.
    Buttons always mean what they say.
    """
    if turn.intent not in INTERRUPTIONS:
        return False
    if turn.text.startswith("/") or requested is None:
        return True
    if is_yes_no_question(requested) and arbitration.leading_yes_no(turn.text):
        return False
    if turn.intent in arbitration.REQUEST_INTENTS:
        return arbitration.is_conversation_request(turn.intent, turn.text)
    if turn.intent in QUESTION_LIKE_INTENTS:
        return bool(_QUESTION.search(turn.text)) or not answers
    return True


def extract(
    turn: UserTurn,
    requested: str | None,
    open_questions: Sequence[str],
) -> Extraction:
    """Everything ``turn`` answers: the requested question and facts for open ones."""
    result = Extraction()
    if requested:
        try:
            result.values[requested] = answer_for(requested, turn)
        except ValueError as error:
            result.error = str(error)
    if is_interruption(turn, requested, answers=requested in result.values):
        return Extraction(interrupted=True)
    if requested == "jonger_dan_16" and result.values.get(requested) in (
        arbitration.DONT_KNOW,
        arbitration.SKIPPED,
    ):
        # Consent depends on it: on the safe side, a parent must agree too.
        result.values[requested] = "ja"
        result.note = response_text(UNDER_16_UNKNOWN)
    prefill = load_knowledge().prefill_questions  # facts a professional gives in one go
    others = [q for q in open_questions if q != requested and q in prefill]
    for question, value in prefill_values(turn, others).items():
        result.values.setdefault(question, value)
    return result
