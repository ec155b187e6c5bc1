"""The casework service as the web process uses it: Rasa over HTTP, live events over SSE.

Both adapters (the JSON API and the inbox) get their service here, so they cannot drift
apart in how it is wired.
"""

from __future__ import annotations

from bot.handover.casework import Casework
from bot.settings import get_settings
from bot.web.chat.rasa_client import RasaClient
from bot.web.state.pubsub import HubChannel


def casework(via: str = "api") -> Casework:
    """A service for one request (settings are read now, so tests can change them).

    ``via`` names the surface in the audit trail: ``api`` or ``inbox``.
    """
    settings = get_settings()
    return Casework(
        RasaClient(settings), HubChannel(), tracker_store_url=settings.tracker_store_url, via=via
    )
