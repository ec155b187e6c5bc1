"""Partner suggestions: the required behaviours, ordering, merging and decision points."""

from __future__ import annotations

import pytest

from bot.knowledge import PARTNER_KEYS, suggest_partners, suggestion_rules_for

VSO_17 = {"herkomst": "vso", "leeftijd": 17, "startkwalificatie": "nee", "signalen": ["jeugdhulp"]}


def _by_partner(suggestions):
    return {s.partner: s for s in suggestions}


def test_vso_seventeen_with_jeugdhulp_at_leerroute(knowledge):
    found = _by_partner(suggest_partners(VSO_17, "leerroute", knowledge))
    for partner in ("toeleverend_onderwijs", "mbo_school", "begeleidingsinstantie", "gemeente"):
        assert partner in found, partner
        assert found[partner].reason.startswith("omdat "), partner
        assert found[partner].rule_id in {rule.id for rule in knowledge.suggestion_rules}
    assert "vso" in found["toeleverend_onderwijs"].reason
    assert "startkwalificatie" in found["gemeente"].reason


def test_referred_twenty_one_year_old_at_pre_intake(knowledge):
    answers = {"verwijzer": "uwv", "leeftijd": 21, "startkwalificatie": "nee"}
    found = _by_partner(suggest_partners(answers, "pre_intake", knowledge))
    assert {"uwv", "mbo_school"} <= set(found)
    assert found["uwv"].rule_id == "verwijzer_meldde_aan"
    assert found["mbo_school"].reason.startswith("omdat ")
    assert "gemeente" in found  # Doorstroompunt for 18-27 without startkwalificatie


def test_referrer_is_suggested_for_each_partner_key(knowledge):
    for partner in PARTNER_KEYS:
        found = _by_partner(suggest_partners({"verwijzer": partner}, "pre_intake", knowledge))
        assert found[partner].rule_id == "verwijzer_meldde_aan", partner


def test_referrer_anders_gives_no_partner(knowledge):
    found = _by_partner(suggest_partners({"verwijzer": "anders"}, "pre_intake", knowledge))
    assert set(found) == {"mbo_school"}


def test_order_follows_partners_file_and_one_per_partner(knowledge):
    suggestions = suggest_partners(VSO_17, "leerroute", knowledge)
    partners = [s.partner for s in suggestions]
    assert partners == [p for p in knowledge.partners if p in partners]
    assert len(partners) == len(set(partners))


def test_first_rule_gives_the_reason_and_all_rule_ids_are_kept(knowledge):
    found = _by_partner(suggest_partners(VSO_17, "leerroute", knowledge))
    mbo = found["mbo_school"]
    assert mbo.rule_ids[0] == mbo.rule_id == "pro_vso_mbo_overdracht"
    assert "mbo_intake_altijd" in mbo.rule_ids
    assert mbo.reasons[0] == mbo.reason
    assert len(mbo.reasons) == len(set(mbo.reasons))


def test_rules_only_apply_at_their_decision_points(knowledge):
    answers = {"vervolg_richting": "beschut_werk"}
    assert "uwv" in _by_partner(suggest_partners(answers, "vervolg", knowledge))
    assert "uwv" not in _by_partner(suggest_partners(answers, "leerroute", knowledge))


def test_op_verzoek_and_niet_begrepen_use_all_rules(knowledge):
    assert suggestion_rules_for("op_verzoek", knowledge) == knowledge.suggestion_rules
    assert suggestion_rules_for("niet_begrepen", knowledge) == knowledge.suggestion_rules
    answers = {"vervolg_richting": "beschut_werk", "herkomst": "pro"}
    found = _by_partner(suggest_partners(answers, "op_verzoek", knowledge))
    assert {"uwv", "gemeente", "toeleverend_onderwijs"} <= set(found)


def test_mbo_school_is_always_suggested_at_leerroute_and_pre_intake(knowledge):
    for point in ("leerroute", "pre_intake"):
        assert [s.partner for s in suggest_partners({}, point, knowledge)] == ["mbo_school"]


def test_nothing_specific_at_vervolg_without_answers(knowledge):
    assert suggest_partners({}, "vervolg", knowledge) == []


def test_partners_already_involved_are_suggested(knowledge):
    answers = {"betrokken_partners": ["leerbedrijf", "uwv"]}
    found = _by_partner(suggest_partners(answers, "ondersteuning", knowledge))
    assert found["leerbedrijf"].rule_id == "al_betrokken"
    assert found["uwv"].rule_id == "al_betrokken"


def test_realisatie_answers_steer_ondersteuning(knowledge):
    answers = {
        "gekozen_route": "praktijkverklaring",
        "inkomen_geregeld": "nee",
        "bpv_plek": "zoekt",
        "begeleiding_nodig": "ja",
        "signalen": ["handicap_ziekte"],
        "leeftijd": 19,
    }
    found = _by_partner(suggest_partners(answers, "ondersteuning", knowledge))
    assert found["gemeente"].rule_id == "praktijkroute_inkomen_gemeente"
    assert found["leerbedrijf"].rule_id == "route_in_bedrijf_leerbedrijf"
    assert found["uwv"].rule_id == "begeleiding_jobcoach_uwv"
    assert found["begeleidingsinstantie"].rule_id == "begeleiding_jobcoach"


def test_vervolg_with_limited_earning_capacity(knowledge):
    answers = {
        "arbeidsvermogen": "beperkt",
        "warme_overdracht": "ja",
        "overnemende_partner": "gemeente",
    }
    found = _by_partner(suggest_partners(answers, "vervolg", knowledge))
    assert found["uwv"].rule_id == "banenafspraak_uwv"
    assert found["gemeente"].rule_id == "overnemer_warme_overdracht"
    assert "banenafspraak_gemeente" in found["gemeente"].rule_ids


def test_unknown_decision_point(knowledge):
    with pytest.raises(ValueError, match="leerroute"):
        suggest_partners({}, "intake", knowledge)


def test_default_knowledge_is_loaded_when_none_given():
    assert suggest_partners(VSO_17, "leerroute")
