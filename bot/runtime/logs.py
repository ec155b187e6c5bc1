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
import sys
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


# Rasa fills slots into every response, button payloads included, and reads the entity JSON
# of a payload such as ``/informeren{"waarde": "vervolg"}`` as a slot name: it then logs an
# ERROR with a traceback whose locals hold the start of the slot values, each time such a
# response is sent, and leaves the payload as it was (which is what we want).
INTERPOLATION_EVENT = "interpolator.interpolate.text"


def _is_payload_json(event_dict: MutableMapping[str, Any]) -> bool:
    key = str(event_dict.get("placeholder_key") or "")
    return event_dict.get("event") == INTERPOLATION_EVENT and '"' in key and ":" in key


def redact_event(
    logger: Any, method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """A structlog processor: fields that may hold user input keep only their absence.

    Rasa's false alarm about a button payload's JSON is dropped before its traceback (with
    slot values among the locals) is rendered.
    """
    if _is_payload_json(event_dict):
        import structlog

        raise structlog.DropEvent
    _traceback_without_locals(method, event_dict)
    for key in USER_TEXT_KEYS & set(event_dict):
        if event_dict[key] not in (None, "", [], {}):
            event_dict[key] = REDACTED
    return event_dict


def _traceback_without_locals(method: str, event_dict: MutableMapping[str, Any]) -> None:
    """Render a traceback here, without the frames' variables (they hold slot values).

    Rasa's later processors render ``exc_info`` with every frame's locals; a false
    ``exc_info`` makes them leave the rendered ``exception`` as it is.
    """
    exc_info = event_dict.get("exc_info")
    if exc_info is None and method != "exception":
        return
    if exc_info is None or exc_info is True:
        info: Any = sys.exc_info()
    elif isinstance(exc_info, BaseException):
        info = (type(exc_info), exc_info, exc_info.__traceback__)
    else:
        info = exc_info if isinstance(exc_info, tuple) else None
    if info and info[0] is not None:
        from structlog.tracebacks import ExceptionDictTransformer

        event_dict["exception"] = ExceptionDictTransformer(show_locals=False)(info)
    event_dict["exc_info"] = False


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
