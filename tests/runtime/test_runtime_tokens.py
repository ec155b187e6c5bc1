"""Tokens come from the environment, or are generated into a private file."""

from __future__ import annotations

import stat
from pathlib import Path

from bot.runtime.tokens import ensure_tokens


def test_missing_tokens_are_generated_into_a_private_file(tmp_path: Path) -> None:
    env: dict[str, str] = {}
    target = tmp_path / "tokens.env"
    generated = ensure_tokens(env, target)
    assert generated == ["BOT_API_TOKEN", "RASA_TOKEN"]
    assert len(env["BOT_API_TOKEN"]) >= 32 and env["BOT_API_TOKEN"] != env["RASA_TOKEN"]
    content = target.read_text()
    assert f"BOT_API_TOKEN={env['BOT_API_TOKEN']}" in content
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_tokens_from_the_environment_are_kept(tmp_path: Path) -> None:
    env = {"BOT_API_TOKEN": "mine", "RASA_TOKEN": "ours"}
    assert ensure_tokens(env, tmp_path / "tokens.env") == []
    assert env == {"BOT_API_TOKEN": "mine", "RASA_TOKEN": "ours"}
    assert not (tmp_path / "tokens.env").exists()
