"""Issue 28, findings 6-8: dates, ids and downloads that used to end in a 500 or worse."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from bot.accounts import create_account
from bot.rasa.channels import GuardedRestInput
from bot.store import db
from bot.store.erasure import erase_conversation
from bot.store.migrate import upgrade
from bot.store.repository import repository_scope
from tests.figures import report
from tests.web.conftest import open_test_handover
from tests.web.test_inbox import PASSWORD, csrf_of

AUTH = {"Authorization": "Bearer token"}


def login(client: TestClient, username: str, role: str) -> None:
    create_account(username, PASSWORD, username.title(), role=role)
    token = csrf_of(client.get("/medewerker/inloggen").text)
    response = client.post(
        "/medewerker/inloggen",
        data={"csrf": token, "gebruikersnaam": username, "wachtwoord": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303


# -- finding 6: out-of-range dates on the dashboard ------------------------------------------

TABLES = ("gesprekken", "routes", "kerncijfers")


def test_out_of_range_dates_are_a_dutch_422_on_every_period_and_csv(web) -> None:
    login(web, "kwal", "kwaliteit")
    queries = [
        f"periode={kind}&datum={day}"
        for kind in ("week", "maand", "schooljaar")
        for day in ("9999-12-31", "0001-01-01")
    ] + ["periode=eigen&van=0001-01-01&tot=9999-12-31", "periode=eigen&van=9999-12-31"]
    paths = ["/medewerker/dashboard"] + [f"/medewerker/dashboard/{t}.csv" for t in TABLES]
    answers: dict[int, int] = {}
    for query in queries:
        for path in paths:
            response = web.get(f"{path}?{query}")
            answers[response.status_code] = answers.get(response.status_code, 0) + 1
            if response.status_code == 422:
                assert "Kies een datum tussen 1 januari 2000 en 31 december 2099" in response.text
    report(f"dashboard, {sum(answers.values())} out-of-range requests: {answers}")
    assert answers == {422: len(queries) * len(paths)}
    assert web.get("/medewerker/dashboard?periode=maand&datum=2026-03-01").status_code == 200


# -- finding 7: hand-over ids are never reused after an erasure -------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path, monkeypatch) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ids.db'}"
    else:
        url = request.getfixturevalue("postgres").schema_url()
    monkeypatch.setenv("DATABASE_URL", url)
    db.reset_engines()
    upgrade(url)
    yield url
    db.reset_engines()


def _newest_case(conversation_id: str) -> tuple[int, int]:
    """A hand-over and an invitation for a new conversation: their ids."""
    handover_id = open_test_handover(conversation_id)
    with repository_scope() as repository:
        from bot.store.samen import SamenStore

        invitation = SamenStore(repository.session).invite(
            conversation_id=conversation_id,
            handover_id=handover_id,
            partner="uwv",
            organisation="uwv_midden",
            reason="omdat",
            invited_by="anna",
        )
        return handover_id, int(invitation.id)


def test_hand_over_and_invitation_ids_are_not_reused_after_an_erasure(store_url) -> None:
    first = _newest_case("web-erst")
    assert erase_conversation("web-erst", actor="test", via="api", database_url=store_url)
    second = _newest_case("web-daarna")
    report(f"ids after an erasure ({store_url.split(':')[0]}): {first} then {second}")
    assert second[0] > first[0] and second[1] > first[1]
    with repository_scope() as repository:
        assert [h.id for h in repository.handovers("web-daarna")] == [second[0]]


def test_a_link_to_an_erased_case_does_not_open_the_next_one(web) -> None:
    create_account("anna", PASSWORD, "Anna")
    first = open_test_handover("web-weg")
    web.delete("/api/conversations/web-weg", headers=AUTH)
    open_test_handover("web-nieuw")
    token = csrf_of(web.get("/medewerker/inloggen").text)
    web.post(
        "/medewerker/inloggen",
        data={"csrf": token, "gebruikersnaam": "anna", "wachtwoord": PASSWORD},
    )
    assert web.get(f"/medewerker/overdrachten/{first}").status_code == 404


# -- finding 8: odd conversation ids ------------------------------------------------------------

ODD_IDS = {
    "emoji": "web-\U0001f600-zaak",
    "newline": "web-zaak\nX-Extra: 1",
    "crlf": "web-zaak\r\nSet-Cookie: a=b",
    "quote": 'web-zaak"; filename="evil.exe',
    "formula": '=HYPERLINK("x")',
    "slash": "web/zaak/1",
}


def test_odd_ids_already_stored_give_no_500_and_can_be_erased(web) -> None:
    login(web, "beheer", "beheerder")
    statuses: dict[str, list[int]] = {}
    for name, conversation_id in ODD_IDS.items():
        open_test_handover(conversation_id)
        with repository_scope() as repository:
            repository.record_audit("beheer", "bekeken", "inbox", conversation_id)
        from urllib.parse import quote

        path = quote(conversation_id, safe="")
        answers = [
            web.get(f"/api/conversations/{path}/export", headers=AUTH),
            web.get(f"/medewerker/gesprekken/{path}/inzage.json"),
        ]
        for response in answers:
            if response.status_code == 200:
                disposition = response.headers["content-disposition"]
                name_part = disposition.split("filename=", 1)[1]
                assert name_part.count('"') == 2 and "\n" not in disposition
                assert all(ch.isalnum() or ch in '-_."' for ch in name_part)
        statuses[name] = [r.status_code for r in answers]
    trail = list(csv.reader(io.StringIO(web.get("/medewerker/logboek.csv").text)))
    cells = [cell for row in trail for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert '\'=HYPERLINK("x")' in cells
    from urllib.parse import quote

    erased = web.delete(f"/api/conversations/{quote(ODD_IDS['slash'], safe='')}", headers=AUTH)
    statuses["slash-delete"] = [erased.status_code]
    report(f"odd conversation ids (export, inzage.json): {statuses}")
    assert all(code < 500 for codes in statuses.values() for code in codes)
    assert all(statuses[name] == [200, 200] for name in ODD_IDS if name != "slash")
    assert erased.status_code == 204
    with repository_scope() as repository:
        assert repository.handovers(ODD_IDS["slash"]) == []


class _Request:
    """What the REST channel reads of a request: its JSON body."""

    def __init__(self, sender: object) -> None:
        self.json = {"sender": sender, "message": "hoi"}


@pytest.mark.parametrize("name", sorted(ODD_IDS))
async def test_rasa_s_rest_channel_refuses_sender_ids_no_channel_makes(name: str) -> None:
    from sanic.exceptions import SanicException

    with pytest.raises(SanicException) as refused:
        await GuardedRestInput()._extract_sender(_Request(ODD_IDS[name]))
    assert refused.value.status_code == 400


async def test_rasa_s_rest_channel_takes_the_ids_the_channels_make() -> None:
    for sender in ("web-" + "A1_-" * 5 + "xy", "sim-jongere_vmbo-1a2b3c4d", "default"):
        assert await GuardedRestInput()._extract_sender(_Request(sender)) == sender
