"""The web service under uvicorn, with limits on how long a request may take to arrive.

Plain uvicorn waits for ever for a request that never completes: a client that opens a
connection and sends nothing, or headers one byte a minute, or half a body, holds a
connection (and a file descriptor) as long as it likes; nine of nine such connections were
still open after 60 s. Behind HAProxy its ``timeout http-request`` protects the workers,
but ``make run`` has no proxy. So the web service runs on :class:`TimedH11Protocol`:

- ``BOT_REQUEST_TIMEOUT`` (default 10 s): from the moment a connection opens, or a new
  request on a kept-alive connection starts, until the request with its body has fully
  arrived; then the connection is closed. A response that streams (server-sent events)
  is not limited: the request behind it is complete.
- headers at most 16 KB (``h11_max_incomplete_event_size``); an idle kept-alive
  connection closes after 5 s (``timeout_keep_alive``).
- uvicorn's own reading of ``X-Forwarded-For`` is off: it trusts the header from any
  loopback client, so a client on the same machine could choose the address the rate
  limits count. The limits read the header themselves, only from the proxy addresses in
  ``BOT_TRUSTED_PROXIES`` and only when ``BOT_TRUSTED_PROXY_HEADER`` is set
  (:func:`bot.web.http.limits.client_address`; the cluster sets both for HAProxy).

Command line: ``--host`` and ``--port``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_TIMEOUT = 10.0
MAX_HEADER_BYTES = 16 * 1024
KEEP_ALIVE_SECONDS = 5
_RECEIVED = (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR)


def request_timeout() -> float:
    try:
        return max(0.1, float(os.environ.get("BOT_REQUEST_TIMEOUT", "") or REQUEST_TIMEOUT))
    except ValueError:
        return REQUEST_TIMEOUT


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request to arrive completely."""

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state in _RECEIVED:
            self._disarm()
        elif self._deadline is None:
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        self._disarm()
        super().on_response_complete()

    def _arm(self) -> None:
        self._deadline = self.loop.call_later(request_timeout(), self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.conn.their_state in _RECEIVED or self.transport.is_closing():
            return
        self.logger.info(
            "A request did not arrive within %.0f s; connection closed.", request_timeout()
        )
        self.transport.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.runtime.web_server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    uvicorn.run(
        "bot.web.app:app",
        host=args.host,
        port=args.port,
        http=TimedH11Protocol,
        # Rasa pins websockets 10, which uvicorn's default websocket module no longer
        # supports; wsproto works with both.
        ws="wsproto",
        proxy_headers=False,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
