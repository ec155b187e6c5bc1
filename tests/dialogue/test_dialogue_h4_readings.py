"""Readings behind the blind h4 personas that failed on their first run (issue 23 and 26).

Each rule is general (a parent, a young person or a mentor may type it in any conversation);
both sides are tested: what must now be read, and what must stay as it was.
"""

from __future__ import annotations

import pytest

from bot.dialogue import reach
from bot.dialogue.extraction import extract
from bot.dialogue.opening import role_in
from bot.dialogue.passing import wish_in_passing
from bot.dialogue.reading import is_correction, read
from bot.dialogue.turn import UserTurn
from bot.knowledge import find_term
from bot.knowledge.text import fold


def values(text: str, question: str, answered: dict[str, object] | None = None) -> dict:
    return extract(UserTurn("informeren", text), question, [question], answered).values


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("hoi, ik wil weten welke opleiding op het mbo bij mij past", "jongere"),
        ("ik zit in de 3e van het vmbo", "jongere"),
        ("welke opleiding past bij mijn leerling?", "professional"),
        ("welke opleiding past bij haar", None),
    ],
)
def test_a_young_person_asking_what_fits_them_is_the_young_person(
    text: str, role: str | None
) -> None:
    assert role_in(fold(text)) == role


def test_a_wish_that_names_nothing_is_no_wish() -> None:
    assert wish_in_passing("ik wil toch weer iets gaan doen met school maar weet niet wat") is None
    assert wish_in_passing("ik wil iets met dieren doen, weet niet wat precies") is not None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Op de werkplek. In de klas haakt hij snel af.", "doen"),
        ("allebei wel, maar liever doen", "doen"),
        ("in de klas, daar gaat het goed", "school"),
        ("allebei", "beide"),
    ],
)
def test_how_they_learn_with_a_place_a_preference_or_a_dropout(text: str, value: str) -> None:
    assert values(text, "leerstijl") == {"leerstijl": value}


def test_foster_care_and_a_youth_protector_are_youth_care() -> None:
    assert values("ze woont in ons pleeggezin", "signalen") == {"signalen": ["jeugdhulp"]}
    assert values("ze woont bij ons thuis", "signalen") != {"signalen": ["jeugdhulp"]}


def test_contact_through_the_youth_protector_is_through_the_referrer() -> None:
    read_values = reach.read(UserTurn("informeren", "via de jeugdbeschermer"), {}).values
    assert read_values[reach.QUESTION] == "via_school"


def test_a_question_about_a_term_in_other_words_gets_the_term_and_goes_to_a_professional() -> None:
    result = extract(
        UserTurn("informeren", "Telt een entreediploma ook als startkwalificatie?"),
        "startkwalificatie",
        ["startkwalificatie"],
    )
    assert not result.values
    assert any("entree is nog geen startkwalificatie" in reply for reply in result.replies)
    assert result.open_question  # the professional still sees the question


def test_the_everyday_word_mee_is_not_the_organisation() -> None:
    assert find_term("hij kan daar uren mee bezig zijn, wat is een leerroute?").key == "leerroute"
    assert find_term("Wat doet MEE precies voor ons gezin?").key == "mee"
    assert find_term("wat is mee?").key == "mee"


def test_a_correction_then_the_answer_in_one_message() -> None:
    text = (
        "Oh wacht, bij school klopt het niet: het is praktijkonderwijs, geen vmbo. Ik haalde "
        "twee leerlingen door elkaar. Wat hij wil: hij werkt graag in de keuken."
    )
    found = values(text, "wensen", {"herkomst": "vmbo", "startkwalificatie": "nee"})
    assert found["herkomst"] == "pro"
    assert "keuken" in str(found["wensen"]) and "vmbo" not in str(found["wensen"])


@pytest.mark.parametrize(
    ("text", "corrects"),
    [
        ("oh wacht, ze is 16", True),
        ("bij school klopt het niet", True),
        ("ik haalde twee leerlingen door elkaar", True),
        ("het is goed, geen probleem", False),
        ("ze wil kapper worden", False),
    ],
)
def test_correction_markers(text: str, corrects: bool) -> None:
    assert is_correction(text) is corrects
    assert (read(text, "wensen").act == "correction") is corrects


def test_what_is_known_beside_not_knowing_the_rest_is_checked() -> None:
    text = (
        "Ze woont in ons pleeggezin en er is een jeugdbeschermer. Verder weet ik het niet precies."
    )
    result = extract(UserTurn("informeren", text), "signalen", ["signalen"])
    assert result.confirm == ("signalen", ["jeugdhulp"]) and not result.values
    only = extract(UserTurn("weet_niet", "Weet ik niet precies."), "signalen", ["signalen"])
    assert only.values == {"signalen": "weet_niet"}


def test_a_young_person_with_mn_mentor_is_together() -> None:
    assert role_in(fold("hoi ik zit hier samen met mn mentor, welke opleiding past bij mij")) == (
        "samen"
    )


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("thuis is het soms lastig, mn ouders hebben veel ruzie. verder niks", True),
        ("er speelt veel thuis", True),
        ("hij zit al een jaar thuis", False),
        ("thuis gaat het gelukkig goed", False),
        ("ze heeft ruzie op school, verder niks", False),
    ],
)
def test_a_difficult_home_is_said_not_just_home(text: str, home: bool) -> None:
    result = extract(UserTurn("informeren", text), "signalen", ["signalen"])
    named = result.values.get("signalen") or (result.confirm or (None, []))[1]
    assert ("thuissituatie" in (named or [])) is home


def test_the_longest_catalogue_phrase_around_an_entity_wins() -> None:
    """The classifier marks "beperking" (a handicap); the words before it make it lvb."""
    from bot.dialogue.values import question_entities

    text = "Ja, hij heeft een licht verstandelijke beperking en heeft uitleg nodig."
    start = text.find("beperking")
    span = {"entity": "signaal", "value": "handicap_ziekte", "start": start, "end": start + 9}
    assert question_entities("signalen", UserTurn("informeren", text, (span,))) == ["lvb"]
    plain = "hij heeft een lichamelijke beperking"
    start = plain.find("beperking")
    span = {"entity": "signaal", "value": "handicap_ziekte", "start": start, "end": start + 9}
    assert question_entities("signalen", UserTurn("informeren", plain, (span,))) == [
        "handicap_ziekte"
    ]


def test_a_partner_named_only_in_the_doubt_is_not_a_fact() -> None:
    """Seen in the simulator: "Jeugdzorg, en de school natuurlijk. Of de gemeente ook iets
    doet, weet ik niet." was checked as "Al betrokken: Gemeente", again and again."""
    text = "Jeugdzorg, en de school natuurlijk. Of de gemeente ook iets doet, weet ik niet."
    at_gemeente, at_school = text.find("gemeente"), text.find("school")
    entities = (
        {"entity": "partner", "value": "gemeente", "start": at_gemeente, "end": at_gemeente + 8},
        {
            "entity": "partner",
            "value": "toeleverend_onderwijs",
            "start": at_school,
            "end": at_school + 6,
        },
    )
    result = extract(
        UserTurn("informeren", text, entities), "betrokken_partners", ["betrokken_partners"]
    )
    named = (result.confirm or (None, []))[1]
    assert "gemeente" not in named and "toeleverend_onderwijs" in named
