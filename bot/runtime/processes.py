"""The three processes of the assistant and a small supervisor for them.

``make run`` and the end-to-end tests start exactly the same commands, so what the
tests check is what a user runs. Each child gets its own process group, so stopping
reaches the workers Rasa and uvicorn may fork; and each child asks Linux to send it SIGTERM
when the supervisor dies, so no server outlives ``make run`` holding its port.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

from bot.runtime.training import MODEL_PATH
from bot.settings import PROJECT_ROOT, Settings, default_tracker_store_url


@dataclass(frozen=True)
class ProcessSpec:
    """One process: how to start it and how to see that it is ready."""

    name: str
    command: list[str]
    ready_url: str


def child_environment(settings: Settings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment shared by the children: ports, tokens and store locations."""
    env = dict(os.environ if base is None else base)
    env.setdefault("TRACKER_STORE_URL", default_tracker_store_url())
    env["ACTION_ENDPOINT_URL"] = f"{settings.action_server_url}/webhook"
    env["RASA_URL"] = settings.rasa_url
    env["SANIC_HOST"] = settings.host  # rasa_sdk binds to this instead of 0.0.0.0
    # Rasa sends this token to the action server, which answers nobody else
    # (bot/runtime/action_server.py); one random token per run unless one is set.
    env.setdefault("ACTION_SERVER_TOKEN", secrets.token_urlsafe(32))
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def process_specs(
    settings: Settings, model: Path = MODEL_PATH, endpoints: str | None = None
) -> list[ProcessSpec]:
    """The action server, the Rasa server and the web service, in start order."""
    python = sys.executable
    endpoints = endpoints or os.environ.get("RASA_ENDPOINTS", "endpoints.yml")
    rasa = [
        python,
        "-m",
        "bot.rasa.launcher",  # Rasa, with RASA_TOKEN read from the environment
        "run",
        "--enable-api",
        "--interface",
        settings.host,
        "--port",
        str(settings.rasa_port),
        "--model",
        str(model),
        "--credentials",
        "credentials.yml",
        "--endpoints",
        endpoints,
    ]
    return [
        ProcessSpec(
            "actions",
            [
                python,
                "-m",
                "bot.runtime.action_server",  # rasa_sdk on loopback, only for Rasa
                "--actions",
                "actions",
                "--port",
                str(settings.action_port),
            ],
            f"{settings.action_server_url}/health",
        ),
        ProcessSpec("rasa", rasa, f"{settings.rasa_url}/status?token={settings.rasa_token}"),
        ProcessSpec(
            "web",
            [
                python,
                "-m",
                "bot.runtime.web_server",  # uvicorn with request timeouts, no proxy headers
                "--host",
                settings.host,
                "--port",
                str(settings.web_port),
            ],
            f"{settings.web_url}/health",
        ),
    ]


@dataclass
class Supervisor:
    """Starts the children, waits until they answer, and stops them cleanly."""

    specs: list[ProcessSpec]
    env: dict[str, str]
    log_dir: Path | None = None
    # Start a replica again when it exits (``make run-cluster``, as Kubernetes would);
    # ``make run`` stops everything instead, so a broken part is noticed at once.
    restart: bool = False
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    restarts: dict[str, int] = field(default_factory=dict)
    _logs: list[IO[bytes]] = field(default_factory=list)

    def start(self) -> None:
        for spec in self.specs:
            self._launch(spec)

    def _launch(self, spec: ProcessSpec) -> None:
        stdout: IO[bytes] | None = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            stdout = open(self.log_dir / f"{spec.name}.log", "ab")  # noqa: SIM115
            self._logs.append(stdout)
        print(f"[run] starting {spec.name}", flush=True)
        self.processes[spec.name] = subprocess.Popen(
            spec.command,
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=stdout,
            stderr=subprocess.STDOUT if stdout else None,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )

    def restart_exited(self) -> list[str]:
        """Start every exited process again; the names of those restarted."""
        again = []
        for spec in self.specs:
            process = self.processes.get(spec.name)
            if process is not None and process.poll() is not None:
                self.restarts[spec.name] = self.restarts.get(spec.name, 0) + 1
                print(
                    f"[run] {spec.name} stopped (exit {process.returncode}); starting it again",
                    flush=True,
                )
                self._launch(spec)
                again.append(spec.name)
        return again

    def wait_until_ready(self, timeout: float | None = None) -> None:
        """Poll each ready URL; raise with the name of the part that did not come up."""
        timeout = startup_timeout() if timeout is None else timeout
        deadline = time.monotonic() + timeout
        pending = list(self.specs)
        with httpx.Client(timeout=2.0) as client:
            while pending:
                spec = pending[0]
                process = self.processes[spec.name]
                if process.poll() is not None:
                    raise RuntimeError(
                        f"{spec.name} stopped during start-up (exit {process.returncode})"
                    )
                try:
                    if client.get(spec.ready_url).status_code == 200:
                        print(f"[run] {spec.name} is ready", flush=True)
                        pending.pop(0)
                        continue
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{spec.name} did not answer within {timeout:.0f} s")
                time.sleep(0.5)

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM every process group, then SIGKILL what is still running after ``grace``."""
        for name, process in reversed(self.processes.items()):
            if process.poll() is None:
                print(f"[run] stopping {name}", flush=True)
                _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in self.processes.values():
            remaining = max(0.1, deadline - time.monotonic())
            try:
                process.wait(timeout=remaining)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=5)
        for handle in self._logs:
            handle.close()
        self._logs.clear()

    def first_exited(self) -> str | None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                return name
        return None


def serve(supervisor: Supervisor, on_ready: Callable[[], None] = lambda: None) -> int:
    """Start, wait until ready, run until Ctrl-C/SIGTERM or a child exits, then stop all.

    Once stopping has begun, further SIGINT/SIGTERM are ignored: ``make`` and service
    managers send a second signal to the whole group, which used to interrupt the clean-up
    and leave the servers running.
    """

    def _stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    # Ctrl-C and SIGTERM both stop everything, even when a non-interactive shell started
    # this process with SIGINT ignored (as background jobs are).
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        supervisor.start()
        supervisor.wait_until_ready()
        on_ready()
        while (exited := supervisor.first_exited()) is None or supervisor.restart:
            if exited is not None:
                supervisor.restart_exited()
            time.sleep(0.5)
        print(f"[run] {exited} stopped unexpectedly; stopping the others", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n[run] stopping all processes", flush=True)
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(f"[run] start-up failed: {error}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        supervisor.stop()


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the supervisor dies (Linux prctl; else no-op)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))


PR_SET_PDEATHSIG = 1


def startup_timeout() -> float:
    """Seconds the three parts get to come up: ``STARTUP_TIMEOUT_SECONDS``, default 180.

    Rasa loads TensorFlow and spaCy; on a busy 2-core machine that can take longer.
    """
    try:
        return max(float(os.environ.get("STARTUP_TIMEOUT_SECONDS", "") or 180), 1.0)
    except ValueError:
        return 180.0


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
