"""Keyed hashes of name words, so names stay known without being kept.

The tracker store masks every user text before it is written, so the actions and the API
get earlier messages back as "ik heet [naam]": the name itself is gone. To keep masking
it in later messages ("Sanne wil koken"), each name word is kept as an HMAC-SHA256 key
(``#k:`` + 24 hex digits) in the masked event's metadata. A key cannot be turned back into
the name without the secret, and a dictionary attack needs the secret too. The secret comes
from ``PRIVACY_NAME_SECRET`` or, when that is not set, from ``var/privacy_name_secret``
(made on first use, readable only by its owner); every process of one installation
(Rasa, the action server, the web service) must see the same one.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from bot.privacy.wordlists import COMMON_WORDS, PARTICLES

KEY_PREFIX = "#k:"
SECRET_ENV = "PRIVACY_NAME_SECRET"
SECRET_FILE = Path(__file__).resolve().parents[2] / "var" / "privacy_name_secret"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@lru_cache(maxsize=1)
def _secret() -> bytes:
    configured = os.environ.get(SECRET_ENV)
    if configured:
        return configured.encode()
    try:
        return SECRET_FILE.read_bytes().strip()
    except FileNotFoundError:
        SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
        value = secrets.token_hex(32).encode()
        try:
            descriptor = os.open(SECRET_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return SECRET_FILE.read_bytes().strip()
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(value)
        return value


def word_key(word: str) -> str:
    digest = hmac.new(_secret(), word.lower().encode(), hashlib.sha256).hexdigest()
    return KEY_PREFIX + digest[:24]


def is_key(value: str) -> bool:
    return value.startswith(KEY_PREFIX)


def keyable_words(name: str) -> list[str]:
    """The words of a name worth remembering: no particles, initials or common words."""
    words = _WORD.findall(name)
    return [w for w in words if len(w) >= 2 and w.lower() not in PARTICLES | COMMON_WORDS]


def name_keys(names: Iterable[str]) -> list[str]:
    keys: list[str] = []
    for name in names:
        key_list = [name] if is_key(name) else [word_key(w) for w in keyable_words(name)]
        keys.extend(key for key in key_list if key not in keys)
    return keys


def mask_keyed_words(text: str, keys: Iterable[str], placeholder: str) -> str:
    """Replace every word whose key is in ``keys`` (outside placeholders) by ``placeholder``."""
    wanted = frozenset(keys)
    if not wanted:
        return text

    def replace(match: re.Match[str]) -> str:
        word = match.group()
        start = match.start()
        if start > 0 and text[start - 1] == "[":
            return word
        if word.lower() in COMMON_WORDS or word.lower() in PARTICLES:
            return word
        base = re.sub(r"['’]?s$", "", word) if len(word) > 3 else word
        if word_key(word) in wanted or (base != word and word_key(base) in wanted):
            return placeholder
        return word

    return _WORD.sub(replace, text)
