"""Finding the names people give ("ik heet Sanne", "mijn zoon Jan", "naam: …").

Three sources, no trained model (no Dutch NER model is available offline, and a tagger
trained on generated sentences would learn our templates, not chat):

1. phrases that give a name ("ik heet", "mijn moeder", "mentor", "gesprek met",
   "doorgestuurd door", "t.n.v.", form labels such as "Naam jongere:", greetings and
   signatures); after the strongest a lowercase word is a name too;
2. a list of first names and family names from the backgrounds of the target group
   (``data/*.txt``, compiled for this project): such a word is a name wherever it
   stands capitalised, and in lower case after a phrase; a following capitalised word
   or "van der …" joins it;
3. a message that is only a name ("Samira", "sanne de jong").

Words that are also ordinary words or places (``AMBIGUOUS_NAMES``: "Roos", "Kan", "Moe")
are names only after a phrase, and the words of organisations and places
(``ORGANISATION_WORDS``: "Albert Heijn", "Stichting MEE") never start or continue one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.privacy.structured import mask_structured
from bot.privacy.wordlists import (
    AMBIGUOUS_NAMES,
    COMMON_WORDS,
    LEADING_PARTICLES,
    LOWERCASE_BOUNDARY,
    NOT_NAMES,
    ORGANISATION_WORDS,
    PARTICLES,
    PERSON_WORDS,
)

MAX_NAME_TOKENS = 6
_DATA = Path(__file__).resolve().parent / "data"


def _name_list(filename: str) -> frozenset[str]:
    words: set[str] = set()
    for line in (_DATA / filename).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(word.lower() for word in line.split())
    return frozenset(words)


FIRST_NAMES = _name_list("first_names.txt")
SURNAMES = _name_list("surnames.txt")
LISTED_NAMES = FIRST_NAMES | SURNAMES

_TOKEN = re.compile(r"'t(?![\w'])|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_GAP = re.compile(r"[ \t]+")
_AFTER_LOWERCASE_NAME = re.compile(r"[ \t]*(?:$|[.,!?;:)\n])")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")

_PERSON = "|".join(sorted(PERSON_WORDS, key=len, reverse=True))
_OWNER = r"(?:mijn|m'n|mn|me|onze|ons|de|deze|die|zijn|z'n|haar|d'r|hun|jouw|je|uw)"
_ASIDE = r"(?:\s+(?:eigenlijk|officieel|voluit|gewoon|trouwens|echt))?"


@dataclass(frozen=True)
class _Trigger:
    """A phrase after which a name may follow, and how strict the name test is."""

    pattern: re.Pattern[str]
    allow_lowercase: bool = False
    allow_leading_particle: bool = False
    strong: bool = False
    first_name_lower: bool = False


def _trigger(
    regex: str, *, lower: bool = False, particle: bool = False, first_name: bool = False
) -> _Trigger:
    """``first_name``: a lowercase first name from the list counts here even when it is
    also a word ("ik ben milan en …"), if it ends the sentence or a boundary word follows."""
    return _Trigger(re.compile(regex, re.IGNORECASE), lower, particle, lower, first_name)


_INITIALS = r"(?:[A-Z]\.\s?){1,3}"
_INITIALS_RE = re.compile(_INITIALS)


# "meneer op de beek": after a title even a lowercase preposition starts a surname.
_TITLE = _trigger(
    r"(?:\b(?:meneer|mevrouw|juffrouw|juf|meester|de\s+heer)|\b(?:mevr|mw|dhr)\.?)\s+",
    particle=True,
)

_TRIGGERS = (
    # Strong phrases: a lowercase word right after them is taken as a name too.
    _trigger(
        rf"\b(?:ik|k|hij|zij|ze|jij|en|{_OWNER}\s+(?:{_PERSON}))\s+heet{_ASIDE}\s+", lower=True
    ),
    _trigger(rf"\b{_OWNER}\s+(?:voor|achter|roep)?naam\s+is{_ASIDE}\s+", lower=True, particle=True),
    _trigger(r"\b(?:voor|achter|roep)?naam\s*:\s*", lower=True, particle=True),
    _trigger(r"\bgenaamd\s+", lower=True),
    # Weaker phrases: only a capitalised word counts.
    _trigger(r"\bheet\s+(?:ik|hij|zij|ze)\s+"),
    _trigger(r"\b(?:ik\s+ben|dit\s+is|hier\s+is)\s+", first_name=True),
    _trigger(rf"\b(?:{_OWNER}\s+)?(?:{_PERSON})\s*[,:]?\s+", particle=True),
    # "mijn begeleider is Mark", "mijn mentor is fleur" (a listed lowercase name only).
    _trigger(rf"\b{_OWNER}\s+(?:{_PERSON})\s+is\s+", first_name=True),
    _trigger(
        r"\b(?:doorgestuurd|verwezen|aangemeld|gestuurd|ingevuld|gebeld|begeleid|gemaild)"
        r"\s+(?:is\s+)?door\s*:?\s+"
    ),
    _trigger(
        r"\b(?:gesprek|contact|afspraak|overleg|gesproken|gepraat|praten|bellen|bel|belt"
        r"|samen|mee|ga|gaan|kom|komt)\s+(?:opnemen\s+|even\s+|ook\s+)?met\s+"
    ),
    _trigger(r"\b(?:meld|meldt|melden|aanmelden)\s+(?:ik\s+|wij\s+|we\s+)?"),
    _trigger(r"\b(?:stuur|stuurt|vraag|vraagt)\s+(?:het\s+|maar\s+|dit\s+)?(?:naar|aan)\s+"),
    _trigger(r"\b(?:t\.?\s?[nav]\.?\s?v\.?)\s*:?\s*", particle=True),
    _trigger(
        r"(?:^|(?<=[\n,;(]))\s*(?:aan|van|ingevuld\s+door|door|naam\s+\w+)\s*:\s*",
        particle=True,
    ),
    _TITLE,
    _trigger(r"\b(?:beste|lieve|hoi|hallo|hey|hee|hi|bedankt|dank\s+je(?:\s+wel)?)\s*,?\s+"),
    _trigger(r"(?:^|(?<=[.!?\n]))\s*dag\s*,?\s+"),
    _trigger(r"\b(?:xx+|doei|groetjes\s+van|groeten\s+van|liefs)\s*!?,?\s+"),
    _trigger(
        r"\b(?:groetjes|groeten|groet|gr|mvg|met\s+vriendelijke\s+groet(?:en)?)\.?\s*[,!]?\s+"
    ),
)


def _tokens(text: str, start: int) -> list[re.Match[str]]:
    """Up to a few words from ``start``, separated by spaces only (no punctuation)."""
    found: list[re.Match[str]] = []
    pos = start
    while len(found) < MAX_NAME_TOKENS * 2:
        if found:
            gap = _GAP.match(text, pos)
            if gap is None:
                break
            pos = gap.end()
        token = _TOKEN.match(text, pos)
        if token is None:
            break
        found.append(token)
        pos = token.end()
    return found


_PREFIXED = re.compile(r"(?:al|el|ul|ben|bin|ibn|abu|abd|ait|ou)[-'’][A-Z][^\W\d_]+", re.IGNORECASE)


def _is_prefixed_name(word: str) -> bool:
    """An Arabic or Berber family name written with its prefix: "Al-Hassan", "el-Amrani"."""
    return _PREFIXED.fullmatch(word) is not None and word.split("-")[-1][:1].isupper()


def _is_capitalised_name(word: str, *, strong: bool = True) -> bool:
    if _is_prefixed_name(word):
        return True
    if len(word) < 2 or not word[0].isupper() or (word.isupper() and len(word) > 3):
        return False
    lower = word.lower()
    first_part = re.split(r"['’-]", word)[0].lower()
    if lower in NOT_NAMES or first_part in NOT_NAMES or lower in ORGANISATION_WORDS:
        return False
    if word.isupper():  # "MEE", "UWV": an abbreviation, not a name
        return False
    tail = re.split(r"-", word)[1:]
    if any(part[:1].islower() and part.lower() not in PARTICLES for part in tail):  # "Bas-kaart"
        return False
    return strong or lower not in COMMON_WORDS


def _is_listed(word: str) -> bool:
    lower = word.lower()
    return (
        lower in LISTED_NAMES
        and lower not in AMBIGUOUS_NAMES
        and lower not in COMMON_WORDS
        and lower not in NOT_NAMES
        and lower not in ORGANISATION_WORDS
    )


def _is_lowercase_name(word: str) -> bool:
    """A lower-case word after a particle may be a surname ("van dijk"), not an
    organisation ("van het wijkteam")."""
    return (
        len(word) >= 2
        and word.islower()
        and word not in COMMON_WORDS
        and word not in PARTICLES
        and word not in ORGANISATION_WORDS
    )


def _is_lowercase_first_name(word: str) -> bool:
    return word.islower() and word in FIRST_NAMES and word not in COMMON_WORDS


# Capitalised inside a name they link its parts ("Ahmed Ben Ali", "Ait Oufkir"), never alone.
_NAME_LINKS = frozenset({"ben", "bin", "ibn", "ait", "abu", "abd", "ou"})


def _particle_run(words: list[str], start: int, *, simple: bool = False) -> int:
    """How many particle words start at ``start`` ("van der"; "in 't" unless ``simple``)."""
    count = 0
    while start + count < len(words) and count < 3:
        word = words[start + count].lower()
        following = words[start + count + 1].lower() if start + count + 1 < len(words) else ""
        if (
            word in PARTICLES
            or words[start + count] == "A"
            or (words[start + count][:1].isupper() and word in _NAME_LINKS)  # "Ahmed Ben Ali"
            or (not simple and word in LEADING_PARTICLES and following in PARTICLES)
        ):
            count += 1
        else:
            break
    return count


def _name_span(text: str, start: int, trigger: _Trigger) -> tuple[int, int] | None:
    """The (start, end) of the name that begins at ``start``, if there is one."""
    begin = start
    initials = _INITIALS_RE.match(text, start)
    if initials is not None:
        start = initials.end()
    tokens = _tokens(text, start)
    words = [t.group() for t in tokens]
    first = 0
    if trigger.allow_leading_particle or initials is not None:
        skip = _particle_run(words, 0)
        if skip and skip < len(words):
            following = words[skip]
            if _is_capitalised_name(following) or (
                trigger.allow_leading_particle
                and following.islower()
                and len(following) > 2
                and following not in COMMON_WORDS  # "mentor van het vmbo"
                and following not in ORGANISATION_WORDS  # "begeleider van het wijkteam"
                # "buurman op de boerderij": after a preposition only "op de Beek" is a name
                and (trigger is _TITLE or words[0].lower() not in LEADING_PARTICLES)
            ):
                first = skip
    if first >= len(words):
        return None
    lowercase = False
    if not _is_capitalised_name(words[first], strong=trigger.strong):
        listed_lower = words[first].islower() and _is_listed(words[first])
        if first > 0 and words[first].islower():
            lowercase = True  # "mevrouw de graaf"
        elif first == 0 and (
            (trigger.allow_lowercase and _is_lowercase_name(words[first])) or listed_lower
        ):
            lowercase = True
        elif first == 0 and trigger.first_name_lower and _is_lowercase_first_name(words[first]):
            lowercase = True
            if not _lowercase_name_ends_well(text, tokens[0].end()):
                return None
        else:
            return None
    last = first
    index = first + 1
    while index < len(words) and last - first + 1 < MAX_NAME_TOKENS:
        candidate = index + _particle_run(words, index, simple=lowercase)
        if candidate >= len(words):
            break
        word = words[candidate]
        after_particles = candidate > index and word.islower() and word not in COMMON_WORDS
        if _is_capitalised_name(word, strong=False) or (
            lowercase
            and (
                _is_listed(word)
                or (trigger.allow_lowercase and _is_lowercase_name(word))
                or after_particles  # "lisa van den berg": after "van den" comes the surname
            )
        ):
            last = candidate
            index = candidate + 1
        else:
            break
    end = tokens[last].end()
    if lowercase and first == 0 and not trigger.strong:
        pass  # a listed name: no need to end the sentence
    elif lowercase and first == 0 and not _lowercase_name_ends_well(text, end):
        return None
    return (begin if initials is not None else tokens[0].start()), end


def _lowercase_name_ends_well(text: str, end: int) -> bool:
    """A lowercase name must end the sentence or be followed by "en", "ik", "maar" …"""
    if _AFTER_LOWERCASE_NAME.match(text, end):
        return True
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1).lower() in LOWERCASE_BOUNDARY


_LISTED_TRIGGER = _Trigger(re.compile(""), allow_leading_particle=False)
_STANDALONE_INITIALS = re.compile(rf"(?<![\w.]){_INITIALS}(?=\s*(?:[a-z']+\s+)*[A-Z])")
_WHOLE_ANSWER = re.compile(r"\s*([^\W\d_]+(?:['’-][^\W\d_]+)*(?:\s+[^\W\d_]+){0,3})\s*[.!]?\s*$")


def _listed_spans(text: str) -> list[tuple[int, int]]:
    """Capitalised words from the name lists, wherever they stand, with what follows."""
    spans: list[tuple[int, int]] = []
    for token in _TOKEN.finditer(text):
        word = token.group()
        if not (word[0].isupper() and _is_listed(word)):
            continue
        if token.start() > 0 and text[token.start() - 1] == "[":
            continue
        span = _name_span(text, token.start(), _LISTED_TRIGGER)
        if span is not None:
            spans.append(span)
    for match in _STANDALONE_INITIALS.finditer(text):
        span = _name_span(text, match.start(), _LISTED_TRIGGER)
        if span is not None:
            spans.append(span)
    return spans


def _whole_answer_span(text: str) -> tuple[int, int] | None:
    """A message that is only a name: "Samira", "jesse", "sanne de jong", "Tom Bakker"."""
    match = _WHOLE_ANSWER.fullmatch(text)
    if match is None:
        return None
    words = match.group(1).split()
    if not _is_listed(words[0]):
        return None
    rest = [w for w in words[1:] if w.lower() not in PARTICLES]
    if all(_is_listed(w) or _is_capitalised_name(w, strong=False) for w in rest):
        return match.span(1)
    if len(words) > 2 and words[1].lower() in PARTICLES and len(rest) == 1:
        return match.span(1)  # "sanne de jong": after a particle, any word is the surname
    return None


_NAME_AFTER = re.compile(
    r"[ \t]+is[ \t]+(?:mijn|m'n|mn|zijn|z'n|haar|d'r)[ \t]+(?:voor|achter|roep)?naam\b",
    re.IGNORECASE,
)


def _name_before_spans(text: str) -> list[tuple[int, int]]:
    """A name given before "is mijn naam": "Kevin is mijn naam", "kees is mijn voornaam".

    Walks back from "is" over up to four words: capitalised names, particles inside the
    name, or one lowercase word that is no common word; a common word ("dat", "hallo") ends it.
    """
    spans: list[tuple[int, int]] = []
    for match in _NAME_AFTER.finditer(text):
        tokens = [t for t in _TOKEN.finditer(text[: match.start()])]
        start: int | None = None
        taken = 0
        for token in reversed(tokens):
            between = text[token.end() : start if start is not None else match.start()]
            word = token.group()
            if between.strip() or taken >= 4:
                break
            if word.lower() in PARTICLES and start is not None:
                start = token.start()
                continue
            if _is_capitalised_name(word) or (taken == 0 and _is_lowercase_name(word)):
                start = token.start()
                taken += 1
                continue
            break
        if start is None:
            continue
        while text[start:].split()[0].lower() in PARTICLES:  # never start on "de"
            start = start + len(text[start:].split()[0])
            start += len(text[start:]) - len(text[start:].lstrip())
        if start < match.start():
            spans.append((start, match.start()))
    return spans


def name_spans(text: str, *, whole_answer: bool = True) -> list[tuple[int, int]]:
    """Spans of the names given in ``text``, in order, without overlaps."""
    spans: list[tuple[int, int]] = []
    for trigger in _TRIGGERS:
        for match in trigger.pattern.finditer(text):
            span = _name_span(text, match.end(), trigger)
            if span is not None:
                spans.append(span)
    spans.extend(_listed_spans(text))
    spans.extend(_name_before_spans(text))
    if whole_answer:
        answer = _whole_answer_span(text)
        if answer is not None:
            spans.append(answer)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def extract_names(text: str) -> list[str]:
    """The names given in ``text`` (unique, in order), so later messages can mask them too.

    Contact details, numbers and dates are masked first, so a name is never taken from
    inside an e-mail address or a phone number.
    """
    cleaned = mask_structured(text)
    names: list[str] = []
    for start, end in name_spans(cleaned):
        name = " ".join(cleaned[start:end].split())
        if name not in names:
            names.append(name)
    return names
