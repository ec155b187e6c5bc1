"""The action server (rasa_sdk) as ``make run`` starts it: on loopback, and only for Rasa.

rasa_sdk answers any ``POST /webhook`` on its port, binds to 0.0.0.0 unless told
otherwise and allows every CORS origin. Whoever reaches the port could run
``action_tonen_gegevens`` for any sender id and read what a conversation recorded. So:

- it binds to ``SANIC_HOST`` (``BOT_HOST``, default 127.0.0.1), never to all addresses;
- ``/webhook`` needs ``?token=`` equal to ``ACTION_SERVER_TOKEN``, which Rasa sends
  (``token:`` of ``action_endpoint`` in ``endpoints.yml``; :func:`bot.runtime.processes.
  child_environment` gives both the same random token). A request without it gets 403;
  ``/health`` stays open for the load balancer's checks;
- no CORS: no browser page has any business with the action server.

The command line is rasa_sdk's own (``--actions``, ``--port``).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app, create_argument_parser
from sanic import response

TOKEN_VARIABLE = "ACTION_SERVER_TOKEN"


def same_token(given: str, expected: str) -> bool:
    import secrets

    return bool(expected) and secrets.compare_digest(
        given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape")
    )


def guarded_app(actions: str, token: str | None) -> Any:
    """rasa_sdk's app with the token check in front of ``/webhook`` and ``/actions``."""
    app = create_app(actions, cors_origins=None)

    async def only_rasa(request: Any) -> Any:
        if request.path == "/health":
            return None
        if token is None or not same_token(request.args.get("token", ""), token):
            return response.json({"error": "forbidden"}, status=403)
        return None

    app.register_middleware(only_rasa, "request")
    return app


def main(argv: list[str] | None = None) -> int:
    args = create_argument_parser().parse_args(argv)
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME),
        args.log_file,
        args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()
    token = os.environ.get(TOKEN_VARIABLE, "").strip() or None
    if token is None:
        print(f"{TOKEN_VARIABLE} is not set: the action server refuses every action.")
    host = os.environ.get("SANIC_HOST", "").strip() or "127.0.0.1"
    app = guarded_app(args.actions, token)
    app.run(host, args.port, workers=utils.number_of_sanic_workers())
    return 0


if __name__ == "__main__":
    sys.exit(main())
