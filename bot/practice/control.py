"""Which rehearsal messages are meant for the assistant, not for the case.

In the rehearsal every message goes to the case, except a few clear requests: 'klaar' or
'feedback' ends it with the feedback, 'stop' ends it without, and a request for help or a
human is answered by the assistant while the case waits. They are read from the words
(short messages only), so "waarom ben je gestopt?" stays a question for the case.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.knowledge.text import fold, tokens

Control = Literal["klaar", "stop", "hulp", "mens"]

_DONE = re.compile(
    r"^(?:ik ben |we zijn |ben )?(?:klaar|feedback|einde|afronden|afgerond|klaar met (?:het )?"
    r"(?:gesprek|oefenen)|geef (?:me |mij )?(?:de |mijn )?feedback|ik wil (?:graag )?(?:de |mijn )?"
    r"feedback)(?: graag| nu| hoor| ermee)?[.!]*$"
)
_STOP = re.compile(
    r"^(?:ik wil )?(?:stop|stoppen|stop maar|ik stop|ik wil stoppen|stop met oefenen|"
    r"stoppen met oefenen|afbreken)(?: graag| nu| ermee)?[.!]*$"
)
_HELP = re.compile(r"^(?:help|hulp|uitleg|hoe werkt (?:dit|het oefenen)|wat moet ik doen)\W*$")
_HUMAN = re.compile(
    r"^(?:ik wil )?(?:een |met een )?(?:medewerker|mens|echt persoon|echte persoon)"
    r"(?: spreken)?\W*$"
)
MAX_WORDS = 6


def control(text: str, intent: str | None = None) -> Control | None:
    """The request to the assistant in ``text``, or None when it is for the case."""
    if text.startswith("/"):
        payload = text[1:].split("{", 1)[0]
        return {"stoppen": "stop", "hulp": "hulp", "mens_spreken": "mens"}.get(payload, "hulp")  # type: ignore[return-value]
    folded = fold(text).strip()
    if len(tokens(folded)) > MAX_WORDS:
        return None
    if _DONE.match(folded):
        return "klaar"
    if _STOP.match(folded):
        return "stop"
    if _HELP.match(folded):
        return "hulp"
    if _HUMAN.match(folded):
        return "mens"
    return None
