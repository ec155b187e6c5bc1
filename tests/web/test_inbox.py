"""The hand-over inbox: login, sessions, CSRF, taking, replying, deciding and escaping."""

from __future__ import annotations

import re
import time

import pytest
from starlette.testclient import TestClient

from bot.accounts import authenticate, create_account, hash_password, main, verify_password
from bot.store.repository import repository_scope
from bot.web.app import create_app
from tests.web.conftest import open_test_handover

PASSWORD = "een-lang-wachtwoord"


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def login(client: TestClient, username: str = "anna") -> str:
    token = csrf_of(client.get("/medewerker/inloggen").text)
    response = client.post(
        "/medewerker/inloggen",
        data={"csrf": token, "gebruikersnaam": username, "wachtwoord": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/medewerker/").text)


@pytest.fixture
def accounts(web) -> None:
    create_account("anna", PASSWORD, "Anna de Vries")
    create_account("bram", PASSWORD, "Bram Jansen")


def test_passwords_are_argon2_hashed(web) -> None:
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$") and verify_password(hashed, PASSWORD)
    assert not verify_password(hashed, "fout") and not verify_password("onzin", PASSWORD)
    create_account("anna", PASSWORD, "Anna")
    with repository_scope() as repository:
        assert repository.get_professional("anna").password_hash.startswith("$argon2id$")
    assert authenticate("anna", PASSWORD).display_name == "Anna"
    assert authenticate("anna", "verkeerd-wachtwoord") is None
    assert authenticate("niemand", PASSWORD) is None
    with pytest.raises(ValueError):
        create_account("anna", PASSWORD, "nog een")
    with pytest.raises(ValueError):
        create_account("kees", "kort", "Kees")


def test_the_accounts_command_reads_the_password_from_stdin(web, monkeypatch, capsys) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["create", "Fatima", "--name", "Fatima B.", "--password-stdin"]) == 0
    assert "fatima" in capsys.readouterr().out
    assert authenticate("fatima", PASSWORD).display_name == "Fatima B."


def test_every_inbox_page_and_action_needs_a_login(web, accounts) -> None:
    handover_id = open_test_handover()
    for path in ("/medewerker/", f"/medewerker/overdrachten/{handover_id}"):
        response = web.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].endswith("/inloggen")
    for action in ("oppakken", "bericht", "besluit"):
        response = web.post(
            f"/medewerker/overdrachten/{handover_id}/{action}", follow_redirects=False
        )
        assert response.status_code == 303
    assert web.get(f"/medewerker/overdrachten/{handover_id}/live").status_code == 401


def test_login_logout_and_a_wrong_password(web, accounts) -> None:
    token = csrf_of(web.get("/medewerker/inloggen").text)
    wrong = web.post(
        "/medewerker/inloggen",
        data={"csrf": token, "gebruikersnaam": "anna", "wachtwoord": "fout"},
    )
    assert wrong.status_code == 401 and "klopt niet" in wrong.text
    token = login(web)
    page = web.get("/medewerker/")
    assert page.status_code == 200 and "Anna de Vries" in page.text
    cookie = web.cookies.get("medewerker_sessie")
    assert cookie
    response = web.post("/medewerker/uitloggen", data={"csrf": token}, follow_redirects=False)
    assert response.status_code == 303
    assert web.get("/medewerker/", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_strict_and_http_only(web, accounts) -> None:
    token = csrf_of(web.get("/medewerker/inloggen").text)
    response = web.post(
        "/medewerker/inloggen",
        data={"csrf": token, "gebruikersnaam": "anna", "wachtwoord": PASSWORD},
        follow_redirects=False,
    )
    header = response.headers["set-cookie"].lower()
    assert "samesite=strict" in header and "httponly" in header and "path=/medewerker" in header


def test_a_session_expires(web, accounts, monkeypatch) -> None:
    login(web)
    assert web.get("/medewerker/").status_code == 200
    later = time.time() + 8 * 3600 + 5
    monkeypatch.setattr("bot.web.staff.auth.time.time", lambda: later)
    response = web.get("/medewerker/", follow_redirects=False)
    # Both the signed cookie (max_age) and the login time in the session say: expired.
    assert response.status_code == 303 and response.headers["location"].startswith(
        "/medewerker/inloggen"
    )


def test_a_deactivated_account_loses_its_session(web, accounts) -> None:
    login(web)
    with repository_scope() as repository:
        repository.get_professional("anna").active = False
    assert web.get("/medewerker/", follow_redirects=False).status_code == 303


def test_forms_without_the_right_csrf_token_are_refused(web, accounts) -> None:
    handover_id = open_test_handover()
    assert (
        web.post(
            "/medewerker/inloggen",
            data={"csrf": "fout", "gebruikersnaam": "anna", "wachtwoord": PASSWORD},
        ).status_code
        == 403
    )
    login(web)
    for action in ("oppakken", "bericht", "besluit"):
        for data in ({}, {"csrf": "fout", "bericht": "x", "besluit": "mbo_diploma"}):
            response = web.post(f"/medewerker/overdrachten/{handover_id}/{action}", data=data)
            assert response.status_code == 403
    with repository_scope() as repository:
        assert repository.get_handover(handover_id).status == "open"


def test_two_professionals_cannot_take_the_same_handover(web, accounts) -> None:
    handover_id = open_test_handover()
    token = login(web, "anna")
    taken = web.post(f"/medewerker/overdrachten/{handover_id}/oppakken", data={"csrf": token})
    assert taken.status_code == 200 and "Je hebt deze overdracht opgepakt" in taken.text
    with TestClient(create_app()) as other:
        other_token = login(other, "bram")
        conflict = other.post(
            f"/medewerker/overdrachten/{handover_id}/oppakken", data={"csrf": other_token}
        )
        assert conflict.status_code == 409
        assert "al opgepakt" in conflict.text and "anna" in conflict.text
        # Bram may not reply or decide either.
        refused = other.post(
            f"/medewerker/overdrachten/{handover_id}/bericht",
            data={"csrf": other_token, "bericht": "hoi"},
        )
        assert refused.status_code == 409 and "Pak de overdracht eerst op" in refused.text


def test_reply_and_decide_need_taking_first_and_publish_live(web, accounts) -> None:
    handover_id = open_test_handover("web-AAAAAAAAAAAAAAAAAAAAAA")
    token = login(web)
    early = web.post(
        f"/medewerker/overdrachten/{handover_id}/bericht", data={"csrf": token, "bericht": "hoi"}
    )
    assert early.status_code == 409
    web.post(f"/medewerker/overdrachten/{handover_id}/oppakken", data={"csrf": token})
    sent = web.post(
        f"/medewerker/overdrachten/{handover_id}/bericht",
        data={"csrf": token, "bericht": "Ik lees mee"},
    )
    assert sent.status_code == 200 and "Je bericht is verstuurd" in sent.text
    assert web.rasa.professional == [("web-AAAAAAAAAAAAAAAAAAAAAA", "Ik lees mee")]
    bad = web.post(
        f"/medewerker/overdrachten/{handover_id}/besluit", data={"csrf": token, "besluit": "havo"}
    )
    assert bad.status_code == 422 and "Kies een leerroute" in bad.text
    decided = web.post(
        f"/medewerker/overdrachten/{handover_id}/besluit",
        data={"csrf": token, "besluit": "certificaat", "notitie": "Past goed"},
    )
    assert decided.status_code == 200 and "Het besluit is opgeslagen" in decided.text
    with repository_scope() as repository:
        handover = repository.get_handover(handover_id)
        assert (handover.status, handover.decision, handover.decided_by) == (
            "afgerond",
            "certificaat",
            "anna",
        )
    events = [e.data for e in web.hub.history("web-AAAAAAAAAAAAAAAAAAAAAA", 0)]
    assert events[0]["state"] == "opgepakt"
    assert {"type": "message", "sender": "professional", "text": "Ik lees mee"} in events
    assert events[-2]["text"] == "Fijn, we gaan verder." and events[-1]["state"] == "assistent"


def test_the_inbox_lists_open_cases_in_dutch(web, accounts) -> None:
    open_test_handover("web-een", "leerroute")
    open_test_handover("web-twee", "op_verzoek")
    login(web)
    page = web.get("/medewerker/").text
    assert "<caption>" in page and 'scope="col"' in page
    assert (
        "welke leerroute past het best" in page and "de gebruiker wil met een mens praten" in page
    )
    assert "wacht minder dan 1 min" in page
    assert page.index("Overdracht 2") < page.index("Overdracht 1")  # newest first


def test_the_inbox_names_the_team_and_a_team_that_was_not_reached(web, accounts) -> None:
    told, not_told = open_test_handover("web-een"), open_test_handover("web-twee")
    with repository_scope() as repository:
        for handover_id in (told, not_told):
            repository.get_handover(handover_id).team = "loopbaan"
        failed = repository.outbox.queue(not_told, "loopbaan", "webhook", "nieuw")
        repository.outbox.failed(failed.id, "webhook: HTTP 500", retry_at=None)
    login(web)
    page = web.get("/medewerker/").text
    page = page[page.index('id="lijst"') :]  # the list, not the team filter
    assert page.count("Loopbaanbegeleiding") == 2
    assert page.count("Team niet bereikt") == 1
    row = page[page.index("Overdracht 2") : page.index("Overdracht 1")]
    assert "Team niet bereikt: webhook: HTTP 500" in row


def test_a_taken_case_that_was_reminded_blijft_liggen_in_the_list(web, accounts) -> None:
    from bot.store.types import utcnow

    handover_id = open_test_handover()
    with repository_scope() as repository:
        repository.take_handover(handover_id, "anna")
    login(web)
    assert "blijft liggen" not in web.get("/medewerker/").text
    with repository_scope() as repository:
        repository.get_handover(handover_id).reminded_at = utcnow()
    assert "blijft liggen" in web.get("/medewerker/").text


def test_the_list_filters_by_team_and_status_and_the_title_counts_the_waiting(
    web, accounts
) -> None:
    first, second, third = (open_test_handover(f"web-{n}") for n in ("een", "twee", "drie"))
    with repository_scope() as repository:
        repository.get_handover(first).team = "intake"
        repository.get_handover(second).team = "loopbaan"
        repository.get_handover(third).team = "loopbaan"
        repository.take_handover(third, "anna")
    login(web)
    page = web.get("/medewerker/").text
    assert "<title>(2) Open overdrachten" in page  # two wait, one is being handled
    assert '<label for="filter-team">Team</label>' in page
    intake = web.get("/medewerker/?team=intake").text
    assert "Overdracht 1" in intake and "Overdracht 2" not in intake
    assert 'data-list="/medewerker/lijst?team=intake"' in intake
    handled = web.get("/medewerker/lijst?team=loopbaan&status=in_behandeling").text
    assert "Overdracht 3" in handled and "Overdracht 2" not in handled
    assert "<html" not in handled and 'data-waiting="0"' in handled
    unknown = web.get("/medewerker/?team=niet-bestaand&status=afgerond").text
    assert all(f"Overdracht {n}" in unknown for n in (1, 2, 3))  # unknown filters are ignored


def test_the_list_stream_says_when_the_list_changed(web, accounts) -> None:
    from bot.web.state.pubsub import INBOX_TOPIC

    handover_id = open_test_handover()
    token = login(web)
    web.post(f"/medewerker/overdrachten/{handover_id}/oppakken", data={"csrf": token})
    web.post(f"/medewerker/overdrachten/{handover_id}/teruggeven", data={"csrf": token})
    reasons = [e.data["reden"] for e in web.hub.history(INBOX_TOPIC, 0)]
    assert reasons == ["opgepakt", "teruggegeven"]
    web.post("/medewerker/uitloggen", data={"csrf": token})
    assert web.get("/medewerker/lijst/live").status_code == 401


def test_release_and_reassign_in_the_inbox(web, accounts) -> None:
    handover_id = open_test_handover()
    token = login(web, "anna")
    page = f"/medewerker/overdrachten/{handover_id}"
    web.post(f"{page}/oppakken", data={"csrf": token})
    assert "Doorgeven aan een collega" in web.get(page).text
    wrong = web.post(f"{page}/doorgeven", data={"csrf": token, "collega": "kees"})
    assert wrong.status_code == 422 and "actief account" in wrong.text
    handed = web.post(f"{page}/doorgeven", data={"csrf": token, "collega": "bram"})
    assert handed.status_code == 200 and "Je collega krijgt een bericht" in handed.text
    assert "Bram Jansen heeft deze overdracht opgepakt" in handed.text  # a name, not a login
    assert web.post(f"{page}/teruggeven", data={"csrf": token}).status_code == 409  # bram has it
    web.post("/medewerker/uitloggen", data={"csrf": token})
    token = login(web, "bram")
    released = web.post(f"{page}/teruggeven", data={"csrf": token})
    assert released.status_code == 200 and "teruggegeven aan het team" in released.text
    assert "Overdracht oppakken" in released.text
    with repository_scope() as repository:
        records = [m.text for m in repository.messages("web-zaak") if m.sender == "systeem"]
    assert records == [
        "anna heeft de overdracht doorgegeven aan bram.",
        "bram heeft de overdracht teruggegeven aan het team.",
    ]


def test_user_words_are_escaped_on_the_handover_page(web, accounts) -> None:
    handover_id = open_test_handover()
    web.rasa.events_ = [
        {"event": "user", "text": "<script>alert(1)</script>", "timestamp": 1},
        {"event": "user", "text": "<img src=x onerror=alert(1)>", "timestamp": 2},
    ]
    with repository_scope() as repository:
        repository.record_answer("web-zaak", "wensen", "<b>vet</b>", answered_by="jongere")
    login(web)
    page = web.get(f"/medewerker/overdrachten/{handover_id}").text
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>vet</b>" not in page
    assert "Leeftijd" in page  # question label, not the key
    assert "mbo-school" in page.lower() and "omdat de intake bij het mbo ligt" in page


def test_waiting_time_texts() -> None:
    from datetime import datetime, timedelta, timezone

    from bot.web.staff.display import waiting

    now = datetime(2025, 1, 1, 12, 0, tzinfo=timezone.utc)
    assert waiting(now - timedelta(minutes=5), now) == "wacht 5 min"
    assert waiting(now - timedelta(minutes=80), now) == "wacht 1 uur 20 min"
    assert waiting(now - timedelta(seconds=20), now) == "wacht minder dan 1 min"
    assert waiting(now - timedelta(days=3), now) == "wacht 3 dagen"


@pytest.mark.parametrize("role", ["kwaliteit", "partner"])
def test_accounts_that_are_not_for_the_inbox_see_no_case(web, role: str) -> None:
    create_account("kim", PASSWORD, "Kim Kwaliteit", role=role)
    case = open_test_handover()
    token = csrf_of(web.get("/medewerker/inloggen").text)
    response = web.post(
        "/medewerker/inloggen",
        data={"csrf": token, "gebruikersnaam": "kim", "wachtwoord": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303
    for path in ("/medewerker/", "/medewerker/lijst", f"/medewerker/overdrachten/{case}"):
        page = web.get(path)
        assert page.status_code == 403, path
        assert "Geen toegang" in page.text and "web-zaak" not in page.text
    assert web.get("/medewerker/lijst/live").status_code == 403
    taken = web.post(f"/medewerker/overdrachten/{case}/oppakken", data={"csrf": token})
    assert taken.status_code == 403


def test_an_unknown_role_is_refused() -> None:
    with pytest.raises(ValueError):
        create_account("kim", PASSWORD, "Kim", role="baas")


def test_the_decision_form_passes_a_level_and_a_note_for_the_young_person(web, accounts) -> None:
    handover_id = open_test_handover("web-BBBBBBBBBBBBBBBBBBBBBB")
    token = login(web)
    web.post(f"/medewerker/overdrachten/{handover_id}/oppakken", data={"csrf": token})
    page = web.get(f"/medewerker/overdrachten/{handover_id}")
    assert 'name="niveau"' in page.text and 'name="notitie_voor_jongere"' in page.text
    decided = web.post(
        f"/medewerker/overdrachten/{handover_id}/besluit",
        data={
            "csrf": token,
            "besluit": "mbo_diploma",
            "niveau": "niveau_3",
            "notitie": "Start in augustus.",
            "notitie_voor_jongere": "ja",
        },
    )
    assert decided.status_code == 200 and "Het besluit is opgeslagen" in decided.text
    assert web.rasa.slots_set == [
        ("web-BBBBBBBBBBBBBBBBBBBBBB", {"besluit_extra": {"niveau": None, "notitie_delen": True}})
    ]
    with repository_scope() as repository:
        assert repository.get_handover(handover_id).decision == "mbo_diploma:niveau_3"


def test_a_route_decision_with_its_level_reads_in_dutch(web, accounts) -> None:
    handover_id = open_test_handover()
    token = login(web)
    page = f"/medewerker/overdrachten/{handover_id}"
    web.post(f"{page}/oppakken", data={"csrf": token})
    form = web.get(page).text
    assert 'name="niveau"' in form and "entreeopleiding (niveau 1)" in form
    decided = web.post(
        f"{page}/besluit", data={"csrf": token, "besluit": "mbo_diploma", "niveau": "niveau_3"}
    )
    assert decided.status_code == 200
    with repository_scope() as repository:
        assert repository.get_handover(handover_id).decision == "mbo_diploma:niveau_3"
    facts = decided.text.split('<dl class="facts">')[1].split("</dl>")[0]
    assert "niveau 3" in facts and "mbo_diploma" not in facts


def test_every_free_decision_field_has_a_hint(web, accounts) -> None:
    token = login(web)
    for number, point in enumerate(("ondersteuning", "vervolg", "op_verzoek", "niet_begrepen")):
        handover_id = open_test_handover(f"web-hint{number}", point)
        page = f"/medewerker/overdrachten/{handover_id}"
        web.post(f"{page}/oppakken", data={"csrf": token})
        text = web.get(page).text
        assert 'aria-describedby="besluit-hint"' in text, point
        hint = text.split('id="besluit-hint">')[1].split("<")[0]
        assert "Schrijf kort" in hint and "Bijvoorbeeld" in hint, (point, hint)


def test_a_label_tells_the_rows_apart_is_masked_and_goes_with_the_conversation(
    web, accounts
) -> None:
    from bot.store.erasure import erase_conversations

    one, two = open_test_handover("web-een"), open_test_handover("web-twee")
    token = login(web)
    first_facts = re.findall(r'<td class="over">([^<]*)</td>', web.get("/medewerker/").text)
    assert len(first_facts) == 2 and first_facts[0] == first_facts[1]  # the same: no label yet
    response = web.post(
        f"/medewerker/overdrachten/{one}/label",
        data={"csrf": token, "label": "  SdB,   Da Vinci  "},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"].endswith("melding=label")
    page = web.get(response.headers["location"]).text
    assert 'id="label-melding"' in page and 'value="SdB, Da Vinci"' in page
    web.post(
        f"/medewerker/overdrachten/{two}/label",
        data={"csrf": token, "label": "Sanne de Boer, Regio College"},
    )
    rows = web.get("/medewerker/lijst").text
    assert '<td class="over">SdB, Da Vinci</td>' in rows
    assert '<td class="over">[naam], Regio College</td>' in rows  # a full name is not kept
    with repository_scope() as repository:
        assert repository.get_handover(two).label_masked == "[naam], Regio College"
    too_long = web.post(
        f"/medewerker/overdrachten/{one}/label", data={"csrf": token, "label": "x" * 61}
    )
    assert too_long.status_code == 422 and "hooguit 60 tekens" in too_long.text
    web.post(f"/medewerker/overdrachten/{one}/label", data={"csrf": token, "label": " "})
    shown = re.findall(r'<td class="over">([^<]*)</td>', web.get("/medewerker/lijst").text)
    assert shown == ["[naam], Regio College", first_facts[0]]  # cleared: the first facts again
    erase_conversations(["web-twee"], actor="test", via="api")
    with repository_scope() as repository:
        assert all(h.conversation_id != "web-twee" for h in repository.list_handovers())
