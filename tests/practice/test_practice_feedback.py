"""Feedback compares the partners a professional chose with the rule-based suggestions."""

from __future__ import annotations

from bot.knowledge import suggest_partners
from bot.practice import compare_partners, feedback_text, load_cases

DROPOUT = {
    "herkomst": "geen_school",
    "leeftijd": 21,
    "startkwalificatie": "nee",
    "signalen": ["uitkering"],
}


def test_missed_partners_come_with_the_reason_from_the_rules() -> None:
    suggested = {s.partner: s.reason for s in suggest_partners(DROPOUT, "leerroute")}
    assert {"mbo_school", "gemeente", "uwv"} <= set(suggested)
    feedback = compare_partners(["mbo_school"], DROPOUT, "leerroute")
    assert feedback.good == ("mbo_school",)
    assert feedback.missed["gemeente"] == suggested["gemeente"]
    assert "uwv" in feedback.missed
    text = feedback_text(feedback)
    assert "Goed gezien: Mbo-school." in text
    assert "niet genoemd" in text and suggested["gemeente"] in text
    assert "Wat heeft het team nodig" in text and "Wat doe je zelf" in text


def test_extra_partners_are_named_and_all_found_is_praised() -> None:
    chosen = [s.partner for s in suggest_partners(DROPOUT, "leerroute")] + ["leerbedrijf"]
    feedback = compare_partners(chosen, DROPOUT, "leerroute")
    assert not feedback.missed
    assert feedback.extra == ("leerbedrijf",)
    text = feedback_text(feedback)
    assert "alle partners genoemd" in text and "Extra genoemd: Leerbedrijf" in text


def test_case_partners_outside_the_rules_become_a_tip() -> None:
    kevin = next(c for c in load_cases() if c.key == "uitvaller_met_uitkering")
    feedback = compare_partners(["mbo_school", "gemeente", "uwv"], DROPOUT, "leerroute", kevin)
    assert "leerbedrijf" in feedback.case_tips
    assert "Tip uit de casus" in feedback_text(feedback)


def test_unknown_words_and_geen_are_not_partners() -> None:
    feedback = compare_partners(["geen", "onzin"], DROPOUT, "vervolg")
    assert feedback.good == () and feedback.extra == ()
    assert "Wat heb je nodig van de partner die het overneemt?" in feedback_text(feedback)
