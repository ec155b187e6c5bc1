"""Shared fixtures: a private environment per test run, and the three running servers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sqlite_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite store of the project's own in ``tmp_path``, as this test's DATABASE_URL."""
    from bot.store import db
    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    db.reset_engines()
    upgrade(url)
    yield url
    db.reset_engines()


@pytest.fixture
def teams_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Any]]:
    """``edit(change)``: the loaded teams become a copy of teams.yml changed by ``change``."""
    import yaml

    from bot.knowledge import teams as teams_module

    original = teams_module.DEFAULT_DATA_DIR / teams_module.TEAMS_FILE
    folder = tmp_path / "teams"
    folder.mkdir()

    def edit(change: Callable[[dict[str, Any]], None]) -> Any:
        data = yaml.safe_load(original.read_text("utf-8"))
        change(data)
        (folder / teams_module.TEAMS_FILE).write_text(yaml.safe_dump(data), "utf-8")
        monkeypatch.setattr(teams_module, "DEFAULT_DATA_DIR", folder)
        teams_module.clear_teams_cache()
        return teams_module.load_teams()

    yield edit
    teams_module.clear_teams_cache()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class RunningServers:
    """What a test needs to talk to the processes started by ``make run``'s code."""

    web_url: str
    rasa_url: str
    action_url: str
    bot_api_token: str
    rasa_token: str
    database_url: str
    tracker_store_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def api_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.bot_api_token}"}


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServers]:
    """Start ``python -m bot.runtime.run`` (what ``make run`` runs) on free ports.

    Needs a trained model (``make test`` trains before pytest runs).
    """
    from bot.runtime.training import MODEL_PATH

    if not MODEL_PATH.exists():
        pytest.fail("no trained model: run 'make train' (make test does this first)")
    workdir = tmp_path_factory.mktemp("servers")
    ports = {"RASA_PORT": _free_port(), "ACTION_PORT": _free_port(), "WEB_PORT": _free_port()}
    env = dict(os.environ)
    env.update({name: str(port) for name, port in ports.items()})
    env.update(
        {
            "BOT_API_TOKEN": "test-api-token",
            "RASA_TOKEN": "test-rasa-token",
            "DATABASE_URL": f"sqlite:///{workdir / 'bot.db'}",
            "TRACKER_STORE_URL": f"sqlite:///{workdir / 'tracker.db'}",
        }
    )
    log_path = workdir / "run.log"
    log = open(log_path, "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.runtime.run"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    running = RunningServers(
        web_url=f"http://127.0.0.1:{ports['WEB_PORT']}",
        rasa_url=f"http://127.0.0.1:{ports['RASA_PORT']}",
        action_url=f"http://127.0.0.1:{ports['ACTION_PORT']}",
        bot_api_token=env["BOT_API_TOKEN"],
        rasa_token=env["RASA_TOKEN"],
        database_url=env["DATABASE_URL"],
        tracker_store_url=env["TRACKER_STORE_URL"],
        process=process,
        log_path=log_path,
    )
    try:
        # A loaded machine needs longer to load the model: STARTUP_TIMEOUT_SECONDS.
        from bot.runtime.processes import startup_timeout

        _wait_for_health(running, timeout=startup_timeout() + 60)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()


def _wait_for_health(running: RunningServers, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            break
        try:
            if httpx.get(f"{running.web_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    output = running.log_path.read_text(errors="replace")[-4000:]
    pytest.fail(f"the servers did not become healthy; last output:\n{output}")
