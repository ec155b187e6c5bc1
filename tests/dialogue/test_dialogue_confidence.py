"""How sure a reading is: anchored values are recorded, weak ones confirmed (both sides).

Also the reading rules of the same round: "X wel, Y niet" at a ja/nee question, an entity
checked against the catalogue, the question's own words, unmarked corrections, leans.
"""

from __future__ import annotations

import pytest

from bot.dialogue import confidence, reading
from bot.dialogue.turn import UserTurn
from tests.dialogue.helpers import at

# --- a general word in a longer message is weak; the question's own words anchor ---------


@pytest.mark.parametrize(
    ("text", "requested", "intent"),
    [
        ("ik snap het niet", "inkomen_geregeld", "ontkennen"),
    ],
)
def test_a_general_no_in_a_longer_message_is_confirmed_not_recorded(
    text: str, requested: str, intent: str
) -> None:
    result = at(text, requested, intent)
    assert requested not in result.values
    assert result.confirm == (requested, "nee")


@pytest.mark.parametrize(
    ("text", "requested", "intent"),
    [
        ("ik kan de knoppen niet zien", "hulpmiddelen_nodig", "ontkennen"),
        ("hij doet het niet meer", "ondersteuningsbehoefte", "informeren"),
    ],
)
def test_a_general_no_in_a_remark_about_the_chat_is_not_even_confirmed(
    text: str, requested: str, intent: str
) -> None:
    result = at(text, requested, intent)
    assert requested not in result.values and result.confirm is None


@pytest.mark.parametrize(
    ("text", "requested", "expected"),
    [
        ("nee", "hulpmiddelen_nodig", "nee"),  # short
        ("nee, hij kan alles zelf", "hulpmiddelen_nodig", "nee"),  # leading
        ("liever niet, ze wil het zelf doen", "warme_overdracht", "nee"),  # short first clause
        ("ik snap er niks van, maar nee", "begeleiding_nodig", "nee"),  # short last clause
        ("er is nog niks geregeld voor geld", "inkomen_geregeld", "nee"),  # next to its topic
        ("vervoer is nog niet rond", "vervoer_geregeld", "nee"),  # the question's own phrase
        ("dat is voor hem echt niet nodig", "hulpmiddelen_nodig", "nee"),  # "nodig" question
    ],
)
def test_an_anchored_value_is_recorded(text: str, requested: str, expected: str) -> None:
    result = at(text, requested)
    assert result.values.get(requested) == expected and result.confirm is None


def test_not_knowing_from_the_intent_alone_is_confirmed() -> None:
    result = at("ik had dat al gezegd hoor", "betrokken_partners", "weet_niet")
    assert result.values == {}  # a remark about the chat now: the question comes again
    weak = at("daar wordt nog naar gekeken door iedereen", "vervoer_geregeld", "weet_niet")
    assert weak.values == {} and weak.confirm == ("vervoer_geregeld", "weet_niet")


def test_not_knowing_in_words_is_recorded() -> None:
    result = at("dat weet ik eerlijk gezegd niet zo goed", "vervoer_geregeld", "weet_niet")
    assert result.values == {"vervoer_geregeld": "weet_niet"} and result.confirm is None


def test_the_start_block_keeps_its_own_reading() -> None:
    assert not confidence.applies_to("jonger_dan_16")
    assert confidence.applies_to("begeleiding_nodig")
    turn = UserTurn("informeren", "hij wordt over twee maanden vijftien")
    assert confidence.anchored("jonger_dan_16", turn, "ja")


def test_general_phrases_are_the_shared_yes_no_words() -> None:
    general = confidence.general_phrases()
    assert ("niet",) in general and ("ja",) in general
    assert ("geen", "stageplek") not in general


# --- "X wel, Y niet" at a ja/nee question ----------------------------------------------


def test_the_wel_clause_answers_a_yes_no_question() -> None:
    assert at("moeder wel, vader niet", "ouders_betrokken").values == {"ouders_betrokken": "ja"}


def test_without_wel_both_parents_not_is_no() -> None:
    result = at("moeder niet en vader ook niet", "ouders_betrokken")
    assert result.values.get("ouders_betrokken") != "ja"


# --- an entity checked against the catalogue ---------------------------------------------


def test_an_entity_whose_words_are_a_catalogue_phrase_takes_that_value() -> None:
    text = "Ze heeft ADHD en er zijn wat geldproblemen."
    start = text.index("geldproblemen")
    span = {"entity": "signaal", "value": "geen_inkomen", "start": start, "end": start + 13}
    result = at(text, "signalen", entities=(span,))
    assert "schulden" in result.values["signalen"]
    assert "geen_inkomen" not in result.values["signalen"]


def test_an_entity_the_catalogue_does_not_name_keeps_its_label() -> None:
    text = "er is gedoe met geld"
    span = {"entity": "signaal", "value": "schulden", "start": 13, "end": 20}
    assert UserTurn("informeren", text, (span,)).entity_values("signaal", {}) == ["schulden"]


# --- the question's own words are no answer to it ----------------------------------------


def test_words_that_name_the_question_do_not_make_an_answer_ambiguous() -> None:
    result = at("na de opleiding wil hij gewoon aan het werk", "vervolg_richting")
    assert result.values == {"vervolg_richting": "werk"}


def test_two_answers_besides_the_question_words_stay_ambiguous() -> None:
    result = at("na de opleiding werk of verder leren", "vervolg_richting")
    assert result.values == {} and result.error


# --- corrections without a marker are confirmed; "toch" with a polarity is a marker -------


def test_an_unmarked_correction_is_confirmed_not_recorded() -> None:
    answered = {"herkomst": "vmbo", "leeftijd": 17}
    text = "eigenlijk komt hij van het praktijkonderwijs"
    result = at(text, "ondersteuningsbehoefte", answered=answered)
    assert result.values == {} and result.confirm == ("herkomst", "pro")


def test_a_correction_that_denies_the_old_answer_is_recorded() -> None:
    """ "..., niet van het vmbo" says the recorded answer is wrong: marked as "sorry" is."""
    answered = {"herkomst": "vmbo", "leeftijd": 17}
    text = "eigenlijk komt hij van het praktijkonderwijs, niet van het vmbo"
    result = at(text, "ondersteuningsbehoefte", answered=answered)
    assert result.values == {"herkomst": "pro"} and result.corrected == "herkomst"
    # denying a value that was never recorded is no correction of it
    other = at(text, "ondersteuningsbehoefte", answered={**answered, "herkomst": "vso"})
    assert other.values == {} and other.confirm == ("herkomst", "pro")


def test_a_value_in_passing_for_the_future_does_not_change_an_earlier_answer() -> None:
    text = "Hij werkt met een laptop met voorleessoftware. Dat heeft hij op het mbo ook nodig."
    result = at(text, "hulpmiddelen_nodig", answered={"herkomst": "vmbo", "rol": "ouder"})
    assert result.confirm is None or result.confirm[0] != "herkomst"
    assert "herkomst" not in result.values


def test_an_answer_to_the_open_question_is_no_correction() -> None:
    answered = {"herkomst": "vmbo", "leeftijd": 17}
    text = "ja, hij heeft veel hulp nodig op het vmbo"
    result = at(text, "ondersteuningsbehoefte", answered=answered)
    assert result.values == {"ondersteuningsbehoefte": "ja"} and result.confirm is None


def test_toch_with_a_polarity_marks_a_correction() -> None:
    assert reading.read("moeder doet toch niet mee").act == reading.CORRECTION
    assert reading.read("moeder doet niet mee").act == reading.ANSWER
    answered = {"ouders_betrokken": "ja"}
    result = at("moeder doet toch niet mee, sorry", "afspraken", answered=answered)
    assert result.values == {"ouders_betrokken": "nee"} and result.corrected == "ouders_betrokken"


# --- leans and remarks in more words -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lean"),
    [
        ("ik denk het", "ja"),
        ("lijkt me wel verstandig", "ja"),
        ("lijkt me niet nodig", "nee"),
        ("ik geloof het niet", "nee"),
        ("niet dat ik weet", "nee"),
    ],
)
def test_more_leans(text: str, lean: str) -> None:
    assert reading.read(text, yes_no=True).lean == lean


@pytest.mark.parametrize("text", ["ik denk het is vmbo", "het lijkt me een goed plan", "ja"])
def test_not_a_lean(text: str) -> None:
    assert reading.read(text, yes_no=True).lean is None


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("ik had dat al gezegd hoor", reading.CHAT_REMARK),
        ("ik heb het toch al verteld", reading.CHAT_REMARK),
        ("ik had al een plek gezegd", reading.ANSWER),
        ("hij is 18, komt net van de isk en spreekt nog niet goed Nederlands", reading.ANSWER),
    ],
)
def test_said_it_already_in_more_words(text: str, act: str) -> None:
    assert reading.read(text, "bpv_plek").act == act


def test_a_negation_after_en_and_a_verb_stays_in_its_own_clause() -> None:
    parts = reading.clauses("komt net van de isk en spreekt nog niet goed Nederlands")
    assert [negated for _clause, negated in parts] == [False, True]
    whole = reading.clauses("komt net van de isk en niet van het vmbo")
    assert [negated for _clause, negated in whole] == [True]


def test_a_yes_or_no_before_a_question_back_records_nothing() -> None:
    result = at("nee, wat bedoel je daarmee?", "begeleiding_nodig")
    assert result.values == {} and result.confirm is None and result.replies
    plain = at("nee, wie betaalt dat dan?", "begeleiding_nodig")
    assert plain.values == {} and plain.confirm is None and plain.replies
    # the question's own words with the question: asked to confirm, not lost
    own = at("nee, begeleiding is niet nodig. wie betaalt dat dan?", "begeleiding_nodig")
    assert own.values == {} and own.confirm == ("begeleiding_nodig", "nee")


def test_the_words_of_an_age_win_over_the_entity() -> None:
    age = {"entity": "leeftijd", "value": "18", "start": 6, "end": 8}
    assert at("bijna 18", "leeftijd", entities=(age,)).values == {"leeftijd": 17}
    two = {"entity": "leeftijd", "value": "17", "start": 6, "end": 8}
    text = "ze is 17 en woont al 3 jaar hier"
    assert at(text, "leeftijd", entities=(two,)).values == {"leeftijd": 17}


def test_a_very_long_message_read_by_its_words_alone_is_confirmed() -> None:
    text = (
        "Sinds een paar maanden gaat het beter op school en ze wil heel graag aan de slag "
        "bij een bedrijf in de buurt, met iemand erbij die haar helpt in het begin, een "
        "jobcoach bijvoorbeeld"
    )
    result = at(text, "begeleiding_nodig")
    assert result.values == {} and result.confirm == ("begeleiding_nodig", "ja")
    short = at("ze wil graag een jobcoach erbij in het begin", "begeleiding_nodig")
    assert short.values == {"begeleiding_nodig": "ja"}


@pytest.mark.parametrize(
    ("text", "requested"),
    [
        ("en als hij geen stage vindt", "bpv_plek"),
        ("stel dat de bus niet rijdt", "vervoer_geregeld"),
    ],
)
def test_a_case_that_may_come_is_a_question_not_an_answer(text: str, requested: str) -> None:
    result = at(text, requested)
    assert result.values == {} and result.act == reading.QUESTION_BACK


def test_als_without_a_clause_is_no_case() -> None:
    result = at("als kapper werken lijkt hem leuk", "wensen")
    assert result.values["wensen"].startswith("als kapper")


def test_a_hedge_on_a_choice_value_is_confirmed() -> None:
    result = at("als het goed is heeft ze een plek", "bpv_plek")
    assert result.values == {} and result.confirm == ("bpv_plek", "heeft")
    assert at("ze heeft een plek", "bpv_plek").values == {"bpv_plek": "heeft"}
