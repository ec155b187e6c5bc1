"""Unneeded personal data is found by kind; ordinary answers and names alone are not."""

from __future__ import annotations

from bot.privacy.unneeded import unneeded_kinds


def test_bsn_address_and_someone_elses_number_are_found() -> None:
    assert unneeded_kinds("mijn bsn is 123456782") == ["bsn"]
    assert unneeded_kinds("ik woon op de Dorpsstraat 12 in Ede") == ["adres"]
    assert unneeded_kinds("bel mijn oom Karim op 0612345678") == ["telefoon"]
    assert unneeded_kinds("rekening NL91ABNA0417164300") == ["iban"]


def test_ordinary_answers_and_a_bare_name_are_not() -> None:
    for text in ("ik ben 17 en zit op het vso", "ik heet Sanne", "niveau 2 lijkt me goed", ""):
        assert unneeded_kinds(text) == []
