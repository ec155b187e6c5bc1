"""Playwright for Python driving Debian's Chromium (never a browser downloaded by a tool).

``make browser`` installs the ``chromium`` package; without it these tests skip with that
reason. Screenshots go to ``test-output/`` and are copied to ``docs/screenshots/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, RunningServers

CHROMIUM = Path(os.environ.get("BOT_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = PROJECT_ROOT / "test-output"
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
PASSWORD = "wachtwoord-voor-de-test"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run 'make browser' as root (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: run 'make install'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def professionals(servers: RunningServers) -> dict[str, str]:
    """Two inbox accounts, made with the accounts command in the servers' database."""
    env = {**os.environ, "DATABASE_URL": servers.database_url}
    names = {"anna": "Anna de Vries", "bram": "Bram Jansen"}
    for username, name in names.items():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bot.accounts",
                "create",
                username,
                "--name",
                name,
                "--password-stdin",
            ],
            input=f"{PASSWORD}\n",
            text=True,
            env=env,
            cwd=PROJECT_ROOT,
            check=True,
            capture_output=True,
        )
    return names


def save_screenshot(page: object, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / name
    page.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
    (SCREENSHOTS / name).write_bytes(path.read_bytes())
