"""``make run``: start the three processes on 127.0.0.1 and stop them all on Ctrl-C."""

from __future__ import annotations

import os
import sys

from bot.runtime.processes import Supervisor, child_environment, process_specs, serve
from bot.runtime.tokens import ensure_tokens
from bot.settings import VAR_DIR, get_settings


def main() -> int:
    env = dict(os.environ)
    generated = ensure_tokens(env)
    os.environ.update({name: env[name] for name in generated})
    if generated:
        print(
            f"[run] generated {', '.join(generated)} for this run; find them in "
            f"{VAR_DIR / 'tokens.env'} (set them in the environment to choose your own)",
            flush=True,
        )
    from bot.store.migrate import upgrade

    upgrade()
    settings = get_settings()
    supervisor = Supervisor(process_specs(settings), child_environment(settings, env))
    # --- practice mode (issue 4): delete old practice conversations now and every hour ---
    from bot.practice.cleanup import start_cleanup_thread

    stop_cleanup = start_cleanup_thread(tracker_store_url=settings.tracker_store_url)
    # ---------------------------------------------------------------------------------------

    def _ready() -> None:
        print(
            f"[run] all parts are up: web service {settings.web_url} (health: "
            f"{settings.web_url}/health), Rasa {settings.rasa_url}, actions "
            f"{settings.action_server_url}. Press Ctrl-C to stop.",
            flush=True,
        )

    try:
        return serve(supervisor, _ready)
    finally:
        stop_cleanup.set()


if __name__ == "__main__":
    sys.exit(main())
