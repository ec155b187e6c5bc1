"""The fictional cases load, are validated, and can be found by name, key or number."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import PARTNER_KEYS, KnowledgeError
from bot.practice import find_case, load_cases

GOOD = """
- key: een
  naam: Anna
  leeftijd: 17
  situatie: Anna zit op het vmbo. Ze wil graag kapper worden. Ze heeft nog geen diploma.
  partners:
    mbo_school: omdat de mbo-school de intake doet
"""


def _write(tmp_path: Path, text: str, copies: int = 6) -> Path:
    blocks = [text.replace("key: een", f"key: casus_{n}") for n in range(copies)]
    path = tmp_path / "cases.yml"
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def test_the_shipped_cases_cover_the_required_situations() -> None:
    cases = load_cases()
    assert len(cases) >= 6
    keys = {case.key for case in cases}
    assert {
        "pro_diploma_buiten_bereik",
        "vso_jeugdhulp_bijna_18",
        "isk_nieuwkomer",
        "uitvaller_met_uitkering",
        "vmbo_ondersteuning_na_1_april",
        "arbeidsbeperking_banenafspraak",
    } <= keys
    for case in cases:
        assert case.partners and set(case.partners) <= set(PARTNER_KEYS)
        assert all(reason.startswith("omdat ") for reason in case.partners.values())


def test_a_valid_file_loads(tmp_path: Path) -> None:
    cases = load_cases(_write(tmp_path, GOOD))
    assert [c.naam for c in cases] == ["Anna"] * 6
    assert cases[0].title == "Anna (17)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("mbo_school:", "school:"), "onbekende partner"),
        (("omdat de mbo", "want de mbo"), "moet beginnen met 'omdat'"),
        (("leeftijd: 17", "leeftijd: 7"), "leeftijd"),
        (("  naam: Anna\n", ""), "ontbreken: naam"),
        (("key: een", "key: Een Twee"), "key"),
    ],
)
def test_a_wrong_case_is_refused_with_a_clear_message(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    wrong = GOOD.replace(*change)
    path = tmp_path / "cases.yml"
    path.write_text(wrong * 1 + "\n".join(GOOD.replace("key: een", f"key: c{n}") for n in range(6)))
    with pytest.raises(KnowledgeError, match=message):
        load_cases(path)


def test_too_few_or_double_cases_are_refused(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="minstens 6"):
        load_cases(_write(tmp_path, GOOD, copies=3))
    path = tmp_path / "double.yml"
    path.write_text(GOOD * 6, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="twee keer"):
        load_cases(path)


def test_find_case_by_key_name_or_number() -> None:
    cases = load_cases()
    assert find_case("pro_diploma_buiten_bereik") is cases[0]
    assert find_case("ik kies Noor") is cases[1]
    assert find_case("nummer 3 graag") is cases[2]
    assert find_case("geen idee") is None
    assert find_case("99") is None
