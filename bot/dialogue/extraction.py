"""Read the answer to the open question (and any other facts) from one user turn.

Every question slot has a *custom* slot mapping in the domain, so this module is the only
place that turns user input into slot values. That keeps three promises in one spot:
interruptions (asking for a human, for an explanation) are never taken as answers; free
text is always tried; values are normalised with the knowledge base's rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field

from bot.dialogue import arbitration, confidence, corrections, phrasing, reading, terms_beside
from bot.dialogue.questions import question_mentioned
from bot.dialogue.reading import Reading
from bot.dialogue.turn import (
    CHANGE_INTENT,
    INTERRUPTIONS,
    QUESTION_LIKE_INTENTS,
    QUESTION_START,
    UserTurn,
    asks_to_change,
)
from bot.dialogue.values import (
    ALSO_FOR_A_PROFESSIONAL,
    CHAT_REMARK_REPLY,
    CONSENT_ANSWERS,
    CONSENT_EXPLANATION,
    DEFERRED_REPLY,
    FOR_A_PROFESSIONAL,
    NEGATIVE_VALUES,
    NOT_AN_ANSWER,
    UNCLEAR_ANSWER,
    UNDER_16_UNKNOWN,
    WHY_REPLY,
    accepts,
    answer_for,
    is_yes_no_question,
    kind_of,
    prefill_values,
    question_entities,
    summed_up,
)
from bot.knowledge import find_term, load_knowledge, normalise
from bot.knowledge.responses import text as response_text
from bot.knowledge.text import tokens


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


def is_interruption(turn: UserTurn, requested: str | None, *, answers: bool = False) -> bool:
    """Whether the turn interrupts the form instead of answering ``requested``.

    ``answers`` says whether the turn reads as an answer to ``requested``. The open question
    wins over the classifier when the words say so: a leading ja/nee at a yes/no question,
    a stop, human or erase intent whose words do not ask for it ("ik ben gestopt op het
    vmbo"), or a question-like intent on a message that is not a question but an answer
    (or answers before it asks). Buttons always mean what they say."""
    if turn.intent not in INTERRUPTIONS:
        return False
    if turn.text.startswith("/") or requested is None:
        return True
    if is_yes_no_question(requested) and arbitration.leading_yes_no(turn.text):
        return False
    if turn.intent in arbitration.REQUEST_INTENTS:
        return arbitration.is_conversation_request(turn.intent, turn.text)
    if turn.intent == CHANGE_INTENT and not asks_to_change(turn.text):
        return False  # "werk, liefst betaald. ... wat past beter?" asks to change nothing
    if turn.intent == "uitkomst_vragen" and answers and "?" not in turn.text:
        # "welke leerroute" at "Waar wil je mee beginnen?" names an option, like its button
        # ("Welke leerroute past"); asking for the outcome is not an answer to the question.
        return False
    if turn.intent in QUESTION_LIKE_INTENTS:
        if terms_beside.answer_before_question(requested, turn) is not None:
            return False  # "..., dat is de gemeente toch?": read here, the question kept
        return bool(QUESTION_START.search(turn.text)) or not answers
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
    explained, rest = terms_beside.terms_asked_beside(turn) if requested and typed else ([], turn)
    if explained:
        result = extract(rest, requested, open_questions, answered)
        if requested and result.values.get(requested) == arbitration.DONT_KNOW:
            # "ik weet het niet. wat is een startkwalificatie?": after the explanation the
            # question is asked again; not knowing the word is no answer yet.
            del result.values[requested]
        if requested in result.values and confidence.applies_to(requested):
            # the message also asked something: its value is confirmed, not recorded blind
            result.confirm = (requested, result.values.pop(requested))
        result.replies[:0] = explained
        return result
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
    if requested and lean and is_yes_no_question(requested) and accepts(requested, lean):
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
    weighed = typed and requested is not None and confidence.applies_to(requested)
    said: frozenset[str] = frozenset()
    if requested and weighed:
        said = confidence.signals(turn.text, answered.get("rol"), turn.intent, requested)
        result = _guarded(result, requested, turn, read, said) if said else result
        if requested in result.values and confidence.thin_evidence(
            requested, turn, result.values[requested]
        ):
            result.confirm = (requested, result.values.pop(requested))
    unsure = result.error is not None or (result.confirm is not None and not read.lean)
    if unsure and result.confirm is not None and result.confirm[0] == requested:
        # a confirmation the question's own words carry is kept ("met de bus, is geregeld")
        unsure = confidence.OTHER_TOPIC in said or not confidence.own_words(
            requested, turn, result.confirm[1]
        )
    if requested and weighed and (unsure or confidence.may_correct(turn.text)):
        value = result.values.get(requested)
        earlier = corrections.unmarked(turn, requested, answered, value, result.confirm)
        if earlier is not None and corrections.denies_old(turn.text, *earlier, answered):
            # "eigenlijk komt hij van pro, niet van het vmbo": the old value denied
            result = Extraction(values=dict([earlier]), corrected=earlier[0], act=read.act)
        elif earlier is not None:
            result = Extraction(confirm=earlier, act=reading.CORRECTION)
    if said & confidence.NOT_AN_ANSWER_SIGNALS:
        return result  # no facts in passing from a message that asks or talks about the chat
    return _with_prefill(result, turn, requested, open_questions, read)


def _guarded(
    result: Extraction,
    question: str,
    turn: UserTurn,
    read: Reading,
    said: frozenset[str],
    after_remark: bool = False,
) -> Extraction:
    """A value from a message that does more than answer is confirmed, or dropped.

    ``said``: the message's signals (:func:`bot.dialogue.confidence.signals`). A message
    that asks or talks about the chat and holds none of the question's own words gives no
    value: it is answered as a question back or a remark, and the question comes again. Any
    other signal (a correction word, speaking to the assistant, chat noise) turns the value
    into a one-line confirmation. A short hesitant answer ("vmbo?") stays a confirmation.
    ``after_remark``: ``turn`` is what is left after a remark about the chat ("dat zei ik al
    toch, kapsalon"); a free-text answer there is confirmed, not dropped.
    """
    if question in result.values:
        value = result.values[question]
    elif result.confirm is not None and result.confirm[0] == question:
        value = result.confirm[1]
    else:
        return result
    if value in (arbitration.DONT_KNOW, arbitration.SKIPPED):
        return result  # not knowing records no fact
    placed = {confidence.UNPLACED, confidence.OTHER_TOPIC}
    if said & placed and confidence.placed_by_words(question, turn, value):
        said = said - placed  # "ja, ...", "het uwv neemt het over"
        if not said:
            return result
    hesitant = reading.is_hesitant(turn.text)
    plain_text = kind_of(question) == "text" and not after_remark
    blocking = said & confidence.NOT_AN_ANSWER_SIGNALS
    if blocking == {confidence.SELF} and (
        plain_text or arbitration.leading_yes_no(turn.text) or read.lean
    ):
        # "ik bel elke week met de leermeester" are the arrangements; "ja, dat ben ik" and
        # "ja, dat verwacht ik wel" answer: confirmed, not dropped
        blocking = frozenset()
    if blocking and not hesitant:
        # what is asked names the topic without answering it: only the statements count
        told = turn.only(confidence.statements(turn.text)) if confidence.QUESTION in said else turn
        if plain_text or not confidence.own_words(question, told, value):
            if confidence.QUESTION in said:
                asked = _question_back(turn, read)
                if confidence.said_before_asking(turn.text) == value:
                    # "nee volgens mij niet, vmbo telt niet toch?": the nee is checked, and
                    # the question is answered or kept for the professional
                    asked.confirm = (question, value)
                return asked
            if confidence.CHAT in said:
                return Extraction(error=response_text(CHAT_REMARK_REPLY), act=reading.CHAT_REMARK)
            return Extraction(error=response_text(UNCLEAR_ANSWER), act=reading.OFF_TOPIC)
    result.values.pop(question, None)
    result.confirm = (question, value)
    return result


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
    if read.remark and (read.act == reading.CHAT_REMARK or result.values or result.confirm):
        return True
    if read.act == reading.CORRECTION and result.corrected:
        return True
    return read.act == reading.DOUBT and turn.intent != CHANGE_INTENT


def _not_an_answer(
    turn: UserTurn, read: Reading, requested: str, answered: Mapping[str, object]
) -> Extraction | None:
    """The result of a turn that is not a plain answer, or None to read it as one."""
    consent = requested in CONSENT_ANSWERS
    kind = kind_of(requested)
    if read.act == reading.CHAT_REMARK:
        # Said as an error: twice in a row, a human is offered (the chat may really fail).
        greeting = arbitration.is_not_an_answer(turn.text)
        reply = NOT_AN_ANSWER if greeting else CHAT_REMARK_REPLY
        return Extraction(error=response_text(reply), act=read.act)
    rest = turn.only(read.answer_text, "informeren") if read.remark else turn
    if read.act == reading.ANSWER:  # a remark with an answer after it
        result = extract(rest, requested, [], answered)
        if confidence.applies_to(requested):
            # after a remark about the chat, the value is confirmed (or dropped)
            result = _guarded(result, requested, rest, read, frozenset({confidence.CHAT}), True)
        result.act = reading.CHAT_REMARK
        if result.values or result.confirm or result.replies:
            return result
        # Nothing read after the remark: the whole message is not read again as an answer.
        return Extraction(error=response_text(CHAT_REMARK_REPLY), act=reading.CHAT_REMARK)
    if read.act == reading.DOUBT:
        if consent:
            return Extraction(error=response_text(CONSENT_EXPLANATION), act=read.act)
        if kind == "text" and (
            not arbitration.says_dont_know(read.answer_text)
            or arbitration.words_besides_not_knowing(read.answer_text)
        ):
            return None  # "misschien iets met dieren": the words are the wish
        told, pieces = terms_beside.told_for_sure(read.answer_text)
        if kind == "multi" and told and len(told) < pieces:
            with suppress(ValueError):  # "er is een jeugdbeschermer. Verder weet ik het niet."
                named = answer_for(requested, turn.only(" ".join(told)))
                if isinstance(named, list) and arbitration.DONT_KNOW not in named:
                    return Extraction(confirm=(requested, named), act=reading.ANSWER)
        value: object = arbitration.DONT_KNOW
        note = None
        if requested == "jonger_dan_16":
            value, note = "ja", response_text(UNDER_16_UNKNOWN)
        return Extraction(values={requested: value}, note=note, act=read.act)
    if read.act == reading.CORRECTION:
        plain = phrasing.without_correction_marker(read.answer_text)
        return _correction(rest.only(plain), read, requested, answered)
    if read.act == reading.DEFERRAL:
        return Extraction(replies=[response_text(DEFERRED_REPLY)], act=read.act)
    if read.act == reading.QUESTION_BACK:
        if consent:
            return None  # the consent questions explain themselves (answer_for)
        # "welke leerroute past" at "where do we begin" is a choice: the part's buttons are
        # questions themselves, so there even "welke opleiding past bij mij?" picks a part.
        asked_as_choice = "?" not in turn.text or requested == "deel"
        if asked_as_choice and not read.hypothetical and kind not in ("text", "number"):
            with suppress(ValueError):
                answer_for(requested, turn)
                return None
        asked = _question_back(turn, read)
        before = terms_beside.answer_before_question(requested, turn)
        asked.confirm = None if before is None else (requested, before)
        return asked
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
    term = find_term(turn.text)  # "telt een entreediploma als startkwalificatie?"
    replies = [response_text(FOR_A_PROFESSIONAL)]
    if term is not None:
        replies = [f"{term.title}: {term.explanation}", response_text(ALSO_FOR_A_PROFESSIONAL)]
    return Extraction(
        replies=replies,
        open_question=turn.text,
        act=read.act,
    )


def _correction(
    turn: UserTurn, read: Reading, requested: str, answered: Mapping[str, object]
) -> Extraction | None:
    """A new value for an earlier answer ("hij is toch 18", "het was vmbo, geen havo").

    The question is the one whose value the words change; when the words name a question
    but no value, it is reopened. None when the turn rather answers the open question.
    """
    candidates = corrections.correctable(requested, answered)
    hits = corrections.correction_values(turn, turn.text, candidates, answered)
    if len(hits) == 1:
        [(question, value)] = hits.items()
        if not confidence.own_words(question, turn, value):
            # a general word changes an earlier answer ("toch niet"): asked, not written
            return Extraction(confirm=(question, value), act=read.act)
        result = Extraction(values={question: value}, corrected=question, act=read.act)
        under_16 = "ja" if isinstance(value, int) and value < 16 else "nee"
        if question == "leeftijd" and answered.get("jonger_dan_16") != under_16:
            result.values["jonger_dan_16"] = under_16  # consent under 16 follows the age
        rest = terms_beside.besides_the_correction(turn.text, reading.is_correction)
        if rest and kind_of(requested) == "text" and requested not in result.values:
            result.values[requested] = answer_for(requested, turn.only(rest))
        return result
    mentioned = question_mentioned(turn.text, candidates)
    if mentioned and not question_mentioned(turn.text, [requested]):
        # "stage heeft hij toch nog niet" at the transport question is about the stage:
        # its "niet" is no answer to the open question. Said again unchanged, it stays.
        again = corrections.correction_values(
            turn, turn.text, [mentioned], {mentioned: corrections.UNSET}
        )
        if again.get(mentioned) == answered.get(mentioned):
            return Extraction(values=again, corrected=mentioned, act=read.act)
        return Extraction(values={mentioned: None}, corrected=mentioned, act=read.act)
    with suppress(ValueError):
        answer_for(requested, turn)
        return None  # "sorry, vmbo" at the open question is its answer
    if mentioned:
        return Extraction(values={mentioned: None}, corrected=mentioned, act=read.act)
    return None


def _confirm_if_unsure(result: Extraction, question: str, turn: UserTurn, read: Reading) -> None:
    """Hold back a value that may not be meant, to confirm it in one line first.

    Unsure: a value the words do not tie to the question (:mod:`bot.dialogue.confidence`:
    a general "niet" in a longer message, the intent alone), a lean ("denk het wel"), a
    hesitant short answer ("vmbo?"), or a value read from a message whose clauses say yes
    and no at once. Text answers are the user's own words and numbers are exact: never
    confirmed.
    """
    value = result.values[question]
    kind = kind_of(question)
    if kind in ("text", "number") or turn.entity_values("waarde"):
        return
    unsure = not confidence.anchored(question, turn, value)
    if value in (arbitration.DONT_KNOW, arbitration.SKIPPED):
        if unsure:
            del result.values[question]
            result.confirm = (question, value)
        return
    unsure = unsure or reading.is_hesitant(turn.text)
    if read.lean and is_yes_no_question(question) and accepts(question, read.lean):
        value, unsure = normalise(question, read.lean), True
    elif read.lean:
        unsure = True  # "als het goed is heeft ze een plek": a hedge on any value
    parts = reading.clauses(read.answer_text)
    mixed = any(neg for _c, neg in parts) and any(not neg for _c, neg in parts)
    leading = arbitration.leading_yes_no(read.answer_text)
    concluded = [c for c, _neg in parts if reading.concludes(c)]
    if concluded and is_yes_no_question(question):
        # "..., dus nee, dat is niet geregeld": the message sums up its own answer
        with suppress(ValueError):
            leading = leading or summed_up(question, concluded[-1], value)
    if mixed and not leading and read.long and is_yes_no_question(question):
        unsure = True
    negative = isinstance(value, str) and value in NEGATIVE_VALUES
    if mixed and not leading and not parts[0][1] and negative:
        unsure = True  # "moeder doet mee, vader niet": the no of a later clause is half of it
    if (
        len(tokens(turn.text)) > 2 * reading.LONG_MESSAGE_WORDS
        and not leading
        and not question_entities(question, turn)
    ):
        unsure = True  # a very long message, read by its words alone
    if unsure:
        del result.values[question]
        result.confirm = (question, value)
