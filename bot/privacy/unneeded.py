"""Which kinds of personal data a message holds that the assistant never needs.

The assistant asks for no BSN, onderwijsnummer, bank account, home address or phone
number (only the pre-intake asks how the intake team can reach the applicant). Such data
typed anyway is masked before it is stored; :func:`unneeded_kinds` tells the chat which
kinds were there, so it can say kindly, once, that they are not needed. Names are not in
the list: people name themselves and others all the time, and a name alone is no reason
for a warning.
"""

from __future__ import annotations

from bot.privacy.structured import (
    ADDRESS,
    BSN,
    EMAIL,
    IBAN,
    PHONE,
    POSTCODE,
    STUDENT_NUMBER,
    mask_structured,
)

# Placeholder -> the kind's key (the order is the order of the answer).
UNNEEDED = {
    BSN: "bsn",
    STUDENT_NUMBER: "onderwijsnummer",
    IBAN: "iban",
    ADDRESS: "adres",
    POSTCODE: "postcode",
    PHONE: "telefoon",
    EMAIL: "email",
}


def unneeded_kinds(text: str) -> list[str]:
    """The kinds of unneeded personal data in ``text`` (empty when there are none)."""
    if not text:
        return []
    masked = mask_structured(text)
    return [
        kind
        for placeholder, kind in UNNEEDED.items()
        if masked.count(placeholder) > text.count(placeholder)
    ]
