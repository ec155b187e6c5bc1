"""CORS in a real browser (item 7 of issue 11): a school portal on another origin chats.

A small portal page is served on a second loopback port and embeds the widget with the one
``<script>`` tag the README gives. The web service under test is started the way ``make run``
starts it (the same command, :func:`bot.runtime.process_specs`), beside the shared Rasa and
action server, with that portal's origin in ``BOT_ALLOWED_ORIGINS``. From the portal the
widget chats in Dutch; the same page served from a third port (an origin not on the list)
gets nothing: Chromium reports the CORS failure, the service answered 403 and Rasa never
saw the message.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from bot.runtime.processes import Supervisor, child_environment, process_specs
from bot.settings import get_settings
from tests.browser.test_browser_chat_and_inbox import TIMEOUT, last_bot_text, say
from tests.conftest import RunningServers, _free_port

pytestmark = pytest.mark.servers

PORTAL_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Portaal van de school</title>
<script src="{web}/chat/widget.js" defer></script></head>
<body><main><h1>Portaal van de school</h1><div data-advies-chat></div></main></body></html>
"""


@dataclass(frozen=True)
class Portal:
    origin: str
    server: ThreadingHTTPServer


def _serve_portal(web_url: str) -> Portal:
    """A school portal: one page that embeds the widget of ``web_url``."""
    page = PORTAL_PAGE.format(web=web_url).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Portal(f"http://127.0.0.1:{server.server_address[1]}", server)


@dataclass(frozen=True)
class CorsSetup:
    web_url: str
    portal: Portal
    stranger: Portal


@pytest.fixture(scope="module")
def cors_setup(
    servers: RunningServers, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CorsSetup]:
    """A web service that allows the portal's origin, on the shared Rasa and action server."""
    web_port = _free_port()
    web_url = f"http://127.0.0.1:{web_port}"
    portal, stranger = _serve_portal(web_url), _serve_portal(web_url)
    env = {
        **child_environment(get_settings()),
        "RASA_PORT": servers.rasa_url.rsplit(":", 1)[1],
        "ACTION_PORT": servers.action_url.rsplit(":", 1)[1],
        "WEB_PORT": str(web_port),
        "BOT_API_TOKEN": servers.bot_api_token,
        "RASA_TOKEN": servers.rasa_token,
        "DATABASE_URL": servers.database_url,
        "TRACKER_STORE_URL": servers.tracker_store_url,
        "BOT_ALLOWED_ORIGINS": f"https://portaal.school.example {portal.origin}",
        "NOTIFY_POLL_SECONDS": "0",  # the shared web service sends the notifications
    }
    settings = get_settings(env)
    [web] = [spec for spec in process_specs(settings) if spec.name == "web"]
    supervisor = Supervisor(
        [web], child_environment(settings, env), tmp_path_factory.mktemp("cors")
    )
    try:
        supervisor.start()
        supervisor.wait_until_ready(timeout=120)
        yield CorsSetup(web_url, portal, stranger)
    finally:
        supervisor.stop()
        for page in (portal, stranger):
            page.server.shutdown()
            page.server.server_close()


def test_a_listed_portal_chats_in_dutch_from_its_own_origin(browser, cors_setup: CorsSetup) -> None:
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    cross_origin: list[str] = []
    page.on(
        "response",
        lambda response: (
            cross_origin.append(
                f"{response.request.method} {response.status} "
                f"{response.headers.get('access-control-allow-origin')}"
            )
            if "/chat/api/" in response.url
            else None
        ),
    )
    page.goto(f"{cors_setup.portal.origin}/")
    assert page.evaluate("window.location.origin") == cors_setup.portal.origin
    page.get_by_role("button", name="Chat met de assistent").click()
    say(page, "Hallo, ik wil graag advies over een opleiding")
    assert "akkoord" in last_bot_text(page).lower()  # the Dutch consent question
    say(page, "ja, dat is goed")
    expect(page.locator(".advies-chat__msg--bot").last).to_contain_text("16", timeout=TIMEOUT)
    state = page.evaluate("JSON.parse(sessionStorage.getItem('adviesChat'))")
    assert state["conversationId"].startswith("web-") and state["token"]
    # The answers reached the page because the service allowed exactly this origin.
    assert f"POST 200 {cors_setup.portal.origin}" in cross_origin, cross_origin
    context.close()


def test_a_page_from_an_origin_not_on_the_list_is_refused(
    browser, cors_setup: CorsSetup, servers: RunningServers
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{cors_setup.stranger.origin}/")
    page.get_by_role("button", name="Chat met de assistent").click()  # the script itself loads
    greeting = page.locator(".advies-chat__msg--bot").count()  # the widget's own welcome
    page.locator("#advies-chat-input").fill("Hallo, ik wil graag advies")
    page.locator("#advies-chat-input").press("Enter")
    status = page.locator(".advies-chat__status")
    expect(status).to_have_text("Versturen lukte niet. Probeer het nog een keer.", timeout=TIMEOUT)
    assert page.locator(".advies-chat__msg--bot").count() == greeting  # no answer came
    # What the page's own script sees: the browser blocks the answer.
    seen = page.evaluate(
        """url => fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
                              body: JSON.stringify({text: "hoi"})})
               .then(r => "answered " + r.status, e => e.name + ": " + e.message)""",
        f"{cors_setup.web_url}/chat/api/message",
    )
    assert seen.startswith("TypeError"), seen
    assert any("CORS policy" in line for line in console), console
    # What the service answered that origin: 403, without CORS headers, before the chat ran.
    for method, path in (("OPTIONS", "/chat/api/message"), ("POST", "/chat/api/message")):
        answer = httpx.request(
            method,
            f"{cors_setup.web_url}{path}",
            headers={
                "Origin": cors_setup.stranger.origin,
                "Access-Control-Request-Method": "POST",
                "Content-Type": "application/json",
            },
            content=b'{"text": "hoi"}' if method == "POST" else None,
        )
        assert answer.status_code == 403, (method, answer.text)
        assert "access-control-allow-origin" not in answer.headers
    stored = "JSON.parse(sessionStorage.getItem('adviesChat') || '{}').conversationId || null"
    assert page.evaluate(stored) is None  # no conversation was started
    context.close()
