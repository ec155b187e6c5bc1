"""The value a message gives for one question: buttons, words, entities, clauses.

Split from the extraction, which decides whether a turn is an answer at all; this module
only says *which* value the words carry, so a wrong fact has one place to be mended.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from contextlib import suppress

from bot.dialogue import arbitration, confidence, passing, phrasing, reading
from bot.dialogue.questions import without_question_words
from bot.dialogue.turn import INTENT_VALUES, QUESTION_START, UserTurn
from bot.knowledge import load_knowledge, normalise
from bot.knowledge.normalise import named_phrases
from bot.knowledge.responses import text as response_text
from bot.knowledge.text import fold, tokens

# Consent cannot be 'not known': a question back or "weet ik niet" gets an explanation and
# the question again; only a clear no is a refusal.
CONSENT_ANSWERS = ("toestemming", "ouder_akkoord", "jongere_akkoord")
# Responses in domain.yml: consent explained, a greeting that is no answer, under 16 assumed.
CONSENT_EXPLANATION = "utter_toestemming_uitleg"
NOT_AN_ANSWER = "utter_wacht_op_antwoord"
UNDER_16_UNKNOWN = "utter_jonger_dan_16_onbekend"
# Responses for turns that are not an answer (domain.yml).
UNCLEAR_ANSWER = "utter_antwoord_onduidelijk"
CHAT_REMARK_REPLY = "utter_chat_opmerking"
WHY_REPLY = "utter_waarom_deze_vraag"
FOR_A_PROFESSIONAL = "utter_vraag_voor_medewerker"
ALSO_FOR_A_PROFESSIONAL = "utter_vraag_ook_voor_medewerker"  # after a term's explanation
DEFERRED_REPLY = "utter_vraag_later"

_AGE_IN_SENTENCE = re.compile(
    r"\b(1[2-9]|[2-9]\d)\s*(?:-\s*)?(?:jaar\b|jr\b|jarige?\b)"
    # "een meisje van 16", "hij is 17 en ...": an age, not "van 16 tot 18 uur"
    r"|\b(?:meisje|jongen|jongere|leerling|student|cli[eë]nt|zoon|dochter|die|ze|zij|hij)\s+"
    r"(?:is\s+|van\s+|wordt\s+)(1[2-9]|2\d)\b(?!\s*(?:uur|euro|keer|minuten|procent|%|[:.,]\d))"
    # "zit op de isk en is 17", "..., is 18 en komt uit": the subject said before
    r"|(?:\ben|,)\s+is\s+(1[2-9]|2\d)\b(?!\s*(?:uur|euro|keer|minuten|procent|%|[:.,]\d))",
    re.IGNORECASE,
)
_NO_STARTKWALIFICATIE = re.compile(
    r"\b(?:zonder|geen|nog\s+geen|niet\s+een)\s+(?:een\s+)?(?:sk|start\s*-?\s*kwalificatie|diploma)\b",
    re.IGNORECASE,
)
_HAS_STARTKWALIFICATIE = re.compile(
    r"\b(?:heeft|met|wel)\s+(?:al\s+)?(?:een\s+)?(?:sk|start\s*-?\s*kwalificatie)\b",
    re.IGNORECASE,
)


def kind_of(question: str) -> str:
    return load_knowledge().questions[question].kind


def accepts(question: str, value: str) -> bool:
    return value in load_knowledge().questions[question].values


def is_yes_no_question(question: str) -> bool:
    """A question answered with ja or nee (also when it allows more, like 'weet niet')."""
    return kind_of(question) == "yesno" or (accepts(question, "ja") and accepts(question, "nee"))


def _not_knowing(question: str, text: str) -> bool:
    """ "weet ik niet" as the answer itself, not inside a longer answer ("ze weet niet of ...").

    For a free-text question the words after it may be the answer ("idk iets met gamen").
    """
    if not arbitration.says_dont_know(text):
        return False
    if kind_of(question) == "text":
        return not arbitration.words_besides_not_knowing(text)
    return arbitration.is_short(text, 4) or (
        kind_of(question) != "text" and arbitration.is_short(text, 8)
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
    kind = kind_of(question)
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
    if typed and question == "jonger_dan_16":
        age = reading.age_in(text) or _lone_age(text)
        if age is not None:
            return "ja" if age < 16 else "nee"  # "hij is 15"
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
    if typed and kind == "number":
        with suppress(ValueError):
            return normalise(question, text)  # one number in the words: "bijna 18" is 17
    found = question_entities(question, turn)
    if found:
        with suppress(ValueError):
            from_entities = normalise(question, found if kind == "multi" else found[0])
            if kind == "multi" and typed:
                return _fuller_list(question, text, from_entities)
            return from_entities
    if question == "startkwalificatie":
        from_text = startkwalificatie_in_text(text)
        if from_text:
            return from_text
    try:
        value = _in_words(question, text) if typed else normalise(question, text)
    except ValueError:
        intent_value = INTENT_VALUES.get(turn.intent or "")
        if intent_value == "weet_niet" or (typed and arbitration.says_dont_know(text)):
            if consent:
                raise ValueError(response_text(CONSENT_EXPLANATION)) from None
            return arbitration.DONT_KNOW
        if consent and typed and QUESTION_START.search(text):
            raise ValueError(response_text(CONSENT_EXPLANATION)) from None
        if typed and not arbitration.is_short(text, 3 if kind == "multi" else 6):
            raise  # in a longer message the intent is no answer on its own
        if kind == "multi" and intent_value == "nee":
            return normalise(question, "geen")
        if intent_value and accepts(question, intent_value):
            return normalise(question, intent_value)
        raise
    if consent and value == "nee" and typed and QUESTION_START.search(text):
        # "niet duidelijk, wat doen jullie ermee?"
        raise ValueError(response_text(CONSENT_EXPLANATION))
    return value


def _in_words(question: str, text: str) -> object:
    """The value in the words; when they name more than one, without the question's own words.

    "na de opleiding wil hij aan het werk" names the question ("na de opleiding") and its
    answer ("werk"); the words that name the question are no answer to it.
    """
    try:
        return value_in_clauses(question, text)
    except ValueError:
        named = {value for value, _phrase in named_phrases(question, text)}
        rest = without_question_words(question, text)
        if kind_of(question) == "multi" or len(named) < 2 or rest == fold(text):
            raise
        return value_in_clauses(question, rest)


def question_entities(question: str, turn: UserTurn) -> list[str]:
    """The values the classifier's entities give for ``question``, checked by the catalogue."""
    entity = load_knowledge().entity_for_question.get(question)
    if not entity:
        return []
    return turn.entity_values(entity, load_knowledge().questions[question].phrases)


def _fuller_list(question: str, text: str, from_entities: object) -> object:
    """The words' own list when it holds every entity value and more.

    The entity extractor may miss items of a typed list ("uwv, mee en school" gives only
    uwv); the clause reading keeps negations, so it only adds values, never drops one.
    """
    with suppress(ValueError):
        from_words = value_in_clauses(question, text)
        had = set(from_entities) if isinstance(from_entities, list) else {from_entities}
        if isinstance(from_words, list) and had < set(from_words):
            return from_words
    return from_entities


# Questions about what is wanted: a wish clause answers them.
WISH_QUESTIONS = frozenset({"wensen", "vervolg_richting", "deel", "rol"})
# Questions about more people at once: a yes for one of them answers ("moeder wel, vader niet").
ONE_YES_ANSWERS = frozenset({"ouders_betrokken"})
# Values that say "no" or "not yet": they may come from a negated clause.
NEGATIVE_VALUES = frozenset({"nee", "geen", "zoekt", "niet_nodig", "geen_school"})


def value_in_clauses(question: str, text: str) -> object:
    """The value in free text, read clause by clause so a negation stays a negation.

    A short message is read whole. Otherwise a value named in a negated clause counts only
    when it is itself a no ("nog geen plek"), and a bare "geen" before another word negates
    that word, not the question ("Geen diagnose bekend. Wel een coach nodig." is a yes).
    Clauses that disagree give no value. ``ValueError`` when nothing is found.
    """
    kind = kind_of(question)
    parts = reading.clauses(text)
    if (
        kind in ("text", "number")
        or len(tokens(text)) <= 3
        or (len(parts) <= 1 and not any(neg for _c, neg in parts))
    ):
        return normalise(question, text)
    found: list[object] = []
    affirmed: set[str] = set()  # values of clauses that say "wel": "moeder wel, vader niet"
    preferred: set[str] = set()  # values of clauses that say "liefst" or "het best"
    concluded: list[str] = []  # values of clauses that sum up: "..., dus nee"
    for clause, negated in parts:
        need = reading.needs_word(clause) if is_yes_no_question(question) else None
        if need and "nodig" in load_knowledge().questions[question].label.lower():
            found.append(normalise(question, need))
            if reading.concludes(clause):
                concluded.append(str(found[-1]))
            continue
        if kind != "multi" and reading.is_wish(clause) and question not in WISH_QUESTIONS:
            continue  # "en wil iets met auto's" says what is wanted, not what is
        own = _named_with_own_negation(question, clause) if negated else set()
        try:
            value = normalise(question, clause)
        except ValueError:
            # "heeft nog geen plek" names "heeft" and "nog geen plek": in a negated clause
            # the value that carries the negation is the one meant.
            named = {v for v, _phrase in named_phrases(question, clause)}
            meant = (set(own) | (named & NEGATIVE_VALUES)) if kind != "multi" else set()
            if len(meant) != 1:
                continue
            value = meant.pop()
        if kind == "multi":
            values = value if isinstance(value, list) else [value]
            if negated and values != ["geen"]:
                values = [v for v in values if v in own]  # "ik heb geen inkomen" names it
                if not values:
                    continue
            found.extend(v for v in values if v not in found)
            continue
        if negated and value not in NEGATIVE_VALUES and value not in own:
            continue
        if (
            value in ("nee", "geen")
            and reading.bare_negation_only(clause)
            and not _named_by_own_phrase(question, clause, str(value))
        ):
            continue  # "geen diagnose bekend": the no is about another word
        if value not in found:
            found.append(value)
        if reading.concludes(clause):
            concluded.append(str(value))
        if "wel" in tokens(clause):
            affirmed.add(str(value))
        if phrasing.prefers(clause):
            preferred.add(str(value))
    if kind == "multi":
        if "geen" in found and len(found) > 1:
            found.remove("geen")
        if found:
            return normalise(question, [str(v) for v in found])
        return normalise(question, "")
    if len(found) > 1 and "anders" in found:
        found.remove("anders")  # "zat op het roc ... wil iets anders": the named one counts
    if len(found) == 1:
        return found[0]
    if len(found) > 1 and question in ONE_YES_ANSWERS and "ja" in found:
        return "ja"  # "moeder doet mee, vader niet": one parent taking part is a yes
    if len(found) > 1 and concluded and is_yes_no_question(question):
        return concluded[-1]  # "ze haakt snel af, dus ja, begeleiding is nodig": the sum
    if len(found) > 1 and len(affirmed) == 1 and is_yes_no_question(question):
        return affirmed.pop()  # "X wel, Y niet" at a ja/nee question: the "wel" answers it
    if len(found) > 1 and len(preferred) == 1 and not is_yes_no_question(question):
        return preferred.pop()  # "allebei, maar liefst in de praktijk": the preference
    if len(found) > 1:
        raise ValueError(response_text(UNCLEAR_ANSWER))
    return normalise(question, "")


def summed_up(question: str, clause: str, value: object) -> str | None:
    """``value`` when the summing-up ``clause`` says it itself, else None."""
    return str(value) if value_in_clauses(question, clause) == value else None


def _named_by_own_phrase(question: str, clause: str, value: str) -> bool:
    """Whether a phrase of the question's own, not a general "niet", names ``value``.

    "vervoer is nog niet rond" says no with the question's phrase "nog niet rond".
    """
    general = confidence.general_phrases()
    return any(
        v == value and tuple(phrase.split()) not in general
        for v, phrase in named_phrases(question, clause)
    )


def _named_with_own_negation(question: str, clause: str) -> set[str]:
    """Values in a negated ``clause`` whose own words carry its negation ("geen inkomen")."""
    return {
        value
        for value, phrase in named_phrases(question, clause)
        if not reading.negated_apart_from(clause, phrase)
    }


def _lone_age(text: str) -> int | None:
    """ "15" or "ik ben 15": one number that can be an age in a short message."""
    if not arbitration.is_short(text, 4):
        return None
    numbers = [int(n) for n in re.findall(r"\b\d{1,2}\b", text)]
    return numbers[0] if len(numbers) == 1 and 12 <= numbers[0] <= 30 else None


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
    schools = question_entities("herkomst", turn.without_wishes())  # not "ik wil naar het mbo"
    if "herkomst" in wanted and schools:
        with contextlib.suppress(ValueError):
            found["herkomst"] = normalise("herkomst", schools[0])
    if "leeftijd" in wanted:
        match = _AGE_IN_SENTENCE.search(turn.text)
        if match:
            found["leeftijd"] = int(match.group(1) or match.group(2) or match.group(3))
    if "startkwalificatie" in wanted:
        value = startkwalificatie_in_text(turn.text)
        if value:
            found["startkwalificatie"] = value
    if "wensen" in wanted:
        wish = passing.wish_in_passing(turn.text)
        if wish:
            found["wensen"] = wish
    stated = stated_signals(turn) if "signalen" in wanted else []
    if stated:
        with contextlib.suppress(ValueError):
            found["signalen"] = normalise("signalen", stated)
    return found


# Said of a suspicion or a talk, not of a fact: "er is ooit over add gepraat".
_SUSPICION = re.compile(
    r"\b(?:gepraat|gesproken|sprake\s+van|vermoed\w*|misschien|mogelijk|getest|onderzocht"
    r"|onderzoek|twijfel\w*|denken\s+aan|dachten\s+aan)\b"
)
# "er is nooit een diagnose gesteld": no diagnosis, so no condition to write down in passing.
_NO_DIAGNOSIS = re.compile(r"\b(?:geen|nooit|niet)\b[^.!?]{0,30}\bdiagnose\b")
_DIAGNOSES = frozenset({"handicap_ziekte", "psychisch", "lvb"})


def stated_signals(turn: UserTurn) -> list[str]:
    """The signals a message states in passing: not in a negated clause, not as a suspicion,
    and no diagnosis when the message says there is none."""
    denied = bool(_NO_DIAGNOSIS.search(fold(turn.text)))
    stated: list[str] = []
    for clause, negated in reading.clauses(turn.text):
        if negated or _SUSPICION.search(clause):
            continue
        for value in question_entities("signalen", turn.only(clause)):
            with contextlib.suppress(ValueError):
                keys = normalise("signalen", [value])
                if isinstance(keys, list) and not (denied and set(keys) & _DIAGNOSES):
                    stated.append(value)
    return stated


def value_label(question: str, value: object) -> str:
    """A value as the summary names it ("vmbo", "17", "jeugdhulp loopt en schulden")."""
    names = load_knowledge().questions[question].values
    if isinstance(value, list):
        labels = [str(names.get(str(v), v)) for v in value]
        return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} en {labels[-1]}"
    if value == arbitration.DONT_KNOW:
        return "weet niet"
    return str(names.get(str(value), value)) if isinstance(value, str) else str(value)
