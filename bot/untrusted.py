"""Text from outside (typed in the widget, posted to the API) made safe to store and to read.

One place for the rules, so the web relay and Rasa's channel guard clean text the same way:

- lone surrogates cannot be stored or encoded (a ``UnicodeEncodeError`` deep in a driver),
  so :func:`has_lone_surrogate` lets callers refuse them up front;
- control characters and zero-width/format characters are dropped (they hide text from
  the professional and split words for the NLU);
- Unicode is normalised (NFKC), and slash look-alikes ("／", "∕", "⁄") become "/", so that
  "／restart" or "\\u200b/restart" is the same thing as "/restart" and gets the same treatment
  as a typed command instead of slipping past the ``/`` filter.
"""

from __future__ import annotations

import unicodedata

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
    """Typed text as Rasa may read it: normalised, leading ``/`` characters removed."""
    return normalise(text).strip().lstrip("/").strip()


def looks_like_command(text: str) -> bool:
    """True when the normalised text starts with ``/`` (a typed Rasa intent)."""
    return normalise(text).strip().startswith("/")
