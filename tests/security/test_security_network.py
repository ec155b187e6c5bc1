"""Issue 28, findings 9-12: timing, forwarded addresses, slow requests, what strangers learn.

The web service and the action server run as ``make run`` starts them (the commands of
:func:`bot.runtime.processes.process_specs`, with their environment), on free ports and a
private SQLite store; Rasa is not needed for these checks.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from starlette.requests import Request
from starlette.testclient import TestClient

from bot.accounts import create_account
from bot.runtime.cluster import cluster_environment, haproxy_config, layout
from bot.runtime.processes import child_environment, process_specs
from bot.settings import PROJECT_ROOT, get_settings
from bot.store import db
from bot.store.migrate import upgrade
from bot.web.http import limits
from tests.figures import report
from tests.web.test_inbox import PASSWORD, csrf_of

API_TOKEN = "netwerk-test-token-voor-de-api"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Running:
    web: str
    actions: str
    env: dict[str, str]
    web_port: int


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{url} did not start:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("network")
    database = f"sqlite:///{folder / 'bot.db'}"
    env = dict(os.environ)
    for name in ("BOT_TRUSTED_PROXY_HEADER", "BOT_TRUSTED_PROXIES", "REDIS_URL"):
        env.pop(name, None)  # as make run: no proxy in front
    env.update(
        {
            "DATABASE_URL": database,
            "TRACKER_STORE_URL": f"sqlite:///{folder / 'tracker.db'}",
            "WEB_PORT": str(_free_port()),
            "ACTION_PORT": str(_free_port()),
            "RASA_PORT": str(_free_port()),  # nothing listens: Rasa is away
            "BOT_API_TOKEN": API_TOKEN,
            "RASA_TOKEN": "netwerk-test-rasa-token",
            "BOT_REQUEST_TIMEOUT": "1",
            "BOT_LIMIT_LOGINS_PER_CLIENT": "2/900",
            "BOT_LIMIT_NEW_CONVERSATIONS": "1/600",
            "BOT_LOGIN_BACKOFF": "0.001",
        }
    )
    upgrade(database)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", database)
        db.reset_engines()
        create_account("anna", PASSWORD, "Anna")
    db.reset_engines()
    settings = get_settings(env)
    children = child_environment(settings, env)
    specs = {spec.name: spec for spec in process_specs(settings)}
    processes = []
    try:
        for name, ready in (("web", "/health/live"), ("actions", "/health")):
            log = folder / f"{name}.log"
            process = subprocess.Popen(
                specs[name].command,
                cwd=PROJECT_ROOT,
                env=children,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            processes.append(process)
            base = settings.web_url if name == "web" else settings.action_server_url
            _wait(base + ready, process, log)
        yield Running(settings.web_url, settings.action_server_url, children, settings.web_port)
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, 15)
                process.wait(timeout=30)


# -- finding 9: a wrong password takes as long for an unknown name as for a real one ----------


def _wrong_login(client: TestClient, username: str) -> float:
    token = csrf_of(client.get("/medewerker/inloggen").text)
    started = time.perf_counter()
    response = client.post(
        "/medewerker/inloggen",
        data={"csrf": token, "gebruikersnaam": username, "wachtwoord": "helemaal-verkeerd"},
    )
    took = time.perf_counter() - started
    assert response.status_code == 401
    return took


def test_a_wrong_password_takes_as_long_whatever_the_username(web, monkeypatch) -> None:
    """The backoff (1, 2, 4 s here) dwarfs the noise of a busy machine; tries alternate."""
    monkeypatch.setenv("BOT_LOGIN_BACKOFF", "1")
    create_account("anna", PASSWORD, "Anna")
    real, unknown = [], []
    for _ in range(3):
        real.append(_wrong_login(web, "anna"))
        unknown.append(_wrong_login(web, "niemand-bekend"))
    report(
        "wrong password, seconds per try: real user "
        f"{' '.join(f'{t:.2f}' for t in real)}, unknown user "
        f"{' '.join(f'{t:.2f}' for t in unknown)}"
    )
    # Before: the backoff ran only for real accounts (7 s of waiting apart).
    assert abs(sum(real) - sum(unknown)) < 2.0, (real, unknown)
    # The lock comes after as many tries for a made-up name as for a real one.
    monkeypatch.setenv("BOT_LOGIN_BACKOFF", "0.001")
    _wrong_login(web, "anna")
    _wrong_login(web, "niemand-bekend")
    token = csrf_of(web.get("/medewerker/inloggen").text)
    for username in ("anna", "niemand-bekend"):
        locked = web.post(
            "/medewerker/inloggen",
            data={"csrf": token, "gebruikersnaam": username, "wachtwoord": "x"},
        )
        assert locked.status_code == 429, username


# -- finding 10: X-Forwarded-For only from the configured proxy ---------------------------------


def _login_attempt(client: httpx.Client, headers: dict[str, str]) -> int:
    token = csrf_of(client.get("/medewerker/inloggen").text)
    response = client.post(
        "/medewerker/inloggen",
        data={"csrf": token, "gebruikersnaam": "anna", "wachtwoord": "verkeerd-wachtwoord"},
        headers=headers,
    )
    return response.status_code


def test_a_made_up_forwarded_address_does_not_lift_a_limit(running: Running) -> None:
    with httpx.Client(base_url=running.web, timeout=10) as client:
        codes = [_login_attempt(client, {}) for _ in range(3)]
        forged = _login_attempt(client, {"X-Forwarded-For": "203.0.113.7"})
        first = client.post("/chat/api/message", json={"text": "hoi"})
        second = client.post(
            "/chat/api/message", json={"text": "hoi"}, headers={"X-Forwarded-For": "203.0.113.8"}
        )
    report(
        f"limits with a made-up X-Forwarded-For: login {codes} then {forged}; "
        f"new conversations {first.status_code} then {second.status_code}"
    )
    assert codes[-1] == 429 and forged == 429
    assert first.status_code != 429 and second.status_code == 429


def _request(address: str, forwarded: str | None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request(
        {"type": "http", "method": "GET", "path": "/", "headers": headers, "client": (address, 1)}
    )


def test_in_the_cluster_only_haproxy_s_own_address_is_trusted(monkeypatch) -> None:
    cluster = layout({})
    config = haproxy_config(cluster)
    env = cluster_environment(cluster, {})
    web_backend = config.split("backend web", 1)[1].split("frontend", 1)[0]
    assert "source 127.0.0.2" in web_backend
    assert env["BOT_TRUSTED_PROXIES"] == "127.0.0.2"
    monkeypatch.setenv("BOT_TRUSTED_PROXY_HEADER", env["BOT_TRUSTED_PROXY_HEADER"])
    monkeypatch.setenv("BOT_TRUSTED_PROXIES", env["BOT_TRUSTED_PROXIES"])
    assert limits.client_address(_request("127.0.0.2", "198.51.100.4")) == "198.51.100.4"
    assert limits.client_address(_request("127.0.0.1", "198.51.100.4")) == "127.0.0.1"


def test_a_trusted_network_covers_an_ingress_controller_that_moves(monkeypatch) -> None:
    monkeypatch.setenv("BOT_TRUSTED_PROXY_HEADER", "X-Forwarded-For")
    monkeypatch.setenv("BOT_TRUSTED_PROXIES", "10.42.0.0/16, 127.0.0.2")
    assert limits.client_address(_request("10.42.7.9", "198.51.100.4")) == "198.51.100.4"
    assert limits.client_address(_request("127.0.0.2", "198.51.100.4")) == "198.51.100.4"
    # Outside the network, or not an address at all: the header is not believed.
    assert limits.client_address(_request("10.43.0.1", "198.51.100.4")) == "10.43.0.1"
    assert limits.client_address(_request("testclient", "198.51.100.4")) == "testclient"


# -- finding 11: incomplete requests are closed --------------------------------------------------


def _open(port: int, data: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    if data:
        sock.sendall(data)
    return sock


def _closed(sock: socket.socket) -> bool:
    sock.settimeout(0.5)
    try:
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except TimeoutError:
        return False


def test_slow_and_idle_connections_are_closed(running: Running) -> None:
    partial_headers = b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: "
    partial_body = (
        b"POST /chat/api/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b'Content-Length: 200\r\n\r\n{"text": '
    )
    kinds = {"idle": b"", "headers": partial_headers, "body": partial_body}
    sockets = {
        f"{kind}-{n}": _open(running.web_port, data)
        for kind, data in kinds.items()
        for n in range(3)
    }
    time.sleep(3)
    closed = {name: _closed(sock) for name, sock in sockets.items()}
    for sock in sockets.values():
        sock.close()
    shut = sum(closed.values())
    report(f"incomplete requests closed after 3 s (timeout 1 s): {shut} of {len(closed)}")
    assert all(closed.values()), closed
    # A complete request on a kept-alive connection still gets its answer.
    with httpx.Client(base_url=running.web, timeout=10) as client:
        assert client.get("/health/live").json() == {"up": True}
        time.sleep(1.5)
        assert client.get("/health/live").json() == {"up": True}


# -- finding 12: /health without a token, and the action server only for Rasa ------------------


def test_health_without_a_token_says_only_up_or_down(running: Running) -> None:
    plain = httpx.get(f"{running.web}/health", timeout=20)
    assert plain.status_code == 503  # Rasa is away in this test
    assert plain.json() == {"status": "degraded"}
    assert not re.search(r"model|dialect|sqlite|waiting", plain.text)
    full = httpx.get(
        f"{running.web}/health", headers={"Authorization": f"Bearer {API_TOKEN}"}, timeout=20
    )
    assert full.json()["parts"]["database"] == {"up": True, "dialect": "sqlite"}
    assert httpx.get(f"{running.web}/health/live", timeout=5).json() == {"up": True}


def _action_call(sender: str) -> dict[str, object]:
    return {
        "next_action": "action_tonen_gegevens",
        "sender_id": sender,
        "version": "3.6.0",
        "domain": {"responses": {}, "slots": {}, "intents": [], "entities": [], "forms": {}},
        "tracker": {
            "sender_id": sender,
            "slots": {},
            "latest_message": {"text": "wat weten jullie van mij", "intent": {}, "entities": []},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": None,
        },
    }


def test_the_action_server_answers_only_rasa(running: Running) -> None:
    stranger = httpx.post(f"{running.actions}/webhook", json=_action_call("web-iemand"), timeout=30)
    wrong = httpx.post(
        f"{running.actions}/webhook?token=geraden", json=_action_call("web-iemand"), timeout=30
    )
    rasa = httpx.post(
        f"{running.actions}/webhook",
        params={"token": running.env["ACTION_SERVER_TOKEN"]},
        json=_action_call("web-iemand"),
        timeout=30,
    )
    report(
        "action server: without token "
        f"{stranger.status_code}, wrong token {wrong.status_code}, Rasa's token {rasa.status_code}"
    )
    assert stranger.status_code == 403 and wrong.status_code == 403
    assert rasa.status_code == 200 and rasa.json()["responses"]
    assert httpx.get(f"{running.actions}/health", timeout=5).status_code == 200
    actions = next(
        spec for spec in process_specs(get_settings(running.env)) if spec.name == "actions"
    )
    assert running.env["SANIC_HOST"] == "127.0.0.1" and sys.executable in actions.command
