"""Shared fixtures: private databases (SQLite, and PostgreSQL when it answers) and the servers.

The three running servers are started once per session (``servers``); a test that needs
them on another database backend starts its own set with :func:`start_servers`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import settings as hypothesis_settings

# Property tests check behaviour, never timing: a first call that loads the knowledge on a busy
# machine must not fail on Hypothesis's 200 ms deadline.
hypothesis_settings.register_profile("project", deadline=None)
hypothesis_settings.load_profile("project")

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")


@pytest.fixture
def sqlite_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite store of the project's own in ``tmp_path``, as this test's DATABASE_URL."""
    from bot.store import db
    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    # An erasure also reaches Rasa's tracker store: never the real one in var/.
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    db.reset_engines()
    upgrade(url)
    yield url
    db.reset_engines()


@dataclass
class Postgres:
    """Fresh, isolated places on the test server; everything made is dropped at the end."""

    admin: sa.engine.Engine
    schemas: list[str] = field(default_factory=list)
    databases: list[str] = field(default_factory=list)

    def schema_url(self) -> str:
        """A new schema, as a URL whose search_path points at it."""
        schema = f"store_test_{uuid.uuid4().hex[:12]}"
        with self.admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        self.schemas.append(schema)
        separator = "&" if "?" in PG_URL else "?"
        return f"{PG_URL}{separator}options={quote(f'-csearch_path={schema}')}"

    def database_url(self, purpose: str) -> str:
        """A new, empty database (Rasa's tracker store needs one of its own)."""
        name = f"privacy_{purpose}_{uuid.uuid4().hex[:10]}"
        with self.admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        self.databases.append(name)
        return str(sa.engine.make_url(PG_URL).set(database=name))

    def drop_all(self) -> None:
        with self.admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for schema in self.schemas:
                connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            for name in self.databases:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """The PostgreSQL test server (``TEST_POSTGRES_URL``); skips when it does not answer in 2 s."""
    admin = sa.create_engine(PG_URL, future=True, connect_args={"connect_timeout": 2})
    try:
        with admin.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception:
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    server = Postgres(admin)
    yield server
    from bot.store import reset_engines

    reset_engines()
    server.drop_all()
    admin.dispose()


def run_module(
    module: str, env: dict[str, str], *, check: bool = False, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m module`` in the project with ``env``, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", module],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=timeout,
    )


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


def run_environment(
    database_url: str, tracker_store_url: str, **overrides: str
) -> tuple[dict[str, int], dict[str, str]]:
    """Free ports and the environment for one run of ``python -m bot.runtime.run``."""
    ports = {"RASA_PORT": _free_port(), "ACTION_PORT": _free_port(), "WEB_PORT": _free_port()}
    env = dict(os.environ)
    # Every test client comes from the one loopback address, so the per-address limits (their
    # own tests are in tests/security) would refuse the suite's own chats; tests/cluster does
    # the same for its servers.
    env.setdefault("BOT_LIMIT_NEW_CONVERSATIONS", "500/600")
    env.setdefault("BOT_LIMIT_MESSAGES_PER_CLIENT", "5000/60")
    env.update({name: str(port) for name, port in ports.items()})
    env.update(
        {
            "BOT_API_TOKEN": "test-api-token",
            "RASA_TOKEN": "test-rasa-token",
            "DATABASE_URL": database_url,
            "TRACKER_STORE_URL": tracker_store_url,
            **overrides,
        }
    )
    return ports, env


# The inbox accounts the end-to-end and browser tests log in with. A team's case is worked
# only by that team's members (bot/handover/policy.py), so the servers' teams.yml lists them.
TEST_MEMBERS = (
    "anna",
    "bram",
    "mentor-samen",
    "mentor-browser",
    "mentor-live",
    "mentor-ai",
)


def teams_with_test_accounts(workdir: Path) -> Path:
    """A copy of teams.yml in ``workdir`` with the test accounts in every team."""
    import yaml

    from bot.knowledge import teams as teams_module

    original = teams_module.DEFAULT_DATA_DIR / teams_module.TEAMS_FILE
    data = yaml.safe_load(original.read_text("utf-8"))
    for team in data["teams"].values():
        team["members"] = [*team["members"], *TEST_MEMBERS]
    folder = workdir / "teams"
    folder.mkdir(exist_ok=True)
    (folder / teams_module.TEAMS_FILE).write_text(yaml.safe_dump(data), "utf-8")
    return folder


@contextmanager
def start_servers(
    workdir: Path,
    database_url: str,
    tracker_store_url: str,
    *,
    startup_seconds: float | None = None,
    overrides: dict[str, str] | None = None,
) -> Iterator[RunningServers]:
    """Start ``python -m bot.runtime.run`` (what ``make run`` runs) on free ports, then stop it.

    Needs a trained model (``make test`` trains before pytest runs). ``startup_seconds``
    overrides ``STARTUP_TIMEOUT_SECONDS`` for this set.
    """
    from bot.runtime.processes import startup_timeout
    from bot.runtime.training import MODEL_PATH

    if not MODEL_PATH.exists():
        pytest.fail("no trained model: run 'make train' (make test does this first)")
    ports, env = run_environment(database_url, tracker_store_url, **(overrides or {}))
    env["BOT_TEAMS_DIR"] = str(teams_with_test_accounts(workdir))
    if startup_seconds is not None:
        env["STARTUP_TIMEOUT_SECONDS"] = f"{startup_seconds:g}"
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
        database_url=database_url,
        tracker_store_url=tracker_store_url,
        process=process,
        log_path=log_path,
    )
    try:
        # A loaded machine needs longer to load the model: STARTUP_TIMEOUT_SECONDS.
        wait = startup_timeout() if startup_seconds is None else startup_seconds
        _wait_for_health(running, timeout=wait + 60)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServers]:
    """The three processes on private SQLite files, shared by every test of the session."""
    workdir = tmp_path_factory.mktemp("servers")
    with start_servers(
        workdir,
        f"sqlite:///{workdir / 'bot.db'}",
        f"sqlite:///{workdir / 'tracker.db'}",
        overrides=SESSION_LIMITS,
    ) as running:
        yield running


# Every test of the session chats from 127.0.0.1, as if one person started dozens of
# conversations; the chat's limits per client are tested on their own (tests/security).
SESSION_LIMITS = {
    "BOT_LIMIT_NEW_CONVERSATIONS": "500/600",
    "BOT_LIMIT_MESSAGES_PER_CLIENT": "5000/60",
    "BOT_LIMIT_STREAMS_PER_CLIENT": "500/60",
}


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


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """The figures the tests measured (tests/figures.py), after every run."""
    from tests.figures import LINES

    if LINES:
        terminalreporter.section("figures")
        for line in LINES:
            terminalreporter.write_line(line)
