"""``make run``: start the three processes on 127.0.0.1 and stop them all on Ctrl-C."""

from __future__ import annotations

import os
import signal
import sys
import time

from bot.runtime.processes import Supervisor, child_environment, process_specs
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

    def _stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    # Ctrl-C and SIGTERM both stop everything, even when a non-interactive shell started
    # this process with SIGINT ignored (as background jobs are).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop)
    supervisor.start()
    # --- practice mode (issue 4): delete old practice conversations now and every hour ---
    from bot.practice.cleanup import start_cleanup_thread

    stop_cleanup = start_cleanup_thread(tracker_store_url=settings.tracker_store_url)
    # ---------------------------------------------------------------------------------------
    try:
        supervisor.wait_until_ready()
        print(
            f"[run] all parts are up: web service {settings.web_url} (health: "
            f"{settings.web_url}/health), Rasa {settings.rasa_url}, actions "
            f"{settings.action_server_url}. Press Ctrl-C to stop.",
            flush=True,
        )
        while (exited := supervisor.first_exited()) is None:
            time.sleep(0.5)
        print(f"[run] {exited} stopped unexpectedly; stopping the others", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n[run] Ctrl-C: stopping all processes", flush=True)
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(f"[run] start-up failed: {error}", file=sys.stderr)
        return 1
    finally:
        stop_cleanup.set()
        supervisor.stop()


if __name__ == "__main__":
    sys.exit(main())
