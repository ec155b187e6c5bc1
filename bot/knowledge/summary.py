"""A short Dutch summary of the answers so far, for the professional who takes over.

A professional decides on this text, so it says where each value came from: the user's own
words when they add something to the value, whether the user confirmed the answers in the
review before the hand-over, which professional corrected a value, and the notes that fit
no question (questions passed on, facts said in passing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.knowledge.conditions import answer_items, is_answered
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge, Question

# How long the user's own words may be in the summary; longer words are cut with "…".
MAX_WORDS = 160
# Words that say nothing beyond the value itself ("ja hoor", "17 jaar", "ik denk van wel").
_FILLER_WORDS = """ja nee jawel wel niet geen hoor denk het een de is ik hij zij ze dat die dit
heeft hebben heb nog al ook maar en of toch klopt weet volgens mij zo op in van met voor te er
naar jaar oud wordt worden geworden zijn was waren gaat doet kan wil graag mag moet eigenlijk
gewoon echt zeker misschien oke okay ok goed prima dus even hem haar"""
_FILLER = frozenset(_FILLER_WORDS.split())
_WORD = re.compile(r"[^\W_]+")

# Answers any question may get: not knowing, or a skip. The professional reads plain words.
SPECIAL_VALUES = {"weet_niet": "onbekend", "overgeslagen": "overgeslagen"}

NOTE_LABELS = {"vraag": "Vraag voor de medewerker", "feit": "Ook verteld"}
ALL_CONFIRMED = "Nagekeken: de gebruiker heeft deze antwoorden bevestigd."
SOME_CONFIRMED = (
    "Nagekeken: de gebruiker heeft de antwoorden bevestigd, behalve waar 'niet bevestigd' staat."
)
NONE_CONFIRMED = "Niet nagekeken: de gebruiker heeft deze antwoorden niet bevestigd."
NOTES_HEADING = "Voor de medewerker"
# A question a parent or young person alone is not asked (questions.yml, roles).
FOR_THE_PROFESSIONAL = "nog te beoordelen door de professional"


@dataclass(frozen=True)
class AnswerDetail:
    """Where a value came from (the store's answer row, in words the summary can use).

    ``words``: the user's own words, masked; ``confirmed``: the user confirmed the value in
    the review before the hand-over; ``corrected_by``: the professional who changed or
    cleared it, with ``corrected_on`` as day-month.
    """

    words: str | None = None
    confirmed: bool = False
    corrected_by: str | None = None
    corrected_on: str | None = None


@dataclass(frozen=True)
class SummaryNote:
    """A note for the professional: ``kind`` vraag or feit, the masked words."""

    kind: str
    text: str


def build_summary(
    answers: Mapping[str, object],
    knowledge: Knowledge | None,
    decision_point: str,
    *,
    details: Mapping[str, AnswerDetail] | None = None,
    notes: Iterable[SummaryNote] = (),
) -> str:
    """First line names the decision point; then one block per part with answered questions.

    Uses the catalogue's labels and order, so the summary reads the same in every hand-over.
    Keys that are not in the catalogue are left out: the summary is for a human reader, and a
    stray slot must not stop a hand-over. With ``details`` each value says where it came
    from (see :class:`AnswerDetail`), and a line says whether the user confirmed them; an
    answer a professional cleared is named as cleared. Raises ValueError for an unknown
    decision point.
    """
    knowledge = knowledge or load_knowledge()
    point = knowledge.decision_point(decision_point)
    lines = [f"Beslispunt: {point.label}."]
    details = details or {}
    shown = [key for key in knowledge.questions if _shown(key, answers, details)]
    confirmation = _confirmation_line(shown, answers, details) if details else None
    if confirmation:
        lines.append(confirmation)
    mixed = confirmation == SOME_CONFIRMED
    role = answers.get("rol")
    for part, part_label in knowledge.parts.items():
        items = [
            _item(question, answers.get(key), details.get(key), mixed)
            for key, question in knowledge.questions.items()
            if question.part == part and key in shown
        ]
        if items:
            # A judgement the user was not asked is still the professional's to make.
            items += [
                f"{question.label}: {FOR_THE_PROFESSIONAL}."
                for key, question in knowledge.questions.items()
                if question.part == part
                and key not in shown
                and question.left_to_professional(role)
            ]
            lines.extend(["", part_label, " ".join(items)])
    if not shown:
        lines.append("Er zijn nog geen antwoorden.")
    note_lines = [
        f"{NOTE_LABELS.get(note.kind, 'Notitie')}: {_ending(_clip(note.text))}"
        for note in notes
        if note.text.strip()
    ]
    if note_lines:
        lines.extend(["", NOTES_HEADING, *note_lines])
    return "\n".join(lines)


def _shown(key: str, answers: Mapping[str, object], details: Mapping[str, AnswerDetail]) -> bool:
    detail = details.get(key)
    cleared = detail is not None and detail.corrected_by is not None
    return is_answered(answers.get(key)) or (cleared and key in answers)


def _confirmation_line(
    shown: list[str], answers: Mapping[str, object], details: Mapping[str, AnswerDetail]
) -> str | None:
    """Whether the user confirmed what is passed on; a professional's correction needs none."""
    by_user = [key for key in shown if (details.get(key) or AnswerDetail()).corrected_by is None]
    if not by_user:
        return None
    confirmed = [key for key in by_user if (details.get(key) or AnswerDetail()).confirmed]
    if len(confirmed) == len(by_user):
        return ALL_CONFIRMED
    return SOME_CONFIRMED if confirmed else NONE_CONFIRMED


def _item(question: Question, value: object, detail: AnswerDetail | None, mixed: bool) -> str:
    detail = detail or AnswerDetail()
    if not is_answered(value):
        return f"{question.label}: gewist door {detail.corrected_by}{_on(detail)}."
    text = _value_text(question, value)
    extras = []
    if detail.words and words_add_something(detail.words, value, text):
        extras.append(f'in eigen woorden: "{_clip(detail.words)}"')
    if detail.corrected_by:
        extras.append(f"gecorrigeerd door {detail.corrected_by}{_on(detail)}")
    elif mixed and not detail.confirmed:
        extras.append("niet bevestigd")
    if not extras:
        return f"{question.label}: {_ending(text)}"
    return f"{question.label}: {text.rstrip('.!?')} ({'; '.join(extras)})."


def _on(detail: AnswerDetail) -> str:
    return f" op {detail.corrected_on}" if detail.corrected_on else ""


def _tokens(text: str) -> set[str]:
    return {token.lower() for token in _WORD.findall(text)}


def words_add_something(words: str, value: object, value_text: str) -> bool:
    """True when the user's words say more than the value: a content word not in it.

    "ja", "17 jaar" or a button's payload add nothing; "geen diagnose, wel een vaste
    coach" for "nee" does.
    """
    if not words.strip() or words.lstrip().startswith("/"):
        return False
    known = _tokens(value_text) | _tokens(" ".join(str(item) for item in answer_items(value)))
    extra = _tokens(words) - known - _FILLER
    return any(len(token) >= 4 or token.isdigit() for token in extra)


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_WORDS else f"{flat[: MAX_WORDS - 1].rstrip()}…"


def _value_text(question: Question, value: object) -> str:
    if isinstance(value, str) and value in SPECIAL_VALUES:
        return SPECIAL_VALUES[value]
    if question.kind == "multi":
        labels = [question.values.get(str(item), str(item)) for item in answer_items(value)]
        return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} en {labels[-1]}"
    if question.has_values:
        return question.values.get(str(value), str(value))
    return " ".join(str(value).split())


def _ending(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def answer_text(question: Question, value: object) -> str:
    """One answer in plain words, as the summary writes it (for the overdrachtsdocument too)."""
    return _value_text(question, value)


def review_lines(
    answers: Mapping[str, object], knowledge: Knowledge | None = None
) -> list[tuple[str, str]]:
    """``(question, line)`` for every answered question, in the summary's order and words.

    What the user reads in the review before a hand-over: exactly the values the summary
    passes on, one short line each.
    """
    knowledge = knowledge or load_knowledge()
    return [
        (key, f"{question.label}: {_ending(_value_text(question, answers[key]))}")
        for key, question in knowledge.questions.items()
        if is_answered(answers.get(key))
    ]
