"""``make bench``: what a turn costs, beside Rasa's own ``rasa init`` bot as the floor (issue 13).

A benchmark, not a test. In one run on this machine it

1. trains Rasa's ``rasa init`` bot in ``var/bench/floor`` (once; ``--fresh`` trains again) and
   serves it next to the assistant (``python -m bot.runtime.run`` on free ports, own SQLite
   files), both through Rasa's REST channel;
2. measures sequential turn latency in alternating pairs (assistant turn, floor turn), so both
   see the same machine load;
3. runs 1, 10, 20 and 50 concurrent conversations against each (p50, p95, turns/s, errors);
4. compares turn 5 with turn 40 of one long conversation (the same question at both);
5. reads the resident memory of every process;
6. profiles the assistant's processes with py-spy during a sequential run and sorts the
   samples into NLU, policies, tracker store, action server, web service and the rest;
7. times a full training of the assistant's model in a scratch folder (``--no-train`` skips).

It prints a table and writes ``docs/bench/bench.json`` and ``docs/bench/latency.png``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

BENCH_VAR = ROOT / "var" / "bench"
FLOOR_DIR = BENCH_VAR / "floor"
OUT_DIR = ROOT / "docs" / "bench"
PYTHON = sys.executable
QUIET = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore"}

# A scripted advice conversation in free text (no buttons), up to the first hand-over.
ASSISTANT_SCRIPT = (
    "Hallo",
    "ja, dat is goed",
    "nee hoor, ze is ouder",
    "ik ben mentor",
    "welke leerroute past bij haar",
    "Ze is 17 en zit op het vso. Ze heeft geen startkwalificatie en er is jeugdhulp via het "
    "wijkteam.",
    "Ze wil graag in de dierenverzorging werken en is heel precies",
    "ze leert het beste door te doen",
    "ja, ze heeft extra begeleiding nodig bij plannen",
    "de vso-school en de jeugdhulp",
)
# Rasa init's moodbot: greet, unhappy, affirm, goodbye.
FLOOR_SCRIPT = ("hello", "I am sad", "yes", "bye")
# Turn 5 and turn 40 ask the same question inside the first form: four opening turns, then
# the question from turn 5 on (until 2026-12-08 turn 5 was the script's fifth line, a
# different and cheaper form turn, so the ratio also measured the kind of turn).
LONG_OPENING = ASSISTANT_SCRIPT[:4]
LONG_REPEAT = "wat is een startkwalificatie?"
LONG_TURNS = 40
CONCURRENCY = (1, 10, 20, 50)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


# --- the two servers --------------------------------------------------------------------


@dataclass
class Server:
    """One bot behind Rasa's REST channel, started in its own process group."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    script: tuple[str, ...]
    log: Path

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"

    def pids(self) -> dict[str, int]:
        """The process and all its descendants, by a short name."""
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        found: dict[str, int] = {}
        todo = [self.process.pid]
        while todo:
            pid = todo.pop()
            todo.extend(children.get(pid, []))
            found[f"{self.name}:{_process_name(pid)}:{pid}"] = pid
        return found


def _process_name(pid: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in argv if a]
    for marker, name in (
        ("rasa_sdk", "actions"),
        ("bot.runtime.action_server", "actions"),
        ("uvicorn", "web"),
        ("bot.runtime.web_server", "web"),
        ("bot.runtime.run", "runner"),
        ("bot.rasa.launcher", "rasa"),
    ):
        if marker in words:
            return name
    return "rasa" if "rasa" in words else Path(words[0]).name if words else "?"


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def train_floor(fresh: bool) -> float | None:
    """``rasa init`` in var/bench/floor; the training time, or None when the model was there."""
    if FLOOR_DIR.exists() and any((FLOOR_DIR / "models").glob("*.tar.gz")) and not fresh:
        return None
    shutil.rmtree(FLOOR_DIR, ignore_errors=True)
    FLOOR_DIR.mkdir(parents=True)  # rasa init wants the folder to exist
    print("[bench] training Rasa's rasa init bot (the floor) in var/bench/floor ...", flush=True)
    started = time.monotonic()
    subprocess.run(
        [PYTHON, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(FLOOR_DIR)],
        check=True,
        cwd=BENCH_VAR,
        env=QUIET,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - started


@contextmanager
def running_servers(workdir: Path) -> Iterator[tuple[Server, Server]]:
    """The assistant (what ``make run`` starts) and the floor, both on free loopback ports."""
    from bot.runtime.training import MODEL_PATH

    if not MODEL_PATH.exists():
        raise SystemExit("no trained model: run 'make train' first")
    ports = {"RASA_PORT": _free_port(), "ACTION_PORT": _free_port(), "WEB_PORT": _free_port()}
    env = {
        **QUIET,
        **{name: str(port) for name, port in ports.items()},
        "BOT_API_TOKEN": "bench-api-token",
        "RASA_TOKEN": "bench-rasa-token",
        "DATABASE_URL": f"sqlite:///{workdir / 'bot.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{workdir / 'tracker.db'}",
        "STARTUP_TIMEOUT_SECONDS": "900",
    }
    assistant_log = workdir / "assistant.log"
    floor_log = workdir / "floor.log"
    floor_port = _free_port()
    with open(assistant_log, "wb") as alog, open(floor_log, "wb") as flog:
        assistant = Server(
            "assistant",
            f"http://127.0.0.1:{ports['RASA_PORT']}",
            subprocess.Popen(
                [PYTHON, "-m", "bot.runtime.run"],
                cwd=ROOT,
                env=env,
                stdout=alog,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            ),
            ASSISTANT_SCRIPT,
            assistant_log,
        )
        floor = Server(
            "floor",
            f"http://127.0.0.1:{floor_port}",
            subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "rasa",
                    "run",
                    "--interface",
                    "127.0.0.1",
                    "--port",
                    str(floor_port),
                    "--model",
                    "models",
                    "--credentials",
                    "credentials.yml",
                    "--endpoints",
                    "endpoints.yml",
                ],
                cwd=FLOOR_DIR,
                env=QUIET,
                stdout=flog,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            ),
            FLOOR_SCRIPT,
            floor_log,
        )
        try:
            for server in (floor, assistant):
                _wait_until_answering(server, timeout=900)
            yield assistant, floor
        finally:
            for server in (assistant, floor):
                _stop(server.process)


def _wait_until_answering(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            reply = httpx.post(
                server.webhook,
                json={"sender": "bench-warmup", "message": server.script[0]},
                timeout=30,
            )
            if reply.status_code == 200 and reply.json():
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise SystemExit(f"[bench] {server.name} did not answer; see {server.log}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


# --- measuring turns ----------------------------------------------------------------------


@dataclass
class Run:
    """Latencies and errors of a batch of turns."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    wall: float = 0.0

    def summary(self) -> dict[str, float | int | dict[str, int]]:
        turns = len(self.latencies)
        return {
            "turns": turns,
            "p50_ms": _ms(statistics.median(self.latencies)) if turns else float("nan"),
            "p95_ms": _ms(_percentile(self.latencies, 0.95)),
            "turns_per_s": round(turns / self.wall, 2) if self.wall else 0.0,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
        }


async def _turn(
    client: httpx.AsyncClient, server: Server, sender: str, text: str, run: Run
) -> None:
    started = time.perf_counter()
    try:
        reply = await client.post(server.webhook, json={"sender": sender, "message": text})
    except httpx.HTTPError as error:
        run.errors[type(error).__name__] += 1
        return
    elapsed = time.perf_counter() - started
    if reply.status_code != 200:
        run.errors[f"http {reply.status_code}"] += 1
    elif not reply.json():
        run.errors["silent"] += 1
    else:
        run.latencies.append(elapsed)


async def _conversations(server: Server, users: int, rounds: int) -> Run:
    """``users`` conversations at once, each playing the script ``rounds`` times anew."""
    run = Run()
    limits = httpx.Limits(max_connections=users + 5, max_keepalive_connections=users + 5)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def user(index: int) -> None:
            for _ in range(rounds):
                sender = f"bench-{server.name}-{users}-{index}-{uuid.uuid4().hex[:8]}"
                for text in server.script:
                    await _turn(client, server, sender, text, run)

        started = time.perf_counter()
        await asyncio.gather(*(user(index) for index in range(users)))
        run.wall = time.perf_counter() - started
    return run


async def _sequential_pairs(
    assistant: Server, floor: Server, conversations: int
) -> tuple[Run, Run]:
    """Alternate one assistant turn and one floor turn, so both see the same load."""
    runs = (Run(), Run())
    async with httpx.AsyncClient(timeout=60) as client:
        for index in range(conversations):
            senders = [
                f"bench-seq-{s.name}-{index}-{uuid.uuid4().hex[:6]}" for s in (assistant, floor)
            ]
            steps = max(len(assistant.script), len(floor.script))
            for step in range(steps):
                for server, sender, run in zip((assistant, floor), senders, runs, strict=True):
                    if step < len(server.script):
                        started = time.perf_counter()
                        await _turn(client, server, sender, server.script[step], run)
                        run.wall += time.perf_counter() - started
    return runs


def long_texts() -> list[str]:
    """What the user says in each turn of the long conversation."""
    return [*LONG_OPENING, *[LONG_REPEAT] * (LONG_TURNS - len(LONG_OPENING))]


async def _long_conversation(assistant: Server, conversations: int) -> dict[int, list[float]]:
    """Latency per turn number of conversations that ask the same question over and over."""
    by_turn: dict[int, list[float]] = {}
    async with httpx.AsyncClient(timeout=60) as client:
        for index in range(conversations):
            sender = f"bench-long-{index}-{uuid.uuid4().hex[:6]}"
            for number, text in enumerate(long_texts(), start=1):
                run = Run()
                await _turn(client, assistant, sender, text, run)
                if run.latencies:
                    by_turn.setdefault(number, []).extend(run.latencies)
    return by_turn


# --- profile -----------------------------------------------------------------------------

# Where a sample's innermost project or library frame says the time went, checked in order.
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tracker store (SQL, masking)", ("tracker_store", "sqlalchemy", "bot/privacy")),
    (
        "NLU (spaCy, DIET, featurizers)",
        ("rasa/nlu", "spacy", "thinc", "tensorflow", "keras", "sklearn"),
    ),
    (
        "policies and rules",
        ("rasa/core/policies", "rasa/shared/core/generator", "rasa/core/featurizers"),
    ),
    ("action server (actions, forms)", ("rasa_sdk", "actions/", "bot/dialogue", "bot/knowledge")),
    ("project store (SQLAlchemy, bot.store)", ("bot/store",)),
    ("web service (Starlette)", ("starlette", "uvicorn", "bot/web")),
    ("events and serialisation", ("rasa/shared/core/events", "rasa/shared/core/trackers", "json")),
    (
        "HTTP and event loop (Sanic, aiohttp)",
        ("sanic", "aiohttp", "asyncio", "httptools", "uvloop"),
    ),
)


def _category(stack: str) -> str:
    frames = stack.split(";")
    for frame in reversed(frames):
        for name, markers in CATEGORIES:
            if any(marker in frame for marker in markers):
                return name
    return "other (Python, imports, logging)"


RATE = 100  # samples per second; py-spy pauses the process for each (--gil counts GIL holders)


def profile(assistant: Server, seconds_of_turns: int, workdir: Path) -> dict[str, object]:
    """Sample the assistant's processes with py-spy while it plays the script sequentially."""
    spy = shutil.which("py-spy", path=str(Path(PYTHON).parent)) or shutil.which("py-spy")
    if spy is None:
        return {"skipped": "py-spy is not installed (make install installs it)"}
    recorders = []
    for label, pid in assistant.pids().items():
        if label.split(":")[1] not in {"rasa", "actions", "web"}:
            continue
        out = workdir / f"profile-{label.split(':')[1]}.txt"
        recorders.append(
            (
                label.split(":")[1],
                out,
                subprocess.Popen(
                    [
                        spy,
                        "record",
                        "--pid",
                        str(pid),
                        "--format",
                        "raw",
                        "--rate",
                        str(RATE),
                        "--duration",
                        str(seconds_of_turns),
                        "--output",
                        str(out),
                        "--gil",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                ),
            )
        )
    time.sleep(1.0)
    run = Run()
    deadline = time.monotonic() + seconds_of_turns - 2

    async def play() -> None:
        async with httpx.AsyncClient(timeout=60) as client:
            while time.monotonic() < deadline:
                sender = f"bench-profile-{uuid.uuid4().hex[:8]}"
                for text in assistant.script:
                    await _turn(client, assistant, sender, text, run)

    asyncio.run(play())
    samples: Counter[str] = Counter()
    hot: Counter[str] = Counter()
    per_process: dict[str, int] = {}
    for name, out, recorder in recorders:
        recorder.wait(timeout=seconds_of_turns + 60)
        count = 0
        if out.exists():
            for line in out.read_text(errors="replace").splitlines():
                stack, _, number = line.rpartition(" ")
                if not number.isdigit() or _idle(stack):
                    continue
                samples[f"{name}: {_category(stack)}"] += int(number)
                hot[f"{name}: {_innermost_own_frame(stack)}"] += int(number)
                count += int(number)
        per_process[name] = count
    turns = len(run.latencies)
    rate = float(RATE)
    return {
        "turns": turns,
        "cpu_ms_per_turn_by_process": {
            name: round(count / rate / turns * 1000, 1) for name, count in per_process.items()
        }
        if turns
        else {},
        "cpu_ms_per_turn_by_part": {
            key: round(count / rate / turns * 1000, 1) for key, count in samples.most_common()
        }
        if turns
        else {},
        "hottest_frames_ms_per_turn": {
            key: round(count / rate / turns * 1000, 1) for key, count in hot.most_common(15)
        }
        if turns
        else {},
    }


def _innermost_own_frame(stack: str) -> str:
    """The innermost frame of Rasa, rasa_sdk, the project or SQLAlchemy: who asked for the work."""
    frames = stack.split(";")
    for frame in reversed(frames):
        if any(
            mark in frame for mark in ("/rasa/", "/rasa_sdk/", "/bot/", "/actions/", "sqlalchemy")
        ):
            return frame.strip()[:140]
    return frames[-1].strip()[:140] if frames else "?"


def _idle(stack: str) -> bool:
    leaf = stack.rsplit(";", 1)[-1]
    return any(
        word in leaf for word in ("select", "epoll", "poll (", "wait (", "_run_once", "sleep")
    )


# --- training ----------------------------------------------------------------------------


def time_training() -> float:
    """A full ``rasa train`` of the assistant into a scratch folder (the real model stays).

    The same command and environment as ``make train`` (``bot.runtime.training``), with
    ``--force`` and an empty graph cache, so it is a training from scratch.
    """
    from bot.runtime.training import training_command

    with tempfile.TemporaryDirectory(prefix="bench-train-") as out:
        env = {**QUIET, "RASA_CACHE_DIRECTORY": str(Path(out) / "cache")}
        started = time.monotonic()
        subprocess.run(
            training_command(Path(out), model_name="bench", force=True),
            check=True,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return time.monotonic() - started


# --- report --------------------------------------------------------------------------------


def _plot(concurrency: dict[str, dict[int, dict[str, object]]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for name, style in (("assistant", "o-"), ("floor", "s--")):
        users = sorted(concurrency[name])
        left.plot(
            users, [concurrency[name][u]["p50_ms"] for u in users], style, label=f"{name} p50"
        )
        left.plot(
            users,
            [concurrency[name][u]["p95_ms"] for u in users],
            style,
            alpha=0.5,
            label=f"{name} p95",
        )
        right.plot(users, [concurrency[name][u]["turns_per_s"] for u in users], style, label=name)
    left.set(xlabel="gelijktijdige gesprekken", ylabel="ms per beurt", title="Wachttijd per beurt")
    right.set(xlabel="gelijktijdige gesprekken", ylabel="beurten per seconde", title="Doorvoer")
    left.legend()
    right.legend()
    figure.suptitle("Assistent naast Rasa's eigen rasa-init-bot (zelfde machine, zelfde run)")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=90)


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="train the floor bot again")
    parser.add_argument("--no-train", action="store_true", help="skip timing a training run")
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy profile")
    parser.add_argument("--pairs", type=int, default=8, help="sequential conversations per bot")
    parser.add_argument("--rounds", type=int, default=2, help="script rounds per concurrent user")
    parser.add_argument("--users", type=int, nargs="*", default=list(CONCURRENCY))
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--profile-only", action="store_true", help="only the py-spy profile")
    args = parser.parse_args(argv)

    results: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg()}
    }
    floor_training = train_floor(args.fresh)
    step: Callable[[str], None] = lambda text: print(f"[bench] {text}", flush=True)  # noqa: E731
    with (
        tempfile.TemporaryDirectory(prefix="bench-") as scratch,
        running_servers(Path(scratch)) as (
            assistant,
            floor,
        ),
    ):
        if args.profile_only:
            step("profiling sequential turns with py-spy")
            print(json.dumps(profile(assistant, 40, Path(scratch)), indent=1))
            return 0
        step("sequential turns, assistant and floor alternating")
        seq_assistant, seq_floor = asyncio.run(_sequential_pairs(assistant, floor, args.pairs))
        sequential = {"assistant": seq_assistant.summary(), "floor": seq_floor.summary()}
        sequential["ratio_p50"] = round(
            float(sequential["assistant"]["p50_ms"]) / float(sequential["floor"]["p50_ms"]), 2
        )
        results["sequential"] = sequential

        concurrency: dict[str, dict[int, dict[str, object]]] = {"assistant": {}, "floor": {}}
        for users in args.users:
            for server in (assistant, floor):
                step(f"{users} concurrent conversations: {server.name}")
                run = asyncio.run(_conversations(server, users, args.rounds))
                concurrency[server.name][users] = run.summary()
        results["concurrency"] = concurrency

        step("turn 5 against turn 40 of one conversation")
        by_turn = asyncio.run(_long_conversation(assistant, 5))
        growth = {
            str(n): _ms(statistics.median(by_turn[n]))
            for n in (5, 10, 20, 30, LONG_TURNS)
            if n in by_turn
        }
        results["growth_ms_by_turn"] = growth
        if "5" in growth and str(LONG_TURNS) in growth:
            results["growth_ratio_40_to_5"] = round(growth[str(LONG_TURNS)] / growth["5"], 2)

        results["rss_mib"] = {
            label: _rss_mib(pid)
            for server in (assistant, floor)
            for label, pid in server.pids().items()
            if label.split(":")[1] in {"rasa", "actions", "web"}
        }
        if not args.no_profile:
            step("profiling sequential turns with py-spy")
            results["profile"] = profile(assistant, 40, Path(scratch))
    if floor_training is not None:
        results["floor_training_s"] = round(floor_training, 1)
    if not args.no_train:
        step("timing a full training of the assistant's model")
        results["training_s"] = round(time_training(), 1)
    results["load_after"] = os.getloadavg()

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    _plot(concurrency, args.out / "latency.png")
    rows = [("", "users", "p50 ms", "p95 ms", "turns/s", "errors")]
    rows.append(("sequential assistant", "1", *_cells(sequential["assistant"])))
    rows.append(("sequential floor", "1", *_cells(sequential["floor"])))
    for users in args.users:
        for name in ("assistant", "floor"):
            rows.append((f"concurrent {name}", str(users), *_cells(concurrency[name][users])))
    print(_table(rows))
    print(f"ratio assistant/floor (sequential p50): {sequential['ratio_p50']}")
    print(f"turn latency by turn number (p50 ms): {growth}")
    print(f"memory (RSS MiB): {results['rss_mib']}")
    if "profile" in results:
        print(f"profile (CPU ms per turn): {json.dumps(results['profile'], indent=1)}")
    if "training_s" in results:
        print(f"training the assistant: {results['training_s']} s")
    print(f"[bench] wrote {args.out / 'bench.json'} and {args.out / 'latency.png'}")
    return 0


def _cells(summary: object) -> tuple[str, str, str, str]:
    assert isinstance(summary, dict)
    return (
        f"{summary['p50_ms']}",
        f"{summary['p95_ms']}",
        f"{summary['turns_per_s']}",
        f"{summary['errors']}",
    )


if __name__ == "__main__":
    sys.exit(main())
