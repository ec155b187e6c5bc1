"""The kept replay gives the policies exactly the past states Rasa's full replay gives.

``trackers/bench_conversations.json`` holds the events two bench conversations left in the
tracker store (``tools/bench/turns.py``: the scripted advice conversation, and the long one
that asks "wat is een startkwalificatie?" inside the first form, so the form is rejected,
explained and undone again and again); only the NLU's intent ranking was left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    Event,
    UserUtteranceReverted,
    deserialise_events,
)
from rasa.shared.core.trackers import DialogueStateTracker

import bot.rasa.channels  # noqa: F401  (installs the speed-ups, as Rasa's import of the channel does)
from bot.rasa import past_states

ROOT = Path(__file__).resolve().parents[2]
CONVERSATIONS = json.loads(
    (Path(__file__).parent / "trackers" / "bench_conversations.json").read_text("utf-8")
)


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


def _events(name: str) -> list[Event]:
    return deserialise_events(CONVERSATIONS[name])


def _growing(domain: Domain, events: list[Event]) -> Iterator[DialogueStateTracker]:
    """One tracker, one event added at a time, as a turn adds them."""
    tracker = DialogueStateTracker("bench", domain.slots)
    for event in events:
        tracker.update(event)
        yield tracker


def test_loading_the_channels_installs_it() -> None:
    assert DialogueStateTracker.past_states.__module__ == past_states.__name__


@pytest.mark.parametrize("name", ["script", "long"])
def test_every_prediction_point_gets_rasas_states(domain: Domain, name: str) -> None:
    compared = 0
    for tracker in _growing(domain, _events(name)):
        rasas = domain.states_for_tracker_history(tracker)  # Rasa's own full replay
        assert tracker.past_states(domain) == rasas
        assert tracker.past_states(domain) == rasas  # asked twice, as a prediction does
        compared += 1
    assert compared == len(CONVERSATIONS[name]) > 90


def test_the_long_conversation_undoes_loop_turns(domain: Domain) -> None:
    """The case that replays from the start: applied events are no longer a prefix."""
    events = _events("long")
    tracker = DialogueStateTracker.from_events("bench", events, domain.slots)
    applied = tracker.applied_events()
    assert len(applied) < len(events)
    assert sum(isinstance(e, ActionExecuted) for e in applied) < sum(
        isinstance(e, ActionExecuted) for e in events
    )


def test_a_tracker_read_again_and_a_rewind_get_rasas_states(domain: Domain) -> None:
    events = _events("long")
    first = DialogueStateTracker.from_events("bench", events, domain.slots)
    assert first.past_states(domain) == domain.states_for_tracker_history(first)
    again = DialogueStateTracker.from_events("bench", events, domain.slots)
    assert again.past_states(domain) == domain.states_for_tracker_history(again)
    first.update(UserUtteranceReverted())
    assert first.past_states(domain) == domain.states_for_tracker_history(first)


def test_editing_the_states_does_not_change_the_next_answer(domain: Domain) -> None:
    tracker = DialogueStateTracker.from_events("bench", _events("script"), domain.slots)
    states = tracker.past_states(domain)
    for state in states:
        for sub_state in state.values():
            sub_state.clear()  # type: ignore[attr-defined]
    assert tracker.past_states(domain) == domain.states_for_tracker_history(tracker)


@pytest.mark.parametrize(
    "options", [{"omit_unset_slots": True}, {"ignore_rule_only_turns": True, "rule_only_data": {}}]
)
def test_other_calls_are_rasas_own(domain: Domain, options: dict[str, object]) -> None:
    tracker = DialogueStateTracker.from_events("bench", _events("script"), domain.slots)
    before = len(past_states._REPLAYS)
    states = tracker.past_states(domain, **options)  # type: ignore[arg-type]
    assert states == domain.states_for_tracker_history(tracker, **options)  # type: ignore[arg-type]
    assert len(past_states._REPLAYS) == before


def test_only_a_few_trackers_are_kept(domain: Domain) -> None:
    replays = past_states.Replays(size=2)
    trackers = [
        DialogueStateTracker.from_events(f"bench-{n}", _events("script"), domain.slots)
        for n in range(3)
    ]
    for tracker in trackers:
        assert replays.states(tracker, domain) == domain.states_for_tracker_history(tracker)
    assert len(replays) == 2


def test_a_replay_goes_with_its_tracker(domain: Domain) -> None:
    """The replay holds the turn's events (raw text too): it must not outlive the turn."""
    import gc

    replays = past_states.Replays()
    tracker = DialogueStateTracker.from_events("bench", _events("script"), domain.slots)
    replays.states(tracker, domain)
    other = DialogueStateTracker.from_events("bench-2", _events("script"), domain.slots)
    replays.states(other, domain)
    assert len(replays) == 2
    del tracker
    gc.collect()
    assert len(replays) == 1
    assert replays.states(other, domain) == domain.states_for_tracker_history(other)
