"""What a message does besides naming a value, and what that means for the value (both sides).

A value read from a message that also asks, talks about the chat, speaks of the typist,
carries a correction word or chat noise, or that the classifier could place nowhere, is
confirmed in one line; without the question's own words it is not recorded at all.
"""

from __future__ import annotations

import pytest

from bot.dialogue import confidence, reading
from bot.dialogue.turn import UserTurn
from tests.dialogue.helpers import at

PROFESSIONAL = {"rol": "professional"}


# --- the signals themselves ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("telt een bijbaan als inkomen?", confidence.QUESTION),
        ("nee niet weer die vraag", confidence.CHAT),
        ("ik typ en er gebeurt niks", confidence.CHAT),
        ("nee niet weer opnieuw beginnen", confidence.CHAT),
        ("jij bent echt een slechte bot", confidence.ADDRESS),
        ("hij heeft trouwens wel een startkwalificatie", confidence.CORRECTION),
        ("nee sorry ik bedoel 16 jaar", confidence.CORRECTION),
        ("hahaha nee hoor", confidence.NOISE),
        ("ik heb vandaag al vijf gesprekken gehad pff", confidence.NOISE),
    ],
)
def test_a_signal_is_heard(text: str, signal: str) -> None:
    assert signal in confidence.signals(text)


@pytest.mark.parametrize(
    "text",
    [
        "nee, hij fietst gewoon",
        "ze heeft een vaste coach nodig",
        "vervoer is nog niet geregeld",
        "ja graag, dan hoeft hij niet alles opnieuw te vertellen",
        "er is eigenlijk nog niemand bij betrokken",  # "eigenlijk" alone is no correction
        "ze zit op het vmbo en wil kapper worden",
    ],
)
def test_a_plain_answer_carries_no_signal(text: str) -> None:
    assert confidence.signals(text, "professional") == frozenset()


def test_the_typist_speaking_of_themselves_counts_only_for_who_speaks_of_someone_else() -> None:
    assert confidence.SELF in confidence.signals(
        "mijn collega heeft een nieuwe baan", "professional"
    )
    assert confidence.SELF in confidence.signals("ik ga zo lunchen", "ouder")
    # a young person's own "ik" and "mijn" are about the young person
    assert confidence.SELF not in confidence.signals("mijn moeder doet wel mee", "jongere")
    # naming the young person, a hedge, or "mijn zoon" is no talk about oneself
    for text in ("ik heb hem aangemeld bij het uwv", "dat lijkt me wel nodig", "mijn zoon is 17"):
        assert confidence.SELF not in confidence.signals(text, "professional")


def test_a_longer_message_the_classifier_placed_nowhere_is_unplaced() -> None:
    text = "de bus had vanochtend weer vertraging"
    assert confidence.UNPLACED in confidence.signals(text, intent="nlu_fallback")
    assert confidence.UNPLACED not in confidence.signals(text, intent="informeren")
    assert confidence.UNPLACED not in confidence.signals("pro school", intent="nlu_fallback")


def test_a_soft_word_only_makes_the_reader_look_for_a_correction() -> None:
    assert confidence.may_correct("eigenlijk komt hij van het praktijkonderwijs")
    assert confidence.may_correct("wacht, hij is 16")
    assert not confidence.may_correct("hij komt van het praktijkonderwijs")


# --- the question's own words ------------------------------------------------------------


def test_own_words_are_the_question_s_phrases_not_a_general_yes_or_no() -> None:
    turn = UserTurn("informeren", "vervoer is nog niet geregeld")
    assert confidence.own_words("vervoer_geregeld", turn, "nee")
    chat = UserTurn("ontkennen", "nee niet weer die vraag")
    assert not confidence.own_words("inkomen_geregeld", chat, "nee")


def test_a_leading_yes_or_an_entity_places_a_value_without_an_intent() -> None:
    assert confidence.placed_by_words(
        "warme_overdracht", UserTurn("nlu_fallback", "ja graag, dat scheelt"), "ja"
    )
    uwv = {"entity": "partner", "value": "uwv", "start": 4, "end": 7}
    assert confidence.placed_by_words(
        "overnemende_partner", UserTurn("nlu_fallback", "het uwv neemt het over", (uwv,)), "uwv"
    )
    assert not confidence.placed_by_words(
        "vervoer_geregeld", UserTurn("nlu_fallback", "de bus had weer vertraging"), "ja"
    )


# --- what the extraction does with them ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "requested", "intent"),
    [
        ("nee niet weer die vraag", "inkomen_geregeld", "ontkennen"),
        ("ja hallo, ik ben er nog hoor", "warme_overdracht", "begroeten"),
        ("ik typ en er gebeurt niks", "vervoer_geregeld", "privacy_vraag"),
        ("ja ja ik lees het", "ouders_betrokken", "bevestigen"),
        ("ja wat is dat precies, een warme overdracht?", "warme_overdracht", "uitleg_vragen"),
        ("nee hoe bedoel je, begeleiding op school of thuis?", "begeleiding_nodig", "informeren"),
        ("ik zie niks staan, wat was de vraag?", "wensen", "uitleg_vragen"),
    ],
)
def test_a_remark_or_question_without_the_question_s_own_words_records_nothing(
    text: str, requested: str, intent: str
) -> None:
    result = at(text, requested, intent, PROFESSIONAL)
    assert result.values == {} and result.confirm is None


@pytest.mark.parametrize(
    ("text", "requested", "intent"),
    [
        ("ik heb geen geld bij me voor de parkeermeter", "inkomen_geregeld", "nlu_fallback"),
        ("mijn eigen moeder is morgen jarig", "ouders_betrokken", "nlu_fallback"),
        ("mijn collega heeft een nieuwe baan gevonden", "bpv_plek", "advies_starten"),
        (
            "de bus had vanochtend weer vertraging, echt irritant",
            "vervoer_geregeld",
            "nlu_fallback",
        ),
    ],
)
def test_an_off_topic_message_is_never_recorded(text: str, requested: str, intent: str) -> None:
    result = at(text, requested, intent, PROFESSIONAL)
    assert requested not in result.values


@pytest.mark.parametrize(
    ("text", "requested", "intent", "value"),
    [
        ("hahaha nee hoor", "hulpmiddelen_nodig", "ontkennen", "nee"),
        ("je reageert traag maar goed: hij gaat met de bus, dat is geregeld", "vervoer_geregeld",
         "informeren", "ja"),
        ("sorry, vervoer is nog niet geregeld", "vervoer_geregeld", "informeren", "nee"),
    ],
)  # fmt: skip
def test_a_value_said_with_a_signal_is_confirmed(
    text: str, requested: str, intent: str, value: str
) -> None:
    result = at(text, requested, intent, PROFESSIONAL)
    assert requested not in result.values and result.confirm == (requested, value)


@pytest.mark.parametrize(
    ("text", "requested", "intent", "value"),
    [
        ("nee, hij fietst gewoon", "vervoer_geregeld", "ontkennen", "nee"),
        ("ja graag, dan hoeft hij niet alles opnieuw te vertellen", "warme_overdracht",
         "nlu_fallback", "ja"),
        ("ze heeft geen begeleiding nodig", "begeleiding_nodig", "informeren", "nee"),
        ("hij fietst gewoon, dus dat is geregeld", "vervoer_geregeld", "informeren", "ja"),
    ],
)  # fmt: skip
def test_a_clear_answer_is_still_recorded(
    text: str, requested: str, intent: str, value: str
) -> None:
    result = at(text, requested, intent, PROFESSIONAL)
    assert result.values.get(requested) == value and result.confirm is None


def test_a_free_text_answer_about_the_young_person_is_recorded_even_unplaced() -> None:
    result = at("Hij wil graag met auto's werken", "wensen", "nlu_fallback", PROFESSIONAL)
    assert result.values == {"wensen": "Hij wil graag met auto's werken"}
    chat = at("ik heb vandaag al vijf gesprekken gehad pff", "wensen", "nlu_fallback", PROFESSIONAL)
    assert "wensen" not in chat.values


# --- corrections in free words at any question -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "requested", "answered", "changed"),
    [
        ("ze is 18 trouwens, niet 17", "wensen", {"leeftijd": 17}, ("leeftijd", 18)),
        ("nee sorry ik bedoel 16 jaar", "wensen", {"leeftijd": 17}, ("leeftijd", 16)),
        ("hij heeft trouwens wel een startkwalificatie, havo diploma", "wensen",
         {"startkwalificatie": "nee"}, ("startkwalificatie", "ja")),
    ],
)  # fmt: skip
def test_a_correction_at_a_free_text_question_changes_the_earlier_answer(
    text: str, requested: str, answered: dict[str, object], changed: tuple[str, object]
) -> None:
    """A word that says something was wrong ("trouwens", "sorry", "ik bedoel") marks the
    correction wherever it stands: the new value is recorded (and said in one line), the
    open question is not filled with the words."""
    result = at(text, requested, "informeren", {**PROFESSIONAL, **answered})
    assert requested not in result.values
    question, value = changed
    assert result.values[question] == value and result.corrected == question


def test_without_a_correction_word_a_new_value_in_passing_is_confirmed() -> None:
    result = at(
        "eigenlijk komt hij van het praktijkonderwijs",
        "ondersteuningsbehoefte",
        "informeren",
        {**PROFESSIONAL, "herkomst": "vmbo"},
    )
    assert "herkomst" not in result.values and result.confirm == ("herkomst", "pro")


def test_a_correction_with_a_leading_marker_and_the_new_age_is_recorded() -> None:
    """ "oh wacht ze is 18 niet 17" says what changes, as "nee wacht, ze is 16" does."""
    result = at(
        "oh wacht ze is 18 niet 17", "wensen", "informeren", {**PROFESSIONAL, "leeftijd": 17}
    )
    assert result.values["leeftijd"] == 18 and result.corrected == "leeftijd"
    assert "wensen" not in result.values


def test_the_old_answer_named_in_a_correction_is_not_read_as_the_new_one() -> None:
    answered = {**PROFESSIONAL, "bpv_plek": "zoekt", "begeleiding_nodig": "ja"}
    text = "wacht, ik zei dat er geen stage was maar die is er wel"
    result = at(text, "vervoer_geregeld", "nlu_fallback", answered)
    assert result.values.get("bpv_plek") != "zoekt"
    assert reading.is_old_answer("ik zei dat er geen stage was")
    assert not reading.is_old_answer("er is geen stage")


def test_an_unmarked_correction_must_name_its_question() -> None:
    answered = {**PROFESSIONAL, "bpv_plek": "zoekt"}
    result = at("hij heeft een bijbaan bij de bakker", "inkomen_geregeld", "informeren", answered)
    assert result.confirm is None or result.confirm[0] != "bpv_plek"
    named = at("de stage is wel geregeld", "inkomen_geregeld", "informeren", answered)
    assert named.confirm == ("bpv_plek", "heeft")


# --- smaller rules of the same round -----------------------------------------------------------


def test_a_partial_yes_is_confirmed_not_recorded() -> None:
    result = at("soms wel, als het druk is", "begeleiding_nodig", "informeren", PROFESSIONAL)
    assert result.values == {} and result.confirm == ("begeleiding_nodig", "ja")
    assert reading.read("af en toe").lean == "ja"
    assert reading.read("niet altijd").lean == "ja"
    assert reading.read("ja, zeker in het begin").lean is None
    assert reading.read("soms niet").lean is None


def test_a_corrected_age_is_not_read_as_a_no_to_the_open_question() -> None:
    answered = {"rol": "jongere", "leeftijd": 16}
    result = at("ik ben eigenlijk 17, niet 16", "ouders_betrokken", "informeren", answered)
    assert "ouders_betrokken" not in result.values
    assert result.values.get("leeftijd") == 17 and result.corrected == "leeftijd"  # "niet 16"
    unmarked = at("ik ben eigenlijk 17", "ouders_betrokken", "informeren", answered)
    assert "ouders_betrokken" not in unmarked.values
    assert unmarked.confirm == ("leeftijd", 17)
    assert reading.age_in("ik ben 17") == 17
    assert reading.age_in("ik ben met 3 vrienden") is None


def test_what_the_screen_says_is_a_remark_about_the_chat() -> None:
    assert confidence.CHAT in confidence.signals("nee dit klopt niet wat er staat")
    assert confidence.CHAT not in confidence.signals("nee, er staat niemand klaar om te helpen")
    result = at("nee dit klopt niet wat er staat", "nazorg_nodig", "ontkennen", PROFESSIONAL)
    assert result.values == {} and result.confirm is None


@pytest.mark.parametrize(
    ("text", "requested", "value"),
    [
        ("hij heeft een bijbaan", "inkomen_geregeld", "ja"),
        ("hij heeft geen bijbaan", "inkomen_geregeld", "nee"),
        ("ik heb al een stage bij een kinderopvang", "bpv_plek", "heeft"),
        ("nog geen stage bij een bedrijf", "bpv_plek", "zoekt"),
    ],
)
def test_everyday_words_for_income_and_a_stage(text: str, requested: str, value: str) -> None:
    result = at(text, requested, "informeren", {"rol": "jongere"})
    assert result.values.get(requested) == value


def test_a_no_that_is_half_of_a_contrast_is_confirmed() -> None:
    text = "school regelt het vervoer, de gemeente niet"
    result = at(text, "vervoer_geregeld", "informeren", PROFESSIONAL)
    assert result.values == {} and result.confirm == ("vervoer_geregeld", "nee")
    # one parent who takes part is a yes (values.ONE_YES_ANSWERS)
    parents = at("moeder doet mee, vader niet", "ouders_betrokken", "informeren", PROFESSIONAL)
    assert parents.values == {"ouders_betrokken": "ja"}
    plain = at("geen begeleiding nodig, ze is heel zelfstandig", "begeleiding_nodig")
    assert plain.values == {"begeleiding_nodig": "nee"}


def test_one_loose_word_in_a_longer_message_is_confirmed() -> None:
    young = {"rol": "jongere"}
    text = "mijn auto staat nog bij de garage, dus ik ben wat laat"
    result = at(text, "vervoer_geregeld", "informeren", young)
    assert result.values == {} and result.confirm == ("vervoer_geregeld", "ja")
    # a short answer up front, or the question's topic named, is enough
    assert at("ze fietst, het is maar tien minuten", "vervoer_geregeld").values == {
        "vervoer_geregeld": "ja"
    }
    named = at("het vervoer is met de auto van haar vader", "vervoer_geregeld", "informeren", young)
    assert named.values == {"vervoer_geregeld": "ja"}
    # choice questions name their values with words of their own ("roc"): not loose
    school = at("ze zat op het roc maar is gestopt en wil iets anders", "herkomst")
    assert school.values.get("herkomst") == "mbo"


def test_a_value_beside_a_term_question_is_confirmed() -> None:
    result = at("Hij zit op het vso. Wat is MEE?", "herkomst", "uitleg_vragen", PROFESSIONAL)
    assert result.values == {} and result.confirm == ("herkomst", "vso")
    assert result.replies


@pytest.mark.parametrize(
    ("text", "act", "lean"),
    [
        ("wss wel", reading.ANSWER, "ja"),
        ("denk t nie", reading.ANSWER, "nee"),
        ("mss", reading.DOUBT, None),
        ("wel", reading.ANSWER, None),
    ],
)
def test_chat_language_hedges(text: str, act: str, lean: str | None) -> None:
    read = reading.read(text, "begeleiding_nodig", yes_no=True)
    assert read.act == act and read.lean == lean


def test_nie_is_a_negation_in_chat_language() -> None:
    assert reading.clauses("k heb nie n stage") == [("k heb nie n stage", True)]
    assert reading.clauses("k heb n stage") == [("k heb n stage", False)]


def test_a_correction_by_a_general_word_is_confirmed_by_its_own_words_recorded() -> None:
    answered = {**PROFESSIONAL, "bpv_plek": "heeft", "herkomst": "havo_vwo", "leeftijd": 17}
    loose = at("oeps, dat is toch nee", "vervoer_geregeld", "informeren", answered)
    assert "bpv_plek" not in loose.values and "vervoer_geregeld" not in loose.values
    own = at("het was vmbo, geen havo", "vervoer_geregeld", "informeren", answered)
    assert own.values == {"herkomst": "vmbo"} and own.corrected == "herkomst"


def test_a_professional_s_own_arrangements_answer_the_arrangements_question() -> None:
    """Seen in the simulator: "ik bel elke week met de leermeester" at "Welke afspraken zijn
    er al?" was dropped as talk about oneself, three times; it is confirmed instead."""
    result = at("ik bel elke week met de leermeester", "afspraken", "nlu_fallback", PROFESSIONAL)
    assert result.confirm == ("afspraken", "ik bel elke week met de leermeester")
    other = at(
        "ik ga zo even lunchen met mijn collega", "begeleiding_nodig", "nlu_fallback", PROFESSIONAL
    )
    assert "begeleiding_nodig" not in other.values and other.confirm is None


@pytest.mark.parametrize(
    ("text", "question", "value"),
    [
        ("ja, dat ben ik", "begeleiding_nodig", "ja"),
        ("Ja, dat verwacht ik wel.", "arbeidsvermogen", "volledig"),
    ],
)
def test_a_leading_yes_about_oneself_still_answers(text: str, question: str, value: str) -> None:
    """Seen in the simulator: asked three times, "Ik lees ja en nee in je antwoord"."""
    result = at(text, question, "bevestigen", PROFESSIONAL)
    assert result.values.get(question) == value or result.confirm == (question, value)
