"""A turn is read for what it does before anything is recorded (both sides of each rule).

The first cases are the messages real users typed that ended up as facts nobody said.
"""

from __future__ import annotations

import pytest

from bot.dialogue import passing, reading
from bot.dialogue.extraction import Extraction, extract
from bot.dialogue.turn import UserTurn


def turn(text: str, intent: str = "informeren", **entities: object) -> UserTurn:
    found = []
    for name, value in entities.items():
        values = value if isinstance(value, list) else [value]
        found += [{"entity": name, "value": v, "text": v} for v in values]
    return UserTurn(intent=intent, text=text, entities=tuple(found))


def read_at(
    text: str,
    requested: str,
    intent: str = "informeren",
    answered: dict[str, object] | None = None,
    **entities: object,
) -> Extraction:
    return extract(turn(text, intent, **entities), requested, [requested], answered or {})


# --- the messages from the field -------------------------------------------------------


@pytest.mark.parametrize("intent", ["informeren", "ontkennen", "hulp", "begroeten"])
def test_a_remark_about_the_chat_is_no_answer(intent: str) -> None:
    result = read_at("hallo?? ik zie niks", "begeleiding_nodig", intent)
    assert result.values == {} and not result.interrupted
    assert result.act == reading.CHAT_REMARK and result.error


def test_doubt_is_not_known_never_yes() -> None:
    text = "Hoe moet ik dat nou weten? Ze is 15. Ik hoop het natuurlijk wel."
    result = read_at(text, "arbeidsvermogen", "bevestigen")
    assert result.values.get("arbeidsvermogen") == "weet_niet"


def test_a_partner_not_yet_informed_is_not_involved() -> None:
    rmc = {"entity": "partner", "value": "gemeente", "text": "RMC", "start": 0, "end": 3}
    result = extract(
        UserTurn("informeren", "RMC is nog niet ingelicht.", (rmc,)), "betrokken_partners", [], {}
    )
    assert "betrokken_partners" not in result.values
    assert read_at("RMC is nog niet ingelicht.", "betrokken_partners").values == {}


def test_a_partner_not_yet_informed_with_ontkennen_is_not_nobody() -> None:
    result = read_at("RMC is nog niet ingelicht.", "betrokken_partners", "ontkennen")
    assert "betrokken_partners" not in result.values


def test_no_diagnosis_but_a_coach_needed_is_not_no_support() -> None:
    text = "Geen diagnose bekend. Wel structuur en een vaste coach nodig."
    result = read_at(text, "ondersteuningsbehoefte", "ontkennen")
    assert result.values.get("ondersteuningsbehoefte") != "nee"
    assert result.confirm == ("ondersteuningsbehoefte", "ja")


def test_a_question_back_is_not_the_partner_who_takes_over() -> None:
    text = "wie regelt de jobcoach bij de banenafspraak, gemeente of uwv?"
    result = read_at(text, "overnemende_partner", partner=["gemeente", "uwv"])
    assert result.values == {} and result.act == reading.QUESTION_BACK
    assert result.open_question == text and result.replies


def test_a_question_about_wajong_is_not_the_contact() -> None:
    result = read_at("wacht en mijn vraag over wajong?", "contact")
    assert result.values == {} and result.open_question


def test_not_now_is_not_no() -> None:
    result = read_at("Daar hebben we het met de ouders over, later. Niet nu.", "inkomen_geregeld")
    assert "inkomen_geregeld" not in result.values and result.replies


def test_a_correction_of_the_age_while_another_question_is_open() -> None:
    answered = {"leeftijd": 16, "jonger_dan_16": "nee"}
    result = read_at("sorry, hij is net 17 geworden", "leerstijl", answered=answered)
    assert result.values == {"leeftijd": 17}  # still 16 or older: consent unchanged
    assert result.corrected == "leeftijd" and "leerstijl" not in result.values


def test_a_correction_under_16_asks_for_a_parent_again() -> None:
    answered = {"leeftijd": 16, "jonger_dan_16": "nee"}
    result = read_at("hij is toch 15", "wensen", answered=answered)
    assert result.values == {"leeftijd": 15, "jonger_dan_16": "ja"}


def test_a_correction_of_the_school() -> None:
    answered = {"herkomst": "havo_vwo", "leeftijd": 17}
    result = read_at("het was vmbo, geen havo", "leerstijl", answered=answered)
    assert result.values == {"herkomst": "vmbo"} and result.corrected == "herkomst"


def test_a_correction_without_a_value_reopens_the_question() -> None:
    answered = {"signalen": ["geen"], "herkomst": "vmbo"}
    result = read_at("nee wacht, ze woont niet meer thuis", "leerstijl", answered=answered)
    assert result.corrected == "signalen" and result.values == {"signalen": None}


@pytest.mark.parametrize("intent", ["informeren", "antwoord_wijzigen"])
def test_said_it_already_is_a_remark_and_an_answer(intent: str) -> None:
    result = read_at("dat zei ik al toch, kapsalon…", "wensen", intent)
    assert not result.interrupted and "wensen" not in result.values
    assert result.confirm is not None and str(result.confirm[1]).startswith("kapsalon")


# --- both sides of each rule -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("hallo?? ik zie niks", reading.CHAT_REMARK),
        ("je reageert niet", reading.CHAT_REMARK),
        ("niks", reading.ANSWER),
        ("hoe moet ik dat weten", reading.DOUBT),
        ("hopelijk wel", reading.DOUBT),
        ("ik hoop het wel", reading.DOUBT),
        ("ja", reading.ANSWER),
        ("wat is een jobcoach?", reading.QUESTION_BACK),
        ("vmbo?", reading.ANSWER),
        ("waarom vraag je dat?", reading.QUESTION_BACK),
        ("hij is toch 18", reading.CORRECTION),
        ("hij is 18", reading.ANSWER),
        ("later. Niet nu.", reading.DEFERRAL),
        ("niet nu", reading.ANSWER),
        ("hij doet het niet", reading.CHAT_REMARK),
        ("hij doet de opleiding niet", reading.ANSWER),
        ("reageer dan", reading.CHAT_REMARK),
        ("ik krijg geen antwoord", reading.CHAT_REMARK),
        ("ze krijgt geen uitkering", reading.ANSWER),
        ("zou kunnen", reading.DOUBT),
        ("kan zijn", reading.DOUBT),
        ("kan bij de bakker beginnen", reading.ANSWER),
    ],
)
def test_the_act_of_a_turn(text: str, act: str) -> None:
    assert reading.read(text, "leeftijd").act == act


def test_a_leading_yes_at_a_yes_no_question_is_an_answer_even_with_a_question() -> None:
    assert reading.read("ja, maar waarom vraag je dat?", yes_no=True).act == reading.ANSWER
    assert reading.read("waarom vraag je dat?", yes_no=True).about == reading.ABOUT_WHY


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("RMC is nog niet ingelicht", [True]),
        ("het uwv en de gemeente", [False]),
        ("uwv wel, gemeente niet", [False, True]),
        ("geen jeugdhulp maar wel schulden", [True, False]),
        ("geen startkwalificatie en er loopt jeugdhulp", [True, False]),
        ("geen schulden en jeugdhulp", [True]),
    ],
)
def test_negated_clauses(text: str, negated: list[bool]) -> None:
    assert [neg for _clause, neg in reading.clauses(text)] == negated


def test_only_the_named_partners_not_the_negated_ones() -> None:
    result = read_at("uwv wel, gemeente niet", "betrokken_partners", partner=["uwv", "gemeente"])
    assert result.values["betrokken_partners"] == ["uwv"]


def test_alleen_names_one_partner() -> None:
    result = read_at("alleen het uwv", "betrokken_partners", partner="uwv")
    assert result.values["betrokken_partners"] == ["uwv"]


def test_nobody_yet_is_still_nobody() -> None:
    assert read_at("nog niemand", "betrokken_partners").values["betrokken_partners"] == ["geen"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("geen begeleiding nodig", "nee"), ("niet nodig", "nee"), ("ja hoor", "ja")],
)
def test_plain_negations_still_mean_no(text: str, expected: str) -> None:
    assert read_at(text, "begeleiding_nodig").values["begeleiding_nodig"] == expected


def test_bare_negation_of_another_word_is_not_an_answer() -> None:
    assert reading.bare_negation_only("geen diagnose bekend")
    assert not reading.bare_negation_only("helemaal niks nodig")
    assert not reading.bare_negation_only("nee")
    assert not reading.bare_negation_only("nee hoor echt niet")
    assert reading.bare_negation_only("ze woont niet meer thuis")


def test_a_lean_is_confirmed_not_recorded() -> None:
    result = read_at("ik denk het wel", "nazorg_nodig")
    assert result.values == {} and result.confirm == ("nazorg_nodig", "ja")


@pytest.mark.parametrize(("text", "lean"), [("vast wel", "ja"), ("ik gok van niet", "nee")])
def test_leans_in_chat_language(text: str, lean: str) -> None:
    assert reading.read(text, yes_no=True).lean == lean


def test_a_clear_answer_is_not_confirmed() -> None:
    result = read_at("ja, ze heeft nazorg nodig", "nazorg_nodig")
    assert result.values == {"nazorg_nodig": "ja"} and result.confirm is None


def test_a_hesitant_short_answer_is_confirmed() -> None:
    result = read_at("vmbo?", "herkomst", herkomst="vmbo")
    assert result.confirm == ("herkomst", "vmbo") and result.values == {}


def test_a_negated_signal_in_passing_is_not_prefilled() -> None:
    result = extract(
        turn("Ze is 17 en er loopt geen jeugdhulp", signaal="jeugdhulp"),
        "leeftijd",
        ["leeftijd", "signalen"],
        {},
    )
    assert result.values == {"leeftijd": 17}


def test_age_in_a_correction() -> None:
    assert reading.age_in("sorry, hij is net 17 geworden") == 17
    assert reading.age_in("hij is toch 18") == 18
    assert reading.age_in("hij werkt 18 uur") is None


def test_age_after_filler_words_but_not_after_almost() -> None:
    assert reading.age_in("o wacht ik ben trouwens al 18, vorige week jarig") == 18
    assert reading.age_in("ze is inmiddels 16") == 16
    assert reading.age_in("ik ben bijna 18") is None
    assert reading.age_in("hij is nu eenmaal zo") is None


def test_a_signal_after_a_negated_clause_is_still_prefilled() -> None:
    text = "Ze heeft geen startkwalificatie en er loopt jeugdhulp via het wijkteam."
    result = extract(turn(text, signaal="jeugdhulp"), "herkomst", ["herkomst", "signalen"], {})
    assert result.values["signalen"] == ["jeugdhulp"]


def test_looking_for_a_placement_is_not_having_one() -> None:
    assert read_at("we zoeken nog een stageplek", "bpv_plek").values == {"bpv_plek": "zoekt"}
    assert read_at("ze heeft wel een leerbedrijf", "bpv_plek").values == {"bpv_plek": "heeft"}


def test_a_wish_clause_does_not_answer_where_someone_comes_from() -> None:
    text = "ze zat op het roc maar is gestopt en wil iets anders"
    assert read_at(text, "herkomst").values == {"herkomst": "mbo"}
    assert reading.is_wish("en wil iets anders") and not reading.is_wish("ze zat op het roc")


def test_a_wish_still_answers_the_direction_after_the_course() -> None:
    result = read_at("ze is 17, en wil later gaan werken", "vervolg_richting")
    assert result.values == {"vervolg_richting": "werk"}


def test_a_negation_after_en_and_a_new_verb_does_not_reach_back() -> None:
    text = "een jongen uit 4 vmbo basis hij is 17 en heeft geen diploma gehaald"
    assert "vmbo" not in reading.negated_words(text)
    assert "diploma" in reading.negated_words(text)
    # Without a new verb the clause stays one: "vmbo en havo niet" negates both.
    assert {"vmbo", "havo"} <= reading.negated_words("vmbo en havo niet")


def test_a_value_whose_own_words_hold_the_negation_is_named_not_denied() -> None:
    text = "ik heb geen inkomen en ik heb schulden"
    assert read_at(text, "signalen").values == {"signalen": ["geen_inkomen", "schulden"]}
    start = text.index("geen inkomen")
    entity = {"entity": "signaal", "value": "geen_inkomen", "start": start, "end": start + 12}
    assert UserTurn("informeren", text, (entity,)).entity_values("signaal") == ["geen_inkomen"]
    assert not reading.negated_apart_from("ik heb geen inkomen", "geen inkomen")


def test_a_value_denied_by_a_negation_of_its_own_clause_stays_denied() -> None:
    assert read_at("hij heeft geen schulden, wel problemen thuis", "signalen").values == {
        "signalen": ["thuissituatie"]
    }
    text = "er is geen jeugdhulp"
    start = text.index("jeugdhulp")
    entity = {"entity": "signaal", "value": "jeugdhulp", "start": start, "end": start + 9}
    assert UserTurn("informeren", text, (entity,)).entity_values("signaal") == []
    assert reading.negated_apart_from("hij heeft niet geen inkomen", "geen inkomen")
    assert reading.negated_apart_from("ze heeft geen schulden", "schulden")


@pytest.mark.parametrize(
    "text",
    [
        "ik weet het eerlijk gezegd niet",
        "dat weten we nog niet, daar wordt naar gekeken",
        "ik denk het wel, maar dat moet ik nog checken",
    ],
)
def test_not_knowing_in_more_words_is_doubt_never_no(text: str) -> None:
    assert reading.read(text).act == reading.DOUBT
    assert read_at(text, "begeleiding_nodig").values == {"begeleiding_nodig": "weet_niet"}


def test_knowing_what_someone_does_not_know_is_still_an_answer() -> None:
    assert reading.read("nee, hij heeft geen begeleiding nodig").act == reading.ANSWER


@pytest.mark.parametrize(
    "text",
    [
        "je snapt er niks van he",
        "ik zie de knoppen niet",
        "ik kan niet scrollen",
        "dat heb ik net al gezegd",
        "ik zie alleen een wit scherm",
        "nee joh, je begrijpt me verkeerd",
    ],
)
def test_more_remarks_about_the_chat_record_nothing(text: str) -> None:
    assert reading.read(text).act == reading.CHAT_REMARK
    assert read_at(text, "ouders_betrokken").values == {}


def test_an_answer_about_buttons_or_reading_is_no_remark() -> None:
    assert reading.read("ze heeft geen knoppen nodig").act == reading.ANSWER
    assert reading.read("hij kan niet lezen").act == reading.ANSWER


ANSWERED = {
    "herkomst": "vmbo",
    "leeftijd": 17,
    "startkwalificatie": "nee",
    "bpv_plek": "heeft",
    "vervoer_geregeld": "ja",
}


@pytest.mark.parametrize(
    ("text", "requested", "question", "value"),
    [
        ("vervoer is toch nog niet geregeld", "ouders_betrokken", "vervoer_geregeld", "nee"),
        (
            "stage heeft hij toch nog niet, dat ging niet door",
            "vervoer_geregeld",
            "bpv_plek",
            "zoekt",
        ),
        ("oeps, hij heeft wel een diploma, mbo niveau 2", "leerstijl", "startkwalificatie", "ja"),
    ],
)
def test_a_correction_of_a_yes_no_or_a_no_names_its_question(
    text: str, requested: str, question: str, value: str
) -> None:
    result = read_at(text, requested, answered=ANSWERED)
    assert result.values == {question: value} and result.corrected == question


def test_oh_yes_with_news_is_an_update_not_a_yes() -> None:
    answered = {**ANSWERED, "bpv_plek": "zoekt"}
    text = "o ja, ze heeft inmiddels wel een stageplek gevonden"
    result = read_at(text, "vervoer_geregeld", answered=answered)
    assert result.values == {"bpv_plek": "heeft"}


def test_the_negated_value_is_meant_when_a_clause_names_two() -> None:
    assert read_at("heeft nog geen plek", "bpv_plek").values == {"bpv_plek": "zoekt"}
    assert read_at("heeft al een plek", "bpv_plek").values == {"bpv_plek": "heeft"}


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        ("hij wil graag kok worden maar weet niet of dat lukt", "hij wil graag kok worden"),
        ("meisje van 16, vso cluster 4, wil graag iets in de zorg", "wil graag iets in de zorg"),
        ("ik wil een medewerker spreken", None),
        ("hij wil niet meer naar school", None),
        ("ze zat op het roc maar is gestopt en wil iets anders", None),
    ],
)
def test_a_wish_said_in_passing(text: str, wish: str | None) -> None:
    assert passing.wish_in_passing(text) == wish


# --- a question back with a hedge word, lists, corrections about another question --------


@pytest.mark.parametrize(
    "text",
    [
        "moet ik dan weet niet invullen als hij nog twijfelt?",
        "is dat erg als ze misschien later wil stoppen?",
        "zou kunnen, wat bedoel je precies met begeleiding?",
    ],
)
def test_a_question_holding_a_hedge_records_nothing(text: str) -> None:
    result = read_at(text, "begeleiding_nodig")
    assert result.values == {} and result.act == reading.QUESTION_BACK
    assert result.replies or result.open_question


@pytest.mark.parametrize(
    "text", ["hoe moet ik dat nou weten?", "wie weet?", "misschien", "weet ik veel?", "geen idee?"]
)
def test_rhetorical_or_plain_doubt_stays_not_known(text: str) -> None:
    result = read_at(text, "begeleiding_nodig")
    assert result.values == {"begeleiding_nodig": "weet_niet"}


def test_a_typed_list_keeps_every_item_the_entities_missed() -> None:
    result = read_at("uwv, mee en school", "betrokken_partners", partner="uwv")
    assert sorted(result.values["betrokken_partners"]) == sorted(
        ["uwv", "begeleidingsinstantie", "toeleverend_onderwijs"]
    )


def test_a_list_with_a_denied_item_keeps_only_what_is_said() -> None:
    result = read_at("uwv wel, rmc niet", "betrokken_partners", partner=["uwv", "rmc"])
    assert result.values == {"betrokken_partners": ["uwv"]}


def test_a_correction_about_another_question_is_no_answer_to_the_open_one() -> None:
    answered = {"bpv_plek": "zoekt", "begeleiding_nodig": "ja"}
    result = read_at(
        "stage heeft hij toch nog niet, dat ging niet door", "vervoer_geregeld", answered=answered
    )
    assert "vervoer_geregeld" not in result.values
    assert result.values == {"bpv_plek": "zoekt"}


def test_a_correction_naming_the_open_question_answers_it() -> None:
    answered = {"bpv_plek": "zoekt"}
    result = read_at("sorry, vervoer is nog niet geregeld", "vervoer_geregeld", answered=answered)
    assert result.confirm == ("vervoer_geregeld", "nee")  # said with "sorry": confirmed
    plain = read_at("vervoer is nog niet geregeld", "vervoer_geregeld", answered=answered)
    assert plain.values.get("vervoer_geregeld") == "nee"


@pytest.mark.parametrize(
    "text",
    ["ik snap er niks van", "snap de vraag niet", "ik snap die vraag niet goed", "het laadt niet"],
)
def test_not_understanding_the_chat_is_no_no(text: str) -> None:
    result = read_at(text, "begeleiding_nodig")
    assert result.values == {} and result.act == reading.CHAT_REMARK


def test_what_the_young_person_does_not_understand_is_still_read() -> None:
    result = read_at("ik snap er niks van, maar nee", "begeleiding_nodig")
    assert result.values == {"begeleiding_nodig": "nee"}


@pytest.mark.parametrize(
    ("text", "yes_no", "act", "answer"),
    [
        ("ja dat zei ik net", True, reading.ANSWER, "ja"),
        ("nee, dat zei ik al toch", True, reading.ANSWER, "nee"),
        ("ja nee dat zei ik al", True, reading.CHAT_REMARK, ""),
        ("ja ik zie niks", True, reading.CHAT_REMARK, ""),
        ("ja dat zei ik al", False, reading.CHAT_REMARK, ""),  # a wish is no ja
    ],
)
def test_a_yes_beside_dat_zei_ik_al_is_the_answer_only_to_a_yes_no_question(
    text: str, yes_no: bool, act: str, answer: str
) -> None:
    result = reading.read(text, "ouder_akkoord" if yes_no else "wensen", yes_no=yes_no)
    assert (result.act, result.answer_text) == (act, answer)
