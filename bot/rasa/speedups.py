"""Measured speed-ups inside the Rasa server, installed when Rasa loads the project's channels.

1. Rasa 3.6 checks every action server response with ``jsonschema.validate``, which checks the
   schema itself against its metaschema and builds a new validator on every call: 62 ms per
   call here, about 195 ms of a 340 ms turn (py-spy profile of ``make bench``, 2026-12-02). A
   validator built once for the same, constant schema gives the same verdicts in about 4 ms.
   Invalid responses still go through Rasa's own method, so the error and its message stay
   Rasa's.
2. Rasa finds the class of every event it reads (tracker store, action server answers) with
   ``Event.resolve_by_type``, which walks all subclasses of ``Event`` and asks
   ``inspect.isabstract`` of each, for every single event: about 60 us an event, 20 ms of the
   23 ms it took to read a tracker of 283 events (turn 40 of the bench's long conversation;
   the cost grew with the conversation, twice a turn). The same walk, done once and kept by
   type name, gives the same class (the first match in the same order); an unknown name walks
   again, so an event class imported later is still found.
3. Rasa opens a new aiohttp session, and so a new connection, for every call to the action
   server (``EndpointConfig.request``: ``async with self.session()``), and the action server
   sets up a new connection for each. Here ``EndpointConfig.session`` hands out one session
   per event loop and set of headers, which the ``async with`` leaves open, so calls reuse
   their connections. Idle connections are dropped after 2 s, before the action server's
   (Sanic's) keep-alive of 5 s ends, so a call never goes out on a connection the server is
   closing. The session writes the JSON body with ujson (already there for Sanic), which
   does it in about half the time of ``json.dumps``: the body is the whole tracker (160 kB
   at turn 40 of the bench's long conversation, written 3 times a turn); anything ujson
   refuses goes to ``json.dumps`` as before.
4. The policies' past states are replayed once per tracker, not once per prediction
   (:mod:`bot.rasa.past_states`).
"""

from __future__ import annotations

from typing import Any

from bot.rasa import past_states

_INSTALLED = False


def install() -> None:
    """Install the speed-ups (once)."""
    global _INSTALLED
    if _INSTALLED:
        return
    _install_validator()
    _install_event_classes()
    _install_shared_sessions()
    past_states.install()
    _INSTALLED = True


def _install_validator() -> None:
    """Replace ``RemoteAction._validate_action_result`` by a cached-validator version."""
    from jsonschema import exceptions, validators  # type: ignore[import-untyped]
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator = validators.validator_for(schema)(schema)
    rasa_validate = RemoteAction._validate_action_result

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if exceptions.best_match(validator.iter_errors(result)) is None:
            return True
        return bool(rasa_validate(self, result))  # raises Rasa's ValidationError and message

    RemoteAction._validate_action_result = validate_action_result


def _install_event_classes() -> None:
    """Replace ``Event.resolve_by_type`` by a look-up in the classes found once."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    by_name: dict[str, type[Event]] = {}

    def _walk() -> None:
        by_name.clear()
        for cls in all_subclasses(Event):
            by_name.setdefault(cls.type_name, cls)  # the first match, as Rasa's loop takes

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        cls = by_name.get(type_name)
        if cls is None:
            _walk()
            cls = by_name.get(type_name)
        if cls is not None:
            return cls
        if type_name == "topic":
            return None  # Rasa's backwards compatibility for old TopicSet events
        if default is not None:
            return default
        raise ValueError(f"Unknown event name '{type_name}'.")

    Event.resolve_by_type = staticmethod(resolve_by_type)


KEEPALIVE_SECONDS = 2.0


def json_dumps(value: Any) -> str:
    """The same JSON as ``json.dumps`` means, written by ujson when it can."""
    import json

    try:
        import ujson

        return str(ujson.dumps(value, ensure_ascii=False, escape_forward_slashes=False))
    except Exception:  # ujson missing, or a value only json.dumps writes (NaN, a subclass)
        return json.dumps(value)


class _SharedSession:
    """``async with`` gives the shared session and leaves it open."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *_exc: object) -> None:
        return None


def _install_shared_sessions() -> None:
    """Replace ``EndpointConfig.session`` by one open session per event loop and headers."""
    import asyncio

    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    sessions: dict[tuple[int, str], tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]] = {}

    def session(self: EndpointConfig) -> _SharedSession:
        loop = asyncio.get_running_loop()
        auth = None
        if self.basic_auth:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        key = (id(loop), repr((sorted((self.headers or {}).items()), self.basic_auth)))
        for old_key, (old_loop, _) in list(sessions.items()):
            if old_loop.is_closed():  # a loop that ended (tests, restarts) drops its sessions
                del sessions[old_key]
        kept = sessions.get(key)
        if kept is None or kept[1].closed:
            shared = aiohttp.ClientSession(
                headers=self.headers,
                auth=auth,
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=KEEPALIVE_SECONDS),
                json_serialize=json_dumps,
            )
            kept = sessions[key] = (loop, shared)
        return _SharedSession(kept[1])

    EndpointConfig.session = session
