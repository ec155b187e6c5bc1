"""API tokens for a run: from the environment, or generated and written to ``var/tokens.env``.

A token is never printed: the console only says where the file is, so tokens don't end
up in terminal scroll-back or CI logs.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from bot.settings import VAR_DIR

TOKEN_NAMES = ("BOT_API_TOKEN", "RASA_TOKEN")


def ensure_tokens(env: dict[str, str], tokens_file: Path | None = None) -> list[str]:
    """Fill missing tokens in ``env`` and write the generated ones to a private file.

    Returns the names of the tokens that were generated.
    """
    tokens_file = tokens_file or VAR_DIR / "tokens.env"
    generated = [name for name in TOKEN_NAMES if not env.get(name)]
    for name in generated:
        env[name] = secrets.token_urlsafe(32)
    if generated:
        tokens_file.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"{name}={env[name]}\n" for name in generated]
        fd = os.open(tokens_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines(lines)
    return generated
