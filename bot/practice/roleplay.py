"""The case's side of the rehearsal: what the young person (or parent) answers, in character.

The case tells only what is asked: the short answer to a closed question, the longer one
(with a hidden fact) to an open question or a follow-up. A message the case cannot place
gets its in-character "wat bedoel je?". The words are the case's own, from ``cases.yml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.practice.cases import Case
from bot.practice.trainee_reading import Reading, read_conversation

# What the case says to a topic it has no line for, per way of speaking.
_NOTHING_TO_SAY = {
    "jong": "weet ik niet eigenlijk",
    "nieuwkomer": "Dat weet ik niet.",
    "gewoon": "Daar weet ik niet veel van.",
    "ouder": "Dat weet ik eigenlijk niet.",
}


@dataclass(frozen=True)
class CaseTurn:
    """What the case says to one trainee message, and the hidden fact it gave away."""

    reading: Reading
    text: str
    fact: str | None
    unclear: bool


def _speaker_prefix(case: Case, text: str) -> str:
    if case.role is None or ":" in text.split(" ", 1)[0]:
        return text
    who = case.role.parent if case.role.speaker == "ouder" and case.role.parent else case.naam
    return f"{who}: {text}"


def opening(case: Case) -> str:
    """The case's first words, before the trainee says anything."""
    if case.role is None:
        raise ValueError(f"casus {case.key} heeft geen rol")
    return _speaker_prefix(case, case.role.opening)


def answer(case: Case, reading: Reading, revealed: set[str]) -> CaseTurn:
    """The case's answer to ``reading``; ``revealed`` grows with the fact given away."""
    role = case.role
    if role is None:
        raise ValueError(f"casus {case.key} heeft geen rol")
    topic = reading.asked_topic
    if topic is None:
        return CaseTurn(reading, _speaker_prefix(case, role.unclear), None, True)
    line = role.answers.get(topic)
    well_asked = reading.open or reading.followup
    other = role.answers.get(reading.also_topic or "")
    if (
        reading.followup
        and (line is None or not line.meer)
        and other is not None
        and other.meer
        and other.fact not in revealed
    ):
        # "wie helpt je?" was about who and about the help; asked on, the case tells the
        # story behind it, as a person would.
        line = other
    if line is None:
        return CaseTurn(reading, _speaker_prefix(case, _NOTHING_TO_SAY[role.language]), None, False)
    if line.meer and well_asked:
        if line.fact:
            revealed.add(line.fact)
        return CaseTurn(reading, _speaker_prefix(case, line.meer), line.fact, False)
    return CaseTurn(reading, _speaker_prefix(case, line.kort), None, False)


# Said before an answer the case already gave: a person does not repeat themselves blankly.
_AGAIN = {
    "jong": "zei ik al:",
    "nieuwkomer": "Ik zei al:",
    "gewoon": "Zoals ik zei:",
    "ouder": "Zoals ik al zei:",
}


def play(case: Case, texts: Sequence[str]) -> list[CaseTurn]:
    """The whole rehearsal so far: each trainee message with the case's answer."""
    revealed: set[str] = set()
    said: set[str] = set()
    turns: list[CaseTurn] = []
    for reading in read_conversation(texts, case):
        turn = answer(case, reading, revealed)
        if turn.text in said and not turn.unclear and case.role is not None:
            who, _, words = turn.text.partition(": ")
            again = _AGAIN[case.role.language]
            turn = CaseTurn(turn.reading, f"{who}: {again} {words}", turn.fact, turn.unclear)
        said.add(turn.text)
        turns.append(turn)
    return turns
