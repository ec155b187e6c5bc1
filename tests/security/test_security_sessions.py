"""Item 3 of issue 11: real logout, password policy, login lock, no-store, roles everywhere."""

from __future__ import annotations

import time

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from bot.accounts import change_password, create_account, main, password_problem
from bot.web.app import create_app
from tests.web.conftest import open_test_handover
from tests.web.test_inbox import PASSWORD, csrf_of, login

COOKIE = "medewerker_sessie"


@pytest.fixture
def anna(web, monkeypatch) -> None:
    monkeypatch.setenv("BOT_LOGIN_BACKOFF", "0.001")
    create_account("anna", PASSWORD, "Anna de Vries")


def _replay(web: TestClient, cookie: str) -> int:
    """A fresh browser that only has the old cookie."""
    other = TestClient(web.app)
    other.cookies.set(COOKIE, cookie, path="/medewerker")
    return other.get("/medewerker/", follow_redirects=False).status_code


def test_a_cookie_replayed_after_logout_is_refused(web, anna) -> None:
    token = login(web)
    cookie = web.cookies.get(COOKIE)
    assert _replay(web, cookie) == 200
    web.post("/medewerker/uitloggen", data={"csrf": token}, follow_redirects=False)
    assert _replay(web, cookie) == 303


def test_a_new_password_ends_every_session(web, anna) -> None:
    login(web)
    cookie = web.cookies.get(COOKIE)
    change_password("anna", "een-heel-ander-wachtwoord")
    assert _replay(web, cookie) == 303
    assert web.get("/medewerker/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "password", [" " * 12, "a" * 12, "x" * 40, "Wachtwoord1234", "welkom123456", "kort"]
)
def test_weak_passwords_are_refused(web, password: str) -> None:
    assert password_problem(password) is not None
    with pytest.raises(ValueError):
        create_account("kees", password, "Kees")
    create_account("kees", "paard-batterij-nietje", "Kees")
    with pytest.raises(ValueError):
        change_password("kees", password)


def _wrong(web: TestClient, password: str = "verkeerd-wachtwoord"):
    token = csrf_of(web.get("/medewerker/inloggen").text)
    return web.post(
        "/medewerker/inloggen",
        data={"csrf": token, "gebruikersnaam": "anna", "wachtwoord": password},
        follow_redirects=False,
    )


def test_wrong_passwords_back_off_then_lock_and_an_admin_unlocks(web, anna, capsys) -> None:
    started = time.monotonic()
    for _ in range(4):
        assert _wrong(web).status_code == 401
    locked = _wrong(web)
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 60
    assert "Probeer het over 15 minuten opnieuw" in locked.text
    # Locked: the right password does not open it either.
    assert _wrong(web, PASSWORD).status_code == 429
    print(f"\nlogin: 5 wrong passwords locked the account in {time.monotonic() - started:.2f} s")
    assert main(["unlock", "anna"]) == 0
    login(web)
    # A right password reset the count: four wrong ones again do not lock.
    for _ in range(4):
        assert _wrong(web).status_code == 401


def test_inbox_and_api_answers_are_not_stored(web, anna) -> None:
    assert web.get("/medewerker/inloggen").headers["cache-control"] == "no-store"
    login(web)
    assert web.get("/medewerker/").headers["cache-control"] == "no-store"
    api = web.get("/api/handovers", headers={"Authorization": "Bearer token"})
    assert api.headers["cache-control"] == "no-store"
    assert web.get("/api/handovers").headers["cache-control"] == "no-store"


def test_every_page_and_call_checks_the_role(web) -> None:
    """Walks the app's own routes, so a new route without a check fails here."""
    handover_id = open_test_handover()
    public = {"/", "/portaal", "/health", "/health/live", "/chat/widget.js", "/chat/widget.css"}
    public |= {"/chat/api/message", "/chat/api/stream", "/medewerker/inloggen", "/api/openapi.json"}
    public.add("/hoe-werkt-het")  # the public page "Hoe werkt deze assistent?"
    # A trainee's practice report: its random token is the key (tests/web/test_web_practice_report)
    public |= {"/oefenen/verslag/{conversation_id}/{token}"}
    checked = 0
    for route in create_app().routes:
        if not isinstance(route, Route) or route.path in public:
            continue
        path = route.path.replace("{handover_id}", str(handover_id))
        path = path.replace("{conversation_id}", "web-zaak")
        for method in sorted(route.methods or ()):
            if method == "HEAD":
                continue
            response = web.request(method, path, follow_redirects=False)
            checked += 1
            if path.startswith("/api/"):
                assert response.status_code == 401, (method, path)
            elif path == "/medewerker/uitloggen":
                assert response.status_code == 403, (method, path)  # no session, no CSRF
            else:
                assert response.status_code in (303, 401), (method, path)
                assert "Leeftijd" not in response.text
    print(f"\nroles: {checked} protected routes refused without a login or token")
    assert checked >= 12
