"""Start Rasa with its token from the environment, not from the command line.

``python -m rasa run --auth-token T`` shows ``T`` to every user of the machine (``ps``).
This module is started instead (``python -m bot.rasa.launcher run ...``): it adds
``--auth-token`` from ``RASA_TOKEN`` (or the file named in ``RASA_TOKEN_FILE``) to Rasa's
arguments inside the process, where ``ps`` does not see them, and turns on the log
redaction of :mod:`bot.runtime.logs` before Rasa configures its logging.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def rasa_token(env: dict[str, str] | None = None) -> str:
    env = dict(os.environ) if env is None else env
    path = env.get("RASA_TOKEN_FILE", "")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return env.get("RASA_TOKEN", "")


def rasa_arguments(argv: list[str], token: str) -> list[str]:
    """Rasa's argv with the token added (never twice, never from the visible argv)."""
    if "--auth-token" in argv:
        raise SystemExit("pass the token in RASA_TOKEN, not with --auth-token")
    return ["rasa", *argv, *(["--auth-token", token] if token else [])]


def main() -> None:
    from bot.runtime.logs import install_rasa_redaction

    install_rasa_redaction()
    sys.argv = rasa_arguments(sys.argv[1:], rasa_token())
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
