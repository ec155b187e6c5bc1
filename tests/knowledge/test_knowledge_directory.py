"""The regional partner directory is checked on load, like the other knowledge (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.directory import DEFAULT_DATA_DIR, DIRECTORY_FILE, load_directory
from bot.knowledge.model import PARTNER_KEYS


def write(tmp_path: Path, change) -> Path:
    data = yaml.safe_load((DEFAULT_DATA_DIR / DIRECTORY_FILE).read_text(encoding="utf-8"))
    change(data["organisations"])
    (tmp_path / DIRECTORY_FILE).write_text(yaml.safe_dump(data), encoding="utf-8")
    return tmp_path


def test_the_shipped_directory_has_an_organisation_for_the_partners_of_the_tests() -> None:
    directory = load_directory()
    assert {o.partner for o in directory.organisations.values()} <= set(PARTNER_KEYS)
    assert directory.of_account("gemeente-rmc").key == "gemeente_leerplicht"
    assert directory.for_partner("uwv")[0].contact.endswith("@uwv.example")
    assert directory.of_account("niemand") is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda o: o["uwv_midden"].update(partner="werkgever"), "onbekende partner 'werkgever'"),
        (lambda o: o["uwv_midden"].update(contact="bel maar"), "geen mailadres"),
        (lambda o: o["uwv_midden"].update(accounts=["gemeente-rmc"]), "hoort al bij"),
        (lambda o: o["uwv_midden"].update(telefoon="06"), "telefoon"),
        (lambda o: o["uwv_midden"].update(offers=[]), "offers"),
    ],
)
def test_a_wrong_entry_stops_the_load_and_names_it(tmp_path: Path, change, message) -> None:
    with pytest.raises(KnowledgeError, match=message) as problem:
        load_directory(write(tmp_path, change))
    assert "partner_directory.yml" in str(problem.value)


def test_the_command_lists_and_checks(tmp_path: Path, monkeypatch, capsys) -> None:
    from bot.accounts import create_account
    from bot.partners.__main__ import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    assert main(["list"]) == 0 and "gemeente_leerplicht" in capsys.readouterr().out
    assert main(["check"]) == 1
    assert "bot.accounts create gemeente-rmc --rol partner" in capsys.readouterr().err
    for organisation in load_directory().organisations.values():
        for username in organisation.accounts:
            create_account(username, "een-lang-wachtwoord-voor-de-test", username, role="partner")
    assert main(["check"]) == 0 and "De lijst klopt" in capsys.readouterr().out
