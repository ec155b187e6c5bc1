"""One catalogue of refusals: each kind has its status, code and text key, each text stands
once, and the web service answers every kind the same way on every surface."""

from __future__ import annotations

from collections import Counter

import bot.web.app  # noqa: F401 - imports every module that defines a refusal
from bot.knowledge.staff_texts import staff_section, staff_text
from bot.store.refusals import AlreadyTaken, Refusal, WordedRefusal


def _kinds(base: type[Refusal] = Refusal) -> list[type[Refusal]]:
    found: list[type[Refusal]] = []
    for kind in base.__subclasses__():
        found += [kind, *_kinds(kind)]
    return found


def test_every_refusal_has_a_status_a_code_and_words() -> None:
    texts = staff_section("weigeringen")
    for kind in _kinds():
        if issubclass(kind, WordedRefusal):
            continue  # worded where raised (a form or a body that does not fit)
        if not kind.text_key:
            continue  # a base class, never raised itself
        assert kind.text_key in texts, kind
        assert 400 <= kind.status < 600 and kind.code != Refusal.code, kind


def test_every_refusal_text_is_used_and_stands_once() -> None:
    texts = staff_section("weigeringen")
    keys = {kind.text_key for kind in _kinds()}
    # Named in code rather than on a class: a missing conversation, a missing token, and
    # a partner without consent (TakerRefused words that one with the organisation's name).
    keys |= {"gesprek_niet_gevonden", "geen_token", "partner_zonder_toestemming"}
    assert sorted(set(texts) - keys) == []
    assert [text for text, count in Counter(texts.values()).items() if count > 1] == []


def test_a_refusal_fills_in_its_words() -> None:
    assert AlreadyTaken(7, "anna").text() == staff_text("weigeringen.al_opgepakt", door="anna")
    assert "anna" in AlreadyTaken(7, "anna").text()
    assert "een andere medewerker" in AlreadyTaken(7, None).text()
