"""``make bench-dashboard``: how fast the dashboard answers on a school year of data (issue 14).

For SQLite (files in a scratch folder) and PostgreSQL (``BENCH_POSTGRES_URL``, default the
local server with trust auth; the script creates its own databases ``advies_bench_dash``
and ``advies_bench_dash_tracker`` and drops them afterwards) it

1. migrates an empty store and fills it with ``tools.schooljaar_generator`` (2,000 applicants,
   school year 2025–2026, seed 14), the tracker store too;
2. logs a ``kwaliteit`` account in and asks for the whole page through the application
   in-process (Starlette's test client: routing, login check, middleware, queries,
   suppression, charts and template), first twice to warm up, then ``--runs`` times for
   the school year and for one month;
3. reports the median and p95 per database and view, and writes ``docs/bench/dashboard.json``
   and ``docs/bench/dashboard.md``.

Filling a region's year (``--applicants 20000``) takes ten minutes on a busy machine. With
``--keep`` the PostgreSQL databases stay after the run; ``--reuse`` then times the page on
them again (migrated to the newest revision first, so a new migration is measured on data
written before it), and fills them only when they are missing or hold another year.
``--database NAME`` names them (``NAME`` and ``NAME_tracker``), so runs beside each other
never touch each other's data.

The goal is a median under 500 ms on both. A benchmark, not a test; the machine's load
average is written beside the figures, since other work on it slows every number.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

OUT_DIR = ROOT / "docs" / "bench"
PG_ADMIN = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)
PG_DATABASE = "advies_bench_dash"  # and the same name with _tracker for Rasa's events
ACCOUNT = "bench-kwaliteit"
PASSWORD = "bench-wachtwoord-dashboard"
GOAL_MS = 500.0
VIEWS = {
    "schooljaar 2025–2026": "/medewerker/dashboard?periode=schooljaar&datum=2026-03-01",
    "maart 2026": "/medewerker/dashboard?periode=maand&datum=2026-03-01",
}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _filled(database_url: str, tracker_url: str, applicants: int) -> dict[str, Any] | None:
    """What an earlier run of the same size left in the databases, or None (fill them again)."""
    found = sa.create_engine(database_url, future=True)
    tracker = sa.create_engine(tracker_url, future=True)
    try:
        with found.connect() as connection:
            if not sa.inspect(connection).has_table("bench_fill"):
                return None
            row = connection.execute(sa.text("SELECT figures FROM bench_fill")).scalar()
        with tracker.connect() as connection:
            if not sa.inspect(connection).has_table("events"):
                return None
        made = json.loads(row) if row else None
        return made if made and made.get("applicants") == applicants else None
    finally:
        found.dispose()
        tracker.dispose()


def _remember(database_url: str, made: dict[str, Any]) -> None:
    """Note what this fill wrote, so ``--reuse`` knows the data and its figures."""
    engine = sa.create_engine(database_url, future=True)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS bench_fill"))
            connection.execute(sa.text("CREATE TABLE bench_fill (figures TEXT NOT NULL)"))
            connection.execute(
                sa.text("INSERT INTO bench_fill (figures) VALUES (:figures)"),
                {"figures": json.dumps(made)},
            )
    finally:
        engine.dispose()


def measure(
    database_url: str, tracker_url: str, applicants: int, runs: int, reuse: bool = False
) -> dict[str, Any]:
    """Fill one backend (unless ``reuse`` finds it filled) and time the page on it."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["TRACKER_STORE_URL"] = tracker_url
    from starlette.testclient import TestClient

    from bot.accounts import create_account
    from bot.store import db
    from bot.store.migrate import upgrade
    from bot.store.repository import repository_scope
    from bot.web.app import create_app
    from tools.schooljaar_generator import generate

    db.reset_engines()
    earlier = _filled(database_url, tracker_url, applicants) if reuse else None
    started = time.perf_counter()
    upgrade(database_url)
    migrate_seconds = time.perf_counter() - started
    if earlier is None:
        started = time.perf_counter()
        generated = generate(
            2026, applicants, seed=14, database_url=database_url, tracker_store_url=tracker_url
        )
        made = {
            "applicants": applicants,
            "conversations": generated.conversations,
            "practice": generated.practice,
            "answers": generated.answers,
            "handovers": generated.handovers,
            "tracker_events": generated.events,
            "fill_seconds": round(time.perf_counter() - started, 1),
        }
        with repository_scope() as repository:  # a fill broken off may have made it
            missing = repository.get_professional(ACCOUNT) is None
        if missing:
            create_account(ACCOUNT, PASSWORD, "Bench Kwaliteit", role="kwaliteit")
        _remember(database_url, made)
    else:
        made = {**earlier, "reused": True, "migrate_seconds": round(migrate_seconds, 1)}
    client = TestClient(create_app())  # no lifespan: no outbox sender during the timing
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/medewerker/inloggen").text)
    assert token, "no login form"
    login = client.post(
        "/medewerker/inloggen",
        data={"csrf": token.group(1), "gebruikersnaam": ACCOUNT, "wachtwoord": PASSWORD},
        follow_redirects=False,
    )
    assert login.headers.get("location") == "/medewerker/dashboard", login.status_code
    views: dict[str, Any] = {}
    for name, path in VIEWS.items():
        times, cpu = [], []
        for attempt in range(runs + 2):
            begin, begin_cpu = time.perf_counter(), time.process_time()
            page = client.get(path)
            elapsed = (time.perf_counter() - begin) * 1000
            used = (time.process_time() - begin_cpu) * 1000
            assert page.status_code == 200 and "Dashboard inclusief advies" in page.text
            if attempt >= 2:
                times.append(elapsed)
                cpu.append(used)
        views[name] = {
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(_p95(times), 1),
            "min_ms": round(min(times), 1),
            # CPU time of this process (all its threads) per page: what the page costs
            # whatever else the machine runs; the database server's own CPU is not in it.
            "cpu_median_ms": round(statistics.median(cpu), 1),
            "runs": len(times),
        }
    db.reset_engines()
    return {**made, "views": views}


def _postgres(action: str, names: tuple[str, ...], reuse: bool = False) -> None:
    """Create (``reuse``: only the missing ones) or drop the bench's own databases."""
    admin = sa.create_engine(PG_ADMIN, future=True, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            existing = set(connection.execute(sa.text("SELECT datname FROM pg_database")).scalars())
            for name in names:
                if reuse and action == "create" and name in existing:
                    continue
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                if action == "create":
                    connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--applicants", type=int, default=2000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument(
        "--database",
        default=PG_DATABASE,
        help="PostgreSQL: the databases NAME and NAME_tracker (default %(default)s)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="PostgreSQL: keep the databases after the run"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: time on the databases an earlier --keep run filled (implies --keep)",
    )
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", args.database):
        parser.error("--database: lower-case letters, digits and _")
    names = (args.database, f"{args.database}_tracker")
    results: dict[str, Any] = {}
    load_before = os.getloadavg()[0]
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as folder:
            results["sqlite"] = measure(
                f"sqlite:///{folder}/bot.db",
                f"sqlite:///{folder}/tracker.db",
                args.applicants,
                args.runs,
            )
    if args.only in (None, "postgresql"):
        _postgres("create", names, reuse=args.reuse)
        try:
            url = sa.engine.make_url(PG_ADMIN)
            results["postgresql"] = measure(
                str(url.set(database=names[0])),
                str(url.set(database=names[1])),
                args.applicants,
                args.runs,
                reuse=args.reuse,
            )
        finally:
            if not (args.keep or args.reuse):
                _postgres("drop", names)
    report = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load average before"
        f" {load_before:.1f}, after {os.getloadavg()[0]:.1f}",
        "goal_median_ms": GOAL_MS,
        "applicants": args.applicants,
        "results": results,
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "dashboard.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    lines = [
        "# Dashboard benchmark",
        "",
        f"{report['when']}, {report['machine']}; {args.applicants} applicants,"
        " school year 2025–2026,"
        " whole page in-process (`make bench-dashboard`).",
        "",
        "| database | view | median | p95 | CPU median (this process) | runs |",
        "|---|---|---|---|---|---|",
    ]
    for backend, result in results.items():
        for view, figures in result["views"].items():
            lines.append(
                f"| {backend} | {view} | {figures['median_ms']:.0f} ms | {figures['p95_ms']:.0f} ms"
                f" | {figures['cpu_median_ms']:.0f} ms | {figures['runs']} |"
            )
    for backend, result in results.items():
        lines.append("")
        lines.append(
            f"{backend}: {result['conversations']} conversations (+{result['practice']} practice),"
            f" {result['answers']} answers, {result['handovers']} hand-overs,"
            f" {result['tracker_events']} tracker events; filled in {result['fill_seconds']} s"
            + (
                f" by an earlier run (reused, migrated in {result['migrate_seconds']} s)."
                if result.get("reused")
                else "."
            )
        )
    (OUT_DIR / "dashboard.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    slow = [
        (backend, view)
        for backend, result in results.items()
        for view, figures in result["views"].items()
        if figures["median_ms"] >= GOAL_MS
    ]
    if slow:
        print(f"slower than {GOAL_MS:.0f} ms: {slow}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
