"""Facts given in passing for a question that takes a list ("Speelt er nog iets?").

A long first message ("er speelt veel thuis en hij heeft schulden") names some of what
plays, rarely all of it. So a list question whose values came in passing is still asked
when its turn comes, with a line that says what was already noted; the answer adds to
those values instead of replacing them. Single-value facts (an age, a school) are complete
when said, so they keep closing their question. A wish for the future said in passing
("hij wil graag kok worden") is read here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot.dialogue import arbitration, phrasing, reading
from bot.knowledge import load_knowledge
from bot.knowledge.text import fold, tokens

REQUESTED = "requested_slot"
CHECKED = "te_bevestigen"  # the form's held-back value: {"vraag": question, "waarde": value}
NOTHING = "geen"


def list_question(question: str) -> bool:
    """A question that takes more values and may be filled in passing."""
    questions = load_knowledge().questions
    return (
        question in questions
        and questions[question].kind == "multi"
        and question in load_knowledge().prefill_questions
    )


def answered_when_asked(events: Iterable[Mapping[str, Any]], question: str) -> bool:
    """Whether ``question`` got a value from a turn said while it was the open question.

    A question back or an unclear answer at it sets nothing, so it is asked again.
    """
    open_question = None
    checked = None  # the question of the value held back for "Klopt dat?"
    heard = False
    for event in events:
        if event.get("event") == "slot" and event.get("name") == REQUESTED:
            open_question = event.get("value")
        elif event.get("event") == "slot" and event.get("name") == CHECKED:
            pending = event.get("value")
            checked = pending.get("vraag") if isinstance(pending, Mapping) else None
        elif event.get("event") == "user":
            # a yes to "Ik schrijf op: …. Klopt dat?" answers the question it checks
            heard = open_question == question or (open_question == CHECKED and checked == question)
        elif heard and event.get("event") == "slot" and event.get("name") == question:
            return True
    return False


def only_in_passing(question: str, value: object, events: Iterable[Mapping[str, Any]]) -> bool:
    """A list question filled in passing only: it is still asked."""
    return (
        list_question(question)
        and isinstance(value, list)
        and bool(value)
        and value != [NOTHING]
        and not answered_when_asked(events, question)
    )


def merged(question: str, before: object, answer: object) -> object:
    """The answer to a list question added to what was noted in passing.

    "geen", "weet niet" or a skip after values in passing leave those values: nothing
    more plays, but what was said stays said.
    """
    if not isinstance(before, list) or not before or not list_question(question):
        return answer
    if not isinstance(answer, list) or answer == [NOTHING]:
        if answer in (arbitration.DONT_KNOW, arbitration.SKIPPED, NOTHING) or answer == [NOTHING]:
            return before
        return answer
    chosen = {str(v) for v in [*before, *answer]} - {NOTHING}
    return [v for v in load_knowledge().questions[question].values if v in chosen]


# A wish about the young person's future said in passing: "hij wil graag kok worden",
# "ze wil iets in de zorg", "droomt van een eigen kapsalon". Not a wish about the chat
# ("ik wil een medewerker spreken"), not a negated one ("wil niet meer naar school").
_PASSING_WISH = re.compile(
    r"(?:\b(?:hij|ze|zij|zoon|dochter|jongere|leerling|meisje|jongen|ik|en)|,)\s+"
    r"(?:wil|wilt|zou|droomt|hoopt)\s+(?:graag\s+|later\s+|heel\s+graag\s+|het\s+liefst\s+)*"
    r"(?:van\s+)?(?P<wish>[^.;!?]{3,80}?)\s*(?:$|[.;!?]|,|\s+maar\b|\s+want\b|\s+omdat\b)"
)
_NOT_A_FUTURE_WISH = re.compile(
    r"^(?:niet|nie|geen|niks|niets|stoppen|weten|vragen|spreken|praten|pauze|verwijderen|wissen"
    r"|kijken|nagaan|uitzoeken|overleggen|bespreken|advies|hulp|graag\s+weten|graag\s+advies"
    r"|opnieuw|terug|verder|even|beginnen|dat|dit|het|er|u|je|jij|jullie|een\s+medewerker"
    r"|met\s+(?:een|iemand|jou|u)|iets\s+anders|wat\s+anders|(?:iets|wat)\s*$)\b"
)


# "hij wil monteur worden, fietsen vooral": a short addition after a comma belongs to the wish.
_ADDITION = re.compile(r",\s*(?P<addition>[^,.;!?]{3,40})(?=$|[.;!?])")
_NEW_CLAUSE = re.compile(r"(?:maar|want|omdat|en|of|hij|ze|zij|ik|die|dat|alleen|hoewel|dus)\b")


def _with_addition(folded: str, end: int) -> int:
    """Where the wish ends: after a short addition to it ("..., fietsen vooral")."""
    addition = _ADDITION.match(folded, end)
    if addition is None or len(tokens(addition.group("addition"))) > 4:
        return end
    if _NEW_CLAUSE.match(addition.group("addition").strip()):
        return end
    return addition.end("addition")


def wish_in_passing(text: str) -> str | None:
    """The words of a wish for the future said in passing, as typed; None when there is none."""
    folded = fold(text)
    match = _PASSING_WISH.search(folded)
    if match is None:
        return None
    wish = match.group("wish").strip()
    if _NOT_A_FUTURE_WISH.match(wish) or len(tokens(wish)) < 2:
        return None
    if set(tokens(wish)) <= phrasing.GENERIC_WISH_WORDS:
        return None  # "iets gaan doen met school (maar weet niet wat)": no wish yet
    if re.search(r"\b(?:leerroute|route|advies|chat|gesprek|vraag|vragen|intake)\b", wish):
        return None  # about this conversation, not about the young person's future
    if not re.search(r"\b(?:worden|iets|in\s+de|in\s+het|met|werken|doen|leren|eigen)\b", wish):
        return None
    start, end = match.start(), _with_addition(folded, match.end("wish"))
    words = reading.in_own_words(text, folded, folded[start:end])
    return re.sub(r"^(?:,\s*|[Ee]n\s+)", "", words).strip() or None
