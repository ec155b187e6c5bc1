"""Text from outside (typed in the widget, posted to the API) made safe to store and to read.

One place for the rules, so the web relay and Rasa's channel guard clean text the same way:

- lone surrogates cannot be stored or encoded (a ``UnicodeEncodeError`` deep in a driver),
  so :func:`has_lone_surrogate` lets callers refuse them up front;
- control characters and zero-width/format characters are dropped (they hide text from
  the professional and split words for the NLU);
- Unicode is normalised (NFKC), and slash look-alikes ("／", "∕", "⁄") become "/", so that
  "／restart" or "\\u200b/restart" is the same thing as "/restart" and gets the same treatment
  as a typed command instead of slipping past the ``/`` filter;
- a sender id (Rasa's conversation id) is accepted only in the shape the channels make
  (:func:`sender_id_ok`): no emoji, line break, quote, slash or spreadsheet formula;
- what leaves as a file keeps to safe characters: a download's file name
  (:func:`download_name`) and every CSV cell (:func:`csv_cell`, OWASP's advice against CSV
  injection: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  gets a leading ``'`` so a spreadsheet shows it as text instead of running it).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Not mapped to "/" by NFKC, but drawn like it.
SLASH_LOOKALIKES = frozenset("\u2044\u2215\u29f8\u2571\u1735")
KEPT_CONTROLS = frozenset("\n\t")


def has_lone_surrogate(text: str) -> bool:
    """True when ``text`` cannot be encoded as UTF-8 (a lone surrogate from JSON ``\\ud800``)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _dropped(char: str) -> bool:
    category = unicodedata.category(char)
    if char in KEPT_CONTROLS:
        return False
    # Cc: control characters; Cf: zero-width space/joiners, bidi marks, the BOM; Cs: surrogates.
    return category in ("Cc", "Cf", "Cs")


def normalise(text: str) -> str:
    """NFKC, slash look-alikes as "/", without control or zero-width characters."""
    text = "".join(char for char in text if not _dropped(char))
    text = unicodedata.normalize("NFKC", text)
    return "".join("/" if char in SLASH_LOOKALIKES else char for char in text)


def without_command(text: str) -> str:
    """Typed text as Rasa may read it: normalised, leading ``/`` characters removed, also
    with white space between them ("/\n/")."""
    return re.sub(r"^[\s/]+", "", normalise(text)).strip()


def looks_like_command(text: str) -> bool:
    """True when the normalised text starts with ``/`` (a typed Rasa intent)."""
    return normalise(text).strip().startswith("/")


# The web relay makes "web-" + 22 url-safe characters; socket.io and the tests' own clients
# use letters, digits, "-", "_" and ".". Anything else (emoji, CR/LF, quotes, "/", a
# leading "=") broke a header, a file name, a URL or a spreadsheet somewhere downstream.
SENDER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")


def sender_id_ok(value: object) -> bool:
    """Is this a conversation id in a shape the channels make?"""
    return isinstance(value, str) and SENDER_ID.fullmatch(value) is not None


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def download_name(prefix: str, identifier: str, extension: str) -> str:
    """``prefix-identifier.extension`` with only letters, digits, ``-`` and ``_``.

    The name goes into a ``Content-Disposition`` header: a non-Latin-1 character made
    Starlette fail (500), a line break dropped the connection, a quote ended the name.
    """
    safe = _UNSAFE_NAME.sub("_", identifier).strip("_")[:80] or "gesprek"
    return f"{prefix}-{safe}.{extension}"


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
