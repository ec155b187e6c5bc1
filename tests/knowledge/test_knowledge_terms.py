"""Term lookup through aliases, and plain-language (B1) checks on every text a user can see."""

from __future__ import annotations

import re

import pytest

from bot.knowledge import find_term, find_terms

REQUIRED_TERMS = (
    "startkwalificatie",
    "entree",
    "niveau",
    "niveau_1",
    "niveau_2",
    "niveau_3",
    "niveau_4",
    "bol",
    "bbl",
    "bpv",
    "leerbedrijf",
    "mbo_certificaat",
    "praktijkverklaring",
    "mbo_verklaring",
    "warme_overdracht",
    "doelgroepregister",
    "jobcoach",
    "leerplicht",
    "kwalificatieplicht",
    "toelatingsrecht",
    "ondersteuningsafspraken",
    "banenafspraak",
    "beschut_werk",
    "mbo_diploma",
    "certificaat",
)


def test_required_terms_exist(knowledge):
    missing = [key for key in REQUIRED_TERMS if key not in knowledge.terms]
    assert not missing


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("BBL", "bbl"),
        ("bbl", "bbl"),
        ("BBL-opleiding", "bbl"),
        ("bbl opleiding", "bbl"),
        ("start kwalificatie", "startkwalificatie"),
        ("Start-kwalificatie", "startkwalificatie"),
        ("SK", "startkwalificatie"),
        ("stage", "bpv"),
        ("BPV-plek", "bpv"),
        ("niveau 2", "niveau_2"),
        ("mbo-1", "niveau_1"),
        ("niveau_3", "niveau_3"),
        ("niveau", "niveau"),
        ("Entrée", "entree"),
        ("entree-opleiding", "entree"),
        ("1 april", "toelatingsrecht"),
        ("warme overdracht", "warme_overdracht"),
        ("praktijkleerroute", "praktijkverklaring"),
        ("certificaatroute", "certificaat"),
        ("mbo-certificaat", "mbo_certificaat"),
        ("ZAT", "zorg_en_adviesteam"),
        ("RMC", "doorstroompunt"),
    ],
)
def test_find_term_through_aliases(knowledge, text, key):
    term = find_term(text, knowledge)
    assert term is not None, text
    assert term.key == key


def test_find_term_inside_a_question(knowledge):
    assert find_term("Wat is een startkwalificatie?", knowledge).key == "startkwalificatie"
    assert find_term("wat betekent niveau 2 eigenlijk", knowledge).key == "niveau_2"
    assert [t.key for t in find_terms("verschil tussen bol en bbl?", knowledge)] == ["bol", "bbl"]


def test_unknown_term(knowledge):
    assert find_term("fietsenstalling", knowledge) is None
    assert find_terms("", knowledge) == []


# --- plain language ----------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_LONG_WORD = 22  # letters; longer words are hard to read for the target group


def _sentences(text: str) -> list[list[str]]:
    return [part.split() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def _b1_problems(name: str, text: str, max_sentences: int | None = None) -> list[str]:
    problems = []
    sentences = _sentences(text)
    lengths = [len(words) for words in sentences]
    if max_sentences is not None and not 1 <= len(sentences) <= max_sentences:
        problems.append(f"{name}: {len(sentences)} zinnen")
    if lengths and sum(lengths) / len(lengths) > 15:
        problems.append(f"{name}: gemiddeld {sum(lengths) / len(lengths):.1f} woorden per zin")
    if any(length > 25 for length in lengths):
        problems.append(f"{name}: een zin van {max(lengths)} woorden")
    long_words = [w for w in text.split() if len(w.strip(".,!?()'")) > _LONG_WORD]
    if long_words:
        problems.append(f"{name}: lange woorden {long_words}")
    return problems


def test_term_explanations_are_b1(knowledge):
    problems = []
    for term in knowledge.terms.values():
        problems += _b1_problems(f"term {term.key}", term.explanation, max_sentences=3)
        if re.search(r"\b(u|uw)\b", term.explanation, flags=re.IGNORECASE):
            problems.append(f"term {term.key}: gebruik de je-vorm, niet u")
    assert not problems, "\n".join(problems)


def test_route_and_partner_texts_are_b1(knowledge):
    problems = []
    for route in knowledge.routes.values():
        problems += _b1_problems(f"route {route.key} meaning", route.meaning, max_sentences=3)
        problems += _b1_problems(f"route {route.key} for_whom", route.for_whom, max_sentences=3)
    for partner in knowledge.partners.values():
        problems += _b1_problems(f"partner {partner.key} role", partner.role, max_sentences=3)
        problems += _b1_problems(
            f"partner {partner.key} involve_when", partner.involve_when, max_sentences=3
        )
    assert not problems, "\n".join(problems)


def test_rule_reasons_are_one_short_clause(knowledge):
    problems = []
    for rule in knowledge.suggestion_rules:
        words = rule.reason.split()
        if len(words) > 22:
            problems.append(f"rule {rule.id}: {len(words)} woorden")
        if rule.reason.endswith("."):
            problems.append(f"rule {rule.id}: eindigt met een punt (wordt achter een zin geplakt)")
    assert not problems, "\n".join(problems)


def test_b1_check_can_fail():
    long_sentence = " ".join(["woord"] * 26) + "."
    assert _b1_problems("x", long_sentence)
    assert _b1_problems("x", "Een. Twee. Drie. Vier.", max_sentences=3)
    assert not _b1_problems("x", "Dit is kort. Dit ook.", max_sentences=3)


# --- every explanation names its source and when it was checked ------------------------------


def test_every_term_names_a_known_source_and_a_check_date() -> None:
    from datetime import date

    from bot.knowledge import load_knowledge
    from bot.knowledge.model import TERM_SOURCES

    for term in load_knowledge().terms.values():
        assert term.source in TERM_SOURCES, term.key
        assert date.fromisoformat(term.checked) <= date.today(), term.key


@pytest.mark.parametrize(
    ("field", "value", "complaint"),
    [
        ("source", None, "'source' ontbreekt"),
        ("source", "Wikipedia", "geen bekende bron"),
        ("checked", None, "'checked' ontbreekt"),
        ("checked", "vorige week", "geen datum"),
    ],
)
def test_an_explanation_without_a_source_does_not_load(
    edit_yaml, field: str, value: object, complaint: str
) -> None:
    from bot.knowledge import KnowledgeError, load_knowledge

    def change(data: dict) -> None:  # type: ignore[type-arg]
        if value is None:
            del data["bbl"][field]
        else:
            data["bbl"][field] = value

    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(edit_yaml("terms.yml", change))
    assert "bbl" in str(caught.value) and complaint in str(caught.value)
