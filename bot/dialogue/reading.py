"""What one user turn *does* at an open question, read once before anything is recorded.

People do not only answer: they ask back, doubt, correct an earlier answer, complain that
the chat does not work, or say two of these at once. A turn that is not an answer must
never fill a question, and a negation must never become its opposite. So every turn is read
here into one :class:`Reading` (the act, the words that carry the answer, how sure we are)
that the extraction and the form validators use; the rules for acts, hedges, negated
clauses and corrections live in this one module, each with tests for both sides.
Works on folded text (lower case, no accents), like :mod:`bot.dialogue.arbitration`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.dialogue import arbitration, correction_words, phrasing, remarks
from bot.knowledge.text import fold, tokens

# The acts a turn can do at an open question.
ANSWER = "answer"
QUESTION_BACK = "question_back"
DOUBT = "doubt"
CHAT_REMARK = "chat_remark"
CORRECTION = "correction"
DEFERRAL = "deferral"
OFF_TOPIC = "off_topic"

# What a question back is about.
ABOUT_TERM = "term"
ABOUT_WHY = "why"
ABOUT_OTHER = "other"

# Not knowing, or hoping instead of knowing: recorded as weet_niet, never as ja or nee.
_DOUBT = re.compile(
    r"\bhoe\s+(?:moet|kan|zou|moeten|kunnen)\s+(?:ik|wij|we|ik\s+dat|je)\s*(?:dat\s+|dit\s+|het\s+)?"
    r"(?:nou\s+|nu\s+)?weten\b"
    r"|\bhopelijk\b|\bik\s+hoop\s+(?:het|van|dat)\b|\bhoop\s+(?:het|ik)\s+(?:wel|maar)\b"
    r"|\b(?:mss|misch|missch)\b"  # chat language for "misschien"
    r"|\bzou\s+(?:kunnen|goed\s+kunnen)\b|^\W*kan\s+(?:zijn|best)\W*$|\bwie\s+zal\s+het\s+zeggen\b"
    r"|\bmisschien\b|\bwie\s+weet\b|\bmoeilijk\s+te\s+zeggen\b|\blastig\s+te\s+zeggen\b"
    r"|\b(?:dat\s+)?(?:moeten|zullen)\s+we\s+(?:nog\s+)?(?:zien|afwachten)\b"
    r"|\bhangt\b[^.?!]{0,40}\baf\b|\btwijfel\w*\b|\bniet\s+zeker\b|\bnog\s+onduidelijk\b"
    r"|\b(?:nog\s+)?niet\s+(?:bekend|duidelijk)\b|\bdat\s+is\s+(?:nog\s+)?de\s+vraag\b"
    # "ik denk het wel, maar dat moet ik nog checken": not known yet
    r"|\b(?:moet|moeten|ga|gaan|zou|zouden)\s+(?:ik|we|wij)\s+(?:nog\s+|even\s+|eerst\s+|echt\s+)*"
    r"(?:moeten\s+)?(?:checken|navragen|nakijken|opzoeken|uitzoeken|vragen|controleren)\b"
    # "dat durf ik nog niet te zeggen", "kan ik niet goed beoordelen", "lastig in te schatten"
    r"|\b(?:durf|kan)\s+ik\s+(?:nu\s+)?(?:nog\s+)?niet\s+(?:goed\s+)?(?:te\s+)?"
    r"(?:zeggen|beoordelen|inschatten)\b|\b(?:lastig|moeilijk)\s+in\s+te\s+schatten\b"
    r"|^\W*mogelijk\b|\bwordt\s+(?:nog\s+)?(?:onderzocht|uitgezocht|bekeken)\b"
)
# A lean towards ja or nee that is not certain: the value is confirmed first.
_LEAN_YES = re.compile(
    r"\b(?:ik\s+)?denk\s+(?:het\s+)?(?:van\s+)?wel\b|\bwaarschijnlijk\s+wel\b|\bvolgens\s+mij\s+wel\b"
    r"|\bvast\s+wel\b|\bik\s+gok\s+(?:van\s+)?wel\b|\bgeloof\s+(?:het|van)\s+wel\b"
    r"|\blijkt\s+(?:me|mij)\s+(?:van\s+)?wel\b|^\W*(?:ik\s+)?denk\s+(?:het|t)\W*$"
    r"|\bals\s+(?:het|t)\s+goed\s+is\b|\b(?:wss|wrs|wrsch|waarsch)\s+wel\b|\bdenk\s+t\s+wel\b"
    # partly: "soms", "af en toe", "niet altijd" lean to a yes that is not the whole answer
    r"|\bsoms\b(?!\s+niet)|\baf\s+en\s+toe\b|\bzo\s+nu\s+en\s+dan\b|\bmin\s+of\s+meer\b"
    r"|\bniet\s+altijd\b"
)
_LEAN_NO = re.compile(
    r"\b(?:wss|wrs|wrsch|waarsch)\s+(?:niet|nie)\b|\bdenk\s+t\s+(?:niet|nie)\b"
    r"|\b(?:ik\s+)?denk\s+(?:het\s+)?(?:van\s+)?niet\b|\bwaarschijnlijk\s+niet\b"
    r"|\bvolgens\s+mij\s+niet\b|\bik\s+gok\s+(?:van\s+)?niet\b|\bgeloof\s+(?:het|van)\s+niet\b"
    r"|\blijkt\s+(?:me|mij)\s+(?:van\s+)?niet\b|^\W*niet\s+dat\s+ik\s+weet\W*$"
    r"|\bniet\s+per\s*se\b"
)
# "(en) als ...", "stel dat ...": a case that may come, not how things are.
# "als kapper werken" is no case: "als" must start a clause (a subject follows).
_HYPOTHETICAL = re.compile(
    r"^\W*(?:en\s+|maar\s+|wat\s+)?(?:stel(?:\s+dat)?|indien|mocht|als\s+(?=(?:hij|ze|zij|het|er"
    r"|dat|die|ik|we|wij|je|jij|u|de|zijn|haar|mijn|ons|onze)\b))"
)
# "later", "niet nu": the question is put off, not answered.
_DEFER = re.compile(r"(?:^|[.!,;]\s*)(?:later|niet\s+nu|straks|een\s+andere\s+keer)\W*$")
# A question back, and what it is about.
# Questions that say "I cannot know" rather than ask something.
_RHETORICAL = re.compile(
    r"\bhoe\s+(?:moet|kan|zou|moeten|kunnen)\s+(?:ik|wij|we|je)\b[^?]*\bweten\b"
    r"|\bwie\s+(?:weet|zal\s+het\s+zeggen)\b"
)
_QUESTION_START = re.compile(
    r"^\W*(?:wat|hoe|waarom|wie|welke?|waar|wanneer|kun|kan|kunnen|mag|moet|moeten|is|zijn|"
    r"betekent|heeft|hebben|wordt|krijgt)\b"
)
_ASKING_START = re.compile(
    r"^\W*(?:wat|hoe|waarom|wie|welke?|waar|wanneer|betekent)\b"
    r"|^\W*(?:kun|kunt|kan|mag|moet|wil)\s+(?:je|jij|u|ik|jullie)\b"
    r"|^\W*weet\s+(?:je|jij|u|jullie)\b"  # "weet ik niet precies, ..." says, it does not ask
)
_ABOUT_WORD = re.compile(
    r"\bwat\s+(?:is|zijn|betekent|betekenen|bedoel|bedoelt|houdt|wil)\b|\bbetekent\b"
    r"|\buitleg\b|\bwat\s+(?:moet|moeten)\s+ik\s+(?:me\s+)?(?:daar\s*)?(?:onder|bij)\b"
)
_ABOUT_WHY = re.compile(
    r"\bwaarom\s+(?:vraag|vraagt|wil|wilt|moet|is|heb)\b|\bwaar(?:voor|om)\s+(?:is|heb)\s+"
    r"(?:je|jij|jullie|u)?\s*(?:dat|dit)\s+(?:nodig|weten)\b"
    r"|\bwat\s+(?:doe|doen|doet)\s+(?:je|jullie|u)\s+(?:met|ermee|daarmee)\b"
    r"|\bwaarom\s+wil\s+je\s+dat\s+weten\b|\bwaar\s+is\s+dat\s+voor\b"
)
_AGE = re.compile(
    r"\b(1[2-9]|[2-9]\d)\s*(?:jaar|jr|geworden)\b"
    # Fillers may stand before the number ("ik ben trouwens al 18"); "bijna 18" is not 18.
    r"|\b(?:is|ben|wordt|word|werd|toch|net)\s+(?:(?:net|al|pas|toch|eigenlijk|trouwens|inmiddels"
    r"|intussen|ondertussen|nu|dus|wel|gewoon|echt|ook|sowieso)\s+)*"
    r"(1[2-9]|[2-9]\d)\b"
    r"(?!\s*(?:uur|euro|keer|minuten|procent|%))"
    # "was niet 16 maar 17", "sorry verkeerd getal, 18 moet het zijn"
    r"|\bniet\s+(?:1[2-9]|[2-9]\d)\s+(?:jaar\s+)?maar\s+(1[2-9]|[2-9]\d)\b"
    r"(?!\s*(?:uur|euro|keer|minuten|procent|%))"
    r"|\b(1[2-9]|[2-9]\d)\s+moet\s+(?:het\s+)?zijn\b"
)
# Negation in a clause: the values named in it are not meant.
_NEGATION = re.compile(
    r"\b(?:niet|nie|geen|nooit|niks|nix|niets|niemand|nergens)\b"
    r"|\bweet\s+er\s+(?:nog\s+)?(?:geen|niks|niets)\b"
    r"|\bhaa?k(?:t|en)\b[^.?!]{0,25}\baf\b"  # "in de klas haakt hij snel af"
)
_AFFIRM = re.compile(r"\bwel\b")
# "ik zei vmbo (maar het is pro)": the clause names the old answer, not the meant one.
_OLD_ANSWER = re.compile(
    r"\W*(?:ik\s+zei|ik\s+had\s+gezegd|ik\s+typte|eerder\s+zei\s+ik)\b(?!\s+al\b)"
    # "ik heb dat over begeleiding verkeerd gezegd", "ik zie dat ik vmbo heb gekozen"
    r"|\W*(?:ik\s+zie\s+dat\s+)?ik\s+(?:[a-z0-9-]+\s+){0,5}?(?:heb|had)\s+(?:[a-z0-9-]+\s+){0,5}?"
    r"(?:gekozen|ingevuld|aangeklikt|gezegd|getypt)\b"
    r"|\W*vergeet\s+(?:het|dat|wat)\b"  # "vergeet het vso, hij zit op het vmbo"
)
# "en" starts a new clause when a new subject follows: "geen sk en er loopt jeugdhulp".
_CLAUSE_SPLIT = re.compile(
    r"[.;:!?\n]+|,|\s+(?:maar|alleen\s+niet|behalve|want|omdat)\s+"
    r"|\s+en\s+(?=(?:er|ze|zij|hij|we|wij|ik|ook|wel|nu|sinds)\b)"
    # "hij is 17 en heeft geen diploma": a new verb after "en" starts a clause of its own,
    # so the negation does not reach back to what came before ("4 vmbo basis").
    r"|\s+en\s+(?=(?:heeft|hebben|had|is|zijn|was|wil|wilde|woont|zit|zat|gaat|ging|kan|kon"
    r"|moet|krijgt|kreeg|doet|deed|werkt|leert|loopt|spreekt|praat|komt|kwam|staat|blijft|vindt"
    r"|weet|wordt|werd|mag|zal|kent|leest|schrijft|rekent|snapt|begrijpt|redt|durft)\b)"
)
# A bare negation word counts as "nee" only when it stands alone or says the thing is
# not needed, arranged or taking part ("niks nodig", "doet niet mee"); "geen diagnose bekend"
# is about a diagnosis.
_BARE_NEGATIONS = frozenset({"geen", "niet", "niks", "niets", "nooit", "nee"})
_NEGATION_OBJECTS = frozenset({"nodig", "geregeld", "bekend", "van", "toepassing", "mee"})
# Words between a negation and what it negates: "niet meer thuis", "echt niks nodig".
_INTENSIFIERS = frozenset({"meer", "echt", "zo", "nog", "helemaal", "hoor", "eens", "zeker"})

LONG_MESSAGE_WORDS = 14


@dataclass(frozen=True)
class Reading:
    """One turn, read once: what it does and the words that may carry an answer.

    ``answer_text`` is the text without a remark about the chat ("dat zei ik al"), empty
    when nothing is left. ``lean`` is "ja"/"nee" for a hedged lean ("denk het wel").
    ``long`` marks a message whose values need confirming.
    """

    act: str
    text: str
    answer_text: str
    remark: bool = False
    about: str | None = None
    lean: str | None = None
    long: bool = False
    deferred: bool = False
    hypothetical: bool = False


def read(text: str, requested: str | None = None, *, yes_no: bool = False) -> Reading:
    """Read what ``text`` does at the open question ``requested``.

    ``yes_no`` says whether the open question takes ja or nee: a leading ja or nee then
    makes it an answer, whatever follows ("nee, geen idee waarom je dat vraagt").
    """
    folded = hedges_unasked(fold(text).strip())
    if text.startswith("/"):
        return Reading(ANSWER, text, text)
    remainder, remark = remarks.without_remark(folded, yes_no=yes_no)
    if remark:
        remainder = in_own_words(text.strip(), folded, remainder)
    long = _is_long(remainder)
    leading = arbitration.leading_yes_no(remainder) if yes_no else None
    if remark and not tokens(remainder):
        return Reading(CHAT_REMARK, text, "", remark=True)
    if _asks_despite_hedge(remainder) and not leading:
        return Reading(QUESTION_BACK, text, remainder, remark=remark, about=_about(remainder))
    if _DOUBT.search(remainder) or (arbitration.says_dont_know(remainder) and not leading):
        return Reading(DOUBT, text, remainder, remark=remark, long=long)
    if "?" in remainder and not leading and is_question(remainder):
        return Reading(QUESTION_BACK, text, remainder, remark=remark, about=_about(remainder))
    if _HYPOTHETICAL.search(remainder) and not leading and not _LEAN_YES.search(remainder):
        # "en als hij geen stage vindt": asks what happens then, says nothing of what is
        about = _about(remainder)
        return Reading(
            QUESTION_BACK, text, remainder, remark=remark, about=about, hypothetical=True
        )
    if correction_words.is_correction(remainder):
        return Reading(CORRECTION, text, remainder, remark=remark, long=long)
    if _DEFER.search(remainder) and len(tokens(remainder)) > 2:
        return Reading(DEFERRAL, text, remainder, remark=remark, deferred=True)
    if not leading and is_question(remainder):
        return Reading(QUESTION_BACK, text, remainder, remark=remark, about=_about(remainder))
    # "..., maar zijn oma helpt soms. Inkomen is dus niet geregeld.": the sum decides.
    summed = [c for c, _neg in clauses(remainder) if concludes(c)] if long else []
    leaning = summed[-1] if summed else remainder
    lean = None
    if _LEAN_NO.search(leaning):
        lean = arbitration.NO
    elif _LEAN_YES.search(leaning):
        lean = arbitration.YES
    return Reading(ANSWER, text, remainder, remark=remark, lean=lean, long=long)


# "misschien iets in de kinderopvang?": a suggestion said with doubt, not a question.
_SUGGESTION = re.compile(
    r"^\W*(?:en\s+|of\s+)?(?:misschien|iets|zoiets|bijvoorbeeld|liefst|het\s+liefst)\b"
    r"(?![^?]*\b(?:wat|wie|waar|waarom|hoe|welk|welke|wanneer|kan|kun|kunnen|mag|moet|is|zijn"
    r"|heeft|telt|klopt)\b)"
)


# "..., toch?", "..., of niet?": a tag question, which the user may answer at once.
_SELF_ANSWERED = re.compile(r"(?:\btoch|\bof\s+niet|\bhe|\bhè)\s*\?$")


def hedges_unasked(folded: str) -> str:
    """A hedge or a suggestion with a question mark is no question: "denk het niet? ik heb
    alleen vmbo" leans to no, "misschien iets in de kinderopvang?" is a wish said with doubt.
    Their question marks become full stops, so the words are read as the answer; so does a
    tag question the user answers at once ("hij is 18, toch? ja, 18")."""
    parts = re.split(r"(?<=\?)", folded)
    kept = []
    for index, part in enumerate(parts):
        sentence = re.split(r"[.!,;]", part)[-1]
        lean = (
            index == 0
            and len(tokens(part)) <= 5
            and (_LEAN_NO.search(part) or _LEAN_YES.search(part))
        )
        following = parts[index + 1] if index + 1 < len(parts) else ""
        answered = bool(_SELF_ANSWERED.search(part) and re.match(r"\W*(?:ja|nee)\b", following))
        if part.endswith("?") and (lean or answered or _SUGGESTION.search(sentence)):
            part = part[:-1] + "."
        kept.append(part)
    return "".join(kept)


def is_correction(text: str) -> bool:
    """Whether ``text`` carries a correction marker ("oh wacht", "het was vmbo, geen havo")."""
    return correction_words.is_correction(fold(text))


def _asks_despite_hedge(folded: str) -> bool:
    """A question to the assistant that holds a hedge word: it asks, it does not answer.

    "moet ik dat invullen als hij nog twijfelt?" ends in a question that starts with a
    question word; the doubt is part of what is asked. A rhetorical "hoe moet ik dat nou
    weten?" or "wie weet?" is not-knowing, and stays doubt. On the safe side, doubt followed
    by a question ("zou kunnen, wat bedoel je?") records nothing and the question is answered.
    """
    stripped = folded.strip()
    if not stripped.endswith("?") or _RHETORICAL.search(stripped):
        return False
    if not (_DOUBT.search(stripped) or arbitration.says_dont_know(stripped)):
        return False
    sentences = [s for s in re.split(r"[.!?,;]\s+", stripped) if tokens(s)]
    last = sentences[-1] if sentences else ""
    return bool(_QUESTION_START.search(last)) and len(tokens(last)) > 2


def is_question(folded: str) -> bool:
    """A question mark or a question word at the start; a short "vmbo?" is a hesitant answer.

    Without a question mark only a question word or "kun je"/"mag ik" counts: Dutch
    answers often start with a verb ("heeft een leerbaan", "is geregeld").
    """
    words = tokens(folded)
    if "?" in folded:
        return len(words) > 3 or bool(_QUESTION_START.search(folded))
    return bool(_ASKING_START.search(folded)) and len(words) > 2


# A clause that sums up what came before: "..., dus ja, begeleiding is nodig".
_CONCLUSION = re.compile(r"\b(?:dus|kortom|al\s+met\s+al|samengevat|conclusie)\b")


def concludes(clause: str) -> bool:
    """Whether ``clause`` sums up the message ("dus nee", "dat is dus niet geregeld")."""
    return bool(_CONCLUSION.search(fold(clause)))


def is_old_answer(clause: str) -> bool:
    """ "ik zei dat er geen stage was": the clause names the old answer, not the meant one."""
    return bool(_OLD_ANSWER.match(fold(clause)))


def is_hesitant(text: str) -> bool:
    """A short answer with a question mark ("vmbo?"): the value is confirmed first."""
    return "?" in text and len(tokens(text)) <= 3


def _about(folded: str) -> str:
    if _ABOUT_WHY.search(folded):
        return ABOUT_WHY
    if _ABOUT_WORD.search(folded):
        return ABOUT_TERM
    return ABOUT_OTHER


def in_own_words(text: str, folded: str, part: str) -> str:
    """``part`` of the folded text as the user typed it (case and accents), when it maps."""
    origin: list[int] = []  # for each folded character, the index of its typed character
    for index, char in enumerate(text):
        origin += [index] * len(fold(char))
    start = folded.find(part)
    if start < 0 or len(origin) != len(folded) or not part:
        return part
    end = start + len(part) - 1
    return text[origin[start] : origin[end] + 1]


def _is_long(folded: str) -> bool:
    words = len(tokens(folded))
    sentences = [s for s in re.split(r"[.!?;\n]+", folded) if tokens(s)]
    return words > LONG_MESSAGE_WORDS or len(sentences) > 1


def clauses(text: str) -> list[tuple[str, bool]]:
    """The clauses of ``text`` with whether each is negated.

    "X wel, Y niet" gives (x wel, False), (y niet, True); "RMC is nog niet ingelicht" is
    negated; a clause with "wel" is not ("geen hulp, wel een coach"). "behalve X niets"
    says X and denies the rest, like "niets behalve X".
    """
    found: list[tuple[str, bool]] = []
    for whole in _CLAUSE_SPLIT.split(fold(text)):
        for part in phrasing.exception_first(whole):
            if not tokens(part):
                continue
            negated = bool(_NEGATION.search(part)) and not _AFFIRM.search(part)
            negated = negated or bool(_OLD_ANSWER.match(part))
            found.append((part.strip(), negated))
    return found


def negated_apart_from(clause: str, phrase: str) -> bool:
    """Whether ``clause`` is negated by words outside ``phrase``.

    A value whose own words hold the negation ("geen inkomen", "geen vaste woonplek") is
    named, not denied: "ik heb geen inkomen" chooses it. "hij heeft geen schulden" still
    denies "schulden", and "niet meer thuis" still denies "thuis".
    """
    folded, own = fold(clause), fold(phrase).strip()
    if not set(tokens(own)) - _BARE_NEGATIONS - {"nog", "niemand"}:
        own = ""  # "geen" alone is the negation itself, not a value that holds one
    if own and re.search(rf"\b{re.escape(own)}\b", folded):
        folded = re.sub(rf"\b{re.escape(own)}\b", " ", folded, count=1)
    if _OLD_ANSWER.match(folded):
        return True
    return bool(_NEGATION.search(folded)) and not _AFFIRM.search(folded)


def negated_words(text: str) -> set[str]:
    """The words that stand in a negated clause ("rmc", "ingelicht" in "RMC is nog niet ...")."""
    words: set[str] = set()
    for clause, negated in clauses(text):
        if negated:
            words.update(tokens(clause))
    return words


def bare_negation_only(clause: str) -> bool:
    """Whether the only no-word in ``clause`` negates something else ("geen diagnose bekend").

    "geen", "niet" or "niks" alone, at the end, or before "nodig"/"geregeld" is a no;
    followed by another word it negates that word, not the question.
    """
    words = tokens(clause)
    if len(words) <= 2:
        return False
    for index, word in enumerate(words):
        if word not in _BARE_NEGATIONS:
            continue
        after = [w for w in words[index + 1 :] if w not in _INTENSIFIERS][:2]
        if not after or after[0] in _NEGATION_OBJECTS or set(after) & {"nodig", "geregeld"}:
            return False
    return True


_WISH = re.compile(r"\b(?:wil|wilt|willen|zou\s+(?:graag|willen)|droomt|hoopt)\b")


def is_wish(clause: str) -> bool:
    """A clause about what someone wants ("en wil iets anders"), not about how things are."""
    return bool(_WISH.search(fold(clause)))


def needs_word(clause: str) -> str | None:
    """ "wel structuur nodig" → ja, "niet nodig" / "geen coach nodig" → nee, else None."""
    words = tokens(clause)
    if "nodig" not in words:
        return None
    return arbitration.NO if _NEGATION.search(fold(clause)) else arbitration.YES


def age_in(text: str) -> int | None:
    """An age said in a correction ("hij is toch 18", "net 17 geworden"), if exactly one."""
    ages = {int(next(group for group in found if group)) for found in _AGE.findall(fold(text))}
    return ages.pop() if len(ages) == 1 else None


def changed(answered: Mapping[str, object], question: str, value: object) -> bool:
    return question in answered and answered[question] is not None and answered[question] != value
