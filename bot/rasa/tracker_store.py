"""Rasa's SQL tracker store, but nothing raw at rest: events are masked before they are written.

Rasa open source keeps every event as JSON in its ``events`` table, user text included.
``MaskingTrackerStore`` (``type: bot.rasa.tracker_store.MaskingTrackerStore`` in
``endpoints.yml``, same ``url``) masks, before each event is written:

* user events: ``text``, ``parse_data.text`` and every string entity value;
* bot events: ``text`` (a bot line may repeat what the user said);
* slot events: every string in the value (free-text answers; the pre-intake ``contact``
  answer too: it is kept unmasked only once, as the ``contact`` answer in the project's
  own tables, which only the team sees).

Masking uses the names known in that conversation. Earlier user texts come back masked,
so the names given in them are kept as keyed hashes (:mod:`bot.privacy.name_keys`) in the
user event's ``metadata["name_keys"]``; later events are masked with those keys too, and
the actions read them through :func:`bot.privacy.names_from_events`. The running turn
still sees the raw text in memory, so forms, slots, hand-over and resume work as before.
Works on every database SQLTrackerStore supports (SQLite, PostgreSQL).

A turn that ran the erase action (the user said "verwijder mijn gegevens" and confirmed)
is not written: the store deletes every stored event of the conversation instead, so the
copy Rasa kept in memory cannot bring back what the action erased. The next message starts
a new, empty conversation.

Rasa's SQLTrackerStore reads and writes with a synchronous SQLAlchemy session inside its
``async`` methods, so every commit blocks Rasa's event loop and concurrent conversations wait
behind each other's database round trips. Here both run in a worker thread
(:func:`asyncio.to_thread`): the loop serves other conversations meanwhile. One conversation
is still handled in order, because Rasa's lock store locks it for the whole turn.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.knowledge.texts import own_words
from bot.privacy.events import METADATA_KEY, mask_event_data, names_from_events
from bot.store.tracker_erasure import ERASE_ACTION
from bot.store.tracker_turns import (
    TurnCount,
    add_turn_counts,
    delete_turn_counts,
    ensure_turn_counts,
)

logger = logging.getLogger(__name__)


class MaskingTrackerStore(SQLTrackerStore):
    """An SQLTrackerStore that masks personal data in each event before it is stored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        engine: sa.engine.Engine = self.engine  # type: ignore[has-type]
        if engine.dialect.name != "sqlite":
            # Rasa's engine does not test a pooled connection before use: after a
            # PostgreSQL restart the next turn on each old connection would fail.
            engine.dispose()
            engine = sa.create_engine(
                engine.url, pool_pre_ping=True, **create_engine_kwargs(engine.url)
            )
            self.engine = engine
            self.sessionmaker = sa.orm.sessionmaker(bind=engine)
        # The dashboard's turn counts, kept per conversation beside the events (made and
        # filled from the events once; on a large table the first start takes a little longer).
        ensure_turn_counts(engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        await asyncio.to_thread(self._save_masked, tracker)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        # The parent's body never awaits: run it to completion on a private loop in a thread.
        return await asyncio.to_thread(
            asyncio.run, super()._retrieve(sender_id, fetch_events_from_all_sessions)
        )

    def _save_masked(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
            if not new_events:
                return
            if any(_erases(event) for event in new_events):
                session.query(self.SQLEvent).filter(
                    self.SQLEvent.sender_id == tracker.sender_id
                ).delete(synchronize_session=False)
                delete_turn_counts(session.connection(), [tracker.sender_id])
                session.commit()
                logger.debug("conversation erased from the tracker store")
                return
            stored = len(tracker.events) - len(new_events)
            earlier = [event.as_dict() for event in list(tracker.events)[:stored]]
            known = names_from_events(earlier)
            counted = TurnCount()
            for event in new_events:
                data = mask_event_data(event.as_dict(), known, own_words())
                known = _add_keys(known, data)
                row = self.SQLEvent(
                    sender_id=tracker.sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=(data.get("parse_data") or {})
                    .get("intent", {})
                    .get(INTENT_NAME_KEY),
                    action_name=data.get("name"),
                    data=json.dumps(data),
                )
                counted.add(row.type_name, row.intent_name, row.action_name, row.timestamp)
                session.add(row)
            # The dashboard's counts, in the same transaction as the events they count.
            session.flush()
            add_turn_counts(session.connection(), {tracker.sender_id: counted})
            session.commit()
        logger.debug("masked tracker events stored (%d new)", len(new_events))


def _erases(event: object) -> bool:
    return isinstance(event, ActionExecuted) and event.action_name == ERASE_ACTION


def _add_keys(known: list[str], data: dict[str, Any]) -> list[str]:
    keys: Iterable[str] = (data.get("metadata") or {}).get(METADATA_KEY) or ()
    return [*known, *(key for key in keys if key not in known)]
