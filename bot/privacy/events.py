"""Masking Rasa events (as dicts) and reading the names known in a conversation from them.

Shared by the tracker store (which masks events before they are written), the actions
(``known_names``) and the web API (the transcript), so all three use the same names.
"""

from __future__ import annotations

import copy
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

from bot.privacy.masking import mask, mask_said
from bot.privacy.name_keys import is_key, name_keys
from bot.privacy.names import extract_names

METADATA_KEY = "name_keys"


def _keys_in(event: Mapping[str, Any]) -> list[str]:
    metadata = event.get("metadata") or {}
    keys = metadata.get(METADATA_KEY) if isinstance(metadata, Mapping) else None
    return [str(key) for key in keys or () if is_key(str(key))]


def names_from_events(events: Iterable[Mapping[str, Any]]) -> list[str]:
    """Names given in user events (raw text), plus the keys kept for masked earlier ones.

    The result goes straight into ``mask(text, names)``.
    """
    users = [event for event in events if event.get("event") == "user"]
    names: list[str] = []
    for index, event in enumerate(users):
        text = str(event.get("text") or "")
        found = extract_names(text) if index == len(users) - 1 else _names_in_earlier(text)
        for name in [*found, *_keys_in(event)]:
            if name not in names:
                names.append(name)
    return names


_EARLIER_NAMES: OrderedDict[bytes, tuple[str, ...]] = OrderedDict()
_EARLIER_LIMIT = 4096
_EARLIER_LOCK = threading.Lock()


def _names_in_earlier(text: str) -> tuple[str, ...]:
    """``extract_names`` of an earlier user text, found once.

    The actions read the names of every earlier message at each call (6 ms a call at turn 40
    of the bench's long conversation, issue 30). Only a digest of the (masked) text is kept as
    the key, never the text, so nothing a user wrote stays in memory after an erasure; the
    latest message, which is still raw in the running turn, is never looked up here.
    """
    key = hashlib.blake2b(text.encode(), digest_size=16).digest()
    with _EARLIER_LOCK:
        if key in _EARLIER_NAMES:
            _EARLIER_NAMES.move_to_end(key)
            return _EARLIER_NAMES[key]
    names = tuple(extract_names(text))
    with _EARLIER_LOCK:
        _EARLIER_NAMES[key] = names
        while len(_EARLIER_NAMES) > _EARLIER_LIMIT:
            _EARLIER_NAMES.popitem(last=False)
    return names


def _mask_value(value: Any, names: list[str]) -> Any:
    if isinstance(value, str):
        return mask(value, names, whole_answer=False)
    if isinstance(value, list):
        return [_mask_value(item, names) for item in value]
    if isinstance(value, dict):
        return {key: _mask_value(item, names) for key, item in value.items()}
    return value


def mask_event_data(
    data: Mapping[str, Any], known: Iterable[str] = (), own_words: re.Pattern[str] | None = None
) -> dict[str, Any]:
    """A copy of one event (``Event.as_dict()``) with its personal data masked.

    For a user event, the names given in its own text join ``known`` and are kept as keys
    in ``metadata["name_keys"]`` (never the names themselves). In a bot event only what
    repeats the user's words is masked: the project's own phrases (``own_words``) stay.
    """
    event = copy.deepcopy(dict(data))
    names = list(known)
    kind = event.get("event")
    if kind == "user":
        text = str(event.get("text") or "")
        given = extract_names(text)
        names = [*names, *(n for n in given if n not in names)]
        if text:
            event["text"] = mask(text, names)
        parse = event.get("parse_data")
        if isinstance(parse, dict):
            if isinstance(parse.get("text"), str):
                parse["text"] = mask(parse["text"], names)
            for entity in parse.get("entities") or ():
                if isinstance(entity, dict) and "value" in entity:
                    entity["value"] = _mask_value(entity["value"], names)
        own_keys = [key for key in name_keys(given) if key not in _keys_in(event)]
        if own_keys:
            metadata = event.get("metadata")
            metadata = dict(metadata) if isinstance(metadata, Mapping) else {}
            metadata[METADATA_KEY] = [*_keys_in(event), *own_keys]
            event["metadata"] = metadata
    elif kind == "bot":
        if isinstance(event.get("text"), str):
            event["text"] = mask_said(event["text"], names, own_words)
    elif kind == "slot":
        event["value"] = _mask_value(event.get("value"), names)
    elif kind == "entities":
        event["entities"] = _mask_value(event.get("entities"), names)
    return event
