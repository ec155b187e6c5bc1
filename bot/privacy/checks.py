"""Checksums that tell real identifiers from ordinary numbers (fewer false positives)."""

from __future__ import annotations

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_elfproef(digits: str) -> bool:
    """The BSN "elfproef" for 8 or 9 digits (8-digit BSNs get a leading zero)."""
    if not digits.isdigit() or len(digits) not in (8, 9):
        return False
    digits = digits.zfill(9)
    if digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits, _BSN_WEIGHTS, strict=True))
    return total % 11 == 0


def valid_iban(text: str) -> bool:
    """ISO 13616 mod-97 check on an IBAN written with or without spaces."""
    iban = "".join(text.split()).upper()
    if len(iban) < 15 or len(iban) > 34 or not iban.isalnum():
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1
