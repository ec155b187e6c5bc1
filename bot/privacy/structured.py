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

from stdnum.nl import onderwijsnummer

from bot.privacy.checks import passes_elfproef, valid_iban

EMAIL = "[e-mail]"
IBAN = "[iban]"
PHONE = "[telefoon]"
BSN = "[bsn]"
BIRTH_DATE = "[geboortedatum]"
DATE = "[datum]"
POSTCODE = "[postcode]"
ADDRESS = "[adres]"
STUDENT_NUMBER = "[onderwijsnummer]"

# A full date at least this many years ago is taken to be a date of birth even without
# "geboren" near it; a recent or future date (a start date, an appointment) is a [datum].
BIRTH_YEARS_AGO = 10

_SEP = r"(?:[ .]|\s?[-–]\s?)?"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUM = r"(?:0?[1-9]|1[0-2])"
_MONTH_NAME = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    r"|december|jan|febr?|mrt|apr|jun|jul|aug|sept?|okt|nov|dec)"
)
_BIRTH_CONTEXT = re.compile(r"geboren|geboorte|\bgeb\b|jarig|verjaardag|\bdob\b|birth", re.I)

# E-mail as people type it: "gmail,com", "gmailcom", "@ gmail.com", "(at)", no domain ending.
_EMAIL_LOOSE_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+\s?(?:@|\(at\)|\[at\])\s?[\w-]+(?:\s?[.,]\s?[A-Za-z][\w-]*)*"
)
# Phone numbers with a foreign country code (+48, +380, 0032 …): 7 to 12 more digits.
_PHONE_FOREIGN_RE = re.compile(
    r"(?<![\w+])(?:\+|00)(?!31)[1-9]\d{0,2}(?:\s?\(0\))?(?:[ .\-–/]?\d){7,12}(?!\d)"
)
_STUDENT_NUMBER_KEYWORD_RE = re.compile(
    r"\b(?:onderwijs-?nummer|onderwijsnr|own)\b[^\d\n]{0,25}?"
    r"(?<!\d)(?P<value>\d{3}[ .]?\d{3}[ .]?\d{3})(?!\d)",
    re.I,
)
_NINE_DIGITS_RE = re.compile(r"(?<![\d.,/+-])\d{9}(?![\d]|[.,]\d)")
# "12052008": a date of birth written without separators (ddmmjjjj).
_DATE_COMPACT_RE = re.compile(
    r"(?<![\d.,/+-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d{2}(?!\d)"
)

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
    rf"(?P<year>(?:19|20)\d{{2}}|(?<=[-/.])'?\d{{2}})(?![\d])"
)
_DATE_ISO_RE = re.compile(rf"(?<![\d.\-/])(?P<year>(?:19|20)\d{{2}})-{_MONTH_NUM}-{_DAY}(?!\d)")
_DATE_WORDS_RE = re.compile(
    rf"\b{_DAY}(?:e|ste|de)?\s+{_MONTH_NAME}\.?\s+(?P<year>(?:19|20)\d{{2}}|'\d{{2}})\b", re.I
)
_BIRTHDAY_RE = re.compile(
    rf"\b(?:geboren|geb\.|jarig|verjaardag)(?:\s+(?!{_DAY}\b)[\w']+){{0,4}}?\s+(?:op\s+)?(?P<value>{_DAY}(?:e|ste|de)?\s+{_MONTH_NAME}\b\.?"
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
# Lower case with a space ("6821 ab") only when the letters are no Dutch word ("2024 en").
_TWO_LETTER_WORDS = (
    "en|op|in|om|of|te|al|ik|je|ze|we|na|nu|zo|er|is|ja|ok|uw|bv|pm|am|tv|cm|km|kg|mm|ml|mg"
    "|kb|mb|gb|pk|eu|nl|uur|dr|mr|st|nr|ca|aa|sa|sd|ss"
)
_POSTCODE_SPACED_LOWER_RE = re.compile(
    rf"(?<![\w-])[1-9]\d{{3}} (?!(?:{_TWO_LETTER_WORDS})(?![a-z]))[a-z]{{2}}(?![\w])"
)
# An address without a street suffix, after "ik woon (op)", "adres:": "Dreef 12", "Spui 3".
_NOT_ADDRESS_START = (
    r"(?!(?:sinds|al|nu|hier|daar|er|pas|bijna|ongeveer|nog|met|bij|samen|ook|thuis|alleen"
    r"|in|op|aan|een)\b)"
)
_ADDRESS_CONTEXT_RE = re.compile(
    r"\b(?:woon|woont|wonen|adres(?:\s+is)?\s*:?)\s+(?:(?:op|aan|in)\s+)?(?:(?:de|het|'t)\s+)?"
    rf"(?P<value>{_NOT_ADDRESS_START}(?:[^\W\d_][\w'.-]*\s+){{0,3}}?[^\W\d_][\w'.-]*\s+"
    r"\d{1,5}(?:\s?[a-zA-Z](?![\w])|-\d{1,4}|\s(?:bis|hs)(?![\w]))?(?:\s+nummer\s+\d{1,4})?)(?![\w])",
    re.I,
)

_STREET_SUFFIXES = (
    "straatweg|straat|str\\.|laan|weg|plein|singel|gracht|kade|dijk|steeg|hof|park|dreef|pad|baan"
    "|veld|ring|markt|wal|allee|plantsoen|boulevard|erf|dam|haven|brink|hoeve|gaarde"
)
# Lowercase street names are only taken with suffixes that are no ordinary word endings.
_SAFE_LOWER_SUFFIXES = "straatweg|straat|laan|plein|singel|gracht|kade|dreef|steeg"
_NOT_STREETS = r"(?!(?:Leerweg|Loopbaan|Leerpad|Werkveld|Praktijkleerweg|Onderweg)\b)"
_STREET_PREFIX = (
    r"(?:(?:Oude|Nieuwe|Korte|Lange|Hoge|Lage|Grote|Kleine|Eerste|Tweede|Derde|Oost|West"
    r"|Noord|Zuid|Sint|St\.|Burgemeester|Burg\.|Dokter|Dr\.|Prins|Prinses|Koning|Koningin"
    r"|Graaf|Achter|Buiten|Binnen|Boven|Over)\s+(?:(?:van|de|der|den|het|'t|ten|ter)\s+)*)"
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


def _if_student_number(match: re.Match[str]) -> str:
    """A bare 9-digit onderwijsnummer (python-stdnum's check; a BSN is handled before)."""
    return STUDENT_NUMBER if onderwijsnummer.is_valid(match.group()) else match.group()


def _if_birth_compact(match: re.Match[str]) -> str:
    text = match.group()
    try:
        born = date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        return text
    return BIRTH_DATE if born.year <= date.today().year - BIRTH_YEARS_AGO else text


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
    (_EMAIL_LOOSE_RE, _whole(EMAIL)),
    (_IBAN_NL_RE, _whole(IBAN)),
    (_IBAN_ANY_RE, _if_iban),
    (_PHONE_INTL_RE, _whole(PHONE)),
    (_PHONE_FOREIGN_RE, _whole(PHONE)),
    (_PHONE_AREA_RE, _if_ten_digits),
    (_PHONE_NL_RE, _whole(PHONE)),
    (_DATE_NUMERIC_RE, _full_date),
    (_DATE_ISO_RE, _full_date),
    (_DATE_WORDS_RE, _full_date),
    (_BIRTHDAY_RE, _group("value", BIRTH_DATE)),
    (_DATE_COMPACT_RE, _if_birth_compact),
    (_STUDENT_NUMBER_KEYWORD_RE, _group("value", STUDENT_NUMBER)),
    (_BSN_KEYWORD_RE, _group("value", BSN)),
    (_BSN_RE, _if_elfproef),
    (_NINE_DIGITS_RE, _if_student_number),
    (_POSTCODE_RE, _whole(POSTCODE)),
    (_POSTCODE_SPACED_LOWER_RE, _whole(POSTCODE)),
    (_ADDRESS_CONTEXT_RE, _group("value", ADDRESS)),
    (_ADDRESS_RE, _whole(ADDRESS)),
    (_ADDRESS_LOWER_RE, _whole(ADDRESS)),
)


def mask_structured(text: str) -> str:
    """Replace every fixed-format identifier in ``text`` by its placeholder."""
    for pattern, replace in _STEPS:
        text = pattern.sub(replace, text)
    return text
