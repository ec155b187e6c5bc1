"""The contact answers, encrypted where they rest (Fernet: AES-128-CBC with HMAC).

Everything else a user types is masked before it is stored; the contact answers are the
only things kept as typed, because a team must call or mail the person: the pre-intake's
``contact`` and, for a young person or parent who chats alone, ``bereikbaar`` (how the
school may reach them, :mod:`bot.dialogue.reach`). A copy of
the database (a backup, a support dump) must not hand out phone numbers and e-mail
addresses with it, so the value is stored as ``{"versleuteld": <token>}`` and opened only
when read through the repository.

The key: ``BOT_CONTACT_KEY`` (a Fernet key: 32 bytes, url-safe base64), else the file
``var/contact.key``, made once with mode 0600 (like ``var/tokens.env``). Every process that
writes or reads answers (the action server, the web workers) must use the same key: set
``BOT_CONTACT_KEY`` when they run on more than one machine.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from bot.knowledge import load_knowledge
from bot.settings import VAR_DIR

SEALED = "versleuteld"
# The questions whose answers are sealed, hidden from other teams and never quoted.
SEALED_QUESTIONS = frozenset({"contact", "bereikbaar"})
NOT_GIVEN = "geen"
UNREADABLE = "[niet te lezen: andere sleutel]"


def _key_file() -> Path:
    return Path(os.environ.get("BOT_CONTACT_KEY_FILE") or VAR_DIR / "contact.key")


@lru_cache(maxsize=4)
def _fernet(key: str | None, path: str) -> Fernet:
    if key:
        return Fernet(key.encode("ascii"))
    file = Path(path)
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(Fernet.generate_key())
    return Fernet(file.read_bytes().strip())


def fernet() -> Fernet:
    return _fernet(os.environ.get("BOT_CONTACT_KEY", "").strip() or None, str(_key_file()))


def needs_sealing(question: str, value: Any) -> bool:
    return question in SEALED_QUESTIONS and isinstance(value, str) and value != NOT_GIVEN


def is_private(question: str, value: Any) -> bool:
    """Contact details as typed: a sealed question's answer that is none of its fixed values.

    "geen", "weet_niet" or a button's value ("via_school") says nothing about the person;
    a phone number, an address or a mentor's name does.
    """
    if not needs_sealing(question, value):
        return False
    found = load_knowledge().questions.get(question)
    fixed = set(found.values) if found is not None else set()
    return value not in fixed | {"weet_niet", "overgeslagen"}


def seal(question: str, value: Any) -> Any:
    """The value as it is stored: encrypted for the contact answer, else unchanged."""
    if not needs_sealing(question, value):
        return value
    return {SEALED: fernet().encrypt(str(value).encode("utf-8")).decode("ascii")}


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {SEALED}


def unseal(value: Any) -> Any:
    """The value as typed; a value stored before encryption comes back as it is."""
    if not is_sealed(value):
        return value
    try:
        return fernet().decrypt(str(value[SEALED]).encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        return UNREADABLE
