"""A list question filled in passing is still asked, and the answer adds to what was noted."""

from __future__ import annotations

from bot.dialogue import passing


def _events(*pairs: tuple[str, object]) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    for kind, value in pairs:
        if kind == "user":
            events.append({"event": "user", "text": value})
        else:
            events.append({"event": "slot", "name": kind, "value": value})
    return events


def test_signals_named_in_passing_are_still_asked() -> None:
    heard = _events(
        ("user", "er speelt veel thuis en hij heeft schulden"), ("signalen", ["schulden"])
    )
    assert passing.only_in_passing("signalen", ["schulden"], heard)


def test_signals_answered_at_their_own_question_are_not_asked_again() -> None:
    asked = _events(
        ("signalen", ["schulden"]),
        ("requested_slot", "signalen"),
        ("user", "problemen thuis"),
        ("signalen", ["schulden", "thuissituatie"]),
    )
    assert not passing.only_in_passing("signalen", ["schulden", "thuissituatie"], asked)


def test_a_question_back_at_the_question_leaves_it_open() -> None:
    back = _events(
        ("signalen", ["schulden"]),
        ("requested_slot", "signalen"),
        ("user", "wat is lvb?"),
        ("requested_slot", "signalen"),
    )
    assert passing.only_in_passing("signalen", ["schulden"], back)


def test_single_facts_and_nothing_close_their_question() -> None:
    assert not passing.only_in_passing("leeftijd", 17, [])
    assert not passing.only_in_passing("signalen", ["geen"], [])
    assert not passing.only_in_passing("betrokken_partners", ["gemeente"], [])


def test_the_answer_adds_to_what_was_said_in_passing() -> None:
    assert passing.merged("signalen", ["schulden"], ["thuissituatie", "schulden"]) == [
        "schulden",
        "thuissituatie",
    ]
    assert passing.merged("signalen", ["schulden"], ["geen"]) == ["schulden"]
    assert passing.merged("signalen", ["schulden"], "weet_niet") == ["schulden"]
    assert passing.merged("signalen", None, ["geen"]) == ["geen"]
    assert passing.merged("leeftijd", 16, 17) == 17


def test_a_yes_to_the_check_of_the_answer_answers_the_question() -> None:
    """Seen in the simulator: "Ik schrijf op: Aandachtspunten: …. Klopt dat?", "ja", and the
    question came again, forever (the yes was heard at the check, not at the question)."""
    checked = _events(
        ("requested_slot", "signalen"),
        ("user", "naast de dyscalculie is er wat onrust thuis"),
        (passing.CHECKED, {"vraag": "signalen", "waarde": ["handicap_ziekte", "thuissituatie"]}),
        ("requested_slot", passing.CHECKED),
        ("user", "ja"),
        ("signalen", ["handicap_ziekte", "thuissituatie"]),
    )
    assert not passing.only_in_passing("signalen", ["handicap_ziekte", "thuissituatie"], checked)


def test_a_yes_to_the_check_of_another_question_leaves_this_one_open() -> None:
    other = _events(
        ("signalen", ["schulden"]),
        (passing.CHECKED, {"vraag": "leeftijd", "waarde": 17}),
        ("requested_slot", passing.CHECKED),
        ("user", "ja"),
        ("signalen", ["schulden"]),
    )
    assert passing.only_in_passing("signalen", ["schulden"], other)
