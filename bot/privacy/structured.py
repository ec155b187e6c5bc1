"""Masking of personal data with a fixed format: e-mail, IBAN, phone, BSN, dates, postcode, address.

Hand-written regular expressions: these formats are well defined in the Netherlands, no
Dutch NER model is available offline, and checksums (elfproef, IBAN mod 97) keep ordinary
numbers apart. The order matters: longer, more specific formats go first, so a phone
number is never half taken for a BSN. Ages ("17 jaar"), levels ("niveau 2") and bare
years ("in 2024") do not match any pattern: the advice needs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from bot.privacy.checks import passes_elfproef, valid_iban

EMAIL = "[e-mail]"
IBAN = "[iban]"
PHONE = "[telefoon]"
BSN = "[bsn]"
BIRTH_DATE = "[geboortedatum]"
DATE = "[datum]"
POSTCODE = "[postcode]"
ADDRESS = "[adres]"

# A full date at least this many years ago is taken to be a date of birth even without
# "geboren" near it; a recent or future date (a start date, an appointment) is a [datum].
BIRTH_YEARS_AGO = 10

_SEP = r"(?:[ .]|\s?-\s?)?"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUM = r"(?:0?[1-9]|1[0-2])"
_MONTH_NAME = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    r"|december|jan|febr?|mrt|apr|jun|jul|aug|sept?|okt|nov|dec)"
)
_BIRTH_CONTEXT = re.compile(r"geboren|geboorte|\bgeb\b|jarig|verjaardag|\bdob\b|birth", re.I)

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_IBAN_NL_RE = re.compile(r"(?<![A-Za-z0-9])NL\s?\d{2}\s?[A-Z]{4}(?:\s?\d){10}(?![A-Za-z0-9])", re.I)
_IBAN_ANY_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"
)
_PHONE_INTL_RE = re.compile(
    rf"(?<![\w+])(?:\+|00)\s?31{_SEP}(?:\(0\){_SEP})?[1-9](?:{_SEP}\d){{8}}(?!\d)"
)
_PHONE_AREA_RE = re.compile(rf"(?<![\w+])\(0[1-9]\d{{0,2}}\){_SEP}\d(?:{_SEP}\d){{4,7}}(?!\d)")
_PHONE_NL_RE = re.compile(rf"(?<![\w+])0[1-9](?:{_SEP}\d){{8}}(?!\d)")
_DATE_NUMERIC_RE = re.compile(
    rf"(?<![\d.\-/]){_DAY}(?P<sep>[-/.]){_MONTH_NUM}(?P=sep)"
    rf"(?P<year>(?:19|20)\d{{2}}|(?<=[-/])\d{{2}})(?![\d])"
)
_DATE_ISO_RE = re.compile(rf"(?<![\d.\-/])(?P<year>(?:19|20)\d{{2}})-{_MONTH_NUM}-{_DAY}(?!\d)")
_DATE_WORDS_RE = re.compile(
    rf"\b{_DAY}(?:e|ste|de)?\s+{_MONTH_NAME}\.?\s+(?P<year>(?:19|20)\d{{2}}|'\d{{2}})\b", re.I
)
_BIRTHDAY_RE = re.compile(
    rf"\b(?:geboren|geb\.|jarig)\s+(?:op\s+)?(?P<value>{_DAY}(?:e|ste|de)?\s+{_MONTH_NAME}\b\.?"
    rf"|{_DAY}[-/]{_MONTH_NUM}\b(?![-/]\d))",
    re.I,
)
_BSN_DIGITS = r"\d{4}\.\d{2}\.\d{3}|\d{3}[ .]?\d{3}[ .]?\d{3}|\d{8}"
_BSN_KEYWORD_RE = re.compile(
    rf"\b(?:bsn|burgerservice-?nummer|sofi-?nummer)\b[^\d\n]{{0,25}}?(?<!\d)(?P<value>{_BSN_DIGITS})(?!\d)",
    re.I,
)
_BSN_RE = re.compile(rf"(?<![\d.,/+-])(?:{_BSN_DIGITS})(?![\d]|[.,]\d)")
# Uppercase letters with or without a space; lowercase only when written together, so
# "in 2024 en" stays. SA, SD and SS are not used in Dutch postcodes.
_POSTCODE_RE = re.compile(
    r"(?<![\w-])[1-9]\d{3}"
    r"(?: ?(?!SA|SD|SS)[A-Z]{2}|(?!km|kg|cm|mm|ml|mg|kb|mb|gb|pk)[a-z]{2})(?![\w])"
)

_STREET_SUFFIXES = (
    "straatweg|straat|laan|weg|plein|singel|gracht|kade|dijk|steeg|hof|park|dreef|pad|baan"
    "|veld|ring|markt|wal|allee|plantsoen|boulevard|erf|dam|haven|brink|hoeve|gaarde"
)
# Lowercase street names are only taken with suffixes that are no ordinary word endings.
_SAFE_LOWER_SUFFIXES = "straatweg|straat|laan|plein|singel|gracht|kade|dreef|steeg"
_NOT_STREETS = r"(?!(?:Leerweg|Loopbaan|Leerpad|Werkveld|Praktijkleerweg|Onderweg)\b)"
_STREET_PREFIX = (
    r"(?:(?:Oude|Nieuwe|Korte|Lange|Hoge|Lage|Grote|Kleine|Eerste|Tweede|Derde|Oost|West"
    r"|Noord|Zuid|Sint|St\.|Burgemeester|Burg\.|Dokter|Dr\.|Prins|Prinses|Koning|Koningin"
    r"|Graaf)\s+(?:(?:van|de|der|den|'t|ten|ter)\s+)*)"
)
_SUFFIX = _STREET_SUFFIXES
_SUFFIX_CAP = "|".join(s.capitalize() for s in _STREET_SUFFIXES.split("|"))
_HOUSE_NUMBER = r"\d{1,5}(?:[ -]?[a-zA-Z](?![\w])|-\d{1,4}|\s?(?:bis|hs|huis|bg)(?![\w]))?(?![\w])"
_ADDRESS_RE = re.compile(
    rf"(?<![\w]){_NOT_STREETS}(?:{_STREET_PREFIX}?(?:[A-Z][a-zà-ÿ'-]*(?:{_SUFFIX})|(?:{_SUFFIX_CAP}))"
    rf"|(?:{_SUFFIX_CAP})(?:\s+(?:van|der|de|den|het|'t|ten|ter|op)){{1,2}}\s+[A-Z][\w'-]+)"
    rf"\s+{_HOUSE_NUMBER}"
)
_ADDRESS_LOWER_RE = re.compile(rf"(?<![\w])[a-zà-ÿ'-]+(?:{_SAFE_LOWER_SUFFIXES})\s+{_HOUSE_NUMBER}")


def _whole(placeholder: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: placeholder


def _group(name: str, placeholder: str) -> Callable[[re.Match[str]], str]:
    """Replace only the named group (keeps "mijn bsn is" readable)."""

    def replace(match: re.Match[str]) -> str:
        start, end = match.span(name)
        whole = match.group()
        offset = match.start()
        return whole[: start - offset] + placeholder + whole[end - offset :]

    return replace


def _if_iban(match: re.Match[str]) -> str:
    return IBAN if valid_iban(match.group()) else match.group()


def _if_ten_digits(match: re.Match[str]) -> str:
    return PHONE if len(re.sub(r"\D", "", match.group())) == 10 else match.group()


def _if_elfproef(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return BSN if passes_elfproef(digits) else match.group()


def _year(text: str) -> int:
    digits = text.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    this_century = date.today().year % 100
    return (2000 if int(digits) <= this_century else 1900) + int(digits)


def _full_date(match: re.Match[str]) -> str:
    """[geboortedatum] for old dates or dates near "geboren"; [datum] for recent ones.

    A numeric date with a two-digit year ("3-4-09") is only taken near "geboren": on its
    own it is as likely a score or a range ("1-2-12").
    """
    text = match.string
    around = (
        text[max(0, match.start() - 40) : match.start()]
        + " "
        + text[match.end() : match.end() + 30]
    )
    birth_context = _BIRTH_CONTEXT.search(around) is not None
    year = match.group("year")
    if len(year) == 2 and not birth_context:
        return match.group()
    old = _year(year) <= date.today().year - BIRTH_YEARS_AGO
    return BIRTH_DATE if old or birth_context else DATE


_STEPS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_EMAIL_RE, _whole(EMAIL)),
    (_IBAN_NL_RE, _whole(IBAN)),
    (_IBAN_ANY_RE, _if_iban),
    (_PHONE_INTL_RE, _whole(PHONE)),
    (_PHONE_AREA_RE, _if_ten_digits),
    (_PHONE_NL_RE, _whole(PHONE)),
    (_DATE_NUMERIC_RE, _full_date),
    (_DATE_ISO_RE, _full_date),
    (_DATE_WORDS_RE, _full_date),
    (_BIRTHDAY_RE, _group("value", BIRTH_DATE)),
    (_BSN_KEYWORD_RE, _group("value", BSN)),
    (_BSN_RE, _if_elfproef),
    (_POSTCODE_RE, _whole(POSTCODE)),
    (_ADDRESS_RE, _whole(ADDRESS)),
    (_ADDRESS_LOWER_RE, _whole(ADDRESS)),
)


def mask_structured(text: str) -> str:
    """Replace every fixed-format identifier in ``text`` by its placeholder."""
    for pattern, replace in _STEPS:
        text = pattern.sub(replace, text)
    return text
