"""The loader: the real data loads, and every kind of mistake gives a clear KnowledgeError."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.knowledge import (
    DECISION_POINT_KEYS,
    PARTNER_KEYS,
    ROUTE_KEYS,
    KnowledgeError,
    load_knowledge,
)
from bot.knowledge.loader import clear_knowledge_cache

ROOT = Path(__file__).resolve().parents[2]


def _rule(data: object, rule_id: str) -> dict:
    return next(rule for rule in data if rule["id"] == rule_id)  # type: ignore[union-attr]


def _load_error(path: Path) -> KnowledgeError:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path)
    return caught.value


# --- the real data -----------------------------------------------------------------------------


def test_real_data_loads_with_the_contract_keys(knowledge):
    assert tuple(knowledge.routes) == ROUTE_KEYS
    assert tuple(knowledge.partners) == PARTNER_KEYS
    assert tuple(knowledge.decision_points) == DECISION_POINT_KEYS
    assert len(knowledge.suggestion_rules) >= 40
    assert knowledge.data_dir.name == "data"


def test_load_is_cached_per_folder(knowledge, data_copy):
    assert load_knowledge() is knowledge
    assert load_knowledge(str(knowledge.data_dir)) is knowledge
    copy = load_knowledge(data_copy)
    assert copy is not knowledge
    assert load_knowledge(data_copy) is copy
    clear_knowledge_cache()
    assert load_knowledge(data_copy) is not copy


def test_loaded_objects_are_frozen(knowledge):
    rule = knowledge.suggestion_rules[0]
    with pytest.raises(AttributeError):
        rule.reason = "omdat het kan"  # type: ignore[misc]
    with pytest.raises(TypeError):
        knowledge.partners["nieuw"] = knowledge.partners["uwv"]  # type: ignore[index]


def test_every_rule_refers_to_known_partners_signals_and_decision_points(knowledge):
    points = {"leerroute", "ondersteuning", "vervolg", "pre_intake"}
    for rule in knowledge.suggestion_rules:
        assert (rule.partner is None) != (rule.partner_from is None), rule.id
        if rule.partner is not None:
            assert rule.partner in knowledge.partners, rule.id
        else:
            assert knowledge.questions[rule.partner_from].value_source == "partners", rule.id
        for signal in (*rule.when, *rule.when_any):
            assert signal in knowledge.signals, (rule.id, signal)
        assert rule.decision_points and set(rule.decision_points) <= points, rule.id
        assert rule.reason.startswith("omdat "), rule.id


def test_rule_ids_are_unique(knowledge):
    ids = [rule.id for rule in knowledge.suggestion_rules]
    assert len(ids) == len(set(ids))


def test_every_partner_can_be_suggested_somewhere(knowledge):
    fixed = {rule.partner for rule in knowledge.suggestion_rules}
    assert set(knowledge.partners) <= fixed


# --- suggestion_rules.yml mistakes -----------------------------------------------------------


def test_unknown_partner_in_rule(edit_yaml):
    def change(data):
        _rule(data, "schulden_gemeente")["partner"] = "wijkteam"

    error = _load_error(edit_yaml("suggestion_rules.yml", change))
    assert error.file == "suggestion_rules.yml"
    assert "schulden_gemeente" in str(error)
    assert "wijkteam" in str(error)
    assert error.allowed == PARTNER_KEYS


def test_unknown_signal_in_rule(edit_yaml):
    def change(data):
        _rule(data, "schulden_gemeente")["when"] = ["signaal_schuld"]

    error = _load_error(edit_yaml("suggestion_rules.yml", change))
    assert "regel 'schulden_gemeente'" in str(error)
    assert "onbekend signaal 'signaal_schuld'" in str(error)
    assert "signaal_schulden" in error.allowed


def test_unknown_signal_in_when_any(edit_yaml):
    def change(data):
        _rule(data, "ondersteuning_mbo")["when_any"] = ["ondersteuning_nodig", "zorg"]

    assert "onbekend signaal 'zorg'" in str(_load_error(edit_yaml("suggestion_rules.yml", change)))


def test_unknown_decision_point_in_rule(edit_yaml):
    def change(data):
        _rule(data, "schulden_gemeente")["decision_points"] = ["leerroute", "intake"]

    error = _load_error(edit_yaml("suggestion_rules.yml", change))
    assert "'intake'" in str(error)
    assert error.allowed == ("leerroute", "ondersteuning", "vervolg", "pre_intake")


def test_decision_points_that_use_all_rules_are_refused_in_a_rule(edit_yaml):
    def change(data):
        _rule(data, "schulden_gemeente")["decision_points"] = ["op_verzoek"]

    assert "op_verzoek" in str(_load_error(edit_yaml("suggestion_rules.yml", change)))


def test_duplicate_rule_id(edit_yaml):
    def change(data):
        _rule(data, "schulden_zorgteam")["id"] = "schulden_gemeente"

    error = _load_error(edit_yaml("suggestion_rules.yml", change))
    assert "schulden_gemeente" in str(error)
    assert "twee keer" in str(error)


def test_missing_reason(edit_yaml):
    def change(data):
        del _rule(data, "schulden_gemeente")["reason"]

    error = _load_error(edit_yaml("suggestion_rules.yml", change))
    assert "schulden_gemeente" in str(error)
    assert "'reason' ontbreekt" in str(error)


def test_reason_must_start_with_omdat(edit_yaml):
    def change(data):
        _rule(data, "schulden_gemeente")["reason"] = "De gemeente helpt bij schulden."

    error = _load_error(edit_yaml("suggestion_rules.yml", change))
    assert "schulden_gemeente" in str(error)
    assert "omdat" in error.problem


def test_rule_needs_exactly_one_of_partner_and_partner_from(edit_yaml):
    def change(data):
        _rule(data, "schulden_gemeente")["partner_from"] = "verwijzer"

    assert "precies één" in str(_load_error(edit_yaml("suggestion_rules.yml", change)))


def test_partner_from_needs_a_partner_question(edit_yaml):
    def change(data):
        rule = _rule(data, "verwijzer_meldde_aan")
        rule["partner_from"] = "herkomst"

    error = _load_error(edit_yaml("suggestion_rules.yml", change))
    assert "herkomst" in str(error)
    assert set(error.allowed) == {"betrokken_partners", "overnemende_partner", "verwijzer"}


def test_rule_without_id(edit_yaml):
    def change(data):
        del data[0]["id"]

    error = _load_error(edit_yaml("suggestion_rules.yml", change))
    assert "regel nummer 1" in str(error)
    assert "'id'" in str(error)


def test_unknown_field_is_a_typo(edit_yaml):
    def change(data):
        _rule(data, "schulden_gemeente")["reden"] = "omdat"

    error = _load_error(edit_yaml("suggestion_rules.yml", change))
    assert "onbekend veld 'reden'" in str(error)
    assert "reason" in error.allowed


# --- signals.yml mistakes ----------------------------------------------------------------------


def test_unknown_question_in_signal(edit_yaml):
    def change(data):
        data["herkomst_pro"]["condition"] = {"question": "afkomst", "equals": "pro"}

    error = _load_error(edit_yaml("signals.yml", change))
    assert error.file == "signals.yml"
    assert "signaal 'herkomst_pro'" in str(error)
    assert "onbekende vraag 'afkomst'" in str(error)
    assert "herkomst" in error.allowed


def test_unknown_value_in_signal(edit_yaml):
    def change(data):
        data["herkomst_pro"]["condition"] = {"question": "herkomst", "in": ["pro", "praktijk"]}

    error = _load_error(edit_yaml("signals.yml", change))
    assert "'praktijk'" in str(error)
    assert "pro" in error.allowed and "vso" in error.allowed


def test_unknown_value_inside_a_combination(edit_yaml):
    def change(data):
        data["herkomst_pro"]["condition"] = {
            "any": [
                {"question": "herkomst", "equals": "pro"},
                {"not": {"question": "signalen", "contains": "verslaving"}},
            ]
        }

    assert "'verslaving'" in str(_load_error(edit_yaml("signals.yml", change)))


def test_operator_must_fit_the_question_kind(edit_yaml):
    def change(data):
        data["herkomst_pro"]["condition"] = {"question": "herkomst", "contains": "pro"}

    error = _load_error(edit_yaml("signals.yml", change))
    assert "'contains' past niet" in str(error)
    assert "equals" in error.allowed


def test_between_needs_two_ordered_numbers(edit_yaml):
    def change(data):
        data["leeftijd_16_17"]["condition"] = {"question": "leeftijd", "between": [17, 16]}

    assert "kleinste" in str(_load_error(edit_yaml("signals.yml", change)))


def test_unquoted_no_is_explained(data_copy):
    path = data_copy / "signals.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "{question: startkwalificatie, equals: nee}",
            "{question: startkwalificatie, equals: no}",
        ),
        encoding="utf-8",
    )
    error = _load_error(data_copy)
    assert "geen_startkwalificatie" in str(error)
    assert "aanhalingstekens" in str(error)


# --- routes, partners, decision points, terms, questions ---------------------------------------


def test_unknown_route_key(edit_yaml):
    def change(data):
        data["entree_route"] = dict(data["certificaat"])

    error = _load_error(edit_yaml("routes.yml", change))
    assert error.file == "routes.yml"
    assert "entree_route" in str(error)
    assert error.allowed == ROUTE_KEYS


def test_missing_route_key(edit_yaml):
    def change(data):
        del data["praktijkverklaring"]

    assert "praktijkverklaring" in str(_load_error(edit_yaml("routes.yml", change)))


def test_unknown_partner_key_in_partners_file(edit_yaml):
    def change(data):
        data["sbb"] = dict(data["leerbedrijf"])

    error = _load_error(edit_yaml("partners.yml", change))
    assert "sbb" in str(error)
    assert error.allowed == PARTNER_KEYS


def test_decision_points_are_fixed(edit_yaml):
    def change(data):
        data["intake"] = {"label": "intake"}

    assert "intake" in str(_load_error(edit_yaml("decision_points.yml", change)))


def test_duplicate_key_in_a_file_is_refused(data_copy):
    path = data_copy / "terms.yml"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nbbl:\n  title: Dubbel\n  explanation: Dubbel.\n",
        encoding="utf-8",
    )
    error = _load_error(data_copy)
    assert error.file == "terms.yml"
    assert "'bbl' staat twee keer" in str(error)


def test_alias_claimed_by_two_terms(edit_yaml):
    def change(data):
        data["bol"]["aliases"].append("BBL-opleiding")

    error = _load_error(edit_yaml("terms.yml", change))
    assert "term 'bol'" in str(error)
    assert "bbl" in str(error)


def test_term_needs_an_explanation(edit_yaml):
    def change(data):
        data["bbl"]["explanation"] = "  "

    assert "'explanation'" in str(_load_error(edit_yaml("terms.yml", change)))


def test_question_with_unknown_part_or_kind(edit_yaml):
    def change(data):
        data["questions"]["leeftijd"]["kind"] = "getal"

    error = _load_error(edit_yaml("questions.yml", change))
    assert "vraag 'leeftijd'" in str(error)
    assert "number" in error.allowed


def test_synonym_for_unknown_value(edit_yaml):
    def change(data):
        data["questions"]["herkomst"]["synonyms"]["mavo"] = ["mavo"]

    error = _load_error(edit_yaml("questions.yml", change))
    assert "'mavo'" in str(error)
    assert "vmbo" in error.allowed


def test_same_synonym_for_two_values(edit_yaml):
    def change(data):
        data["questions"]["herkomst"]["synonyms"]["vso"].append("praktijkschool")

    assert "praktijkschool" in str(_load_error(edit_yaml("questions.yml", change)))


def test_yaml_syntax_error_names_the_line(data_copy):
    path = data_copy / "partners.yml"
    path.write_text("uwv:\n  name: UWV\n   role: x\n", encoding="utf-8")
    error = _load_error(data_copy)
    assert error.file == "partners.yml"
    assert "regelnummer" in str(error)


def test_missing_file(data_copy):
    (data_copy / "suggestion_rules.yml").unlink()
    error = _load_error(data_copy)
    assert error.file == "suggestion_rules.yml"
    assert "ontbreekt" in str(error)


def test_import_reads_no_files():
    code = (
        "import bot.knowledge, bot.knowledge.loader as loader;"
        "print(loader._load_cached.cache_info().currsize)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "0"
