"""The supervisor's children never outlive it: a signal to the group, twice, or a killed runner.

Two small HTTP servers stand in for the three parts (the real ones need minutes to load);
the runner is ``bot.runtime.processes.serve``, the loop ``make run`` uses.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, _free_port

RUNNER = textwrap.dedent(
    """
    import sys
    from bot.runtime.processes import ProcessSpec, Supervisor, serve

    ports = sys.argv[1:]
    specs = [
        ProcessSpec(f"part{i}", [sys.executable, "-m", "http.server", port, "--bind", "127.0.0.1"],
                    f"http://127.0.0.1:{port}/")
        for i, port in enumerate(ports)
    ]
    sys.exit(serve(Supervisor(specs, {}), lambda: print("READY", flush=True)))
    """
)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait(condition, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def runner() -> Iterator[tuple[subprocess.Popen[str], list[int], list[int]]]:
    ports = [_free_port(), _free_port()]
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", RUNNER, *map(str, ports)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    lines = []
    while not lines or lines[-1] not in ("READY", ""):  # "" is end of output
        lines.append(process.stdout.readline().strip())
    assert lines[-1] == "READY", lines
    children = _children(process.pid)
    assert len(children) == 2 and all(_listening(port) for port in ports)
    yield process, ports, children
    for pid in [process.pid, *children]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_two_sigterms_to_the_group_stop_every_part(runner) -> None:  # type: ignore[no-untyped-def]
    process, ports, children = runner
    # As make or a CI runner does: the whole group, and a second signal soon after.
    os.killpg(process.pid, signal.SIGTERM)
    time.sleep(0.05)
    os.killpg(process.pid, signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert _wait(lambda: not any(_alive(pid) for pid in children))
    assert not any(_listening(port) for port in ports)


def test_children_stop_when_the_runner_is_killed(runner) -> None:  # type: ignore[no-untyped-def]
    process, ports, children = runner
    process.kill()  # no clean-up at all: the parent-death signal must do it
    process.wait(timeout=10)
    assert _wait(lambda: not any(_alive(pid) for pid in children))
    assert _wait(lambda: not any(_listening(port) for port in ports))
