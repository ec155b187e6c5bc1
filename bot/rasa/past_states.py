"""The policies' past states, replayed once per tracker instead of once per prediction.

Before every prediction the RulePolicy turns the whole tracker into states
(``DialogueStateTracker.past_states``): Rasa replays every applied event of the session on a
fresh tracker and builds a state before each action. A turn of the bench's long conversation
asked four times (after the user message by text and by intent, and after each action), and
each replay took about 6 ms at turn 40 (361 events): most of what still grew with the
conversation (issue 30).

Here each tracker keeps its replay: the events already replayed, the replaying tracker and
the states built so far. A later call on the same tracker object replays only the events
added since, when the events it applies still start with the very same event objects as
the kept ones; anything else (an undone loop turn, a rewind, a tracker rebuilt from the
store) replays from the start, as Rasa does. Only the plain call (all slots, no rule-only
turns left out: what the RulePolicy asks at prediction time) is kept; every other call is
Rasa's own. Each call gets its own copies of the states, because the featurizer edits them.
A replay goes when its tracker goes (at the end of the turn): it holds the turn's events, the
raw text of the user's message among them, which the store only keeps masked.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

KEPT_TRACKERS = 64  # trackers in work at once: a turn is short, one Rasa serves a few at a time


@dataclass
class Replay:
    """A tracker's events replayed so far and the state before each action among them."""

    tracker: weakref.ref[DialogueStateTracker]
    domain: weakref.ref[Domain]
    replayed: list[Event] = field(default_factory=list)
    states: list[State] = field(default_factory=list)
    replaying: DialogueStateTracker | None = None


class Replays:
    """A small map from tracker to its :class:`Replay` (by id, checked by a weak reference)."""

    def __init__(self, size: int = KEPT_TRACKERS) -> None:
        self.size = size
        self._kept: OrderedDict[int, Replay] = OrderedDict()
        # Reentrant: a tracker may die (and _forget run) in a garbage collection that starts
        # while this thread holds the lock.
        self._lock = threading.RLock()

    def states(self, tracker: DialogueStateTracker, domain: Domain) -> list[State]:
        """What ``domain.states_for_tracker_history(tracker)`` gives, replaying only new events."""
        applied = tracker.applied_events()
        with self._lock:
            replay = self._kept.pop(id(tracker), None)
        if replay is None or not _continues(replay, tracker, domain, applied):
            replay = Replay(weakref.ref(tracker, self._forget), weakref.ref(domain))
            replay.replaying = tracker.init_copy()
        replaying = replay.replaying
        assert replaying is not None
        for event in applied[len(replay.replayed) :]:
            if isinstance(event, ActionExecuted):
                replay.states.append(domain.get_active_state(replaying))
            replaying.update(event)
            replay.replayed.append(event)
        last = domain.get_active_state(replaying)
        with self._lock:
            self._kept[id(tracker)] = replay
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return [*(_copy(state) for state in replay.states), _copy(last)]

    def _forget(self, dead: weakref.ref[DialogueStateTracker]) -> None:
        """Drop a replay when its tracker goes (it holds the turn's events, raw text too)."""
        with self._lock:
            for key, replay in list(self._kept.items()):
                if replay.tracker is dead:
                    del self._kept[key]

    def __len__(self) -> int:
        return len(self._kept)


def _continues(
    replay: Replay, tracker: DialogueStateTracker, domain: Domain, applied: list[Event]
) -> bool:
    """Whether ``applied`` starts with the replayed events (the same objects) of this tracker."""
    if replay.tracker() is not tracker or replay.domain() is not domain:
        return False
    replayed = replay.replayed
    if len(replayed) > len(applied):
        return False
    return all(old is new for old, new in zip(replayed, applied, strict=False))


def _copy(state: State) -> State:
    """A copy the featurizer may edit: its sub-states are dicts of strings and tuples."""
    return {key: dict(sub_state) for key, sub_state in state.items()}


_REPLAYS = Replays()
_INSTALLED = False


def install() -> None:
    """Replace ``DialogueStateTracker.past_states`` by one that keeps each tracker's replay."""
    global _INSTALLED
    if _INSTALLED:
        return
    rasa_past_states = DialogueStateTracker.past_states

    def past_states(
        self: DialogueStateTracker,
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        if type(self) is not DialogueStateTracker or omit_unset_slots or ignore_rule_only_turns:
            states: list[State] = rasa_past_states(
                self,
                domain,
                omit_unset_slots=omit_unset_slots,
                ignore_rule_only_turns=ignore_rule_only_turns,
                rule_only_data=rule_only_data,
            )
            return states
        return _REPLAYS.states(self, domain)  # rule_only_data is read only with rule-only turns

    DialogueStateTracker.past_states = past_states
    _INSTALLED = True
