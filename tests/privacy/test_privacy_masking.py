"""mask(): each category of personal data, and ordinary words that must stay."""

from __future__ import annotations

import pytest

from bot.privacy import PLACEHOLDERS, mask
from bot.privacy.checks import passes_elfproef, valid_iban

CASES = [
    # names given with a phrase
    ("Ik heet Sanne", "Ik heet [naam]"),
    ("mijn naam is Sanne de Vries en ik ben 16", "mijn naam is [naam] en ik ben 16"),
    ("Hij heet Mo.", "Hij heet [naam]."),
    ("zij heet Fatima El Amrani", "zij heet [naam]"),
    ("ze heet Anne-Marie van 't Hof", "ze heet [naam]"),
    ("Naam: Jan van der Berg", "Naam: [naam]"),
    ("Dit is Ahmed, hij is 17", "Dit is [naam], hij is 17"),
    ("mijn zoon Jan wil koken", "mijn zoon [naam] wil koken"),
    ("Mijn dochter Lisa zit op het vso", "Mijn dochter [naam] zit op het vso"),
    ("mijn leerling Sanne de Vries zoekt een BBL-plek", "mijn leerling [naam] zoekt een BBL-plek"),
    ("Mijn moeder heet Aisha.", "Mijn moeder heet [naam]."),
    ("ik ben 16 en heet Daan", "ik ben 16 en heet [naam]"),
    ("Ik heet Sanne. Sanne wil de zorg in.", "Ik heet [naam]. [naam] wil de zorg in."),
    ("ik heet sanne", "ik heet [naam]"),
    ("ik heet sanne en ik ben 16", "ik heet [naam] en ik ben 16"),
    ("mevrouw de Vries belt morgen", "mevrouw [naam] belt morgen"),
    ("Groetjes, Sanne", "Groetjes, [naam]"),
    ("Hallo, ik ben Mo uit Syrië", "Hallo, ik ben [naam] uit Syrië"),
    # e-mail
    ("mail me op sanne.devries@gmail.com", "mail me op [e-mail]"),
    ("Mijn mail: j.jansen+school@roc-utrecht.nl.", "Mijn mail: [e-mail]."),
    # phone numbers
    ("bel 06-12345678", "bel [telefoon]"),
    ("bel 06 1234 5678 of 06 12 34 56 78", "bel [telefoon] of [telefoon]"),
    ("+31 6 12345678", "[telefoon]"),
    ("+31 (0)6 12345678", "[telefoon]"),
    ("0031612345678", "[telefoon]"),
    ("tel 020-1234567", "tel [telefoon]"),
    ("0201234567", "[telefoon]"),
    ("(020) 123 4567", "[telefoon]"),
    ("0345-123456", "[telefoon]"),
    # BSN
    ("123456782", "[bsn]"),
    ("mijn bsn is 123.456.782", "mijn bsn is [bsn]"),
    ("BSN: 111222333", "BSN: [bsn]"),
    ("burgerservicenummer 1234.56.782", "burgerservicenummer [bsn]"),
    ("nummer 12345678", "nummer 12345678"),  # 8 digits that fail the elfproef stay
    ("bsn: 123456789", "bsn: [bsn]"),  # after "bsn" always, even without elfproef
    # postcodes and addresses
    ("1234 AB Utrecht", "[postcode] Utrecht"),
    ("postcode 3511ab", "postcode [postcode]"),
    ("ik woon op de Dorpsstraat 12", "ik woon op de [adres]"),
    ("Kerkstraat 5a, 1234 AB Utrecht", "[adres], [postcode] Utrecht"),
    ("Laan van Meerdervoort 52", "[adres]"),
    ("Oude Gracht 12", "[adres]"),
    ("kerkstraat 7", "[adres]"),
    # dates of birth
    ("geboren op 3-4-2009", "geboren op [geboortedatum]"),
    ("12-03-2008", "[geboortedatum]"),
    ("3/4/2009", "[geboortedatum]"),
    ("ze is geboren op 12 maart 2008", "ze is geboren op [geboortedatum]"),
    ("1e april 2007", "[geboortedatum]"),
    ("2008-03-12", "[geboortedatum]"),
    ("geboren 3-4-09", "geboren [geboortedatum]"),
    ("geboren op 3 april", "geboren op [geboortedatum]"),
    ("ik begin op 1 september 2035", "ik begin op [datum]"),
    # IBAN
    ("NL91ABNA0417164300", "[iban]"),
    ("rekening NL91 ABNA 0417 1643 00", "rekening [iban]"),
    ("BE68 5390 0754 7034", "[iban]"),
    # things that must stay
    ("Ze is 17 jaar", "Ze is 17 jaar"),
    ("niveau 2", "niveau 2"),
    ("in 2024", "in 2024"),
    ("in 2024 en 2025", "in 2024 en 2025"),
    ("1 april", "1 april"),
    ("BBL", "BBL"),
    ("Praktijkonderwijs", "Praktijkonderwijs"),
    ("Ik woon in Utrecht", "Ik woon in Utrecht"),
    ("ik heet niet zo", "ik heet niet zo"),
    ("mijn naam is lastig uit te spreken", "mijn naam is lastig uit te spreken"),
    ("Ik ben Nederlands", "Ik ben Nederlands"),
    ("Ik ben Mbo-student", "Ik ben Mbo-student"),
    ("ik doe de kaderberoepsgerichte leerweg 2", "ik doe de kaderberoepsgerichte leerweg 2"),
    ("17 jaar, niveau 2 BBL, 20 uur per week", "17 jaar, niveau 2 BBL, 20 uur per week"),
    ("ik heb 1500 euro schuld", "ik heb 1500 euro schuld"),
    ("score 1-2-12", "score 1-2-12"),
    ("de hele dag Minecraft", "de hele dag Minecraft"),
    ("Hij wil bij de Gemeente werken", "Hij wil bij de Gemeente werken"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_mask(text, expected):
    assert mask(text) == expected


def test_case_table_is_large_enough():
    assert len(CASES) >= 30


def test_masking_is_stable_when_applied_twice():
    for text, expected in CASES:
        assert mask(expected) == expected, text


def test_placeholders_are_dutch_and_bracketed():
    assert "[naam]" in PLACEHOLDERS and "[telefoon]" in PLACEHOLDERS
    assert all(p.startswith("[") and p.endswith("]") for p in PLACEHOLDERS)


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("123456782", True), ("111222333", True), ("123456789", False), ("000000000", False)],
)
def test_elfproef(digits, valid):
    assert passes_elfproef(digits) is valid


def test_iban_checksum():
    assert valid_iban("NL91 ABNA 0417 1643 00")
    assert not valid_iban("NL92ABNA0417164300")
