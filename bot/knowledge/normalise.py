"""Turning what a user typed or clicked into the normalised value stored for a question.

Buttons send value keys, but free text is always accepted (product brief, section 2), so this
also understands labels, synonyms and Dutch number words. It must be robust on its own: the
Rasa entity synonyms help, but are not relied on. Errors are ValueErrors whose message is a
Dutch sentence (B1) the bot can show as is; the sentences are responses in ``domain.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge, Question
from bot.knowledge.numbers import number_word
from bot.knowledge.responses import text as response_text
from bot.knowledge.text import fold, squash_spaces, tokens

_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-z]+")
# 'bijna 18' and 'ik word 18' mean the person is 17 now.
_ONE_LESS = frozenset({"bijna", "word", "wordt", "binnenkort", "straks"})
_NEGATIONS = frozenset({"geen", "niet", "zonder"})


def normalise(question_key: str, raw: object, knowledge: Knowledge | None = None) -> object:
    """The normalised value for ``raw`` as an answer to ``question_key``.

    Returns a str (yesno, choice, text), an int (number) or a list of str (multi, in catalogue
    order). Raises ValueError with a Dutch message for input that cannot be understood, and
    KeyError for a question key that is not in the catalogue (a programming error).
    """
    question = (knowledge or load_knowledge()).question(question_key)
    if question.kind == "number":
        return _number(question, raw)
    if question.kind == "text":
        return _text(question, raw)
    if question.kind == "multi":
        return _multi(question, raw)
    return _single(question, raw)


def _text(question: Question, raw: object) -> str:
    text = squash_spaces(str(raw)) if raw is not None else ""
    if not text:
        raise ValueError(response_text("utter_fout_leeg_antwoord"))
    limit = question.max_length or len(text)
    return text[:limit].rstrip()


def _number(question: Question, raw: object) -> int:
    label = question.label.lower()
    example = question.example if question.example is not None else question.minimum
    if isinstance(raw, bool) or raw is None:
        raise ValueError(response_text("utter_fout_getal", label=label, voorbeeld=example))
    candidates = {int(raw)} if isinstance(raw, int | float) else _numbers_in(str(raw))
    if not candidates:
        raise ValueError(response_text("utter_fout_getal", label=label, voorbeeld=example))
    if len(candidates) > 1:
        raise ValueError(response_text("utter_fout_meer_getallen", voorbeeld=example))
    (number,) = candidates
    low, high = question.minimum, question.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        unit = f" {question.unit}" if question.unit else ""
        raise ValueError(
            response_text(
                "utter_fout_getal_buiten_grenzen",
                label=label,
                laagste=low,
                hoogste=high,
                eenheid=unit,
                voorbeeld=example,
            )
        )
    return number


def _numbers_in(text: str) -> set[int]:
    """Every number mentioned, corrected for 'bijna'; one distinct value means 'understood'."""
    words = _NUMBER_TOKEN.findall(fold(text))
    found: set[int] = set()
    index = 0
    while index < len(words):
        value, width = _number_at(words, index)
        if value is None:
            index += 1
            continue
        before = words[max(0, index - 3) : index]
        found.add(value - 1 if _ONE_LESS.intersection(before) else value)
        index += width
    return found


def _number_at(words: list[str], index: int) -> tuple[int | None, int]:
    word = words[index]
    if word[0].isdigit():
        return int(float(word.replace(",", "."))), 1
    # 'een en twintig' written apart; a lone 'een' is nearly always the article.
    for width in (3, 2, 1):
        joined = "".join(words[index : index + width])
        value = number_word(joined)
        if value is not None and not (joined == "een" and len(words) > 1):
            return value, width
    return None, 1


def _single(question: Question, raw: object) -> str:
    if not isinstance(raw, str):
        raise ValueError(_choose_message(question))
    if raw.strip() in question.values:
        return raw.strip()
    found = _scan(question, tokens(raw), negate=False)
    if len(found) == 1:
        return found[0]
    if question.prefer in found:
        return question.prefer
    if not found:
        raise ValueError(_choose_message(question))
    labels = _join([question.values[value] for value in found], "en")
    raise ValueError(response_text("utter_fout_meer_keuzes", keuzes=labels))


def _multi(question: Question, raw: object) -> list[str]:
    items = list(raw) if isinstance(raw, list | tuple | set | frozenset) else [raw]
    chosen: set[str] = set()
    for item in items:
        if not isinstance(item, str):
            raise ValueError(_multi_message(question))
        if item.strip() in question.values:
            chosen.add(item.strip())
        else:
            chosen.update(_scan(question, tokens(item), negate=True))
    if not chosen:
        raise ValueError(_multi_message(question))
    if "geen" in chosen and len(chosen) > 1:
        label = question.values["geen"]
        raise ValueError(response_text("utter_fout_geen_en_iets_anders", keuze=label))
    return [value for value in question.values if value in chosen]


def _scan(question: Question, words: tuple[str, ...], *, negate: bool) -> list[str]:
    """Values named in ``words``, longest phrase first, in order of appearance.

    With ``negate`` (multi questions), 'geen schulden' removes schulden instead of choosing
    both 'geen' and 'schulden'.
    """
    phrases: Mapping[tuple[str, ...], str] = question.phrases
    longest = max((len(phrase) for phrase in phrases), default=0)
    whole = phrases.get(words)
    if whole is not None:
        return [whole]
    matches: list[tuple[int, int, str]] = []  # start, end, value
    index = 0
    while index < len(words):
        for width in range(min(longest, len(words) - index), 0, -1):
            value = phrases.get(words[index : index + width])
            if value is not None:
                matches.append((index, index + width, value))
                index += width
                break
        else:
            index += 1
    if negate:
        matches = _apply_negations(words, matches)
    values: list[str] = []
    for _start, _end, value in matches:
        if value not in values:
            values.append(value)
    return values


def named_phrases(question_key: str, text: str) -> list[tuple[str, str]]:
    """(value, the words that named it) for each value of a choice question in ``text``.

    Lets a reader tell a value whose own words hold a negation ("geen inkomen") from a
    value that is denied ("geen schulden").
    """
    question = load_knowledge().question(question_key)
    words = tokens(text)
    phrases: Mapping[tuple[str, ...], str] = question.phrases
    longest = max((len(phrase) for phrase in phrases), default=0)
    found: list[tuple[str, str]] = []
    index = 0
    while index < len(words):
        for width in range(min(longest, len(words) - index), 0, -1):
            value = phrases.get(words[index : index + width])
            if value is not None:
                found.append((value, " ".join(words[index : index + width])))
                index += width
                break
        else:
            index += 1
    return found


def _apply_negations(
    words: tuple[str, ...], matches: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for start, end, value in matches:
        previous = kept[-1] if kept else None
        negation_before = start > 0 and words[start - 1] in _NEGATIONS
        if negation_before and previous is not None and previous[:2] == (start - 1, start):
            kept.pop()  # the negation word was read as the answer 'geen'/'nee'; it is not
            continue
        if negation_before:
            continue
        kept.append((start, end, value))
    return kept


def _choose_message(question: Question) -> str:
    if question.kind == "yesno":
        return response_text("utter_fout_ja_nee")
    labels = _join(list(question.values.values()), "of")
    return response_text("utter_fout_kies_een", keuzes=labels)


def _multi_message(question: Question) -> str:
    labels = _join(list(question.values.values()), "of")
    return response_text("utter_fout_kies_meer", keuzes=labels)


def _join(items: list[str], last: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
