"""The dashboard in a real browser (Debian's Chromium), on a generated school year.

Only the web service runs (no Rasa: the dashboard needs none). The test fills a private
SQLite store with ``python -m tools.schooljaar_generator`` (2,000 applicants), logs a
``kwaliteit`` account in, checks the figures on the page against counts made here straight
from the tables, switches the period, downloads a CSV, and runs axe-core (WCAG 2.1 A/AA).
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.runtime.processes import child_environment, process_specs
from bot.settings import get_settings
from tests.browser.conftest import PASSWORD, save_screenshot
from tests.browser.test_browser_chat_and_inbox import axe_violations
from tests.conftest import PROJECT_ROOT, _free_port

# The school year 2025–2026 and March 2026 as UTC bounds (Europe/Amsterdam midnights).
YEAR = ("2025-07-31 22:00:00", "2026-07-31 22:00:00")
MARCH = ("2026-02-28 23:00:00", "2026-03-31 22:00:00")


@dataclass(frozen=True)
class Web:
    url: str
    database: Path


@pytest.fixture(scope="module")
def web_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """The web service alone (uvicorn) on a store holding a generated school year."""
    folder = tmp_path_factory.mktemp("dashboard-web")
    database = folder / "bot.db"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "TRACKER_STORE_URL": f"sqlite:///{folder / 'tracker.db'}",
        "BOT_API_TOKEN": "test-api-token",
        "NOTIFY_POLL_SECONDS": "0",
    }

    def run(*args: str, stdin: str | None = None) -> None:
        subprocess.run(
            [sys.executable, "-m", *args],
            cwd=PROJECT_ROOT,
            env=env,
            input=stdin,
            text=True,
            check=True,
            capture_output=True,
            timeout=300,
        )

    run("bot.store.migrate")
    run("tools.schooljaar_generator", "--year", "2026", "--applicants", "2000")
    run(
        "bot.accounts",
        "create",
        "kim",
        "--name",
        "Kim Kwaliteit",
        "--rol",
        "kwaliteit",
        "--password-stdin",
        stdin=f"{PASSWORD}\n",
    )
    port = _free_port()
    env["WEB_PORT"] = str(port)
    settings = get_settings(env)
    # The web service exactly as make run starts it, and nothing else (no Rasa needed).
    web = next(spec for spec in process_specs(settings) if spec.name == "web")
    log = open(folder / "web.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        web.command,
        cwd=PROJECT_ROOT,
        env=child_environment(settings, env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(f"{url}/health/live", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail((folder / "web.log").read_text(errors="replace")[-3000:])
        yield Web(url, database)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _one(database: Path, sql: str, *args: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(sql, args).fetchone()[0])


def real_conversations(database: Path, bounds: tuple[str, str]) -> int:
    return _one(
        database,
        "SELECT count(*) FROM conversations WHERE practice = 0"
        " AND created_at >= ? AND created_at < ?",
        *bounds,
    )


def decided_routes(database: Path, bounds: tuple[str, str], route: str) -> int:
    return _one(
        database,
        "SELECT count(DISTINCT h.conversation_id) FROM handovers h"
        " JOIN conversations c ON c.id = h.conversation_id"
        " WHERE c.practice = 0 AND c.created_at >= ? AND c.created_at < ?"
        " AND h.decision_point = 'leerroute' AND h.decision = ?",
        *bounds,
        route,
    )


def shown(n: int) -> str:
    return "< 5" if 0 < n < 5 else str(n)


def choose(page, kind: str, day: str) -> None:
    page.get_by_label("Soort periode").select_option(kind)
    page.get_by_label("Een dag in de week, maand of het schooljaar").fill(day)
    page.get_by_role("button", name="Toon").click()
    page.get_by_role("heading", name="Dashboard inclusief advies").wait_for()


def headline(page) -> str:
    tile = page.locator(".tegels li").filter(has_text="Gesprekken (zonder oefenen)")
    return tile.locator(".getal").inner_text().strip()


def routes_total_row(page) -> list[str]:
    section = page.locator("#routes")
    section.locator("summary").click()
    row = section.locator("tr.samen")
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def test_dashboard_figures_period_csv_and_axe(browser, web_only: Web) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 1300}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{web_only.url}/medewerker/inloggen")
    page.get_by_label("Gebruikersnaam").fill("kim")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Dashboard inclusief advies").wait_for()
    assert page.url.endswith("/medewerker/dashboard")

    choose(page, "schooljaar", "2026-03-01")
    assert "schooljaar 2025–2026" in page.locator(".periode").inner_text()
    year_total = real_conversations(web_only.database, YEAR)
    assert year_total > 2000 and headline(page) == str(year_total)
    assert "gegenereerde gesprekken" in page.locator("main").inner_text()
    routes = [
        decided_routes(web_only.database, YEAR, r)
        for r in ("mbo_diploma", "certificaat", "praktijkverklaring")
    ]
    assert routes_total_row(page) == [*map(shown, routes), shown(sum(routes))]
    assert (report := axe_violations(page)) == "", report
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, "dashboard.png")

    choose(page, "maand", "2026-03-15")
    assert "maart 2026" in page.locator(".periode").inner_text()
    march_total = real_conversations(web_only.database, MARCH)
    assert 0 < march_total < year_total and headline(page) == str(march_total)
    march = [
        decided_routes(web_only.database, MARCH, r)
        for r in ("mbo_diploma", "certificaat", "praktijkverklaring")
    ]
    with page.expect_download() as download:
        page.locator("#routes").get_by_role("link", name="Download deze tabel als CSV").click()
    path = download.value.path()
    assert download.value.suggested_filename == "dashboard-routes-2026-03-01.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = {row[0]: row[1:] for row in csv.reader(handle)}
    assert rows["Samen"] == [*map(shown, march), shown(sum(march))]
    # The same table for Dutch Excel: ";" between the cells and a UTF-8 BOM.
    with page.expect_download() as download:
        page.locator("#routes").get_by_role("link", name="Download deze tabel voor Excel").click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:10]
    excel = {r[0]: r[1:] for r in csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")}
    assert excel["Samen"] == rows["Samen"]
    # The waiting figures do not add up, and the page says why.
    assert "De regels tellen niet op" in page.locator("main").inner_text()
    assert (report := axe_violations(page)) == "", report
    context.close()


# Every chart on the page: its smallest text on screen (px), and how far any text sticks out.
CHART_TEXT = """() => [...document.querySelectorAll('svg.grafiek')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll('text')];
  const sizes = texts.map(t => parseFloat(t.getAttribute('font-size')) * scale);
  const cut = Math.min(0, ...texts.map(t => t.getBBox().x));
  return {id: svg.id || svg.getAttribute('aria-labelledby'), smallest: Math.min(...sizes), cut};
})"""


def test_the_dashboard_with_small_numbers_on_a_phone(browser, web_only: Web) -> None:
    """An empty period says so in words, charts are readable at 360 px, "< 5" only on counts."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{web_only.url}/medewerker/inloggen")
    page.get_by_label("Gebruikersnaam").fill("kim")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Dashboard inclusief advies").wait_for()

    choose(page, "schooljaar", "2026-03-01")  # many figures: every chart is drawn
    charts = page.evaluate(CHART_TEXT)
    assert charts, "no chart on the page"
    for chart in charts:
        assert chart["smallest"] >= 12, chart  # readable on a phone
        assert chart["cut"] >= -0.5, chart  # no label cut off on the left
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert (report := axe_violations(page)) == "", report
    save_screenshot(page, "dashboard-phone.png")

    # One day: small numbers. "< 5" stands only in count columns, never in a share or a rate.
    page.get_by_label("Eigen periode: van").fill("2026-03-04")
    page.get_by_label("tot en met").fill("2026-03-04")
    page.get_by_label("Soort periode").select_option("eigen")
    page.get_by_role("button", name="Toon").click()
    page.get_by_role("heading", name="Dashboard inclusief advies").wait_for()
    for table in page.locator("table").all():
        headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
        for row in table.locator("tbody tr").all():
            cells = row.locator("td").all_inner_texts()
            for header, cell in zip(headers[1:], cells, strict=False):
                if cell.strip() == "< 5":
                    assert not any(
                        w in header.lower() for w in ("aandeel", "%", "per ", "mediaan")
                    ), header

    choose(page, "week", "2024-01-10")  # long before any data: nothing to draw
    assert page.locator("svg.grafiek").count() == 0
    empty = page.locator(".geen-grafiek")
    assert empty.count() >= 3 and "niets te tekenen" in empty.first.inner_text()
    assert (report := axe_violations(page)) == "", report
    save_screenshot(page, "dashboard-empty.png")
    context.close()
