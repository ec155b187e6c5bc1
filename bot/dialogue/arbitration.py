"""What a message means where it is said: an answer to the open question, or a request
about the conversation itself (stop, a human, erase my data).

The intent classifier hears words, not the situation: "nee, ik ben gestopt op het vmbo"
sounds like ``stoppen`` and "hij is een echt mensen-mens" like ``mens_spreken``. This module
is the one place that weighs the open question against the words, so every form (and every
action outside a form) decides the same way. Everything here works on folded text
(lower case, no accents), so "Nee", "NEE" and "néé" are one word.
"""

from __future__ import annotations

import re

from bot.knowledge.text import fold, tokens

YES = "ja"
NO = "nee"
DONT_KNOW = "weet_niet"
SKIPPED = "overgeslagen"

# Intents that are about the conversation itself; a word like "gestopt" or "mens" inside
# an answer must not trigger them.
REQUEST_INTENTS = frozenset({"stoppen", "mens_spreken", "gegevens_verwijderen"})

_LEADING_NO = re.compile(
    r"^\W*(?:ja\W*nee|klopt\s+niet|niet\s+echt|nee+n?|nope|nah|welnee|neuh?|no)\b"
)
_LEADING_YES = re.compile(
    r"^\W*(?:ja+h?|jawel|jazeker|jaha|jep|jup|yes|yep|yup|klopt|zeker|inderdaad|natuurlijk)\b"
)
# Weak yes words count only as a whole short message ("ok", "oke prima", "ok ok").
_WEAK_YES = frozenset({"ok", "oke", "okee", "okay", "okey", "oki", "prima", "goed", "akkoord"})

_DONT_KNOW = re.compile(
    r"\bwe(?:et|ten)\s+(?:ik|het|t|dat|ze|hij|je|k|we|wij|zij|jullie)?\s*(?:het\s+|t\s+|dat\s+)?"
    r"(?:ook\s+|echt\s+|nog\s+|eigenlijk\s+|zo\s+|niet\s+zo\s+|eerlijk\s+gezegd\s+|helaas\s+"
    r"|zelf\s+|even\s+|nu\s+|op\s+dit\s+moment\s+|nog\s+steeds\s+)*(?:niet|nie|ni|nit)\b"
    r"|\bk\s*wee+\s*(?:t\s+)?nie?t?\b|\bkwee+nie\b|\bweetniet\b|\bweetnie\b"
    r"|\bgeen\s+(?:flauw\s+)?(?:idee|id|benul|flauw\s+idee)\b"
    r"|\b(?:idk|dunno|no\s+idea|weet\s+ik\s+veel|geen\s+flauw)\b"
    r"|^\W*(?:onbekend|niet\s+bekend|nog\s+onbekend|nog\s+niet\s+bekend)\W*$"
)
_SKIP = re.compile(
    r"\b(?:sla\s+(?:deze\s+|die\s+|dit\s+|maar\s+)*over|overslaan|skip|volgende\s+vraag"
    r"|zeg\s+ik\s+liever\s+niet|wil\s+ik\s+(?:liever\s+)?niet\s+zeggen"
    r"|liever\s+niet\s+zeggen)\b"
)
# Messages to the assistant instead of an answer: "hallo?", "ben je er nog", "?".
_NOT_AN_ANSWER = re.compile(
    r"^\W*(?:h[ae]l+o+|hoi+|hey+|hee+|hi+|yo|hallo\s+daar|test(?:\s+test)?"
    r"|ben\s+je\s+(?:er\s+)?(?:nog\s*)?(?:daar|er)?|is\s+daar\s+iemand|werkt\s+dit)?\W*$"
)

_STOP_START = re.compile(
    r"^\W*(?:stop+|stoppen|kap|kappen|ophouden|hou\s+op|houd\s+op|laat\s+maar"
    r"|laat\s+ook\s+maar|annuleer|annuleren|afbreken|exit|quit|cancel)\b"
)
_STOP_ANYWHERE = re.compile(
    r"\b(?:ik|we|wij)\s+(?:wil|willen|ga|gaan|wou|zou|wil\s+graag|willen\s+graag)\s+"
    r"(?:nu\s+|graag\s+|even\s+|liever\s+|hier\s+|maar\s+)*(?:stoppen|ophouden|kappen|afbreken)"
    r"\b(?!\s+met\s+(?:school|de\s+school|de\s+opleiding|(?:mijn|zijn|haar|die|de)\s+"
    r"(?:opleiding|studie|school|stage|werk|baan)|werken|leren))"
    r"|\b(?:kunnen|mogen)\s+(?:we|wij|ik)\s+(?:nu\s+|even\s+|hier\s+)*"
    r"(?:stoppen|ophouden|afbreken)\b"
    r"|\bstop\s+(?:maar|ermee|hiermee|het\s+gesprek|de\s+chat|dit\s+gesprek|nu)\b"
    r"|\b(?:hou|houd)\s+(?:maar\s+|er\s+)?(?:mee\s+)?op\b|\blaat\s+(?:maar|ook\s+maar)\s+zitten\b"
    r"|\b(?:geen\s+zin\s+meer|genoeg\s+(?:zo|geweest|voor\s+nu))\b"
    r"|\b(?:stoppen|stop)\s+(?:met\s+)?(?:dit|het|deze)\s+(?:gesprek|chat|vragen)\b"
)
_HUMAN = re.compile(
    r"\b(?:mens|medewerker|persoon|iemand|docent|mentor|begeleider|mevrouw|meneer|collega)"
    r"\b[^.?!]{0,30}\b(?:spreken|praten|bellen|chatten|chat|contact|overleggen|overleg)\b"
    r"|\b(?:spreken|praten|bellen|chatten)\s+met\s+(?:een\s+)?(?:echte?\s+)?"
    r"(?:mens|medewerker|persoon|iemand)\b"
    r"|^\W*(?:ik\s+wil\s+)?(?:een\s+)?(?:echte?\s+)?(?:mens|medewerker|persoon)\s*"
    r"(?:aub|graag|pls|please|svp|spreken)?\W*$"
    r"|\b(?:echte?\s+(?:mens|persoon)|geen\s+(?:robot|bot|computer)|live\s*chat)\b"
    r"|\b(?:kan|mag|wil)\s+ik\b[^.?!]{0,25}\b(?:iemand|een\s+mens|een\s+medewerker"
    r"|een\s+persoon)\b"
)
_ERASE = re.compile(
    r"\b(?:verwijder\w*|wis|wissen|gewist|weghalen|weg\s+halen|delete|vergeet)\b"
    r"[^.?!]{0,40}\b(?:gegevens|data|alles|antwoorden|info|informatie|mij|mijn|dit|het)\b"
    r"|^\W*(?:verwijder|wis|wissen|verwijderen|delete)\b[^a-z]*$"
    r"|\b(?:gegevens|data|antwoorden)\s+(?:verwijderen|wissen|weg)\b"
)


def leading_yes_no(text: str) -> str | None:
    """``ja`` or ``nee`` when the message starts with a yes or no word, else None.

    "nee, ik ben gestopt op het vmbo" is ``nee``; "ja maar alleen 's ochtends" is ``ja``;
    "ja nee" and "klopt niet" are ``nee``; a lone "ok" is ``ja``.
    """
    folded = fold(text).strip()
    if _LEADING_NO.search(folded):
        return NO
    if _LEADING_YES.search(folded):
        return YES
    words = tokens(folded)
    if words and len(words) <= 3 and all(word in _WEAK_YES for word in words):
        return YES
    return None


_CONTRAST = re.compile(r"\b(?:maar|behalve|alleen|wel\s+(?:een|wat))\b")


def plain_yes_beside(text: str) -> bool:
    """A leading yes with more words but no "maar": "ja klopt, ze zit nog op school".

    At "Klopt dat?" such a yes confirms; "ja maar ze heeft wel een diploma" does not.
    """
    folded = fold(text).strip()
    if not _LEADING_YES.search(folded) or _LEADING_NO.search(folded):
        return False
    return not _CONTRAST.search(_LEADING_YES.sub(" ", folded, count=1))


def says_dont_know(text: str) -> bool:
    """Whether the message says the user does not know ("weet ik nie", "kweenie", "idk")."""
    return bool(_DONT_KNOW.search(fold(text)))


def says_skip(text: str) -> bool:
    """Whether the user asks to skip the question ("sla maar over", "zeg ik liever niet")."""
    return bool(_SKIP.search(fold(text)))


def is_short(text: str, words: int = 5) -> bool:
    return len(tokens(text)) <= words


def is_not_an_answer(text: str) -> bool:
    """A greeting or a call to the assistant ("hallo?", "ben je er nog") instead of an answer."""
    return bool(_NOT_AN_ANSWER.match(fold(text)))


def is_conversation_request(intent: str | None, text: str) -> bool:
    """Whether a stop, human or erase intent is really about the conversation.

    Buttons (payloads starting with "/") are always meant. For typed text the words must
    ask for it: "ik wil stoppen", "stop maar", "laat maar zitten", "kan ik iemand spreken",
    "verwijder mijn gegevens"; "ik ben gestopt op het vmbo" or "een sociaal mens" are not.
    """
    if intent not in REQUEST_INTENTS:
        return True
    if text.startswith("/"):
        return True
    folded = fold(text)
    if intent == "stoppen":
        return bool(_STOP_START.search(folded) or _STOP_ANYWHERE.search(folded))
    if intent == "mens_spreken":
        return bool(_HUMAN.search(folded))
    return bool(_ERASE.search(folded))


# Words around "weet ik niet" that add nothing ("eh, ik weet het echt niet hoor").
_FILLERS = frozenset(
    {
        "ik",
        "het",
        "t",
        "echt",
        "eigenlijk",
        "nog",
        "niet",
        "hoor",
        "sorry",
        "nou",
        "eh",
        "uh",
        "euh",
        "ehm",
        "dat",
        "ook",
        "zo",
        "even",
        "nu",
        "op",
        "dit",
        "moment",
        "ja",
        "nee",
        # "geen idee hoe die heten": still only not knowing
        "hoe",
        "die",
        "heet",
        "heten",
        "hij",
        "ze",
        "zij",
        "wie",
        "is",
        "wat",
        "precies",
    }
)


def words_besides_not_knowing(text: str) -> bool:
    """Whether the message says more than that the user does not know ("idk iets met gamen")."""
    rest = _DONT_KNOW.sub(" ", fold(text))
    return any(word not in _FILLERS for word in tokens(rest))
