"""The latest session of recent conversations, kept in Rasa's memory as the store holds it.

Every turn Rasa reads the conversation back from the tracker store (twice: the channel's
``/`` guard and the turn itself) and writes the new events. Reading meant fetching, parsing
and replaying every event since the session started, so a turn cost more the longer the
conversation (issue 30: turn 40 cost 2.08 x turn 5). :class:`KeptTrackers` keeps, per
conversation, the events of its latest session *as stored* (masked, parsed once) and the
names known from them (:func:`bot.privacy.names_from_events`), under the id and timestamp of
the last event stored.

A kept copy is only used after the store confirms it: the store is asked for the id and
timestamp of the conversation's last event (one indexed look-up) and the copy is used only
when both are the same. Another replica's turn, a restart, an erasure or the practice
clean-up all change or remove that last event, and the conversation is read from the store
again. So what a turn sees is what a full read would give: the masked events, never the raw
text of earlier turns.

At most ``TRACKER_CACHE_SIZE`` conversations are kept (default 256, least recently used go
first; 0 turns the cache off).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

from rasa.shared.core.events import Event

LastEvent = tuple[int, float | None]  # (id, timestamp) of a conversation's last stored event

DEFAULT_SIZE = 256


@dataclass(frozen=True)
class Kept:
    """A conversation's latest session as stored, under its last stored event."""

    last: LastEvent
    events: tuple[Event, ...]
    names: tuple[str, ...]


def cache_size(env: dict[str, str] | None = None) -> int:
    value = (os.environ if env is None else env).get("TRACKER_CACHE_SIZE", "").strip()
    try:
        return max(0, int(value)) if value else DEFAULT_SIZE
    except ValueError:
        return DEFAULT_SIZE


class KeptTrackers:
    """A thread-safe, bounded map from sender id to :class:`Kept` (least recently used go)."""

    def __init__(self, size: int | None = None) -> None:
        self.size = cache_size() if size is None else size
        self._kept: OrderedDict[str, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sender_id: str, last: LastEvent | None) -> Kept | None:
        """The kept copy if the store's last event is still ``last``; else forget it."""
        with self._lock:
            kept = self._kept.get(sender_id)
            if kept is None:
                return None
            if last is None or kept.last != last:
                del self._kept[sender_id]
                return None
            self._kept.move_to_end(sender_id)
            return kept

    def put(self, sender_id: str, kept: Kept) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._kept[sender_id] = kept
            self._kept.move_to_end(sender_id)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def forget(self, sender_id: str) -> None:
        with self._lock:
            self._kept.pop(sender_id, None)

    def __len__(self) -> int:
        return len(self._kept)
