"""The cached action-response validator gives Rasa's verdicts: valid passes, invalid raises."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

import bot.rasa.channels  # noqa: F401  (installs the speed-up, as Rasa's import of the channel does)
from bot.rasa import speedups as rasa_speedups

VALID = {
    "events": [{"event": "slot", "name": "leeftijd", "value": 17, "timestamp": None}],
    "responses": [{"text": "Dank je.", "buttons": []}],
}


@pytest.fixture
def action() -> RemoteAction:
    return RemoteAction("action_test", EndpointConfig("http://127.0.0.1:9/webhook"))


def test_loading_the_channels_installs_it(action: RemoteAction) -> None:
    assert action._validate_action_result.__func__.__module__ == rasa_speedups.__name__  # type: ignore[attr-defined]


def test_a_valid_response_passes(action: RemoteAction) -> None:
    assert action._validate_action_result(VALID) is True


@pytest.mark.parametrize(
    "result",
    [
        {"events": [{"event": "slot", "name": 5}], "responses": []},
        {"events": "geen lijst", "responses": []},
        {"events": [{"event": "nergens"}], "responses": []},
        {"events": [], "responses": ["geen object"]},
    ],
)
def test_an_invalid_response_raises_rasas_error(action: RemoteAction, result: dict) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(result)


# --- the event classes found once ------------------------------------------------------------


def _rasas_answer(type_name: str) -> type | None:
    """What Rasa's own ``resolve_by_type`` loop returns."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    return next((cls for cls in all_subclasses(Event) if cls.type_name == type_name), None)


def test_loading_the_channels_installs_the_event_look_up() -> None:
    from rasa.shared.core.events import Event

    assert Event.resolve_by_type.__module__ == rasa_speedups.__name__


def test_every_event_name_gives_rasas_class() -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(names) > 20
    for name in names:
        assert Event.resolve_by_type(name) is _rasas_answer(name), name


def test_unknown_names_behave_as_in_rasa() -> None:
    from rasa.shared.core.events import Event, UserUttered

    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("nergens", UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name 'nergens'"):
        Event.resolve_by_type("nergens")


def test_an_event_class_defined_later_is_found() -> None:
    from rasa.shared.core.events import Event, SlotSet

    Event.resolve_by_type("slot")  # the classes are walked and kept now

    class LaterEvent(SlotSet):
        type_name = "test_later_event"

    assert Event.resolve_by_type("test_later_event") is LaterEvent


def test_a_tracker_read_back_is_the_same() -> None:
    from rasa.shared.core.events import (
        ActionExecuted,
        ActiveLoop,
        BotUttered,
        SessionStarted,
        SlotSet,
        UserUttered,
    )
    from rasa.shared.core.slots import TextSlot
    from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

    slots = [TextSlot("rol", mappings=[{}]), TextSlot("requested_slot", mappings=[{}])]
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("hoi", {"name": "begroeten", "confidence": 1.0}),
        SlotSet("rol", "mentor"),
        ActiveLoop("intake_form"),
        BotUttered("Dag!", {"buttons": [{"title": "ja", "payload": "/ja"}]}),
        ActionExecuted("action_listen"),
    ]
    tracker = DialogueStateTracker.from_events("s", events, slots)
    state = tracker.current_state(EventVerbosity.ALL)
    again = DialogueStateTracker.from_dict("s", state["events"], slots)
    assert again.current_state(EventVerbosity.ALL) == state
    assert list(again.events) == events


# --- one open session for the calls to the action server ------------------------------------


def test_calls_to_an_endpoint_reuse_one_connection() -> None:
    """Real HTTP on loopback: Rasa's ``EndpointConfig.request``, as for every action call."""
    import asyncio
    import socket

    from aiohttp import web

    connections: set[object] = set()  # the client's address and port of each request

    async def webhook(request: web.Request) -> web.Response:
        assert request.transport is not None
        connections.add(request.transport.get_extra_info("peername"))
        body = await request.json()
        return web.json_response({"events": [], "responses": [], "echo": body["n"], "b": body})

    async def play() -> list[object]:
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        site = web.TCPSite(runner, "127.0.0.1", port)
        await site.start()
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", token="t")
        answers = [
            await endpoint.request(json={"n": n, "t": "één/twee"}, method="post") for n in range(3)
        ]
        await runner.cleanup()
        return answers

    answers = asyncio.run(play())
    assert [a["echo"] for a in answers] == [0, 1, 2]
    assert [a["b"]["t"] for a in answers] == ["één/twee"] * 3
    assert len(connections) == 1


def test_the_body_is_the_json_that_json_dumps_writes() -> None:
    """The whole tracker of a real conversation, and the values where writers differ."""
    import json
    from pathlib import Path

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import deserialise_events
    from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

    root = Path(__file__).resolve().parents[2]
    saved = json.loads((root / "tests/runtime/trackers/bench_conversations.json").read_text())
    domain = Domain.load(root / "domain.yml")
    tracker = DialogueStateTracker.from_events("s", deserialise_events(saved["long"]), domain.slots)
    body = {"next_action": "start_form", "tracker": tracker.current_state(EventVerbosity.ALL)}
    assert json.loads(rasa_speedups.json_dumps(body)) == json.loads(json.dumps(body))
    odd = {"nan": float("nan"), "inf": float("inf"), 1: (1, 2), "t": "é/\u2028"}
    assert rasa_speedups.json_dumps(odd).replace(" ", "") == json.dumps(
        odd, ensure_ascii=False
    ).replace(" ", "")
    for value in (b"x", object(), {"s": {1, 2}}):
        with pytest.raises(TypeError):
            json.dumps(value)
        with pytest.raises(TypeError):
            rasa_speedups.json_dumps(value)


def test_the_shared_session_writes_with_it() -> None:
    import asyncio

    async def serializer() -> object:
        shared = EndpointConfig("http://127.0.0.1:9/webhook").session()
        async with shared as session:
            writer = session._json_serialize
        await shared.session.close()
        return writer

    assert asyncio.run(serializer()) is rasa_speedups.json_dumps
