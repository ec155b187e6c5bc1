"""One user turn as the readers see it, and the intents that interrupt a form.

Kept apart from the extraction so the value readers and the form validators share one
picture of a message without importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.dialogue import phrasing, reading
from bot.knowledge.text import fold, tokens

# Intents that interrupt a form: the form is rejected and a rule answers them.
INTERRUPTIONS = frozenset(
    {
        "mens_spreken",
        "uitleg_vragen",
        "hulp",
        "privacy_vraag",
        "antwoord_wijzigen",  # CHANGE_INTENT
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
QUESTION_START = re.compile(
    r"\?|^\s*(?:wat|hoe|waarom|wie|welke?|waar|wanneer|kun|kan|mag|betekent|uitleg|help)\b",
    re.IGNORECASE,
)

CHANGE_INTENT = "antwoord_wijzigen"
# Words that ask to change an earlier answer; the classifier's intent alone is not enough.
_CHANGE_WORDS = re.compile(
    r"\b(?:verander\w*|wijzig\w*|aanpass\w*|aan\s+te\s+passen|pas\w*\s+aan|corrig\w*"
    r"|verbeter\w*|vergis\w*|vergist|fout\w*|verkeerd\w*|klopt\s+niet|terug\w*|overdoen"
    r"|opnieuw|anders|vertypt|getypt|tikte|ingevuld)\b"
)


def asks_to_change(text: str) -> bool:
    """Whether the words ask to change an earlier answer ("ik wil de leeftijd aanpassen")."""
    return bool(_CHANGE_WORDS.search(fold(text)))


# Intents that answer a ja/nee/weet_niet question on their own.
INTENT_VALUES = {"bevestigen": "ja", "ontkennen": "nee", "weet_niet": "weet_niet"}


def looks_like_question(text: str) -> bool:
    """A question mark, or a start like "wat", "hoe", "kan ik": the user asks something."""
    return bool(QUESTION_START.search(text))


@dataclass(frozen=True)
class UserTurn:
    """The parts of one user message the extraction needs."""

    intent: str | None
    text: str
    entities: tuple[Mapping[str, object], ...] = ()
    # The whole message the entity spans point into, when ``text`` is only a part of it.
    source: str = ""

    def entity_values(
        self, entity: str, phrases: Mapping[tuple[str, ...], str] | None = None
    ) -> list[str]:
        """The values of ``entity``, leaving out those named in a negated clause.

        "RMC is nog niet ingelicht" carries the partner RMC, but says it is not involved.
        With ``phrases`` (a question's own ways of writing its values), an entity whose
        words are one of them gets that value: the catalogue says "geldzorgen" is debts,
        whatever label the classifier put on the span.
        """
        whole = self.source or self.text
        typed = not whole.startswith("/")
        negated = reading.negated_words(whole) if typed else set()
        parts = reading.clauses(whole) if typed else []
        positive = {w for c, neg in parts if not neg for w in tokens(c)}
        found = []
        for e in self.entities:
            if e.get("entity") != entity or not e.get("value"):
                continue
            words = tokens(_surface(whole, e))
            surface = set(words)
            if surface and surface <= negated and not surface <= positive:
                # Denied, unless the negation is the value's own ("geen inkomen").
                phrase = " ".join(words)
                holding = [c for c, _neg in parts if phrase and phrase in " ".join(tokens(c))]
                if not holding or all(reading.negated_apart_from(c, phrase) for c in holding):
                    continue
            found.append(_in_phrases(phrases, tokens(_before(whole, e)), words, str(e["value"])))
        return found

    def only(self, text: str, intent: str | None = None) -> UserTurn:
        """This turn with only ``text`` (a part of it) left to read, and only the entities
        whose words stand in that part; they keep their spans in the whole message.

        "Jeugdzorg, en de school. Of de gemeente ook iets doet, weet ik niet.": the
        gemeente named in the doubt is not a fact of the first sentence. ``intent``
        replaces the classifier's when the part does something else than the whole.
        """
        whole = self.source or self.text
        inside = fold(text)
        kept = tuple(e for e in self.entities if fold(_surface(whole, e)) in inside)
        return UserTurn(intent or self.intent, text, kept, whole)

    def without_wishes(self) -> UserTurn:
        """This turn without the entities that name what is wanted ("ik wil naar het mbo").

        What someone wants is not a fact about where they are now: read in passing, "ik wil
        mbo school" must not say the young person comes from the mbo. "ik wil advies over
        een leerling van het pro" still says where the pupil comes from.
        """
        whole = self.source or self.text
        if whole.startswith("/"):
            return self
        kept = tuple(e for e in self.entities if not phrasing.wanted_next(_before(whole, e)))
        return UserTurn(self.intent, self.text, kept, self.source)


def _before(text: str, entity: Mapping[str, object]) -> str:
    """The text before the entity: up to its span, else up to where its words first stand."""
    start = entity.get("start")
    if isinstance(start, int) and 0 <= start <= len(text):
        return text[:start]
    surface = str(entity.get("text") or entity.get("value") or "")
    found = fold(text).find(fold(surface)) if surface else -1
    return fold(text)[:found] if found >= 0 else ""


def _surface(text: str, entity: Mapping[str, object]) -> str:
    """The words the entity was read from: its span in the text, else its value."""
    start, end = entity.get("start"), entity.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return text[start:end]
    return str(entity.get("text") or entity.get("value") or "")


def _in_phrases(
    phrases: Mapping[tuple[str, ...], str] | None,
    before: tuple[str, ...],
    words: tuple[str, ...],
    value: str,
) -> str:
    """The value of the longest catalogue phrase that ends with the entity's words.

    "licht verstandelijke beperking" is lvb even when the classifier only marked
    "beperking" (a handicap): the words just before the span complete the phrase.
    """
    if not phrases:
        return value
    for reach in range(min(3, len(before)), -1, -1):
        key = before[len(before) - reach :] + words if reach else words
        if key in phrases:
            return phrases[key]
    return value
