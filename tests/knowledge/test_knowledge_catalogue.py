"""The question catalogue matches the contract in the brief: keys, parts, kinds and values."""

from __future__ import annotations

from bot.knowledge import PARTNER_KEYS, ROUTE_KEYS

YN = ("ja", "nee")
JNW = ("ja", "nee", "weet_niet")

EXPECTED: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "toestemming": ("start", "yesno", YN),
    "jonger_dan_16": ("start", "yesno", YN),
    "ouder_akkoord": ("start", "yesno", YN),
    "rol": ("start", "choice", ("jongere", "ouder", "professional", "samen")),
    "jongere_akkoord": ("start", "yesno", YN),
    "deel": ("start", "choice", ("voorkant", "realisatie", "vervolg")),
    "herkomst": (
        "voorkant",
        "choice",
        ("pro", "vso", "vmbo", "havo_vwo", "isk", "mbo", "geen_school", "anders"),
    ),
    "leeftijd": ("voorkant", "number", ()),
    "startkwalificatie": ("voorkant", "choice", JNW),
    "wensen": ("voorkant", "text", ()),
    "leerstijl": ("voorkant", "choice", ("doen", "school", "beide", "weet_niet")),
    "ondersteuningsbehoefte": ("voorkant", "choice", JNW),
    "signalen": (
        "voorkant",
        "multi",
        (
            "jeugdhulp",
            "handicap_ziekte",
            "geen_inkomen",
            "uitkering",
            "schulden",
            "huisvesting",
            "thuissituatie",
            "lvb",
            "psychisch",
            "geen",
        ),
    ),
    "betrokken_partners": ("voorkant", "multi", (*PARTNER_KEYS, "geen")),
    "gekozen_route": ("realisatie", "choice", ROUTE_KEYS),
    # the level a professional may give with the route (never asked)
    "gekozen_niveau": ("realisatie", "choice", ("niveau_1", "niveau_2", "niveau_3", "niveau_4")),
    "begeleiding_nodig": ("realisatie", "choice", JNW),
    "bpv_plek": ("realisatie", "choice", ("heeft", "zoekt", "weet_niet")),
    "inkomen_geregeld": ("realisatie", "choice", JNW),
    "vervoer_geregeld": ("realisatie", "choice", JNW),
    "hulpmiddelen_nodig": ("realisatie", "choice", JNW),
    "ouders_betrokken": ("realisatie", "choice", ("ja", "nee", "niet_nodig")),
    "afspraken": ("realisatie", "text", ()),
    "vervolg_richting": (
        "vervolg",
        "choice",
        ("vervolgonderwijs", "werk", "banenafspraak", "beschut_werk", "dagbesteding", "weet_niet"),
    ),
    "arbeidsvermogen": ("vervolg", "choice", ("volledig", "beperkt", "geen", "weet_niet")),
    "nazorg_nodig": ("vervolg", "choice", JNW),
    "warme_overdracht": ("vervolg", "choice", JNW),
    "overnemende_partner": ("vervolg", "choice", (*PARTNER_KEYS, "weet_niet")),
    "verwijzer": ("pre_intake", "choice", (*PARTNER_KEYS, "anders")),
    "verwijzer_naam": ("pre_intake", "text", ()),
    "verwijzer_contact_ok": ("pre_intake", "yesno", YN),
    # nog_niet: before this school year's 1 April, not registered yet and still in time
    "aangemeld_voor_1_april": ("pre_intake", "choice", ("ja", "nee", "nog_niet", "weet_niet")),
    "contact": ("pre_intake", "text", ()),
    # how the school may reach a young person or parent alone (sealed like 'contact')
    "bereikbaar": ("contact", "choice", ("telefoon", "e_mail", "via_school", "geen")),
}


def test_catalogue_has_exactly_the_contract_questions_in_order(knowledge):
    assert list(knowledge.questions) == list(EXPECTED)


def test_each_question_has_the_contract_part_kind_and_values(knowledge):
    for key, (part, kind, values) in EXPECTED.items():
        question = knowledge.questions[key]
        assert (question.part, question.kind) == (part, kind), key
        assert tuple(question.values) == values, key
        assert question.label and question.label[0].isupper(), key
        assert all(label.strip() for label in question.values.values()), key


def test_parts_are_in_conversation_order(knowledge):
    assert list(knowledge.parts) == [
        "start",
        "voorkant",
        "realisatie",
        "vervolg",
        "contact",
        "pre_intake",
    ]


def test_leeftijd_range_and_text_caps(knowledge):
    leeftijd = knowledge.questions["leeftijd"]
    assert (leeftijd.minimum, leeftijd.maximum) == (12, 99)
    for key in ("wensen", "afspraken", "verwijzer_naam", "contact"):
        assert 0 < knowledge.questions[key].max_length <= 500


def test_partner_and_route_values_take_their_names_from_the_files(knowledge):
    verwijzer = knowledge.questions["verwijzer"]
    assert verwijzer.values["uwv"] == knowledge.partners["uwv"].name
    route = knowledge.questions["gekozen_route"]
    assert route.values["certificaat"] == knowledge.routes["certificaat"].title


def test_a_synonym_with_choices_stands_for_each_choice() -> None:
    from bot.knowledge.catalogue import expand

    assert expand("ruzie met {mijn|mn} {pa|ma}") == [
        "ruzie met mijn pa",
        "ruzie met mijn ma",
        "ruzie met mn pa",
        "ruzie met mn ma",
    ]
    assert expand("{vaak |}ruzie") == ["vaak ruzie", "ruzie"]
    assert expand("geen keuzes") == ["geen keuzes"]
