"""Remarks about the chat itself inside a message: "ik zie niks", "dat zei ik al".

Split from the reading of a turn so that the list of remarks has one place. What is left
after a remark may still be an answer ("dat zei ik al toch, kapsalon").
"""

from __future__ import annotations

import re

from bot.knowledge.text import tokens

# "dat zei ik al": the user says it again; a ja or nee beside it is still the answer.
_ALREADY_SAID = re.compile(
    r"\bdat\s+(?:zei|zeg|schreef|typte)\s+ik\s+(?:toch\s+)?(?:al|net|eerder)\b(?:\s+(?:al|toch)\b)*"
    r"|\b(?:ik\s+(?:heb|had)\s+(?:dat|dit|het)|(?:dat|dit)\s+had\s+ik)\s+"
    r"(?:toch\s+|net\s+|al\s+|eerder\s+|ook\s+|hoor\s+)+"
    r"(?:gezegd|verteld|ingevuld|getypt|geschreven|beantwoord)\b"
    r"|\bdat\s+heb\s+ik\s+(?:toch\s+|net\s+|al\s+|eerder\s+|ook\s+)+"
    r"(?:gezegd|verteld|ingevuld|getypt|geschreven|beantwoord)\b"
)
# A remark about the chat itself; what is left after it may still be an answer
# ("dat zei ik al toch, kapsalon").
_REMARK = re.compile(
    r"\bik\s+zie\s+(?:niks|niets|nks|nix|geen\s+(?:vraag|vragen|knop\w*|tekst|antwoord))\b"
    r"|\b(?:hij|het|dit|die|ie|de\s+chat)\s+(?:doet|werkt)\s+(?:het\s+)?(?:niet|nie|nix|niks)\b"
    r"|\breageer\s+(?:dan|eens|nou|es)\b|\bwaarom\s+(?:reageer|antwoord)\s+je\s+niet\b"
    r"|\bik\s+krijg\s+(?:geen|niks|niets)\s+(?:antwoord|reactie)\b|\ber\s+komt\s+(?:niks|niets)\b"
    r"|\b(?:het\s+)?scherm\s+(?:is\s+)?(?:leeg|wit|zwart)\b|\bben\s+je\s+weg\b"
    r"|\b(?:je|jij|u)\s+(?:reageert|reageer|antwoordt|antwoord|zegt)\s+(?:niks|niets|niet)\b"
    r"|\b(?:er\s+)?gebeurt\s+(?:niks|niets)\b|\bkrijg\s+(?:geen|niks|niets)\b"
    r"|\b(?:het|dit|de\s+chat)\s+werkt\s+niet\b|\bwerkt\s+(?:dit|het)\s+(?:wel|nog)\b"
    r"|\bben\s+(?:je|jij)\s+(?:er\s+)?(?:nog|daar)\b|\bis\s+daar\s+iemand\b"
    r"|^\W*h[ae]l+o+\W*(?:\?|!)\W*|^\W*h[ae]l+o+\W*$"
    r"|"
    + _ALREADY_SAID.pattern
    + r"|\b(?:je|jij)\s+(?:snapt|begrijpt|weet)\s+(?:er\s+)?(?:niks|niets|helemaal\s+niks)"
    r"(?:\s+van)?\b"
    # "ik snap er niks van", "snap de vraag niet", "het laadt niet": about the chat, not a no;
    # "hij begrijpt niets van rekenen" is about the young person and stays an answer.
    r"|(?:^\W*|\bik\s+)(?:snap|begrijp)\s+(?:er\s+)?(?:niks|niets|helemaal\s+niks)(?:\s+van)?\W*$"
    r"|(?:^\W*|\bik\s+)(?:snap|begrijp)\s+(?:de|deze|die|je|jouw)\s+vraag\s+niet(?:\s+goed|\s+helemaal)?\W*$"
    r"|\b(?:het|hij|dit|ie)\s+(?:laadt|laad)\s+(?:niet|nie)\b"
    r"|\bik\s+zie\s+(?:de\s+|die\s+|jouw\s+|je\s+)?(?:knop\w*|tekst\w*|vra(?:ag|gen)|bericht\w*"
    r"|antwoord\w*|keuzes?|scherm)\s+(?:niet|nie|nergens)\b"
    r"|\bik\s+kan\s+(?:niet|nie|niks|niets)\s+(?:scrollen|typen|klikken|drukken|kiezen|lezen|zien)\b"
    r"|\b(?:de\s+)?(?:knop\w*|chat|app|site|pagina)\s+(?:doe[nt]|werk(?:t|en))\s+(?:het\s+)?(?:niet|nie)\b"
    r"|\b(?:het\s+)?laden\s+duurt\b|\bblijft\s+(?:hangen|laden)\b"
    r"|\b(?:ik\s+zie\s+(?:alleen\s+|maar\s+|enkel\s+|nu\s+)*)?(?:een\s+)?"
    r"(?:wit|witte|leeg|lege|zwart|zwarte)\s+scherm\b"
    r"|\b(?:je|jij)\s+(?:snapt|begrijpt|leest)\s+(?:me|mij|het)\s+verkeerd\b"
    r"|\b(?:je|jij)\s+(?:snapt|begrijpt|leest)\s+(?:het|me|mij)\s+niet\b"
    r"|\bwaarom\s+vraag\s+je\s+(?:dat|dit|het)\s+(?:nog\s*maals|weer|opnieuw|nog\s+een\s+keer)\b"
    r"|\b(?:is\s+dit|ben\s+je)\s+een\s+(?:robot|bot|computer)\b"
)
# Words left after a remark about the chat that say nothing themselves.
# A ja or nee next to such a remark is about the chat's reading, not an answer.
_FILLERS = frozenset(
    {"he", "hè", "joh", "hoor", "toch", "man", "zeg", "nou", "echt", "ja", "nee", "of", "wat"}
)


def without_remark(folded: str, *, yes_no: bool = False) -> tuple[str, bool]:
    """The text with remarks about the chat taken out, and whether there were any.

    ``yes_no``: the open question takes ja or nee, so "ja, dat zei ik al" leaves its ja.
    """
    remainder, count = _REMARK.subn(" ", folded)
    if not count:
        return folded, False
    # "ja, dat zei ik al": the user says the ja again; "ja ik zie niks" is no answer
    said = (
        {"ja", "nee"} & set(tokens(remainder)) if yes_no and _ALREADY_SAID.search(folded) else set()
    )
    remainder = re.sub(r"^[\W_]*(?:toch|hoor|he|hè|joh|ja)?\b[\W_]*", "", remainder.strip())
    if not set(tokens(remainder)) - _FILLERS:
        # "je snapt er niks van he": nothing is left to read
        remainder = said.pop() if len(said) == 1 else ""
    return remainder.strip(" ,.;:!?…-"), True
