"""A question about a term inside an answer is explained, and the answer is still read.

Parents write long messages with a question in the middle ("wat is eigenlijk het verschil
tussen vso en praktijkonderwijs?"). Seen through the relay: the question was ignored, or
became part of a recorded wish.
"""

from __future__ import annotations

import pytest

from bot.dialogue.confidence import beside_the_confirmation
from bot.dialogue.extraction import extract
from bot.dialogue.terms_beside import sentences
from bot.dialogue.turn import UserTurn


def read(text: str, question: str, intent: str = "informeren"):
    return extract(UserTurn(intent, text), question, [question])


def test_sentences_split_after_marks_and_lines() -> None:
    assert sentences("nee. wat is mee?\ndat weet ik niet") == [
        "nee.",
        "wat is mee?",
        "dat weet ik niet",
    ]
    assert sentences("vmbo 3.5 jaar") == ["vmbo 3.5 jaar"]


@pytest.mark.parametrize(
    ("text", "question", "intent", "value", "term"),
    [
        (
            "nee die heeft ze niet. maar wat is het verschil tussen vso en praktijkonderwijs?",
            "startkwalificatie",
            "ontkennen",
            "nee",
            "praktijkonderwijs",
        ),
        ("kok. wat is bbl eigenlijk?", "wensen", "informeren", "kok", "Bbl"),
        (
            "Ze is gek op dieren. Wat bedoelt u met een leerbedrijf?",
            "wensen",
            "uitleg_vragen",
            "dieren",
            "Leerbedrijf",
        ),
        ("Hij zit op het vso. Wat is MEE?", "herkomst", "uitleg_vragen", "vso", "MEE"),
    ],
)
def test_the_term_is_explained_and_the_answer_kept_without_the_question(
    text: str, question: str, intent: str, value: str, term: str
) -> None:
    result = read(text, question, intent)
    recorded = result.values.get(question) or (result.confirm or (None, None))[1]
    assert recorded is not None and value in str(recorded)
    assert "?" not in str(recorded)  # the question never becomes part of the answer
    assert any(reply.startswith(term) or term in reply for reply in result.replies)


def test_not_knowing_the_word_is_no_answer_yet() -> None:
    result = read("Ik weet het niet. Wat is een startkwalificatie?", "startkwalificatie")
    assert "startkwalificatie" not in result.values
    assert result.replies and result.replies[0].startswith("Startkwalificatie")


def test_a_question_on_its_own_stays_a_question_back() -> None:
    result = read("wat is een leerbedrijf?", "wensen", "uitleg_vragen")
    assert result.interrupted and not result.values  # the explanation rule answers it


def test_a_term_inside_an_answer_is_no_question() -> None:
    result = read("ze wil graag in een leerbedrijf werken", "wensen")
    assert result.values == {"wensen": "ze wil graag in een leerbedrijf werken"}
    assert not result.replies


def test_a_skipped_check_is_told_from_an_answer_to_it() -> None:
    assert beside_the_confirmation("startkwalificatie", "ze is gek op dieren", None)
    assert beside_the_confirmation(
        "startkwalificatie", "Misschien iets met dieren verzorgen?", "weet_niet"
    )
    assert not beside_the_confirmation("startkwalificatie", "weet ik niet", "weet_niet")
    assert not beside_the_confirmation("startkwalificatie", "ze heeft er geen", "nee")


def test_a_plain_yes_with_more_words_is_told_from_yes_but() -> None:
    from bot.dialogue.arbitration import plain_yes_beside

    assert plain_yes_beside("ja klopt, ze zit nog op school")
    assert plain_yes_beside("ja ze heeft wel extra hulp nodig, vooral bij plannen")
    assert not plain_yes_beside("ja maar ze heeft wel een vmbo diploma")
    assert not plain_yes_beside("ja nee, dat klopt niet")
    assert not plain_yes_beside("nee, ze heeft er geen")
