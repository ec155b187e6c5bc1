"""Corrections of earlier answers said in free words: which question, and its new value.

"het was vmbo, geen havo", "hij is toch 18", "de stage gaat toch niet door": the words name
an earlier question and a value that differs from the one recorded. Split from the
extraction, which decides what a turn does; this module only says which earlier answer the
words change, so a wrong correction has one place to be mended. The words that mark a message
as a correction ("sorry", "trouwens", "het was ..., geen ...") are in
:mod:`bot.dialogue.correction_words`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.dialogue import arbitration, confidence, reading
from bot.dialogue.questions import question_mentioned
from bot.dialogue.turn import UserTurn
from bot.dialogue.values import (
    NEGATIVE_VALUES,
    is_yes_no_question,
    kind_of,
    question_entities,
    value_in_clauses,
)
from bot.knowledge import load_knowledge, normalise
from bot.knowledge.normalise import named_phrases

# Stands for "no earlier value" so that a value said again is read as if new.
UNSET = "\0"
# Questions a correction in free words may change: not consent, not the part's choice.
NOT_CORRECTABLE = frozenset(
    {"toestemming", "ouder_akkoord", "jongere_akkoord", "rol", "deel", "gekozen_route"}
)


def unmarked(
    turn: UserTurn,
    requested: str,
    answered: Mapping[str, object],
    read: object = None,
    to_confirm: tuple[str, object] | None = None,
) -> tuple[str, object] | None:
    """A new value for one earlier answer, said without "sorry" or "toch", to confirm first.

    "eigenlijk komt hij van het praktijkonderwijs" at the support question gives no answer
    to it, but changes where he comes from: that is asked ("Klopt dat?"), never recorded
    blind, and the open question comes again after it. Not when ``read`` (the value read
    for the open question) or ``to_confirm`` (one held back to confirm) comes from the open
    question's own words and the words do not name the earlier question: "een laptop, dat
    moet op het mbo ook" answers the aids question, not where he comes from.
    """
    candidates = correctable(requested, answered)
    hits = correction_values(turn, turn.text, candidates, answered)
    if not confidence.may_correct(turn.text):
        # without a correction word, the words must name the earlier question itself:
        # "hij heeft een bijbaan" does not say the stage is found
        hits = {
            q: v
            for q, v in hits.items()
            if question_mentioned(turn.text, [q]) or question_entities(q, turn)
        }
    if len(hits) != 1:
        return None
    question, value = next(iter(hits.items()))
    if _answered_in_own_words(turn, requested, read, to_confirm) and not question_mentioned(
        turn.text, [question]
    ):
        return None
    return question, value


def _answered_in_own_words(
    turn: UserTurn, requested: str, value: object, to_confirm: tuple[str, object] | None
) -> bool:
    """Whether the open question got a value (or one to confirm) in its own words."""
    if value is None and to_confirm is not None and to_confirm[0] == requested:
        value = to_confirm[1]
    return value is not None and confidence.own_words(requested, turn, value)


def denies_old(text: str, question: str, value: object, answered: Mapping[str, object]) -> bool:
    """Whether ``text`` denies the recorded answer it changes: "..., niet van het vmbo".

    Saying the old value is wrong marks the correction as well as "sorry" does: the new
    value is recorded (and said in one line), not asked.
    """
    old = answered.get(question)
    if not isinstance(old, str) or old == value or kind_of(question) == "text":
        return False
    return any(
        old == named
        for clause, negated in reading.clauses(text)
        if negated
        for named, _phrase in named_phrases(question, clause)
    )


def correctable(requested: str, answered: Mapping[str, object]) -> list[str]:
    """The earlier answers a correction in free words may change."""
    return [
        q
        for q, v in answered.items()
        if v is not None
        and q != requested
        and q in load_knowledge().questions
        and q not in NOT_CORRECTABLE
    ]


def correction_values(
    turn: UserTurn, text: str, candidates: Sequence[str], answered: Mapping[str, object]
) -> dict[str, object]:
    """The earlier questions whose value the words change, with the new value."""
    hits: dict[str, object] = {}
    questions = load_knowledge().questions
    # What the correction says is so; "geen havo" names the old value, not the new one.
    # "ik zie dat ik vmbo heb gekozen, maar ..." names the old answer: it is left out too.
    said = ". ".join(
        clause
        for clause, negated in reading.clauses(text)
        if not negated and not reading.is_old_answer(clause)
    )
    told = turn.only(said) if said else turn
    for question in candidates:
        if question == "leeftijd":
            age = reading.age_in(text)
            if age is not None and reading.changed(answered, question, age):
                hits[question] = age
            continue
        kind = kind_of(question)
        if is_yes_no_question(question) and kind != "text":
            # "vervoer is toch nog niet geregeld": a yes or no counts only in a clause that
            # names its question; the negation there is the answer, so all clauses are read.
            value = _yes_no_where_named(question, text)
            if value is not None and reading.changed(answered, question, value):
                hits[question] = value
            continue
        if kind in ("text", "number", "multi"):
            continue  # these need the question named: reopened, not guessed
        found = question_entities(question, told)
        try:
            try:
                value = normalise(question, found if kind == "multi" else found[0])
            except (ValueError, IndexError):
                # no entity, or one the catalogue does not know ("verder"): read the words
                value = value_in_clauses(question, said)
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
        if not question_mentioned(clause, [question]) or reading.is_old_answer(clause):
            continue
        try:
            value = value_in_clauses(question, clause)
        except ValueError:
            continue
        if isinstance(value, str) and value in allowed:
            values.add(value)
    return values.pop() if len(values) == 1 else None
