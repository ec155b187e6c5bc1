"""Runtime settings, read from the environment.

Everything that differs between a laptop, CI and a school's server is an environment
variable with a default that works on one machine with nothing else installed. The
settings are read when asked for (not at import), so tests can change the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
VAR_DIR = PROJECT_ROOT / "var"


@dataclass(frozen=True)
class Settings:
    """Where the three processes listen and how they reach each other."""

    host: str
    rasa_port: int
    action_port: int
    web_port: int
    rasa_token: str
    bot_api_token: str
    tracker_store_url: str

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_server_url(self) -> str:
        return f"http://{self.host}:{self.action_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"


def default_tracker_store_url() -> str:
    """Rasa's conversations go to an embedded SQLite file unless configured otherwise."""
    return f"sqlite:///{VAR_DIR / 'rasa_tracker.db'}"


def get_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from the environment (cheap; call it where needed)."""
    env = os.environ if env is None else env
    return Settings(
        host=env.get("BOT_HOST", "127.0.0.1"),
        rasa_port=int(env.get("RASA_PORT", "5005")),
        action_port=int(env.get("ACTION_PORT", "5055")),
        web_port=int(env.get("WEB_PORT", "8000")),
        rasa_token=env.get("RASA_TOKEN", ""),
        bot_api_token=env.get("BOT_API_TOKEN", ""),
        tracker_store_url=env.get("TRACKER_STORE_URL", default_tracker_store_url()),
    )


# Rate limits, ``count/seconds`` each; the web service enforces them and the transparency
# document states them, so they live below both.
LIMIT_DEFAULTS = {
    "BOT_LIMIT_MESSAGES_PER_CLIENT": "60/60",
    "BOT_LIMIT_MESSAGES_PER_CONVERSATION": "20/60",
    "BOT_LIMIT_NEW_CONVERSATIONS": "10/600",
    "BOT_LIMIT_STREAMS_PER_CLIENT": "30/60",
    "BOT_LIMIT_LOGINS_PER_CLIENT": "20/900",
}


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: float


def limit(name: str) -> Limit:
    """The limit in ``name`` (``count/seconds``); the default when it cannot be read."""
    for text in (os.environ.get(name, ""), LIMIT_DEFAULTS[name]):
        count, _, seconds = text.partition("/")
        try:
            parsed = Limit(int(count), float(seconds))
        except ValueError:
            continue
        if parsed.count > 0 and parsed.seconds > 0:
            return parsed
    raise ValueError(name)  # pragma: no cover - the defaults always parse


SESSION_MAX_AGE = 8 * 60 * 60


def session_max_age() -> int:
    """How long an inbox login lasts, in seconds (``BOT_SESSION_MAX_AGE``)."""
    return int(os.environ.get("BOT_SESSION_MAX_AGE", str(SESSION_MAX_AGE)))
