"""The dashboard pages: who may open them, '< 5' in the page and the CSV, and the filters."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from starlette.testclient import TestClient

from bot.accounts import create_account
from bot.store.repository import repository_scope
from tests.web.conftest import open_test_handover, web
from tests.web.test_inbox import PASSWORD, csrf_of

__all__ = ["web"]

WEEK = "periode=week&datum=2026-03-02"  # Monday 2 March 2026 to Sunday 8 March


def _login(client: TestClient, username: str, role: str) -> str:
    create_account(username, PASSWORD, username.title(), role=role)
    token = csrf_of(client.get("/medewerker/inloggen").text)
    response = client.post(
        "/medewerker/inloggen",
        data={"csrf": token, "gebruikersnaam": username, "wachtwoord": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return str(response.headers["location"])


def _conversations(
    prefix: str, n: int, mode: str, origin: str, route: str, team: str | None = None
) -> None:
    """``n`` real conversations on 4 March 2026 with a decided leerroute hand-over."""
    moment = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.timezone.utc)
    with repository_scope() as repository:
        for number in range(n):
            conversation_id = f"web-{prefix}-{number}"
            conversation = repository.ensure_conversation(conversation_id, mode=mode, consent=True)
            conversation.created_at = moment
            repository.record_answer(conversation_id, "herkomst", origin, answered_by="jongere")
            handover = repository.open_handover(
                conversation_id, "leerroute", "samenvatting", [], team=team
            )
            handover.created_at = moment
            handover.status, handover.decision = "afgerond", route
            handover.taken_at = handover.decided_at = moment + dt.timedelta(minutes=10)


def _csv(client: TestClient, table: str, query: str = WEEK) -> list[list[str]]:
    response = client.get(f"/medewerker/dashboard/{table}.csv?{query}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["cache-control"] == "no-store"
    return list(csv.reader(io.StringIO(response.text)))


def test_a_kwaliteit_login_lands_on_the_dashboard_and_sees_no_case(web: TestClient) -> None:
    case = open_test_handover()
    assert _login(web, "kim", "kwaliteit") == "/medewerker/dashboard"
    page = web.get("/medewerker/dashboard")
    assert page.status_code == 200 and "Dashboard inclusief advies" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "web-zaak" not in page.text and 'href="/medewerker/dashboard"' in page.text
    refused = web.get(f"/medewerker/overdrachten/{case}")
    assert refused.status_code == 403 and "Naar het dashboard" in refused.text


@pytest.mark.parametrize(
    ("role", "status"), [("medewerker", 403), ("partner", 403), ("beheerder", 200)]
)
def test_only_beheerder_and_kwaliteit_open_the_dashboard(
    web: TestClient, role: str, status: int
) -> None:
    _login(web, "anna", role)
    assert web.get("/medewerker/dashboard").status_code == status
    assert web.get(f"/medewerker/dashboard/gesprekken.csv?{WEEK}").status_code == status


def test_a_stranger_is_sent_to_the_login(web: TestClient) -> None:
    for path in ("/medewerker/dashboard", "/medewerker/dashboard/routes.csv"):
        response = web.get(path, follow_redirects=False)
        assert (
            response.status_code == 303 and "/medewerker/inloggen" in response.headers["location"]
        )


@pytest.mark.parametrize("small", [1, 2, 3, 4])
def test_one_to_four_conversations_show_as_less_than_five_in_page_and_csv(
    web: TestClient, small: int
) -> None:
    _conversations("vso", small, "advies", "vso", "certificaat")
    _conversations("vmbo", 7, "advies", "vmbo", "mbo_diploma")
    _login(web, "kim", "kwaliteit")
    page = web.get(f"/medewerker/dashboard?{WEEK}").text
    assert "week 10" in page and "&lt; 5" in page
    routes = {row[0]: row[1:] for row in _csv(web, "routes")}
    # vso: 1–4 conversations on the certificaat route; the row total would give it away.
    assert routes["voortgezet speciaal onderwijs (vso)"] == ["0", "< 5", "0", "< 5"]
    # The 7 vmbo conversations are withheld too: with the totals they would give the rest away.
    assert routes["vmbo"] == ["verborgen", "0", "0", "verborgen"]
    assert routes["Samen"] == ["verborgen", "< 5", "0", str(small + 7)]
    assert all(str(small) not in row for row in routes.values())
    days = {row[0]: row[1:] for row in _csv(web, "gesprekken")}
    assert days["4 mrt"] == [str(small + 7), "0", str(small + 7)]
    headline = {row[0]: row[1] for row in _csv(web, "kerncijfers")}
    assert headline["Gesprekken (zonder oefenen)"] == str(small + 7)
    # The page shows the same cells as the CSV.
    assert page.count("&lt; 5") >= 2 and f"<td>{small}</td>" not in page


def test_practice_is_never_counted_with_real_conversations(web: TestClient) -> None:
    _conversations("echt", 6, "advies", "pro", "praktijkverklaring")
    _conversations("oefen", 6, "oefenen", "pro", "praktijkverklaring")
    with repository_scope() as repository:
        for number in range(6):
            assert repository.get_conversation(f"web-oefen-{number}").practice
    _login(web, "kim", "kwaliteit")
    headline = {row[0]: row[1] for row in _csv(web, "kerncijfers")}
    assert headline["Gesprekken (zonder oefenen)"] == "6"
    routes = {row[0]: row[1:] for row in _csv(web, "routes")}
    assert routes["praktijkonderwijs (pro)"] == ["0", "0", "6", "6"]
    practice = {row[0]: row[1] for row in _csv(web, "oefenen")}
    assert practice["Voorkant – welke leerroute past"] == "6"


def test_the_period_filter_and_an_unknown_table(web: TestClient) -> None:
    _conversations("maart", 5, "pre_intake", "isk", "mbo_diploma")
    _login(web, "kim", "kwaliteit")
    march = {r[0]: r[1] for r in _csv(web, "kerncijfers", "periode=maand&datum=2026-03-20")}
    april = {r[0]: r[1] for r in _csv(web, "kerncijfers", "periode=maand&datum=2026-04-20")}
    own = {
        r[0]: r[1] for r in _csv(web, "kerncijfers", "periode=eigen&van=2026-03-04&tot=2026-03-04")
    }
    assert (march["Pre-intake"], april["Pre-intake"], own["Pre-intake"]) == ("5", "0", "5")
    assert "maart 2026" in web.get("/medewerker/dashboard?periode=maand&datum=2026-03-20").text
    assert web.get(f"/medewerker/dashboard/onzin.csv?{WEEK}").status_code == 404


def test_the_team_filter_counts_the_conversations_a_team_got(web: TestClient) -> None:
    _conversations("intake", 6, "pre_intake", "vmbo", "mbo_diploma", team="intake")
    _conversations("loopbaan", 8, "advies", "vmbo", "mbo_diploma", team="loopbaan")
    _login(web, "kim", "kwaliteit")
    assert 'name="team"' in web.get(f"/medewerker/dashboard?{WEEK}").text
    counts = {
        team: {r[0]: r[1] for r in _csv(web, "kerncijfers", f"{WEEK}&team={team}")}
        for team in ("intake", "loopbaan", "onbekend")
    }
    assert counts["intake"]["Gesprekken (zonder oefenen)"] == "6"
    assert counts["loopbaan"]["Gesprekken (zonder oefenen)"] == "8"
    assert counts["onbekend"]["Gesprekken (zonder oefenen)"] == "14"  # unknown team: all


def test_the_excel_csv_has_semicolons_and_a_bom_for_dutch_excel(web: TestClient) -> None:
    _conversations("vmbo", 7, "advies", "vmbo", "mbo_diploma")
    _login(web, "kim", "kwaliteit")
    response = web.get(f"/medewerker/dashboard/routes.csv?{WEEK}&excel=1")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    assert "excel.csv" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    plain = _csv(web, "routes")
    assert rows == plain and len(rows[0]) > 1
    page = web.get(f"/medewerker/dashboard?{WEEK}").text
    assert "excel=1" in page and "voor Excel" in page


def test_the_waiting_table_says_why_its_rows_do_not_add_up(web: TestClient) -> None:
    _login(web, "kim", "kwaliteit")
    page = web.get(f"/medewerker/dashboard?{WEEK}").text
    section = page.split('id="wachttijd"')[1].split("</section>")[0]
    assert "De regels tellen niet op" in section and "beide regels" in section
