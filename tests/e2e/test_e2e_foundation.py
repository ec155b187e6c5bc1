"""The foundation end to end: three processes up, health, a Dutch greeting, clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from bot.runtime.processes import startup_timeout
from tests.conftest import PROJECT_ROOT, RunningServers, run_environment

pytestmark = pytest.mark.servers


def test_health_reports_every_part_up(servers: RunningServers) -> None:
    response = httpx.get(f"{servers.web_url}/health", headers=servers.api_headers, timeout=10)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    parts = {"web", "rasa", "action_server", "database", "notifications", "live"}
    assert set(body["parts"]) == parts
    assert all(part["up"] for part in body["parts"].values())
    assert body["parts"]["rasa"]["model"]


def test_dutch_greeting_gets_a_dutch_answer(servers: RunningServers) -> None:
    response = httpx.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        json={"sender": "e2e-groet", "message": "Hoi, goedemorgen!"},
        timeout=30,
    )
    assert response.status_code == 200
    texts = " ".join(message.get("text", "") for message in response.json())
    assert "Hoi" in texts
    assert "mbo-leerroute" in texts


def test_rasa_http_api_needs_the_token(servers: RunningServers) -> None:
    url = f"{servers.rasa_url}/conversations/e2e-groet/tracker"
    assert httpx.get(url, timeout=10).status_code == 401
    response = httpx.get(url, params={"token": servers.rasa_token}, timeout=10)
    assert response.status_code == 200


def test_everything_listens_on_loopback_only(servers: RunningServers) -> None:
    for url in (servers.web_url, servers.rasa_url, servers.action_url):
        port = int(url.rsplit(":", 1)[1])
        listening = subprocess.run(
            ["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True, check=False
        ).stdout
        if not listening.strip():
            pytest.skip("ss is not available to inspect listening sockets")
        # Columns: State Recv-Q Send-Q Local-Address:Port Peer-Address:Port
        local = {line.split()[3] for line in listening.splitlines() if line.strip()}
        assert local == {f"127.0.0.1:{port}"}, local


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_ctrl_c_stops_all_three(tmp_path) -> None:
    """A second, short-lived run: SIGINT (Ctrl-C) must leave no process and no open port."""
    ports, env = run_environment(
        f"sqlite:///{tmp_path / 'bot.db'}",
        f"sqlite:///{tmp_path / 'tracker.db'}",
        BOT_API_TOKEN="",
        RASA_TOKEN="",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.runtime.run"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + startup_timeout() + 60
    healthy = False
    while time.monotonic() < deadline and process.poll() is None:
        try:
            healthy = (
                httpx.get(f"http://127.0.0.1:{ports['WEB_PORT']}/health", timeout=2).status_code
                == 200
            )
        except httpx.HTTPError:
            healthy = False
        if healthy:
            break
        time.sleep(1)
    try:
        assert healthy, "the run did not come up"
        os.kill(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    text = output.decode(errors="replace")
    assert process.returncode == 0, text[-2000:]
    assert "generated BOT_API_TOKEN, RASA_TOKEN" in text
    assert "test-api-token" not in text
    time.sleep(1)
    assert not any(_port_open(port) for port in ports.values())
