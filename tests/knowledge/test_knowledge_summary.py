"""The hand-over summary for the professional."""

from __future__ import annotations

import pytest

from bot.knowledge import build_summary

ANSWERS = {
    "leeftijd": 17,
    "herkomst": "vso",
    "startkwalificatie": "nee",
    "signalen": ["jeugdhulp", "schulden"],
    "wensen": "Wil met  dieren werken",
    "toestemming": "ja",
    "bpv_plek": "zoekt",
}


def test_first_line_names_the_decision_point(knowledge):
    summary = build_summary(ANSWERS, knowledge, "leerroute")
    assert summary.splitlines()[0] == "Beslispunt: welke leerroute past het best."
    assert build_summary({}, knowledge, "pre_intake").startswith("Beslispunt: aanmelding")


def test_uses_labels_in_catalogue_order(knowledge):
    summary = build_summary(ANSWERS, knowledge, "leerroute")
    assert (
        "Komt van: voortgezet speciaal onderwijs (vso). Leeftijd: 17. Startkwalificatie: nee."
        in summary
    )
    assert "Aandachtspunten: jeugdhulp loopt en schulden." in summary
    assert "Wensen en talenten: Wil met dieren werken." in summary


def test_grouped_by_part_only_answered(knowledge):
    lines = build_summary(ANSWERS, knowledge, "ondersteuning").splitlines()
    assert lines.index(knowledge.parts["start"]) < lines.index(knowledge.parts["voorkant"])
    assert lines.index(knowledge.parts["voorkant"]) < lines.index(knowledge.parts["realisatie"])
    assert knowledge.parts["vervolg"] not in lines
    assert "Stageplek of leerbaan: zoekt nog een plek." in lines
    assert "Leert het best" not in "\n".join(lines)


def test_empty_and_unknown_answers(knowledge):
    summary = build_summary(
        {"onbekend": "x", "herkomst": None, "signalen": []}, knowledge, "vervolg"
    )
    assert summary.splitlines() == [
        "Beslispunt: wat is het best passende vervolg en wie neemt het over.",
        "Er zijn nog geen antwoorden.",
    ]


def test_text_ending_keeps_its_own_punctuation(knowledge):
    summary = build_summary({"afspraken": "Jobcoach regelen!"}, knowledge, "ondersteuning")
    assert "Afspraken: Jobcoach regelen!" in summary
    assert "regelen!." not in summary


def test_unknown_decision_point(knowledge):
    with pytest.raises(ValueError):
        build_summary(ANSWERS, knowledge, "intake")


def test_default_knowledge():
    assert build_summary({"leeftijd": 20}, None, "op_verzoek").endswith("Leeftijd: 20.")


def test_a_judgement_not_asked_of_a_parent_is_left_to_the_professional(knowledge) -> None:
    answers = {"rol": "ouder", "vervolg_richting": "werk", "nazorg_nodig": "ja"}
    summary = build_summary(answers, knowledge, "vervolg")
    assert "Kan het minimumloon verdienen: nog te beoordelen door de professional." in summary
    assert "Warme overdracht gewenst: nog te beoordelen door de professional." in summary
    professional = build_summary({**answers, "rol": "professional"}, knowledge, "vervolg")
    assert "nog te beoordelen" not in professional


def test_a_question_that_does_not_apply_to_the_role_is_not_left_to_the_professional(
    knowledge,
) -> None:
    # A young person alone consented themselves; a professional is not asked how to reach them.
    alone = build_summary(
        {"rol": "jongere", "deel": "voorkant", "herkomst": "pro"}, knowledge, "leerroute"
    )
    assert "vindt het goed: nog te beoordelen" not in alone
    professional = build_summary(
        {"rol": "professional", "deel": "voorkant", "herkomst": "pro"}, knowledge, "leerroute"
    )
    assert "Bereikbaar" not in professional and "nog te beoordelen" not in professional
