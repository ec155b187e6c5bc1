"""Readings behind the blind h5 personas that failed on their first run (issues 23 and 26).

Each rule is general; both sides are tested: what must now be read, and what must stay.
"""

from __future__ import annotations

import pytest

from bot.dialogue import confidence, reading
from bot.dialogue.extraction import extract, is_interruption
from bot.dialogue.opening import role_in
from bot.dialogue.passing import wish_in_passing
from bot.dialogue.turn import UserTurn
from bot.dialogue.values import prefill_values
from bot.knowledge import normalise
from bot.knowledge.text import fold


def at(text: str, question: str, intent: str = "informeren", **answered: object):
    return extract(UserTurn(intent, text), question, [question], dict(answered))


@pytest.mark.parametrize(
    "text",
    ["welke opleidin bij me past", "welke school bij hem past", "wat ik kan gaan doen na school"],
)
def test_which_school_fits_in_free_words_is_the_first_part(text: str) -> None:
    assert normalise("deel", text) == "voorkant"


def test_after_the_mbo_is_still_what_comes_after() -> None:
    assert normalise("deel", "wat komt er na het mbo") == "vervolg"
    with pytest.raises(ValueError):
        normalise("deel", "na school")  # a pupil of pro means after the current school


@pytest.mark.parametrize(
    ("text", "question", "value"),
    [
        ("nee volgens mij niet, vmbo telt niet toch?", "startkwalificatie", "nee"),
        ("nee nog niet. moet dat voor een bepaalde datum dan?", "aangemeld_voor_1_april", "nee"),
    ],
)
def test_a_no_before_a_question_is_checked_and_the_question_kept(
    text: str, question: str, value: str
) -> None:
    result = at(text, question, "ontkennen", rol="jongere")
    assert result.values == {} and result.confirm == (question, value)
    assert result.open_question == text


@pytest.mark.parametrize("text", ["nee, wie betaalt dat dan?", "nee, wat bedoel je daarmee?"])
def test_a_bare_no_before_a_question_may_be_confusion(text: str) -> None:
    assert confidence.said_before_asking(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("denk het niet? ik heb alleen mijn vmbo diploma", "nee"),
        ("denk het wel?", "ja"),
    ],
)
def test_a_hedge_with_a_question_mark_leans(text: str, value: str) -> None:
    result = at(text, "startkwalificatie", rol="jongere")
    assert result.values == {} and result.confirm == ("startkwalificatie", value)


def test_a_suggestion_with_a_question_mark_is_the_wish() -> None:
    text = "Ze vindt kinderen leuk, misschien iets in de kinderopvang?"
    assert at(text, "wensen", rol="ouder").values == {"wensen": text}
    assert at("ze wil werken, kan dat ook?", "wensen", rol="ouder").open_question is not None


def test_asking_someone_else_is_no_remark_about_the_chat() -> None:
    text = "volgens mij niet, dat moet ik aan mijn vrouw vragen"
    assert confidence.CHAT not in confidence.signals(
        text, "ouder", "weet_niet", "startkwalificatie"
    )
    assert at(text, "startkwalificatie", "weet_niet", rol="ouder").confirm == (
        "startkwalificatie",
        "nee",
    )
    assert confidence.CHAT in confidence.signals("waarom vraag je dat", "ouder")


def test_a_restless_home_is_a_difficult_home() -> None:
    text = "Thuis is het soms onrustig, vader is uit beeld. Geen jeugdhulp op dit moment."
    assert at(text, "signalen", rol="professional").confirm == ("signalen", ["thuissituatie"])


def test_the_change_intent_needs_words_that_ask_for_a_change() -> None:
    answer = UserTurn("antwoord_wijzigen", "Werk, liefst betaald.")
    assert not is_interruption(answer, "vervolg_richting")
    change = UserTurn("antwoord_wijzigen", "ik wil mijn antwoord over school wijzigen")
    assert is_interruption(change, "vervolg_richting")


def test_a_leaning_hedge_is_not_read_as_a_question() -> None:
    assert reading.read("denk het niet? ik heb alleen vmbo", "startkwalificatie").act == (
        reading.ANSWER
    )


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        ("Hij wil monteur worden, fietsen vooral.", "Hij wil monteur worden, fietsen vooral"),
        ("hij wil kok worden, maar hij weet het niet zeker", "hij wil kok worden"),
        ("ze wil iets in de zorg, en ze is 16", "ze wil iets in de zorg"),
    ],
)
def test_a_short_addition_after_a_comma_belongs_to_the_wish(text: str, wish: str) -> None:
    assert wish_in_passing(text) == wish


def test_an_answer_before_a_question_back_is_checked() -> None:
    text = (
        "Werk, liefst betaald. Al vraag ik me af of de banenafspraak beter past, "
        "wat zijn daar de voorwaarden voor?"
    )
    result = at(text, "vervolg_richting", "antwoord_wijzigen", rol="professional")
    assert result.confirm == ("vervolg_richting", "werk") and result.replies
    bare = at("en wat is de banenafspraak?", "vervolg_richting", rol="professional")
    assert bare.confirm is None


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (
            "geen idee eerlijk gezegd. misschien iets in een winkel, ik werk soms bij de jumbo",
            "jongere",
        ),
        ("Geen idee eerlijk gezegd. Hij zit veel te gamen. Met computers is hij handig.", "ouder"),
    ],
)
def test_eerlijk_gezegd_is_no_remark_about_the_chat(text: str, role: str) -> None:
    assert at(text, "wensen", "weet_niet", rol=role).values == {"wensen": text}
    assert confidence.CHAT in confidence.signals("dat heb ik al gezegd", role)


@pytest.mark.parametrize(
    "text", ["niemand eigenlijk. alleen mn mentor van school maar die is er bijna nooit"]
)
def test_a_soft_word_beside_an_answer_to_the_open_question_changes_nothing_else(text: str) -> None:
    result = at(text, "betrokken_partners", rol="jongere", leerstijl="doen", herkomst="pro")
    assert result.confirm is None or result.confirm[0] == "betrokken_partners"
    assert "leerstijl" not in result.values


def _with_signals(text: str, *words: str) -> UserTurn:
    spans = [(text.index(w), text.index(w) + len(w)) for w in words]
    entities = [
        {"entity": "signaal", "value": w, "start": a, "end": b}
        for w, (a, b) in zip(words, spans, strict=True)
    ]
    return UserTurn("informeren", text, entities=entities)


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("er is ooit over add gepraat maar er is nooit een diagnose gesteld", ("add",), {}),
        ("geen jeugdhulp op dit moment", ("jeugdhulp",), {}),
        (
            "hij heeft adhd en krijgt jeugdhulp",
            ("adhd", "jeugdhulp"),
            {"signalen": ["jeugdhulp", "handicap_ziekte"]},
        ),
    ],
)
def test_signals_in_passing_are_facts_not_suspicions(
    text: str, words: tuple[str, ...], expected: dict
) -> None:
    assert prefill_values(_with_signals(text, *words), ["signalen"]) == expected


def test_a_tag_question_confirms_its_statement() -> None:
    text = "de leerplichtambtenaar heeft een keer gebeld, dat is de gemeente toch?"
    result = at(text, "betrokken_partners", rol="ouder")
    assert result.confirm == ("betrokken_partners", ["gemeente"]) and result.replies


def test_money_worries_are_no_income_as_on_the_button() -> None:
    assert normalise("signalen", "geldzorgen een beetje") == ["geen_inkomen"]


def test_a_question_like_intent_on_an_answer_with_a_tag_question_is_no_interruption() -> None:
    text = "de leerplichtambtenaar heeft een keer gebeld, dat is de gemeente toch?"
    assert not is_interruption(UserTurn("uitleg_vragen", text), "betrokken_partners")
    assert is_interruption(UserTurn("uitleg_vragen", "wat is de gemeente?"), "betrokken_partners")


def test_a_doubt_covers_the_piece_just_before_it() -> None:
    text = (
        "alleen zijn school, en er is ooit iemand van de gemeente geweest maar dat weet ik "
        "niet meer precies"
    )
    result = at(text, "betrokken_partners", rol="ouder")
    assert result.values == {} and result.confirm == (
        "betrokken_partners",
        ["toeleverend_onderwijs"],
    )
    rest = at("jeugdhulp, verder weet ik het niet", "signalen", rol="ouder")
    assert rest.confirm == ("signalen", ["jeugdhulp"])


def test_weet_ik_niet_precies_says_and_does_not_ask() -> None:
    text = "weet ik niet precies, iets met jeugdzorg"
    assert at(text, "verwijzer_naam", rol="aanmelder").values == {"verwijzer_naam": text}
    assert reading.is_question("weet je wie dat regelt")


def test_a_tag_question_answered_at_once_is_the_answer() -> None:
    text = "Hij is 18, toch? Ja, 18"
    start = text.index("18")
    age = {"entity": "leeftijd", "value": "18", "start": start, "end": start + 2}
    result = extract(UserTurn("informeren", text, entities=(age,)), "leeftijd", ["leeftijd"], {})
    assert result.values == {"leeftijd": 18}


def test_a_professional_says_who_they_are_in_passing() -> None:
    text = "Goedemorgen, jobcoach van de gemeente hier. Ik begeleid een jonge vrouw."
    assert role_in(fold(text)) == "professional"
    assert role_in(fold("mijn jobcoach heeft me doorgestuurd")) is None
