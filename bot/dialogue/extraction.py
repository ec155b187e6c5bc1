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

from bot.dialogue import arbitration, reading
from bot.dialogue.questions import question_mentioned
from bot.dialogue.reading import Reading
from bot.knowledge import find_term, load_knowledge, normalise
from bot.knowledge.normalise import named_phrases
from bot.knowledge.responses import text as response_text
from bot.knowledge.text import tokens

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


def looks_like_question(text: str) -> bool:
    """A question mark, or a start like "wat", "hoe", "kan ik": the user asks something."""
    return bool(_QUESTION.search(text))


@dataclass(frozen=True)
class UserTurn:
    """The parts of one user message the extraction needs."""

    intent: str | None
    text: str
    entities: tuple[Mapping[str, object], ...] = ()
    # The whole message the entity spans point into, when ``text`` is only a part of it.
    source: str = ""

    def part(self, text: str, intent: str | None = None) -> UserTurn:
        """This turn with only ``text`` left to read (the entities keep their spans)."""
        return UserTurn(intent or self.intent, text, self.entities, self.source or self.text)

    def entity_values(self, entity: str) -> list[str]:
        """The values of ``entity``, leaving out those named in a negated clause.

        "RMC is nog niet ingelicht" carries the partner RMC, but says it is not involved.
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
            found.append(str(e["value"]))
        return found


def _surface(text: str, entity: Mapping[str, object]) -> str:
    """The words the entity was read from: its span in the text, else its value."""
    start, end = entity.get("start"), entity.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return text[start:end]
    return str(entity.get("text") or entity.get("value") or "")


@dataclass
class Extraction:
    """What one turn says: new slot values, and an error for the open question if any.

    ``note`` is said before the next question (e.g. "voor de zekerheid ga ik uit van ...").
    ``replies`` answer a question back or a remark about the chat; ``open_question`` is a
    question back kept for the professional; ``confirm`` is a (question, value) to confirm
    before it is recorded; ``corrected`` is the earlier question a correction changed.
    """

    values: dict[str, object] = field(default_factory=dict)
    error: str | None = None
    interrupted: bool = False
    note: str | None = None
    replies: list[str] = field(default_factory=list)
    open_question: str | None = None
    confirm: tuple[str, object] | None = None
    corrected: str | None = None
    act: str = reading.ANSWER


# Consent cannot be 'not known': a question back or "weet ik niet" gets an explanation and
# the question again; only a clear no is a refusal.
CONSENT_ANSWERS = ("toestemming", "ouder_akkoord")
# Responses in domain.yml: consent explained, a greeting that is no answer, under 16 assumed.
CONSENT_EXPLANATION = "utter_toestemming_uitleg"
NOT_AN_ANSWER = "utter_wacht_op_antwoord"
UNDER_16_UNKNOWN = "utter_jonger_dan_16_onbekend"
# Responses for turns that are not an answer (domain.yml).
UNCLEAR_ANSWER = "utter_antwoord_onduidelijk"
CHAT_REMARK_REPLY = "utter_chat_opmerking"
WHY_REPLY = "utter_waarom_deze_vraag"
FOR_A_PROFESSIONAL = "utter_vraag_voor_medewerker"
DEFERRED_REPLY = "utter_vraag_later"


def _kind(question: str) -> str:
    return load_knowledge().questions[question].kind


def _accepts(question: str, value: str) -> bool:
    return value in load_knowledge().questions[question].values


def is_yes_no_question(question: str) -> bool:
    """A question answered with ja or nee (also when it allows more, like 'weet niet')."""
    return _kind(question) == "yesno" or (_accepts(question, "ja") and _accepts(question, "nee"))


def _not_knowing(question: str, text: str) -> bool:
    """ "weet ik niet" as the answer itself, not inside a longer answer ("ze weet niet of ...").

    For a free-text question the words after it may be the answer ("idk iets met gamen").
    """
    if not arbitration.says_dont_know(text):
        return False
    if _kind(question) == "text":
        return not arbitration.words_besides_not_knowing(text)
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
        value = value_in_clauses(question, text) if typed else normalise(question, text)
    except ValueError:
        intent_value = INTENT_VALUES.get(turn.intent or "")
        if intent_value == "weet_niet" or (typed and arbitration.says_dont_know(text)):
            if consent:
                raise ValueError(response_text(CONSENT_EXPLANATION)) from None
            return arbitration.DONT_KNOW
        if consent and typed and _QUESTION.search(text):
            raise ValueError(response_text(CONSENT_EXPLANATION)) from None
        if typed and not arbitration.is_short(text, 3 if kind == "multi" else 6):
            raise  # in a longer message the intent is no answer on its own
        if kind == "multi" and intent_value == "nee":
            return normalise(question, "geen")
        if intent_value and _accepts(question, intent_value):
            return normalise(question, intent_value)
        raise
    if consent and value == "nee" and typed and _QUESTION.search(text):
        # "niet duidelijk, wat doen jullie ermee?"
        raise ValueError(response_text(CONSENT_EXPLANATION))
    return value


# Questions about what is wanted: a wish clause answers them.
WISH_QUESTIONS = frozenset({"wensen", "vervolg_richting", "deel", "rol"})
# Values that say "no" or "not yet": they may come from a negated clause.
NEGATIVE_VALUES = frozenset({"nee", "geen", "zoekt", "niet_nodig", "geen_school"})


def value_in_clauses(question: str, text: str) -> object:
    """The value in free text, read clause by clause so a negation stays a negation.

    A short message is read whole. Otherwise a value named in a negated clause counts only
    when it is itself a no ("nog geen plek"), and a bare "geen" before another word negates
    that word, not the question ("Geen diagnose bekend. Wel een coach nodig." is a yes).
    Clauses that disagree give no value. ``ValueError`` when nothing is found.
    """
    kind = _kind(question)
    parts = reading.clauses(text)
    if (
        kind in ("text", "number")
        or len(tokens(text)) <= 3
        or (len(parts) <= 1 and not any(neg for _c, neg in parts))
    ):
        return normalise(question, text)
    found: list[object] = []
    for clause, negated in parts:
        need = reading.needs_word(clause) if is_yes_no_question(question) else None
        if need and "nodig" in load_knowledge().questions[question].label.lower():
            found.append(normalise(question, need))
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
        if value in ("nee", "geen") and reading.bare_negation_only(clause):
            continue
        if value not in found:
            found.append(value)
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
    if len(found) > 1:
        raise ValueError(response_text(UNCLEAR_ANSWER))
    return normalise(question, "")


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
    if "herkomst" in wanted and turn.entity_values("herkomst"):
        with contextlib.suppress(ValueError):
            found["herkomst"] = normalise("herkomst", turn.entity_values("herkomst")[0])
    if "leeftijd" in wanted:
        match = _AGE_IN_SENTENCE.search(turn.text)
        if match:
            found["leeftijd"] = int(match.group(1) or match.group(2) or match.group(3))
    if "startkwalificatie" in wanted:
        value = startkwalificatie_in_text(turn.text)
        if value:
            found["startkwalificatie"] = value
    if "wensen" in wanted:
        wish = reading.wish_in_passing(turn.text)
        if wish:
            found["wensen"] = wish
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
    if turn.intent == "uitkomst_vragen" and answers and "?" not in turn.text:
        # "welke leerroute" at "Waar wil je mee beginnen?" names an option, like its button
        # ("Welke leerroute past"); asking for the outcome is not an answer to the question.
        return False
    if turn.intent in QUESTION_LIKE_INTENTS:
        return bool(_QUESTION.search(turn.text)) or not answers
    return True


def extract(
    turn: UserTurn,
    requested: str | None,
    open_questions: Sequence[str],
    answered: Mapping[str, object] | None = None,
) -> Extraction:
    """Everything ``turn`` answers: the requested question and facts for open ones.

    The turn is read once (:func:`bot.dialogue.reading.read`); only an answer fills the
    open question. A question back, doubt, a remark about the chat or a correction of an
    earlier answer (``answered``: the questions answered so far) are handled here, so the
    form asks its open question again afterwards.
    """
    answered = answered or {}
    typed = not turn.text.startswith("/")
    yes_no = requested is not None and is_yes_no_question(requested)
    read = reading.read(turn.text, requested, yes_no=yes_no)
    if requested and typed and (read.act != reading.ANSWER or read.remark):
        special = _not_an_answer(turn, read, requested, answered)
        if special is not None:
            if not _overrides_interruption(turn, read, special) and is_interruption(
                turn, requested, answers=False
            ):
                return Extraction(interrupted=True)
            return _with_prefill(special, turn, requested, open_questions, read)
    result = Extraction()
    lean = read.lean if requested and requested not in CONSENT_ANSWERS else None
    if requested and lean and is_yes_no_question(requested) and _accepts(requested, lean):
        result.confirm = (requested, normalise(requested, lean))  # "denk het wel"
    elif requested:
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
    if requested in result.values and typed and requested not in CONSENT_ANSWERS:
        _confirm_if_unsure(result, requested, turn, read)
    return _with_prefill(result, turn, requested, open_questions, read)


def _with_prefill(
    result: Extraction,
    turn: UserTurn,
    requested: str | None,
    open_questions: Sequence[str],
    read: Reading,
) -> Extraction:
    """Add facts given in passing for questions not asked yet (never from a question back)."""
    if read.act in (reading.QUESTION_BACK, reading.CHAT_REMARK) and not read.answer_text:
        return result
    if read.act == reading.QUESTION_BACK or result.interrupted:
        return result
    prefill = load_knowledge().prefill_questions  # facts a professional gives in one go
    others = [q for q in open_questions if q != requested and q in prefill]
    for question, value in prefill_values(turn, others).items():
        result.values.setdefault(question, value)
    return result


def _overrides_interruption(turn: UserTurn, read: Reading, result: Extraction) -> bool:
    """A remark or a correction the reading placed wins over a wish-to-change or help intent.

    "dat zei ik al toch, kapsalon" is no wish to change an answer; "hallo?? ik zie niks" is
    no request for help. A stop, a human or erasing is always left to its own rule.
    """
    if turn.intent in arbitration.REQUEST_INTENTS or turn.intent == "EXTERNAL_besluit":
        return False
    if read.remark and (read.act == reading.CHAT_REMARK or result.values):
        return True
    if read.act == reading.CORRECTION and result.corrected:
        return True
    return read.act == reading.DOUBT and turn.intent != "antwoord_wijzigen"


def _not_an_answer(
    turn: UserTurn, read: Reading, requested: str, answered: Mapping[str, object]
) -> Extraction | None:
    """The result of a turn that is not a plain answer, or None to read it as one."""
    consent = requested in CONSENT_ANSWERS
    kind = _kind(requested)
    if read.act == reading.CHAT_REMARK:
        # Said as an error: twice in a row, a human is offered (the chat may really fail).
        greeting = arbitration.is_not_an_answer(turn.text)
        reply = NOT_AN_ANSWER if greeting else CHAT_REMARK_REPLY
        return Extraction(error=response_text(reply), act=read.act)
    rest = turn.part(read.answer_text, "informeren") if read.remark else turn
    if read.act == reading.ANSWER:  # a remark with an answer after it
        result = extract(rest, requested, [], answered)
        result.act = reading.CHAT_REMARK
        return result if result.values or result.confirm else None
    if read.act == reading.DOUBT:
        if consent:
            return Extraction(error=response_text(CONSENT_EXPLANATION), act=read.act)
        if kind == "text" and (
            not arbitration.says_dont_know(read.answer_text)
            or arbitration.words_besides_not_knowing(read.answer_text)
        ):
            return None  # "misschien iets met dieren": the words are the wish
        value: object = arbitration.DONT_KNOW
        note = None
        if requested == "jonger_dan_16":
            value, note = "ja", response_text(UNDER_16_UNKNOWN)
        return Extraction(values={requested: value}, note=note, act=read.act)
    if read.act == reading.CORRECTION:
        plain = reading.without_correction_marker(read.answer_text)
        return _correction(rest.part(plain), read, requested, answered)
    if read.act == reading.DEFERRAL:
        return Extraction(replies=[response_text(DEFERRED_REPLY)], act=read.act)
    if read.act == reading.QUESTION_BACK:
        if consent:
            return None  # the consent questions explain themselves (answer_for)
        if "?" not in turn.text and kind not in ("text", "number"):
            with suppress(ValueError):
                answer_for(requested, turn)
                return None  # "welke leerroute past" at "where do we begin": a choice
        return _question_back(turn, read)
    return None


def _question_back(turn: UserTurn, read: Reading) -> Extraction:
    """Answer a question back: the term, why we ask, or pass it on to a professional."""
    if read.about == reading.ABOUT_WHY:
        return Extraction(replies=[response_text(WHY_REPLY)], act=read.act)
    if read.about == reading.ABOUT_TERM:
        names = [str(e.get("value")) for e in turn.entities if e.get("entity") in ("term", "route")]
        for candidate in [*names, turn.text]:
            term = find_term(candidate)
            if term is not None:
                return Extraction(replies=[f"{term.title}: {term.explanation}"], act=read.act)
    return Extraction(
        replies=[response_text(FOR_A_PROFESSIONAL)], open_question=turn.text, act=read.act
    )


# Questions a correction in free words may change: not consent, not the part's choice.
_NOT_CORRECTABLE = frozenset({"toestemming", "ouder_akkoord", "rol", "deel", "gekozen_route"})


def _correction(
    turn: UserTurn, read: Reading, requested: str, answered: Mapping[str, object]
) -> Extraction | None:
    """A new value for an earlier answer ("hij is toch 18", "het was vmbo, geen havo").

    The question is the one whose value the words change; when the words name a question
    but no value, it is reopened. None when the turn rather answers the open question.
    """
    candidates = [
        q
        for q, v in answered.items()
        if v is not None
        and q != requested
        and q in load_knowledge().questions
        and q not in _NOT_CORRECTABLE
    ]
    hits = correction_values(turn, turn.text, candidates, answered)
    if len(hits) == 1:
        [(question, value)] = hits.items()
        result = Extraction(values={question: value}, corrected=question, act=read.act)
        under_16 = "ja" if isinstance(value, int) and value < 16 else "nee"
        if question == "leeftijd" and answered.get("jonger_dan_16") != under_16:
            result.values["jonger_dan_16"] = under_16  # consent under 16 follows the age
        return result
    with suppress(ValueError):
        answer_for(requested, turn)
        return None  # "sorry, vmbo" at the open question is its answer
    mentioned = question_mentioned(turn.text, candidates)
    if mentioned:
        return Extraction(values={mentioned: None}, corrected=mentioned, act=read.act)
    return None


def correction_values(
    turn: UserTurn, text: str, candidates: Sequence[str], answered: Mapping[str, object]
) -> dict[str, object]:
    """The earlier questions whose value the words change, with the new value."""
    hits: dict[str, object] = {}
    questions = load_knowledge().questions
    # What the correction says is so; "geen havo" names the old value, not the new one.
    said = ". ".join(clause for clause, negated in reading.clauses(text) if not negated)
    for question in candidates:
        if question == "leeftijd":
            age = reading.age_in(text)
            if age is not None and reading.changed(answered, question, age):
                hits[question] = age
            continue
        kind = _kind(question)
        if is_yes_no_question(question) and kind != "text":
            # "vervoer is toch nog niet geregeld": a yes or no counts only in a clause that
            # names its question; the negation there is the answer, so all clauses are read.
            value = _yes_no_where_named(question, text)
            if value is not None and reading.changed(answered, question, value):
                hits[question] = value
            continue
        if kind in ("text", "number", "multi"):
            continue  # these need the question named: reopened, not guessed
        entity = load_knowledge().entity_for_question.get(question)
        found = turn.entity_values(entity) if entity else []
        try:
            value = (
                normalise(question, found if kind == "multi" else found[0])
                if found
                else value_in_clauses(question, said)
            )
        except ValueError:
            # "stage heeft hij toch nog niet": a no in the clause that names the question.
            value = _value_where_named(question, text, NEGATIVE_VALUES)
            if value is None:
                continue
        if value in (arbitration.DONT_KNOW, "anders") or not reading.changed(
            answered, question, value
        ):
            continue
        if kind != "multi" and str(value) not in questions[question].values:
            continue
        hits[question] = value
    if len(hits) > 1:
        # "hij heeft wel een diploma, mbo niveau 2": the question the words name wins.
        named = [q for q in hits if question_mentioned(text, [q])]
        if len(named) == 1:
            return {named[0]: hits[named[0]]}
    return hits


def _yes_no_where_named(question: str, text: str) -> object:
    """The ja/nee value of the clauses that name ``question`` ("vervoer ... niet geregeld")."""
    return _value_where_named(question, text, frozenset({"ja", "nee"}))


def _value_where_named(question: str, text: str, allowed: frozenset[str]) -> object:
    """One ``allowed`` value read from the clauses of ``text`` that name ``question``."""
    values = set()
    for clause, _negated in reading.clauses(text):
        if not question_mentioned(clause, [question]):
            continue
        try:
            value = value_in_clauses(question, clause)
        except ValueError:
            continue
        if isinstance(value, str) and value in allowed:
            values.add(value)
    return values.pop() if len(values) == 1 else None


def _confirm_if_unsure(result: Extraction, question: str, turn: UserTurn, read: Reading) -> None:
    """Hold back a value that may not be meant, to confirm it in one line first.

    Unsure: a lean ("denk het wel"), a hesitant short answer ("vmbo?"), or a value read
    from a message whose clauses say yes and no at once. Text answers are the user's own
    words and numbers are exact: never confirmed.
    """
    value = result.values[question]
    kind = _kind(question)
    if kind in ("text", "number") or value in (arbitration.DONT_KNOW, arbitration.SKIPPED):
        return
    if turn.entity_values("waarde"):
        return
    unsure = reading.is_hesitant(turn.text)
    if read.lean and is_yes_no_question(question) and _accepts(question, read.lean):
        value, unsure = normalise(question, read.lean), True
    parts = reading.clauses(read.answer_text)
    mixed = any(neg for _c, neg in parts) and any(not neg for _c, neg in parts)
    leading = arbitration.leading_yes_no(read.answer_text)
    if mixed and not leading and read.long and is_yes_no_question(question):
        unsure = True
    if unsure:
        del result.values[question]
        result.confirm = (question, value)


def value_label(question: str, value: object) -> str:
    """A value as the summary names it ("vmbo", "17", "jeugdhulp loopt en schulden")."""
    names = load_knowledge().questions[question].values
    if isinstance(value, list):
        labels = [str(names.get(str(v), v)) for v in value]
        return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} en {labels[-1]}"
    if value == arbitration.DONT_KNOW:
        return "weet niet"
    return str(names.get(str(value), value)) if isinstance(value, str) else str(value)
