"""The security tests reuse the web tests' app with a fake Rasa (no servers started).

``rasa_on_loopback`` swaps the fake for the real :class:`~bot.web.chat.rasa_client.RasaClient`
talking to a small HTTP server on loopback that answers like Rasa's HTTP API and records
the paths it was asked for, so a test sees the URLs the service really builds.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.web.chat import relay as chat
from bot.web.chat.rasa_client import RasaClient
from bot.web.staff import case_actions as casework
from tests.web.conftest import FakeRasa, web

__all__ = ["FakeRasa", "rasa_on_loopback", "web"]


@pytest.fixture
def rasa_on_loopback(web, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """The (method, raw path) of every call the service made to "Rasa"."""
    calls: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, body: Any) -> None:
            calls.append((self.command, self.path.split("?")[0]))
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._answer({"events": []})

        def do_POST(self) -> None:
            self._answer([] if "webhook" in self.path else {"messages": []})

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("RASA_PORT", str(server.server_address[1]))
    for module in (casework, chat):
        monkeypatch.setattr(module, "RasaClient", RasaClient)
    try:
        yield calls
    finally:
        server.shutdown()
        server.server_close()
