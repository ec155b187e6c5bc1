"""How sure a reading is: a value the words tie to the open question, or one to confirm first.

A value is *anchored* when the words tie it to the question: a button, a short answer, a
leading ja or nee, an entity the classifier found for the question, a phrase of the
question's own ("geen stageplek", "studiefinanciering"), or a general ja/nee word next to
the question's topic ("vervoer is nog niet rond", "er is nog niks geregeld").

A value that rests only on a general word somewhere in a longer message ("ik kan de knoppen
niet zien" read as "no aids needed"), or on the intent classifier alone ("ik had dat al
gezegd hoor" read as "weet niet"), is *weak*. A weak value is not recorded blind: it is
confirmed in one short line with ja/nee buttons, so a misreading becomes a question instead
of a wrong fact in the hand-over. The rules are kept here, in one place, with tests for both
sides (tests/dialogue/test_dialogue_confidence.py).
"""

from __future__ import annotations

import functools
import re

from bot.dialogue import arbitration, correction_words, reading
from bot.dialogue.questions import QUESTION_WORDS, question_mentioned
from bot.dialogue.turn import UserTurn
from bot.knowledge import load_knowledge
from bot.knowledge.normalise import named_phrases
from bot.knowledge.responses import answer_titles
from bot.knowledge.text import fold, tokens

# What else a message does besides naming a value (see :func:`signals`).
QUESTION = "question"  # it asks something: a question mark or a question word in front
CHAT = "chat"  # it talks about the chat itself: the question, the screen, typing, "hallo"
ADDRESS = "address"  # it speaks to the assistant: "je", "jij"
CORRECTION = "correction"  # it may change an earlier answer: "trouwens", "sorry", "wacht"
NOISE = "noise"  # chat noise around the words: "haha", "lol", "pff"
UNPLACED = "unplaced"  # the classifier could place the message under no intent (nlu_fallback)
OTHER_TOPIC = "other_topic"  # it names another question's topic, not the open one's
SELF = "self"  # a professional or parent speaks of themselves: "mijn collega", "ik ga zo lunchen"
# Signals that say the message may be no answer at all: without the question's own words
# the value is dropped, not confirmed.
NOT_AN_ANSWER_SIGNALS = frozenset({QUESTION, CHAT, SELF})
# Roles that speak about someone else: their "ik" and "mijn" are not the young person.
_ABOUT_SOMEONE_ELSE = frozenset({"professional", "ouder"})

_CHAT_WORDS = re.compile(
    r"\b(?:vraag|vragen|vroeg|gevraagd|chat\w*|bot|robot|computer|scherm|knop\w*|typ\w*|getypt"
    r"|bericht\w*|reageer\w*|reactie|hallo+|hoi|hey|laadt|laden|scroll\w*|app|website|site"
    r"|pagina|invullen|ingevuld|zei\s+ik|zeg\s+ik|gezegd|enter|opnieuw\s+(?:beginnen|starten|begonnen)"
    r"|(?:wat|hier|daar)\s+(?:er\s+)?staat|staat\s+(?:er|hier)\s+(?:niks|niets|niet)"
    r"|ik\s+(?:lees|zie)\s+(?:het|het\s+wel|het\s+niet|niks|niets))\b"
)
# Words of the chat list that are not about the chat: asking a person ("dat moet ik aan mijn
# vrouw vragen", "vraag het zijn mentor") and "eerlijk gezegd" (honestly).
_NOT_ABOUT_THE_CHAT = re.compile(
    r"\beerlijk\s+gezegd\b|"
    r"\b(?:aan|bij)\s+(?:(?:mijn|mn|m'n|haar|zijn|zn|z'n|de|het|onze|ons)\s+)?\w+\s+"
    r"(?:vragen|vraag|navragen|nagevraagd)\b"
    r"|\b(?:vragen|vraag|navragen)\s+(?:het\s+)?(?:aan\s+)?(?:mijn|mn|m'n|haar|zijn|zn|z'n|de|onze)\s+\w+"
)
# The typist speaking of themselves; not a hedge ("ik denk", "lijkt me") and not "mijn zoon".
# Counted only when the message names nobody else ("ik heb hem aangemeld" is about him).
_SELF = re.compile(
    r"(?<!denk\s)(?<!weet\s)(?<!vind\s)(?<!zeg\s)\bik\b"
    r"(?!\s+(?:denk|vind|weet|hoop|gok|geloof|verwacht|zou|bedoel))"
    r"|\b(?:mijn|mn|m'n)\s+(?!(?:zoon|dochter|kind|leerling|cli[eë]nt|pupil|jongere|student"
    r"|stiefzoon|stiefdochter|pleegkind|pleegzoon|pleegdochter)\b)"
)
_YOUNG_PERSON = re.compile(
    r"\b(?:hij|ie|ze|zij|zn|zijn|haar|hem|jongen|meisje|jongere|leerling|zoon|dochter|kind"
    r"|student|cli[eë]nt|pupil)\b"
)
# Second person: the message speaks to the assistant. Not "weet je" or "zeg maar" as a filler.
_ADDRESS = re.compile(r"\b(?:jij|jou|jouw)\b|(?<!weet\s)(?<!snap\s)\bje\b")
_NOISE = re.compile(
    r"\b(?:ha(?:ha)+h?|hihi\w*|lo+l|pf+|zucht|xd|omg|wtf|jeetje|poeh)\b|[\U0001F300-\U0001FAFF]"
)

FALLBACK_INTENT = "nlu_fallback"

# A message this short is an answer to the open question, whatever its words.
SHORT_ANSWER_WORDS = 3
# The questions of the start block (consent, age check, role, part) keep their own reading.
_START_PART = "start"


@functools.lru_cache(maxsize=1)
def general_phrases() -> frozenset[tuple[str, ...]]:
    """The phrases every ja/nee question shares: the general ja, nee and weet-niet words."""
    questions = load_knowledge().questions.values()
    yes_no = [
        frozenset(q.phrases) for q in questions if q.has_values and {"ja", "nee"} <= set(q.values)
    ]
    return frozenset.intersection(*yes_no) if yes_no else frozenset()


def applies_to(question: str) -> bool:
    """Whether values of ``question`` are weighed here (not consent, age check, role, part)."""
    questions = load_knowledge().questions
    return question in questions and questions[question].part != _START_PART


def anchored(question: str, turn: UserTurn, value: object) -> bool:
    """Whether the words of ``turn`` tie ``value`` to ``question`` (see the module doc)."""
    text = turn.text
    if text.startswith("/") or not applies_to(question):
        return True
    if len(tokens(text)) <= SHORT_ANSWER_WORDS:
        return True
    if arbitration.leading_yes_no(text):
        # "nee, wat bedoel je daarmee?": a yes or no before a question back may be confusion
        return not _asks_back(text)
    if arbitration.says_dont_know(text) or arbitration.says_skip(text):
        return value in (arbitration.DONT_KNOW, arbitration.SKIPPED)
    wanted = {str(v) for v in value} if isinstance(value, list) else {str(value)}
    parts = [clause for clause, _negated in reading.clauses(text)]
    for clause in parts[:1] + parts[-1:]:
        if re.search(r"\d", clause):
            continue  # "..., niet 16": the "niet" is about the number
        if len(tokens(clause)) <= SHORT_ANSWER_WORDS and wanted & _values_named(question, clause):
            return True  # "liever niet, ze wil het zelf doen", "..., maar nee": a short answer
    entity = load_knowledge().entity_for_question.get(question)
    if entity and turn.entity_values(entity):
        return True
    general = general_phrases()
    named = named_phrases(question, text)
    own = [(v, phrase) for v, phrase in named if tuple(phrase.split()) not in general]
    if any(v in wanted for v, _phrase in own):
        return True
    # A general ja/nee word counts next to the question's own topic: its phrases or words.
    said_generally = any(v in wanted for v, _phrase in named)
    about_question = bool(own) or question_mentioned(text, [question]) is not None
    if said_generally and about_question:
        return True
    label = load_knowledge().questions[question].label.lower()
    return said_generally and "nodig" in tokens(text) and "nodig" in label


def signals(
    text: str, role: object = None, intent: str | None = None, question: str | None = None
) -> frozenset[str]:
    """What else ``text`` does besides naming a value: asks, talks about the chat, ...

    A value read from such a message is not recorded blind (the extraction confirms it, or
    drops it when the message holds none of the question's own words). ``role``: who types;
    a professional's or parent's "ik" and "mijn" are about themselves, not the young person.
    ``intent``: the classifier's intent; a longer message it could not place at all
    (``nlu_fallback``) may be about something else ("de bus had weer vertraging").
    ``question``: the open question; a message that names only another topic is marked.
    """
    if text.startswith("/"):
        return frozenset()
    folded = reading.hedges_unasked(fold(text))
    found = set()
    if "?" in folded or reading.is_question(folded):
        found.add(QUESTION)
    if _CHAT_WORDS.search(_NOT_ABOUT_THE_CHAT.sub(" ", folded)):
        found.add(CHAT)
    if _ADDRESS.search(folded):
        found.add(ADDRESS)
    if correction_words.names_a_correction(folded):
        found.add(CORRECTION)
    if _NOISE.search(folded):
        found.add(NOISE)
    if intent == FALLBACK_INTENT and len(tokens(folded)) > SHORT_ANSWER_WORDS:
        found.add(UNPLACED)
    if role in _ABOUT_SOMEONE_ELSE and _SELF.search(folded) and not _YOUNG_PERSON.search(folded):
        found.add(SELF)
    if question is not None and applies_to(question) and other_topic(question, folded):
        found.add(OTHER_TOPIC)
    return frozenset(found)


def statements(text: str) -> str:
    """``text`` without its questions: "nee, begeleiding is niet nodig. wie betaalt dat?"
    keeps "nee, begeleiding is niet nodig."; "ja wat is dat, een warme overdracht?" is empty.
    """
    sentences = re.findall(r"[^.!?]+[.!?]*", text)
    kept = [s for s in sentences if "?" not in s and not reading.is_question(fold(s))]
    return " ".join(s.strip() for s in kept).strip()


def said_before_asking(text: str) -> str | None:
    """The ja or nee of a statement before a question: "nee nog niet. moet dat voor een
    datum?", "nee volgens mij niet, vmbo telt niet toch?". A bare "nee, wie betaalt dat?"
    may be confusion and says nothing."""
    first = re.split(r"[,.;:!?]", fold(text), maxsplit=1)[0]
    rest = re.sub(r"^\W*(?:ja|jawel|nee|neen|nope)\b\W*", "", first)
    if tokens(rest) and not reading.is_question(rest):
        return arbitration.leading_yes_no(first)
    return arbitration.leading_yes_no(statements(text))


def may_correct(text: str) -> bool:
    """Whether ``text`` may change an earlier answer: a correction word, strong or soft."""
    folded = fold(text)
    return correction_words.may_correct(folded)


def placed_by_words(question: str, turn: UserTurn, value: object) -> bool:
    """A leading ja or nee, or an entity the classifier found for the question, gives it.

    These need no intent: "ja graag, dan hoeft hij niet alles opnieuw te vertellen" and
    "het uwv neemt het over" are answers even when the classifier places them nowhere. A
    free-text answer that speaks of the young person ("hij wil met auto's werken") too.
    """
    if arbitration.leading_yes_no(turn.text) == value:
        return True
    titled = answer_titles().get(fold(turn.text).strip(" .!"), frozenset())
    if str(value) in titled:
        return True  # a button's title, typed instead of clicked
    if load_knowledge().questions[question].kind == "text":
        return bool(_YOUNG_PERSON.search(fold(turn.text)))
    entity = load_knowledge().entity_for_question.get(question)
    wanted = {str(v) for v in value} if isinstance(value, list) else {str(value)}
    return bool(entity and wanted & set(turn.entity_values(entity)))


def other_topic(question: str, text: str) -> bool:
    """Whether ``text`` names another question's topic and not ``question``'s own.

    "de stage is wel geregeld" at the income question: its "geregeld" is about the stage.
    Only ja/nee questions: their answer words ("geregeld", "nodig", "wel") fit any topic.
    """
    values = load_knowledge().questions[question].values
    if not {"ja", "nee"} <= set(values) or question_mentioned(text, [question]) is not None:
        return False
    questions = load_knowledge().questions
    # free-text and number questions are named by everyday words ("wil", "jaar"): left out
    others = [
        q
        for q in QUESTION_WORDS
        if q != question and q in questions and questions[q].kind not in ("text", "number")
    ]
    return question_mentioned(text, others) is not None


# A message this long needs more than one loose word for its value.
THIN_EVIDENCE_WORDS = 6


def thin_evidence(question: str, turn: UserTurn, value: object) -> bool:
    """Whether one loose word is all that gives ``value`` in a longer message.

    "mijn auto staat nog bij de garage" names "auto" (transport arranged) and nothing of the
    question's topic: too little to record blind (ja/nee questions only). A leading ja or
    nee, an entity, two words of a phrase of the question's own ("nog niet rond"), a short
    answer up front or the question's topic named are enough.
    """
    spec = load_knowledge().questions.get(question)
    if spec is None or not {"ja", "nee"} <= set(spec.values) or not applies_to(question):
        return False  # only ja/nee questions: their loose words ("bus", "geld") fit anything
    text = turn.text
    if len(tokens(text)) < THIN_EVIDENCE_WORDS or arbitration.leading_yes_no(text):
        return False
    if placed_by_words(question, turn, value) or _topic_inside(question, text):
        return False
    if "nodig" in tokens(text) and "nodig" in spec.label.lower():
        return False  # "dat is voor hem echt niet nodig" at a "... nodig" question
    parts = [clause for clause, _negated in reading.clauses(text)]
    for clause in parts[:1] + parts[-1:]:
        if len(tokens(clause)) <= SHORT_ANSWER_WORDS and str(value) in _values_named(
            question, clause
        ):
            return False  # "graag, dan kan de mentor het uitleggen": a short answer up front
    phrases = [p for v, p in named_phrases(question, text) if v == value]
    return bool(phrases) and all(len(p.split()) == 1 for p in phrases)


def _topic_inside(question: str, text: str) -> bool:
    """The question's topic named, also inside a compound ("jobcoach" names "coach")."""
    folded = fold(text)
    return any(word in folded for word in QUESTION_WORDS.get(question, ()))


def own_words(question: str, turn: UserTurn, value: object) -> bool:
    """Whether ``value`` is named by words of ``question``'s own, not a general ja or nee.

    An entity the classifier found for the question, a phrase of the question's own
    ("geen stageplek"), a number at a number question, or a general ja/nee word next to
    the question's topic ("vervoer is nog niet geregeld"). "nee niet weer die vraag" names
    none: its "nee" is about the chat.
    """
    if not applies_to(question):
        return True
    kind = load_knowledge().questions[question].kind
    if kind in ("text", "number"):
        return True
    wanted = {str(v) for v in value} if isinstance(value, list) else {str(value)}
    entity = load_knowledge().entity_for_question.get(question)
    if entity and wanted & set(turn.entity_values(entity)):
        return True
    named = named_phrases(question, turn.text)
    general = general_phrases()
    if any(v in wanted and tuple(p.split()) not in general for v, p in named):
        return True
    said_generally = any(v in wanted for v, _phrase in named)
    return said_generally and question_mentioned(turn.text, [question]) is not None


def _values_named(question: str, text: str) -> set[str]:
    return {value for value, _phrase in named_phrases(question, text)}


def _asks_back(text: str) -> bool:
    """Whether what follows a leading ja/nee is a question about the words or the question."""
    rest = fold(text).split(",", 1)[1] if "," in text else ""
    return "?" in rest and reading.read(rest).about in (reading.ABOUT_TERM, reading.ABOUT_WHY)


def beside_the_confirmation(question: str, text: str, read_value: object) -> bool:
    """Whether a reply to "Ik schrijf op: …. Klopt dat?" is about something else.

    People often skip the check and go on with the next thing ("Ze is gek op dieren.
    Misschien iets met dieren?"). Read again against the held-back question, such words give
    no value, or only a hedge read as "weet niet" while they say much more. Then the
    held-back value is neither recorded nor thrown away: the check is asked once more.
    """
    if read_value is None:
        return True
    return read_value == arbitration.DONT_KNOW and arbitration.words_besides_not_knowing(text)
