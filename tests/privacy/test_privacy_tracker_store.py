"""MaskingTrackerStore on real SQLite and PostgreSQL: nothing raw in Rasa's events table."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered

from bot.privacy import mask, names_from_events
from bot.rasa.tracker_store import MaskingTrackerStore
from tests.privacy.conftest import dump_database

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))
RAW = ["Xandrix", "Qwobbel", "0612345678", "xandrix@gmail,com", "Dreef 12", "162275869"]


def _user(text: str) -> UserUttered:
    parse = {"text": text, "intent": {"name": "informeren", "confidence": 1.0}, "entities": []}
    return UserUttered(text, parse_data=parse)


async def _conversation(store: MaskingTrackerStore, sender: str) -> None:
    tracker = await store.get_or_create_tracker(sender)
    tracker.update(_user("hoi ik heet Xandrix Qwobbel, bel 0612345678"))
    tracker.update(SlotSet("contact", "bel 0612345678 of xandrix@gmail,com"))
    tracker.update(SlotSet("deel", "voorkant"))
    await store.save(tracker)
    # The next turn: what Rasa reads back is masked, but the name is still known.
    tracker = await store.retrieve(sender)
    assert tracker is not None
    tracker.update(_user("Qwobbel woont op Dreef 12, bsn 162275869"))
    tracker.update(SlotSet("wensen", "Xandrix wil koken"))
    tracker.update(BotUttered("Dank je, Xandrix."))
    await store.save(tracker)


@pytest.mark.parametrize("database_factory", ["sqlite", "postgresql"], indirect=True)
def test_events_are_masked_before_they_are_written(database_factory) -> None:
    url = database_factory("tracker")
    store = MaskingTrackerStore(domain=DOMAIN, host=url)
    asyncio.run(_conversation(store, "gesprek-1"))

    stored = dump_database(url)
    assert "gesprek-1" in stored  # the rows are there ...
    for value in RAW:
        assert value not in stored, value  # ... without the raw values

    tracker = asyncio.run(store.retrieve("gesprek-1"))
    assert tracker is not None
    texts = [e.text for e in tracker.events if isinstance(e, UserUttered)]
    assert texts == ["hoi ik heet [naam], bel [telefoon]", "[naam] woont op [adres], bsn [bsn]"]
    assert tracker.get_slot("deel") == "voorkant"  # ordinary slot values untouched
    assert tracker.get_slot("wensen") == "[naam] wil koken"
    assert tracker.get_slot("contact") == "bel [telefoon] of [e-mail]"
    # The actions mask later answers with the names known from earlier (masked) turns.
    names = names_from_events([e.as_dict() for e in tracker.events])
    assert names and all(name.startswith("#k:") for name in names)
    assert mask("Xandrix en Qwobbel", names) == "[naam] en [naam]"
    assert mask("xandrix kookt", names) == "[naam] kookt"
    rows = [json.loads(line.split(" | ")[-1]) for line in stored.splitlines() if '"user"' in line]
    assert all("Xandrix" not in json.dumps(row) for row in rows)


def test_names_of_earlier_texts_are_found_once_and_the_latest_is_never_kept() -> None:
    from bot.privacy import events as privacy_events
    from bot.privacy.names import extract_names

    texts = ["ik heet Xandrix Qwobbel", "Ze heet Mirthe de Vries", "hoi, ik ben Jorrit Blom"]
    conversation = [{"event": "user", "text": text} for text in texts]
    expected: list[str] = []
    for text in texts:
        expected.extend(name for name in extract_names(text) if name not in expected)
    assert len(expected) >= 3
    assert names_from_events(conversation) == expected
    assert names_from_events(conversation) == expected  # again, the earlier ones from the cache
    assert privacy_events._names_in_earlier("hoi, ik ben Jorrit Blom") == tuple(
        extract_names(texts[2])
    )
    privacy_events._EARLIER_NAMES.clear()
    names_from_events(conversation)
    assert len(privacy_events._EARLIER_NAMES) == 2  # the latest, raw message is not kept
    # only digests are kept as keys: no text a user wrote stays in memory
    assert all(isinstance(key, bytes) and len(key) == 16 for key in privacy_events._EARLIER_NAMES)
    assert not any(b"Xandrix" in key for key in privacy_events._EARLIER_NAMES)
