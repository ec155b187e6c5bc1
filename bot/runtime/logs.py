"""No user text in the logs of any process, at any level.

Rasa 3.6 logs structured events (structlog) with the user's words in fields such as
``text`` (``rest.message.received.timeout`` writes every timed-out message at ERROR, names
and phone numbers included). Rasa has a hook for this (``_anonymizer``, active only with
an anonymization plugin); :func:`install_rasa_redaction` puts :func:`redact_event` in its
place before Rasa configures logging, so every such field is replaced, at every level.

The web service logs no user text itself; uvicorn's access log loses the query string
(:class:`NoQueryString`), which holds the chat's token.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from typing import Any

REDACTED = "[weggelaten]"
# Rasa's own list of fields that may hold user input (rasa/utils/log_utils.py), and more.
USER_TEXT_KEYS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "tracker_states",
        "current_states",
        "old_states",
        "successes",
        "current_entity",
        "next_entity",
        "states",
        "entity",
        "token_text",
        "user_message",
        "json_message",
        "events",
        "slots",
        "entities",
        "tracker",
        "value",
    }
)


def redact_event(
    logger: Any, method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """A structlog processor: fields that may hold user input keep only their absence."""
    for key in USER_TEXT_KEYS & set(event_dict):
        if event_dict[key] not in (None, "", [], {}):
            event_dict[key] = REDACTED
    return event_dict


def install_rasa_redaction() -> None:
    """Make Rasa's structlog pipeline start with :func:`redact_event` (call before Rasa runs)."""
    from rasa.utils import log_utils

    log_utils._anonymizer = redact_event


class NoQueryString(logging.Filter):
    """uvicorn's access log line without the query string (the chat's token is in it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def install_web_filters() -> None:
    logging.getLogger("uvicorn.access").addFilter(NoQueryString())
