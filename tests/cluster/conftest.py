"""``make run-cluster`` started by the tests, on its own PostgreSQL and Redis on loopback.

The fault tests restart PostgreSQL and stop Redis, so they get servers of their own
(``initdb`` into a temporary folder, ``redis-server`` on a free port) instead of the
machine's shared ones. Skipped, with the reason, where HAProxy (``make cluster-setup``),
PostgreSQL's binaries or Redis are missing.
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.browser.conftest import browser  # noqa: F401  (the Chromium fixture)
from tests.conftest import PROJECT_ROOT, _free_port

PG_BIN = Path(os.environ.get("BOT_PG_BIN", "/usr/lib/postgresql/15/bin"))
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; the Debian package's user runs it then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass
class Postgres:
    """A private PostgreSQL server (trust auth on loopback)."""

    data: Path
    port: int
    log: Path

    def url(self, name: str, driver: str = "postgresql+psycopg2") -> str:
        return f"{driver}://postgres@127.0.0.1:{self.port}/{name}"

    def _ctl(self, *args: str) -> None:
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", *args]
        subprocess.run(_as_postgres(command), check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._ctl("-o", f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1", "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")

    def restart(self) -> None:
        self._ctl(
            "-m", "fast", "-o", f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1", "restart"
        )


@dataclass
class Redis:
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


# The modules the cluster starts, one per process kind (bot/runtime/processes.py).
LAUNCHERS = frozenset({"bot.rasa.launcher", "bot.runtime.action_server", "bot.runtime.web_server"})


@dataclass
class Cluster:
    """What the tests need to reach the running cluster and its parts."""

    web_url: str
    rasa_url: str
    ports: dict[str, int]
    env: dict[str, str]
    database_url: str
    postgres: Postgres
    redis: Redis
    process: subprocess.Popen[bytes]
    log_dir: Path

    @property
    def api_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.env['BOT_API_TOKEN']}"}

    def pid_of(self, name: str) -> int:
        """The process id of a replica (``rasa-1``, ``web-2``, ``actions-1``) by its port."""
        port = str(self.ports[_port_key(name)])
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            words = [word.decode(errors="replace") for word in argv]
            ours = any(w in LAUNCHERS for w in words)
            if ours and "--port" in words and words[words.index("--port") + 1] == port:
                return int(entry.name)
        raise LookupError(f"{name} is not running")

    def kill(self, name: str) -> None:
        """SIGKILL, then wait until its port refuses, as after a crash between two turns.

        A dying Rasa (1.5 GB to free, threads still exiting) accepts connections for a
        while and then resets them; a message that arrives then gets the relay's "even
        niet bereikbaar" answer (seen in HAProxy's log as ``SH``), which is not what
        these tests are about.
        """
        port = self.ports[_port_key(name)]
        os.kill(self.pid_of(name), signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until its port refuses (threads still exiting hold it)
            with socket.socket() as probe:
                probe.settimeout(1)
                if probe.connect_ex(("127.0.0.1", port)) != 0:
                    return
            time.sleep(0.05)

    def replica_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[_port_key(name)]}"

    def haproxy_status(self) -> dict[str, str]:
        """HAProxy's view of each replica (``rasa-1``: ``UP``), from its stats page."""
        stats = f"http://127.0.0.1:{self.ports['CLUSTER_STATS_PORT']}/;csv"
        lines = httpx.get(stats, timeout=5).text.lstrip("# ").splitlines()
        rows = list(csv.DictReader(lines))
        return {
            f"{row['pxname']}-{row['svname'][len(row['pxname']) :]}": row["status"]
            for row in rows
            if row["svname"] not in ("FRONTEND", "BACKEND") and row["pxname"] != "stats"
        }

    def wait_until_up(self, name: str, timeout: float = 600) -> None:
        """Until the supervisor has started ``name`` again and HAProxy sends to it again.

        Both are asked: right after a kill HAProxy still says UP (it wants two failed checks,
        one a second). Its checks from the outage are over 1.5 s after the replica answers
        again; from then on its UP is true.
        """
        path = {"web": "/health/live", "rasa": "/", "actions": "/health"}[name.rsplit("-", 1)[0]]
        deadline = time.monotonic() + timeout
        answered_since: float | None = None
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.replica_url(name) + path, timeout=2).status_code != 200:
                    answered_since = None
                elif answered_since is None:
                    answered_since = time.monotonic()
                settled = answered_since is not None and time.monotonic() - answered_since > 1.5
                if settled and self.haproxy_status().get(name) == "UP":
                    return
            time.sleep(0.5)
        raise TimeoutError(f"{name} did not come back within {timeout:.0f} s")

    def wait_until_all_up(self, timeout: float) -> None:
        for name in ("actions-1", "actions-2", "rasa-1", "rasa-2", "web-1", "web-2"):
            self.wait_until_up(name, timeout)


def _port_key(name: str) -> str:
    kind, number = name.rsplit("-", 1)
    return f"CLUSTER_{'ACTION' if kind == 'actions' else kind.upper()}_PORT_{number}"


def _skip_reason() -> str | None:
    if os.environ.get("BOT_CLUSTER_TESTS") == "0":
        return "BOT_CLUSTER_TESTS=0: the cluster fault tests were switched off"
    if not Path(HAPROXY).exists():
        return "HAProxy is missing: run 'make cluster-setup' as root"
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL's initdb is missing in {PG_BIN} (set BOT_PG_BIN)"
    if not Path(REDIS_SERVER).exists():
        return "redis-server is missing"
    return None


@pytest.fixture(scope="module")  # stopped after its tests, before the rest of the suite
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    from bot.runtime.processes import startup_timeout
    from bot.runtime.training import MODEL_PATH

    if (reason := _skip_reason()) is not None:
        pytest.skip(reason)
    if not MODEL_PATH.exists():
        pytest.fail("no trained model: run 'make train' (make test does this first)")
    workdir = tmp_path_factory.mktemp("cluster")
    pgroot = Path(tempfile.mkdtemp(prefix="advies-pg-"))  # the postgres user must reach it
    if os.geteuid() == 0:
        shutil.chown(pgroot, "postgres")
    postgres = Postgres(pgroot / "data", _free_port(), pgroot / "postgres.log")
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(postgres.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    postgres.start()
    redis = Redis(_free_port())
    redis.start()
    names = ("WEB_PORT", "RASA_PORT", "ACTION_PORT", "CLUSTER_STATS_PORT")
    ports = {name: _free_port() for name in names}
    for kind in ("WEB", "RASA", "ACTION"):
        for number in (1, 2):
            ports[f"CLUSTER_{kind}_PORT_{number}"] = _free_port()
    database_url = postgres.url("advies")
    env = {
        **os.environ,
        **{name: str(port) for name, port in ports.items()},
        "BOT_API_TOKEN": "cluster-api-token",
        "RASA_TOKEN": "cluster-rasa-token",
        "DATABASE_URL": database_url,
        "TRACKER_STORE_URL": postgres.url("advies_rasa", "postgresql"),
        "REDIS_URL": redis.url,
        "CLUSTER_DIR": str(workdir),
        "CLUSTER_LOG_DIR": str(workdir / "logs"),
        "STARTUP_TIMEOUT_SECONDS": str(int(startup_timeout()) + 240),
        # Every simulated user comes from 127.0.0.1: the per-address limits would stop
        # the fifty at once after ten (they are tested in tests/security).
        "BOT_LIMIT_NEW_CONVERSATIONS": "500/600",
        "BOT_LIMIT_MESSAGES_PER_CLIENT": "5000/60",
        "BOT_LIMIT_STREAMS_PER_CLIENT": "500/60",
    }
    log = open(workdir / "cluster.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.runtime.cluster"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    running = Cluster(
        web_url=f"http://127.0.0.1:{ports['WEB_PORT']}",
        rasa_url=f"http://127.0.0.1:{ports['RASA_PORT']}",
        ports=ports,
        env=env,
        database_url=database_url,
        postgres=postgres,
        redis=redis,
        process=process,
        log_dir=workdir / "logs",
    )
    try:
        deadline = time.monotonic() + float(env["STARTUP_TIMEOUT_SECONDS"]) + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (workdir / "cluster.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"the cluster did not come up:\n{tail}")
            try:
                if httpx.get(running.web_url + "/health", timeout=3).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        running.wait_until_all_up(timeout=120)  # not only one replica of each kind
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()
        redis.stop()
        with contextlib.suppress(subprocess.SubprocessError):
            postgres.stop()
        shutil.rmtree(pgroot, ignore_errors=True)
