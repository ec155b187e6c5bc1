"""The summary says where each value came from: own words, confirmation, correction, notes."""

from __future__ import annotations

from bot.knowledge.summary import (
    ALL_CONFIRMED,
    NONE_CONFIRMED,
    SOME_CONFIRMED,
    AnswerDetail,
    SummaryNote,
    build_summary,
    review_lines,
    words_add_something,
)

ANSWERS = {"leeftijd": 17, "wensen": "kapper", "ondersteuningsbehoefte": "nee"}


def test_own_words_travel_with_the_value_when_they_add_something(knowledge) -> None:
    details = {
        "wensen": AnswerDetail(words="kapsalon, ze heeft daar al een stage gelopen"),
        "leeftijd": AnswerDetail(words="17 jaar"),
        "ondersteuningsbehoefte": AnswerDetail(
            words="Geen diagnose bekend. Wel structuur en een vaste coach nodig."
        ),
    }
    summary = build_summary(ANSWERS, knowledge, "leerroute", details=details)
    label = knowledge.questions["wensen"].label
    assert (
        f'{label}: kapper (in eigen woorden: "kapsalon, ze heeft daar al een stage gelopen").'
        in summary
    )
    assert "Leeftijd: 17." in summary and "17 jaar" not in summary
    assert (
        'in eigen woorden: "Geen diagnose bekend. Wel structuur en een vaste coach nodig."'
        in summary
    )


def test_words_that_only_repeat_the_value_add_nothing() -> None:
    assert not words_add_something("ja hoor", "ja", "ja")
    assert not words_add_something("17 jaar", 17, "17")
    assert not words_add_something('/informeren{"waarde": "vso"}', "vso", "vso")
    assert words_add_something("nee, RMC is nog niet ingelicht", "nee", "nee")


def test_the_professional_sees_whether_the_user_confirmed(knowledge) -> None:
    confirmed = {key: AnswerDetail(confirmed=True) for key in ANSWERS}
    assert ALL_CONFIRMED in build_summary(ANSWERS, knowledge, "leerroute", details=confirmed)
    none = {key: AnswerDetail() for key in ANSWERS}
    assert NONE_CONFIRMED in build_summary(ANSWERS, knowledge, "op_verzoek", details=none)
    some = {**confirmed, "leeftijd": AnswerDetail()}
    summary = build_summary(ANSWERS, knowledge, "leerroute", details=some)
    assert SOME_CONFIRMED in summary and "Leeftijd: 17 (niet bevestigd)." in summary
    # Without details (older callers) nothing is claimed either way.
    plain = build_summary(ANSWERS, knowledge, "leerroute")
    assert "bevestigd" not in plain


def test_a_correction_shows_the_new_value_and_who_corrected_it(knowledge) -> None:
    answers = {**ANSWERS, "begeleiding_nodig": "ja", "vervoer_geregeld": None}
    details = {
        **{key: AnswerDetail(confirmed=True) for key in ANSWERS},
        "begeleiding_nodig": AnswerDetail(corrected_by="piet", corrected_on="7-12"),
        "vervoer_geregeld": AnswerDetail(corrected_by="piet", corrected_on="7-12"),
    }
    summary = build_summary(answers, knowledge, "ondersteuning", details=details)
    begeleiding = knowledge.questions["begeleiding_nodig"]
    vervoer = knowledge.questions["vervoer_geregeld"].label
    assert (
        f"{begeleiding.label}: {begeleiding.values['ja']} (gecorrigeerd door piet op 7-12)."
        in summary
    )
    assert f"{vervoer}: gewist door piet op 7-12." in summary
    assert ALL_CONFIRMED in summary  # a professional's correction needs no confirmation


def test_notes_for_the_professional_close_the_summary(knowledge) -> None:
    notes = [
        SummaryNote("vraag", "wie regelt de jobcoach bij de banenafspraak?"),
        SummaryNote("feit", "moeder spreekt weinig Nederlands"),
    ]
    lines = build_summary({}, knowledge, "leerroute", notes=notes).splitlines()
    assert lines[-3:] == [
        "Voor de medewerker",
        "Vraag voor de medewerker: wie regelt de jobcoach bij de banenafspraak?",
        "Ook verteld: moeder spreekt weinig Nederlands.",
    ]


def test_review_lines_say_what_the_summary_passes_on(knowledge) -> None:
    lines = review_lines({"leeftijd": 17, "herkomst": "vso", "leeg": None}, knowledge)
    catalogue = [key for key in knowledge.questions if key in ("leeftijd", "herkomst")]
    assert [key for key, _ in lines] == catalogue
    assert ("leeftijd", "Leeftijd: 17.") in lines
    summary = build_summary({"leeftijd": 17, "herkomst": "vso"}, knowledge, "leerroute")
    for _, line in lines:
        assert line in summary
