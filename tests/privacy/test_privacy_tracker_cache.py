"""The kept latest session (bot/rasa/tracker_cache.py): what a full read gives, and only then.

Real SQLite and PostgreSQL. A second store on the same database plays another replica (or
this one after a restart): it has nothing kept, so it reads what the database holds.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.rasa.tracker_cache import Kept, KeptTrackers, cache_size
from bot.rasa.tracker_store import MaskingTrackerStore
from bot.store.tracker_erasure import ERASE_ACTION

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))
BACKENDS = pytest.mark.parametrize("database_factory", ["sqlite", "postgresql"], indirect=True)


def _user(text: str) -> UserUttered:
    parse = {"text": text, "intent": {"name": "informeren", "confidence": 1.0}, "entities": []}
    return UserUttered(text, parse_data=parse)


def _state(tracker: DialogueStateTracker | None) -> dict:
    assert tracker is not None
    state = tracker.current_state(EventVerbosity.ALL)
    state.pop("latest_event_time", None)
    return state


async def _turn(store: MaskingTrackerStore, sender: str, text: str) -> DialogueStateTracker:
    """One turn as Rasa plays it: read, add the turn's events, write."""
    tracker = await store.get_or_create_tracker(sender)
    if not tracker.events:
        tracker.update(ActionExecuted("action_session_start"))
        tracker.update(SessionStarted())
        tracker.update(ActionExecuted("action_listen"))
    tracker.update(_user(text))
    tracker.update(SlotSet("wensen", text))
    tracker.update(BotUttered(f"Dank je. Je zei: {text}"))
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    return tracker


def _statements(store: MaskingTrackerStore) -> list[str]:
    seen: list[str] = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


@BACKENDS
def test_a_kept_session_reads_as_the_database_holds_it(database_factory) -> None:
    url = database_factory("tracker")
    store = MaskingTrackerStore(domain=DOMAIN, host=url)
    texts = ["hoi ik heet Xandrix Qwobbel", "Qwobbel woont op Dreef 12", "ze wil koken", "ja"]
    for text in texts:
        asyncio.run(_turn(store, "gesprek-1", text))
    assert len(store.kept) == 1  # kept after the writes ...

    kept = asyncio.run(store.retrieve("gesprek-1"))
    fresh = asyncio.run(MaskingTrackerStore(domain=DOMAIN, host=url).retrieve("gesprek-1"))
    assert _state(kept) == _state(fresh)  # ... and the same as a full read: masked
    assert "Xandrix" not in str(_state(kept))
    assert kept is not None and kept.get_slot("wensen") == "ja"


@BACKENDS
def test_a_kept_session_costs_one_look_up(database_factory) -> None:
    url = database_factory("tracker")
    store = MaskingTrackerStore(domain=DOMAIN, host=url)
    for number in range(6):
        asyncio.run(_turn(store, "gesprek-1", f"antwoord {number}"))
    seen = _statements(store)
    tracker = asyncio.run(store.retrieve("gesprek-1"))
    assert len(seen) == 1, seen  # the last event's id and timestamp, no events read
    fresh = asyncio.run(MaskingTrackerStore(domain=DOMAIN, host=url).retrieve("gesprek-1"))
    assert _state(tracker) == _state(fresh)


@BACKENDS
def test_another_replica_writing_is_seen(database_factory) -> None:
    url = database_factory("tracker")
    here, there = (MaskingTrackerStore(domain=DOMAIN, host=url) for _ in range(2))
    asyncio.run(_turn(here, "gesprek-1", "eerste"))
    asyncio.run(_turn(here, "gesprek-1", "tweede"))
    asyncio.run(_turn(there, "gesprek-1", "derde"))  # another replica takes a turn

    tracker = asyncio.run(here.retrieve("gesprek-1"))
    assert tracker is not None and tracker.get_slot("wensen") == "derde"
    assert _state(tracker) == _state(asyncio.run(there.retrieve("gesprek-1")))
    asyncio.run(_turn(here, "gesprek-1", "vierde"))  # and this replica carries on from there
    fresh = MaskingTrackerStore(domain=DOMAIN, host=url)
    assert _state(asyncio.run(fresh.retrieve("gesprek-1"))) == _state(
        asyncio.run(here.retrieve("gesprek-1"))
    )


@BACKENDS
def test_events_removed_elsewhere_are_not_brought_back(database_factory) -> None:
    url = database_factory("tracker")
    store = MaskingTrackerStore(domain=DOMAIN, host=url)
    asyncio.run(_turn(store, "gesprek-1", "eerste"))
    asyncio.run(_turn(store, "gesprek-1", "tweede"))
    engine = sa.create_engine(url)
    with engine.begin() as connection:  # the practice clean-up or an erasure elsewhere
        connection.execute(sa.text("DELETE FROM events WHERE sender_id = 'gesprek-1'"))
    engine.dispose()
    assert asyncio.run(store.retrieve("gesprek-1")) is None


@BACKENDS
def test_an_erasure_here_forgets_the_kept_session(database_factory) -> None:
    url = database_factory("tracker")
    store = MaskingTrackerStore(domain=DOMAIN, host=url)
    asyncio.run(_turn(store, "gesprek-1", "eerste"))
    tracker = asyncio.run(_turn(store, "gesprek-1", "tweede"))
    tracker.update(ActionExecuted(ERASE_ACTION))
    asyncio.run(store.save(tracker))
    assert len(store.kept) == 0
    assert asyncio.run(store.retrieve("gesprek-1")) is None


@BACKENDS
def test_a_turn_that_was_not_written_is_not_kept(database_factory) -> None:
    url = database_factory("tracker")
    store = MaskingTrackerStore(domain=DOMAIN, host=url)
    asyncio.run(_turn(store, "gesprek-1", "eerste"))
    asyncio.run(_turn(store, "gesprek-1", "tweede"))
    broken = asyncio.run(store.retrieve("gesprek-1"))
    assert broken is not None
    broken.update(_user("dit wordt nooit bewaard"))  # the turn fails before Rasa saves it
    again = asyncio.run(store.retrieve("gesprek-1"))
    assert again is not None and "dit wordt nooit bewaard" not in str(_state(again))


def test_the_least_recently_used_go_first() -> None:
    kept = KeptTrackers(size=2)
    for sender in ("a", "b", "c"):
        kept.put(sender, Kept((1, 1.0), (), ()))
    assert kept.get("a", (1, 1.0)) is None
    assert kept.get("c", (1, 1.0)) is not None
    assert kept.get("c", (2, 1.0)) is None  # another last event: forgotten
    assert kept.get("c", (1, 1.0)) is None
    assert cache_size({"TRACKER_CACHE_SIZE": "0"}) == 0
    assert cache_size({}) == 256
    off = KeptTrackers(size=0)
    off.put("a", Kept((1, 1.0), (), ()))
    assert len(off) == 0
