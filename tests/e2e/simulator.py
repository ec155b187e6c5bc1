"""A user simulator: personas kept as YAML data, played against the running assistant.

Why: a handful of hand-written stories cannot show how the assistant does on the many
ways mentors, intakers, consulenten and young people really type. A persona is data (an
opening, pattern → answer facts, preferred buttons, a default answer and expectations), so
writing one more costs a few lines and no code. Part of the personas is kept out of the
development loop (``personas/heldout/``) so the figures also say how the assistant does on
conversations it was not tuned on.

How a persona is played (through the REST channel, like a user, and the JSON API, like a
professional):

1. send the opening message(s);
2. then, until a stop condition: look at the assistant's last reply; click the first
   preferred button that is offered; else send the answer of the first fact whose pattern
   matches the last question (a fact may be used many times, or ``once``; a list of answers
   is used one after the other); else send the persona's ``default`` answer;
3. stop when a hand-over is open (``GET /api/handovers?status=open``), when practice
   feedback was given (practice never hands over), when the assistant stopped or ended the
   conversation, when it asks the same question three times in a row (a loop), when it
   stayed silent three times in a row, or after ``max_turns``;
4. at a hand-over: one message while paused (it must get no reply), then optionally the
   professional's decision (``POST /api/handovers/{id}/decision``); the assistant must
   resume, and may play on to the next decision point;
5. check the expectations and count the figures (turns, silent turns, fallback turns,
   mistaken stops).

Persona file (one YAML mapping; unknown keys are an error, so a typo cannot hide)::

    description: one line: who this is and what it tests
    mode: advies | pre_intake | oefenen         # the use this persona expects
    opening: "first message"                   # or a list of messages
    buttons: ["^Ja, akkoord$"]                 # regexes on button titles, in order of preference
    facts:
      - pattern: "Hoe oud is de jongere"       # regex (case-insensitive) on the last question
        answer: "ze is 17"                     # or a list, used one after the other
        once: false                            # true: the fact is used up after its answers
    default: "weet ik niet"                    # when no button and no fact fits
    max_turns: 40
    paused_message: "hallo?"                   # sent during the hand-over; must stay unanswered
    after_decision:                            # optional: the professional decides
      decision: praktijkverklaring
      note: "..."
      said: "leerbedrijf"                      # regex the resumed reply must contain
      continue_to: ondersteuning               # optional: play on to this decision point
      press: "^Ja$"                            # optional: the first button pressed after it
    after_end: ["en nu?"]                      # sent after a stop or the end; must get a reply
    expect:
      decision_point: leerroute                # first hand-over (or practice feedback) expected
      partners_include: [mbo_school]           # suggested in that hand-over
      answers: {leeftijd: 17}                  # recorded values (a list: must contain these)
      answers_contain: {wensen: koken}         # recorded text contains (case-insensitive)
      not_answers: {wensen: "hallo?"}          # recorded value must not be this
      mode: advies                             # recorded mode (defaults to the mode above)
      role: professional                       # recorded role
      consent: true                            # consent recorded on the conversation
      parent_consent: true                     # a parent agreed (under 16)
      consent_by: jongere                      # who consented: jongere (16+, typing), ouder
                                               # (under 16), via_ouder / via_professional (16+,
                                               # the young person agreed through them)
      stop_after: "nee, liever niet"           # the persona refuses or asks to stop with this
                                               # message; a stop before it is a mistaken stop
      said: ["regex"]                          # somewhere in the assistant's texts
      never_said: ["regex"]                    # nowhere in the assistant's texts
    gave:                                      # every fact this persona gives, as recorded
      leeftijd: [16, 17]                       # values it may be recorded with (a list: any)
      wensen: kapper                           # free text: the recorded text contains this
      signalen: [schulden, jeugdhulp]          # several choices: each recorded one is here
      "*": weet_niet                           # for any question (its default "weet ik niet")
    channel: relay                             # rest (default) or relay: the widget's path
    opt_in: issue23                            # played only when SIMULATOR_SET names it
    review_change: "de leeftijd klopt niet, hij is 18"   # typed at the review before a
                                               # hand-over instead of confirming it (a list:
                                               # one per review); later reviews are confirmed
    rehearsal:                                 # practice mode: the trainee leads (no facts)
      case: Kevin                              # the case's name ("Casus: Kevin")
      pick: "doe maar Kevin"                   # sent when the assistant asks which case
      turns: ["Hoi Kevin, mag ik ...?", ...]   # the persona's own messages to the case
      end: klaar                               # the message that asks for the feedback
      feedback: {toestemming: goed, "feit:schulden": gevonden, onduidelijk: let_op}
                                               # rubric points (bot/practice/rubric.py) and
                                               # their verdicts that the feedback must contain

The young person's own consent ("Weet de jongere van dit gesprek en vindt de jongere het
goed?", asked of a parent or professional from 16) is answered by a fact whose pattern
matches it, else with yes.

The review before a hand-over ("Dit geef ik door aan de medewerker: ...") is confirmed with
its button (``Chat.confirm_review``) unless the persona has a ``review_change`` left. A value
the assistant asks to confirm ("Ik schrijf op: Leeftijd: 17. Klopt dat?") gets "ja" when it is
among what the persona gave (``gave``), else "nee".

A rehearsal persona (``rehearsal``) needs no ``gave`` and no decision point: it picks its
case, sends its turns and then ``end``. Every turn must get an answer in character (the
first text bubble starts with the case's or its parent's name, never the questionnaire's
"Ik begrijp je antwoord niet"), the feedback must arrive with the declared points, and the
store must hold the conversation as practice, with the report as its only answer and no
hand-over (practice data stays apart from real answers).

The record check: every answer in the store must be a value the persona gave (``gave``);
the professional's decision (``gekozen_route``), the part chosen (``deel``), who filled it
in (``rol``, checked against the conversation's role instead) and the young person's own yes
(``jongere_akkoord``, checked as ``consent_by``) are not facts about the young person and are
not checked. Also counted per persona: silent turns,
restarts (the welcome, the consent question or the first start question shown again after
the conversation got past its start) and buttons the relay refused (409
``button_not_offered``). These three figures and the record check fail a persona. Personas
with ``opt_in`` are played when ``SIMULATOR_SET`` names their set, or when the set is in
``PLAYED_BY_DEFAULT`` (its fixes are merged; ``issue23`` is).
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.handover.policy import HIDDEN_CONTACT, HIDDEN_OTHER
from bot.knowledge import DECISION_POINT_KEYS
from bot.knowledge.responses import names as response_names
from bot.knowledge.responses import text as response_text
from bot.practice.cases import Case, role_cases
from bot.practice.trainee_report import REPORT_QUESTION
from bot.store.refusals import NotFound
from bot.store.repository import repository_scope
from bot.store.sealed import SEALED_QUESTIONS
from tests.conftest import RunningServers
from tests.e2e.chat import PROFESSIONAL, REVIEW_START, Chat
from tests.e2e.relay_chat import RelayChat, loopback_address

HIDDEN_VALUES = (HIDDEN_CONTACT, HIDDEN_OTHER)
PERSONA_ROOT = Path(__file__).resolve().parent / "personas"
PERSONA_SETS = ("dev", "heldout")
MODES = ("advies", "pre_intake", "oefenen")
DECISION_POINTS = DECISION_POINT_KEYS  # the contract from the knowledge package

# What the assistant says when it stops a conversation or closes it at the end. The stop
# is also read from the tracker (action_stoppen_gesprek, volgende_stap = gestopt), so a
# reworded text is still counted; these texts only end the simulation early.
STOP_TEXT = re.compile(r"\bwe stoppen\b|\bstoppen we\b", re.IGNORECASE)
END_TEXT = re.compile(
    r"klaar met de vragen|Dank je wel voor je antwoorden|Het oefengesprek is klaar", re.IGNORECASE
)
# The reflection questions that close practice feedback, per decision point
# (bot/practice/trainee_feedback.py).
FEEDBACK_TEXT = {
    "leerroute": re.compile(r"samen de best passende leerroute te kiezen", re.IGNORECASE),
    "ondersteuning": re.compile(r"nodig om de route te laten slagen\?", re.IGNORECASE),
    "vervolg": re.compile(r"nodig voor een goede warme overdracht", re.IGNORECASE),
}
FEEDBACK_MARK = re.compile(r"Denk hier even over na", re.IGNORECASE)
LOOP_AFTER = 3  # the same question this many times in a row is a loop
CHANNELS = ("rest", "relay")
# Not facts about the young person: the professional's decision, the part chosen, and the
# practice report (the one answer a rehearsal stores).
# jongere_akkoord (the young person's own yes from 16) is checked as consent_by instead.
NOT_CHECKED = frozenset({"gekozen_route", "deel", "rol", "jongere_akkoord", REPORT_QUESTION})
# The rehearsal (actions/rollenspel.py): the question for a case, the rehearsal's start, the
# questionnaire's "not understood" (never in a rehearsal) and the start of the feedback.
CASE_QUESTION = re.compile(r"Met welke casus", re.IGNORECASE)
REHEARSAL_START = re.compile(r"^Ik speel nu\b", re.MULTILINE)
QUESTIONNAIRE_ERROR = re.compile(r"Ik begrijp je antwoord niet", re.IGNORECASE)
REHEARSAL_FEEDBACK = re.compile(r"Dit is je feedback", re.IGNORECASE)
# A value the assistant was unsure of, confirmed before it is written (utter_bevestig_waarde).
CONFIRM_VALUE = re.compile(r"Ik schrijf op: (?P<label>[^:\n]+): (?P<value>[^\n]+)\. Klopt dat\?")
# From 16, a parent or professional is asked whether the young person knows and agrees. A
# persona that has no fact for it says yes: the young person it speaks about agrees.
YOUNG_PERSON_CONSENT = re.compile(r"Weet (?:de jongere|je kind) van dit gesprek", re.IGNORECASE)
YOUNG_PERSON_AGREES = "ja, die weet ervan en vindt het goed"
ANY_QUESTION = "*"
ANY_TEXT = "*"
# The conversation got past its start: a part began, or the pre-intake's own questions.
PAST_START = re.compile(
    r"^Deel 1:|Nu het deel:|Van welke school komt|Wie heeft je naar ons gestuurd", re.MULTILINE
)
# Shown again after that, one of these means the assistant started over.
RESTART = re.compile(
    r"Hoi! Ik ben de assistent|Eerst iets over (?:privacy|je gegevens)"
    r"|^Is de jongere jonger dan 16 jaar\?|^Ben je jonger dan 16 jaar\?",
    re.MULTILINE,
)


def opted_in() -> frozenset[str]:
    """The opt-in sets named in ``SIMULATOR_SET`` (comma separated), e.g. ``issue23``."""
    return frozenset(s.strip() for s in os.environ.get("SIMULATOR_SET", "").split(",") if s.strip())


_PERSONA_KEYS = {
    "description", "mode", "opening", "buttons", "facts", "default", "max_turns",
    "paused_message", "after_decision", "after_end", "expect", "gave", "channel", "opt_in",
    "review_change", "rehearsal",
}  # fmt: skip
_FACT_KEYS = {"pattern", "answer", "once"}
_REHEARSAL_KEYS = {"case", "pick", "turns", "end", "feedback"}
_AFTER_KEYS = {"decision", "note", "said", "continue_to", "press"}
_EXPECT_KEYS = {
    "decision_point", "partners_include", "answers", "answers_contain", "not_answers",
    "mode", "role", "consent", "parent_consent", "consent_by", "stop_after", "said", "never_said",
}  # fmt: skip


# -- personas as data -------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """When the last question matches ``pattern``, answer with ``answers`` in turn."""

    pattern: re.Pattern[str]
    answers: tuple[str, ...]
    once: bool = False


@dataclass(frozen=True)
class AfterDecision:
    """The professional's decision at the first hand-over, and what must follow."""

    decision: str
    note: str = ""
    said: re.Pattern[str] | None = None
    continue_to: str | None = None
    press: re.Pattern[str] | None = None  # the first button to press after the decision


@dataclass(frozen=True)
class Rehearsal:
    """A trainee-led rehearsal: the case picked, the persona's own turns, the feedback expected."""

    case: Case
    pick: str
    turns: tuple[str, ...]
    end: str
    feedback: dict[str, re.Pattern[str]]  # rubric point key -> its feedback line

    @property
    def speakers(self) -> tuple[str, ...]:
        """Who answers in character: the young person, or the parent taking part."""
        parent = self.case.role.parent if self.case.role else None
        return (self.case.naam, parent) if parent else (self.case.naam,)


def feedback_line(case: Case, key: str, verdict: str) -> re.Pattern[str]:
    """The feedback line of rubric point ``key`` with ``verdict``, as a pattern.

    Read from the point's response in the domain (``utter_oefenpunt_*``), its variables
    open except the hidden fact of a ``feit:`` point, which names the case's own fact.
    """
    kind, _, name = key.partition(":")
    base = name if kind == "valkuil" else kind
    responses = [f"utter_oefenpunt_{base}_{verdict}"]
    if kind == "feit" and verdict == "gemist":
        responses.append("utter_oefenpunt_feit_gemist_gesloten")
    known = response_names()
    if not all(r in known for r in responses):
        raise ValueError(f"no feedback line for {key}: {verdict} ({responses[0]})")
    facts = case.role.facts if case.role else {}
    if kind == "feit" and name not in facts:
        raise ValueError(f"case {case.naam} has no hidden fact {name!r}: {sorted(facts)}")
    marker = "\x00"
    patterns = []
    for response in responses:
        values = {v: marker for v in ("bij", "naam", "feit")}
        if kind == "feit":
            values["feit"] = facts[name]
        template = re.escape(response_text(response, **values))
        patterns.append(template.replace(re.escape(marker), ".*?"))
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class Expect:
    decision_point: str | None = None
    partners_include: tuple[str, ...] = ()
    answers: dict[str, Any] = field(default_factory=dict)
    answers_contain: dict[str, str] = field(default_factory=dict)
    not_answers: dict[str, Any] = field(default_factory=dict)
    mode: str | None = None
    role: str | None = None
    consent: bool | None = None
    parent_consent: bool | None = None
    consent_by: str | None = None
    stop_after: str | None = None  # the message that refuses or asks to stop
    said: tuple[re.Pattern[str], ...] = ()
    never_said: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Persona:
    key: str
    set: str
    description: str
    mode: str
    opening: tuple[str, ...]
    facts: tuple[Fact, ...]
    buttons: tuple[re.Pattern[str], ...]
    default: str
    max_turns: int
    paused_message: str
    after_decision: AfterDecision | None
    after_end: tuple[str, ...]
    expect: Expect
    gave: dict[str, tuple[Any, ...]] | None = None
    channel: str = "rest"
    opt_in: str | None = None
    review_change: tuple[str, ...] = ()
    rehearsal: Rehearsal | None = None

    @property
    def id(self) -> str:
        return f"{self.set}/{self.key}"

    def texts(self) -> Iterable[str]:
        """Every message this persona may type (for checks on the persona files)."""
        yield from self.opening
        for fact in self.facts:
            yield from fact.answers
        yield self.default
        yield from self.after_end
        yield from self.review_change
        if self.rehearsal:
            yield self.rehearsal.pick
            yield from self.rehearsal.turns
            yield self.rehearsal.end


class PersonaError(ValueError):
    """A persona file that does not follow the schema; the message names the file."""


def _regex(value: Any, where: str) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise PersonaError(f"{where}: expected a regular expression, got {value!r}")
    try:
        return re.compile(value, re.IGNORECASE)
    except re.error as problem:
        raise PersonaError(f"{where}: {problem}") from problem


def _texts(value: Any, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise PersonaError(f"{where}: expected a text or a list of texts, got {value!r}")
    return tuple(items)


def _unknown(data: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise PersonaError(f"{where}: unknown keys {unknown}; allowed: {sorted(allowed)}")


def load_persona(path: Path) -> Persona:
    """Read and check one persona file."""
    where = f"{path.parent.name}/{path.name}"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise PersonaError(f"{where}: a persona is a YAML mapping")
    _unknown(data, _PERSONA_KEYS, where)
    rehearsal = _rehearsal(data.get("rehearsal"), where)
    for required in ("description", "mode", "opening", "expect", "gave"):
        if required not in data and not (rehearsal and required == "gave"):
            raise PersonaError(f"{where}: '{required}' is missing")
    if data["mode"] not in MODES:
        raise PersonaError(f"{where}: mode must be one of {MODES}")
    if rehearsal and data["mode"] != "oefenen":
        raise PersonaError(f"{where}: a rehearsal is practice: mode must be oefenen")
    facts = []
    for number, raw in enumerate(data.get("facts") or (), 1):
        fact_where = f"{where} fact {number}"
        if not isinstance(raw, dict):
            raise PersonaError(f"{fact_where}: a fact is a mapping with pattern and answer")
        _unknown(raw, _FACT_KEYS, fact_where)
        facts.append(
            Fact(
                pattern=_regex(raw.get("pattern"), fact_where),
                answers=_texts(raw.get("answer"), fact_where),
                once=bool(raw.get("once", False)),
            )
        )
    after = None
    if data.get("after_decision") is not None:
        raw = data["after_decision"]
        _unknown(raw, _AFTER_KEYS, f"{where} after_decision")
        if raw.get("continue_to") not in (None, *DECISION_POINTS):
            raise PersonaError(f"{where}: continue_to must be one of {DECISION_POINTS}")
        after = AfterDecision(
            decision=str(raw["decision"]),
            note=str(raw.get("note") or ""),
            said=_regex(raw["said"], f"{where} after_decision.said") if raw.get("said") else None,
            continue_to=raw.get("continue_to"),
            press=_regex(raw["press"], f"{where} after_decision.press")
            if raw.get("press")
            else None,
        )
    raw_expect = data["expect"] or {}
    _unknown(raw_expect, _EXPECT_KEYS, f"{where} expect")
    if raw_expect.get("decision_point") not in (None, *DECISION_POINTS):
        raise PersonaError(f"{where}: expect.decision_point must be one of {DECISION_POINTS}")
    expect = Expect(
        decision_point=raw_expect.get("decision_point"),
        partners_include=tuple(raw_expect.get("partners_include") or ()),
        answers=dict(raw_expect.get("answers") or {}),
        answers_contain={k: str(v) for k, v in (raw_expect.get("answers_contain") or {}).items()},
        not_answers=dict(raw_expect.get("not_answers") or {}),
        mode=raw_expect.get("mode", data["mode"]),
        role=raw_expect.get("role"),
        consent=raw_expect.get("consent"),
        parent_consent=raw_expect.get("parent_consent"),
        consent_by=raw_expect.get("consent_by"),
        stop_after=raw_expect.get("stop_after"),
        said=tuple(_regex(p, f"{where} expect.said") for p in raw_expect.get("said") or ()),
        never_said=tuple(
            _regex(p, f"{where} expect.never_said") for p in raw_expect.get("never_said") or ()
        ),
    )
    if rehearsal is not None:
        if expect.decision_point or expect.stop_after:
            raise PersonaError(f"{where}: a rehearsal ends with feedback, not a decision point")
    elif (expect.decision_point is None) == (expect.stop_after is None):
        raise PersonaError(f"{where}: expect either a decision_point or a stop_after message")
    channel = os.environ.get("SIMULATOR_CHANNEL") or data.get("channel") or "rest"
    if channel not in CHANNELS:
        raise PersonaError(f"{where}: channel must be one of {CHANNELS}")
    gave = None
    if data.get("gave") is not None:
        if not isinstance(data["gave"], dict):
            raise PersonaError(f"{where}: gave is a mapping of question to value(s)")
        gave = {str(q): tuple(v) if isinstance(v, list) else (v,) for q, v in data["gave"].items()}
    return Persona(
        key=path.stem,
        set=path.parent.name,
        description=str(data["description"]).strip(),
        mode=data["mode"],
        opening=_texts(data["opening"], f"{where} opening"),
        facts=tuple(facts),
        buttons=tuple(_regex(b, f"{where} buttons") for b in data.get("buttons") or ()),
        default=str(data.get("default") or "weet ik niet"),
        max_turns=int(data.get("max_turns") or 40),
        paused_message=str(data.get("paused_message") or "hallo? is daar iemand?"),
        after_decision=after,
        after_end=tuple(data.get("after_end") or ()),
        expect=expect,
        gave=gave,
        channel=channel,
        opt_in=str(data["opt_in"]) if data.get("opt_in") else None,
        review_change=_texts(data["review_change"], f"{where} review_change")
        if data.get("review_change")
        else (),
        rehearsal=rehearsal,
    )


def _rehearsal(raw: Any, where: str) -> Rehearsal | None:
    """The ``rehearsal`` block of a practice persona (None when it has none)."""
    if raw is None:
        return None
    where = f"{where} rehearsal"
    if not isinstance(raw, dict):
        raise PersonaError(f"{where}: a mapping with case, pick, turns and feedback")
    _unknown(raw, _REHEARSAL_KEYS, where)
    cases = {case.naam.lower(): case for case in role_cases()}
    case = cases.get(str(raw.get("case") or "").lower())
    if case is None:
        raise PersonaError(f"{where}: case must be one of {sorted(cases)}")
    feedback = raw.get("feedback") or {}
    if not isinstance(feedback, dict) or not feedback:
        raise PersonaError(f"{where}: feedback: the points (key: verdict) it expects at least")
    try:
        lines = {str(k): feedback_line(case, str(k), str(v)) for k, v in feedback.items()}
    except ValueError as problem:
        raise PersonaError(f"{where}: {problem}") from problem
    return Rehearsal(
        case=case,
        pick=_texts(raw.get("pick"), f"{where} pick")[0],
        turns=_texts(raw.get("turns"), f"{where} turns"),
        end=str(raw.get("end") or "klaar"),
        feedback=lines,
    )


# Opt-in sets whose fixes are merged: their personas are played in every run.
PLAYED_BY_DEFAULT = frozenset({"issue23"})


def load_personas(root: Path = PERSONA_ROOT, sets: Iterable[str] = PERSONA_SETS) -> list[Persona]:
    """All personas of the given sets, in file-name order; opt-in ones only when asked for."""
    chosen = opted_in() | PLAYED_BY_DEFAULT
    personas = [load_persona(path) for name in sets for path in sorted((root / name).glob("*.yml"))]
    return [p for p in personas if p.opt_in is None or p.opt_in in chosen]


# -- playing a persona ------------------------------------------------------------------


@dataclass
class Result:
    """What happened when one persona was played, and what went wrong."""

    persona: Persona
    sender: str
    chat: Chat
    reached: list[str] = field(default_factory=list)  # decision points, in order
    partners: list[str] = field(default_factory=list)  # suggested at the first hand-over
    stopped: bool = False  # the assistant stopped the conversation
    stopped_unasked: bool = False  # ... before the persona refused or asked to stop
    ended: bool = False  # the assistant closed the conversation (all parts done)
    ended_early: bool = False  # closed before the expected decision point
    loop: str = ""
    silent_stuck: bool = False
    out_of_turns: bool = False
    replied_while_paused: bool = False
    resumed: bool | None = None
    restarts: int = 0
    feedback_given: bool = False  # a rehearsal ended with its feedback
    not_given: list[str] = field(default_factory=list)  # recorded values nobody gave
    failures: list[str] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def reached_expected(self) -> bool:
        if self.persona.rehearsal is not None:  # a rehearsal's outcome is its feedback
            return self.feedback_given
        expected = self.persona.expect.decision_point
        if expected is None:  # a persona that refuses or stops: the stop is its outcome
            return self.stopped and not self.stopped_unasked
        return bool(self.reached) and self.reached[0] == expected

    @property
    def mistaken_stop(self) -> bool:
        return self.stopped_unasked or self.ended_early

    def summary(self) -> dict[str, Any]:
        return {
            "persona": self.persona.id,
            "description": self.persona.description,
            "mode": self.persona.mode,
            "passed": self.passed,
            "expected_decision_point": self.persona.expect.decision_point,
            "reached": self.reached,
            "reached_expected": self.reached_expected,
            "mistaken_stop": self.mistaken_stop,
            "failures": self.failures,
            **self.figures,
            "seconds": round(self.seconds, 1),
        }


class Simulator:
    """Plays one persona against the running servers."""

    def __init__(self, servers: RunningServers, persona: Persona) -> None:
        self.servers = servers
        self.persona = persona
        sender = f"sim-{persona.key[:40]}-{uuid.uuid4().hex[:8]}"
        # Through the relay the web service names the conversation on the first message.
        self.chat = (
            RelayChat(servers, "", strict=False, source=loopback_address(sender))
            if persona.channel == "relay"
            else Chat(servers, sender, strict=False)
        )
        self.result = Result(persona=persona, sender=sender, chat=self.chat)
        self.uses: dict[int, int] = {}
        self.said: list[str] = []
        self.feedback_points: list[str] = []
        self.past_start = False
        self.reviews_changed = 0

    # -- the loop ------------------------------------------------------------------------

    def run(self) -> Result:
        started = time.monotonic()
        try:
            self._run()
        finally:
            self._finish()
            self.result.seconds = time.monotonic() - started
        return self.result

    def _run(self) -> None:
        persona, result = self.persona, self.result
        for text in persona.opening:
            self._say(text)
        result.sender = self.chat.sender
        if persona.rehearsal is not None:
            self._rehearse(persona.rehearsal)
            result.sender = self.chat.sender
            self._after_end()
            return
        handover = self._play(persona.max_turns)
        if handover is None:
            self._after_end()
            return
        result.partners = [s["partner"] for s in handover.get("suggested_partners") or ()]
        if persona.mode == "oefenen":
            self._after_end()
            return
        # During the hand-over the assistant is silent; the message is kept for the team.
        said = self.chat.say(persona.paused_message)
        if said.strip() or self.chat.buttons():
            result.replied_while_paused = True
        after = persona.after_decision
        if after is None:
            return
        # The API obeys take-before-act: the professional takes the hand-over first.
        self.chat.take()
        response = self.chat.api(
            "POST",
            f"/api/handovers/{handover['id']}/decision",
            json={"decision": after.decision, "note": after.note, "professional": PROFESSIONAL},
        )
        if response.status_code != 200:
            result.failures.append(
                f"the decision was refused: {response.status_code} {response.text}"
            )
            return
        messages = response.json().get("messages") or []
        self.chat.note(f"medewerker besluit via de API: {after.decision!r}")
        if isinstance(self.chat, RelayChat):
            # The widget shows what the live stream brings, and its buttons are pressed next.
            shown = self.chat.live_after_decision()
            self.chat.note("live stream na het besluit")
            self.chat.replies = shown
            self.chat.turns[-1].replies = shown
        else:
            self.chat.replies = messages
            self.chat.turns[-1].replies = messages
        self._observe(self.chat.replies)
        paused = self.chat.tracker().get("paused")
        result.resumed = bool(any((m.get("text") or "").strip() for m in messages)) and not paused
        if after.said and not after.said.search("\n".join(m.get("text") or "" for m in messages)):
            result.failures.append(
                f"after the decision the assistant did not say /{after.said.pattern}/"
            )
        if after.press:
            # The first button shown after the decision, pressed as the widget sends it.
            offered = self.chat.buttons()
            title = next((t for t in offered if after.press.search(t)), None)
            if title is None:
                result.failures.append(
                    f"no button /{after.press.pattern}/ after the decision: {list(offered)}"
                )
            else:
                self._say(offered[title], shown=f"[knop] {title}")
        if after.continue_to and not (result.stopped or result.ended):
            second = self._play(persona.max_turns)
            if second is None or second["decision_point"] != after.continue_to:
                result.failures.append(
                    f"did not reach {after.continue_to!r} after the decision (reached "
                    f"{result.reached})"
                )
        self._after_end()

    def _play(self, budget: int) -> dict[str, Any] | None:
        """Answer until a hand-over (returned), practice feedback, a stop, a loop or the end."""
        result = self.result
        asked: list[str] = []
        for _ in range(budget):
            handover = self._handover()
            if handover is not None:
                return handover
            if self.persona.mode == "oefenen" and self._practice_reached():
                return {"decision_point": self.feedback_points[-1], "suggested_partners": []}
            if result.stopped or result.ended:
                return None
            trailing = 0
            for turn in reversed(self.chat.turns):
                if not turn.silent:
                    break
                trailing += 1
            if trailing >= LOOP_AFTER:
                result.silent_stuck = True
                return None
            question = self._question()
            asked.append(question)
            if len(asked) >= LOOP_AFTER and len(set(asked[-LOOP_AFTER:])) == 1 and question:
                result.loop = question
                return None
            self._answer()
        result.out_of_turns = True
        return None

    def _rehearse(self, rehearsal: Rehearsal) -> None:
        """Pick the case, lead the conversation turn by turn, then ask for the feedback."""
        failures, name = self.result.failures, rehearsal.case.naam
        for _ in range(self.persona.max_turns):
            if REHEARSAL_START.search(self.chat.text()):
                break
            if CASE_QUESTION.search(self.chat.text()):
                self._say(rehearsal.pick)
            else:  # the start before the case question: buttons, facts or the default
                self._answer()
        else:
            failures.append(f"the rehearsal did not start within {self.persona.max_turns} turns")
            return
        if f"Casus: {name}," not in self.chat.text():
            failures.append(f"picked {name!r} with {rehearsal.pick!r}, shown: {self.chat.text()!r}")
            return
        speakers = tuple(f"{who}:" for who in rehearsal.speakers)
        for number, turn in enumerate(rehearsal.turns, 1):
            self._say(turn)
            bubbles = [m.get("text") or "" for m in self.chat.replies if m.get("text")]
            reply = "\n".join(bubbles)
            if QUESTIONNAIRE_ERROR.search(reply):
                failures.append(f"turn {number} {turn!r} got the questionnaire's {reply!r}")
            elif not bubbles or not bubbles[0].startswith(speakers):
                failures.append(f"turn {number} {turn!r}: no answer in character: {reply!r}")
        self._say(rehearsal.end)
        feedback = self.chat.text()
        if not REHEARSAL_FEEDBACK.search(feedback):
            failures.append(f"no feedback after {rehearsal.end!r}: {feedback!r}")
            return
        self.result.feedback_given = True
        self.result.reached.append("feedback")
        for key, line in rehearsal.feedback.items():
            if not line.search(feedback):
                failures.append(f"the feedback has no point {key} /{line.pattern}/")

    def _practice_reached(self) -> bool:
        return self.persona.expect.decision_point in self.feedback_points or (
            bool(self.feedback_points) and self.persona.expect.decision_point is None
        )

    def _handover(self) -> dict[str, Any] | None:
        if self.persona.mode == "oefenen":
            return None
        handovers = self.chat.open_handovers()
        if not handovers:
            return None
        handover = handovers[0]
        if self.result.reached[-1:] != [handover["decision_point"]]:
            self.result.reached.append(handover["decision_point"])
        return handover

    def _question(self) -> str:
        """The last text bubble of the reply: normally the open question."""
        texts = [m.get("text") or "" for m in self.chat.replies if (m.get("text") or "").strip()]
        return texts[-1] if texts else ""

    def _answer(self) -> None:
        if REVIEW_START in self.chat.text():  # the review before a hand-over
            if self.reviews_changed < len(self.persona.review_change):
                self.reviews_changed += 1
                self._say(self.persona.review_change[self.reviews_changed - 1])
            else:
                self.chat.confirm_review()
                self._observe(self.chat.replies)
            return
        confirm = CONFIRM_VALUE.search(self._question())
        if confirm:  # "Ik schrijf op: ...": yes when it is what the persona gave
            given = confirmed(self.persona, confirm["label"], confirm["value"])
            self._say("ja" if given else "nee")
            return
        offered = self.chat.buttons()
        for pattern in self.persona.buttons:
            for title, payload in offered.items():
                if pattern.search(title):
                    self._say(payload, shown=f"[knop] {title}")
                    return
        question, everything = self._question(), self.chat.text()
        if YOUNG_PERSON_CONSENT.search(question) and not any(
            fact.pattern.search(question) for fact in self.persona.facts
        ):
            self._say(YOUNG_PERSON_AGREES)
            return
        for text in (question, everything):
            for number, fact in enumerate(self.persona.facts):
                used = self.uses.get(number, 0)
                if fact.once and used >= len(fact.answers):
                    continue
                if fact.pattern.search(text):
                    self.uses[number] = used + 1
                    self._say(fact.answers[min(used, len(fact.answers) - 1)])
                    return
        self._say(self.persona.default)

    def _say(self, text: str, shown: str = "") -> None:
        self.chat.say(text, shown=shown)
        self._observe(self.chat.replies)

    def _observe(self, replies: list[dict[str, Any]]) -> None:
        text = "\n".join(m.get("text") or "" for m in replies)
        self.said.append(text)
        if self.past_start and RESTART.search(text):
            self.result.restarts += 1
        if PAST_START.search(text):
            self.past_start = True
        if FEEDBACK_MARK.search(text):
            point = next((p for p, rx in FEEDBACK_TEXT.items() if rx.search(text)), "leerroute")
            self.feedback_points.append(point)
            if point not in self.result.reached:
                self.result.reached.append(point)
        if STOP_TEXT.search(text):
            self._read_stops()
        if END_TEXT.search(text):
            self.result.ended = True
            if not self._expected_reached():
                self.result.ended_early = True

    def _expected_reached(self) -> bool:
        if self.persona.rehearsal is not None:  # the feedback is checked by _rehearse
            return True
        expected = self.persona.expect.decision_point
        return expected is None or expected in self.result.reached

    def _read_stops(self) -> None:
        """Whether, and when, the assistant stopped, read from the tracker (not the wording).

        A stop is the stop action, or the start block ending in ``volgende_stap = gestopt``
        (no consent). It is a mistaken stop when it came before the persona's
        ``stop_after`` message (or when the persona never asks to stop).
        """
        stop_after = (self.persona.expect.stop_after or "").strip().lower()
        asked = False
        for event in self.chat.tracker().get("events") or ():
            kind, name = event.get("event"), event.get("name")
            if (
                kind == "user"
                and stop_after
                and (event.get("text") or "").strip().lower() == (stop_after)
            ):
                asked = True
            stop = (kind == "action" and name == "action_stoppen_gesprek") or (
                kind == "slot" and name == "volgende_stap" and event.get("value") == "gestopt"
            )
            if stop:
                self.result.stopped = True
                self.result.stopped_unasked = self.result.stopped_unasked or not asked

    def _after_end(self) -> None:
        # After a stop or the end, nothing a persona types there starts over (issue 23: only
        # the begin button or "opnieuw beginnen" does), also when the stop came before the
        # conversation got past its start (a refused consent).
        for text in self.persona.after_end:
            self._say(text)
            if not self.past_start and RESTART.search(self.said[-1]):
                self.result.restarts += 1

    # -- checking ------------------------------------------------------------------------

    def _finish(self) -> None:
        persona, result, expect = self.persona, self.result, self.persona.expect
        self._read_stops()
        result.figures = self.chat.figures()
        result.figures["mistaken_stops"] = int(result.mistaken_stop)
        result.figures["restarts"] = result.restarts
        result.figures["refused_buttons"] = getattr(self.chat, "refused_buttons", 0)
        failures = result.failures
        # Issue 23's checks (restarts, refused buttons, the record check) fail a persona.
        if result.restarts:
            failures.append(f"the assistant started over {result.restarts} time(s)")
        if result.figures["refused_buttons"]:
            failures.append(
                f"the relay refused {result.figures['refused_buttons']} offered button(s): "
                f"{getattr(self.chat, 'refusals', None)}"
            )
        if self.chat.silent_turns:
            failures.append(
                f"{len(self.chat.silent_turns)} turn(s) without a reply outside a hand-over: "
                f"{self.chat.silent_turns}"
            )
        if result.stopped_unasked:
            failures.append("the assistant stopped the conversation before the persona asked to")
        if result.ended_early:
            failures.append("the assistant closed the conversation before the decision point")
        if expect.stop_after and not result.stopped:
            failures.append(
                f"the persona said {expect.stop_after!r}, but the assistant did not stop"
            )
        if result.silent_stuck:
            failures.append(f"gave up: the assistant stayed silent {LOOP_AFTER} times in a row")
        if result.loop:
            failures.append(
                f"the assistant asked the same thing {LOOP_AFTER} times: {result.loop!r}"
            )
        if result.out_of_turns:
            failures.append(f"no decision point within {persona.max_turns} turns")
        if expect.decision_point and not result.reached_expected:
            failures.append(
                f"expected decision point {expect.decision_point!r} first, reached {result.reached}"
            )
        missing = [p for p in expect.partners_include if p not in result.partners]
        if missing and result.reached_expected:
            failures.append(f"partners {missing} not suggested (suggested: {result.partners})")
        if result.replied_while_paused:
            failures.append("the assistant answered a message during the hand-over")
        if persona.after_decision and result.reached_expected and not result.resumed:
            failures.append("the assistant did not resume after the decision")
        texts = "\n".join(self.said)
        for pattern in expect.said:
            if not pattern.search(texts):
                failures.append(f"the assistant never said /{pattern.pattern}/")
        for pattern in expect.never_said:
            found = pattern.search(texts)
            if found:
                failures.append(f"the assistant said /{pattern.pattern}/: {found.group(0)!r}")
        self._check_record(failures)

    def _record(self) -> tuple[str | None, str | None, dict[str, Any]]:
        """Mode, role and answers as stored: the API, or the store for practice."""
        if self.persona.mode != "oefenen":
            response = self.chat.api("GET", f"/api/conversations/{self.chat.sender}")
            if response.status_code == 200:
                detail = response.json()
                answers = {a["question"]: a["value"] for a in detail.get("answers") or ()}
                hidden = [q for q in SEALED_QUESTIONS if answers.get(q) in HIDDEN_VALUES]
                if hidden:
                    # The API hides contact details from all but the team: read the store.
                    with repository_scope(self.servers.database_url) as repository:
                        stored = repository.answers(self.result.sender)
                    answers.update({q: stored.get(q) for q in hidden})
                return detail.get("mode"), detail.get("role"), answers
            if response.status_code != 404:
                response.raise_for_status()
        with repository_scope(self.servers.database_url) as repository:
            try:
                conversation = repository.get_conversation(self.result.sender)
            except NotFound:
                return None, None, {}
            return conversation.mode, conversation.role, repository.answers(self.result.sender)

    def _check_practice_apart(self, answers: dict[str, Any], failures: list[str]) -> None:
        """A rehearsal is stored as practice, with its report only, and never handed over."""
        real = {q: v for q, v in answers.items() if q != REPORT_QUESTION}
        if real:
            failures.append(f"the rehearsal stored real answers: {real}")
        if self.result.feedback_given and REPORT_QUESTION not in answers:
            failures.append("the rehearsal's report was not stored")
        with repository_scope(self.servers.database_url) as repository:
            try:
                practice = repository.get_conversation(self.result.sender).practice
            except NotFound:
                practice = None
        if practice is not True:
            failures.append(f"the rehearsal is not stored as practice (practice={practice!r})")
        if self.chat.open_handovers():
            failures.append("the rehearsal was handed over to the inbox")

    def _consent(self) -> tuple[bool | None, bool | None, str | None]:
        """Consent, a parent's consent and who consented, as stored on the conversation."""
        with repository_scope(self.servers.database_url) as repository:
            try:
                conversation = repository.get_conversation(self.result.sender)
            except NotFound:
                return None, None, None
            return conversation.consent, conversation.parent_consent, conversation.consent_by

    def _check_record(self, failures: list[str]) -> None:
        expect = self.persona.expect
        mode, role, answers = self._record()
        self.result.not_given = not_given(self.persona, answers)
        self.result.figures["values_not_given"] = len(self.result.not_given)
        if self.result.not_given:
            failures.append(
                "recorded what the persona never gave: " + "; ".join(self.result.not_given)
            )
        if mode is None and not expect.stop_after:
            failures.append("nothing was recorded for this conversation")
            return
        if self.persona.rehearsal is not None:
            self._check_practice_apart(answers, failures)
        if expect.mode and not expect.stop_after and mode != expect.mode:
            failures.append(f"recorded mode {mode!r}, expected {expect.mode!r}")
        if expect.role and role != expect.role:
            failures.append(f"recorded role {role!r}, expected {expect.role!r}")
        if answers.get("rol") not in (None, role):
            failures.append(f"the summary says 'ingevuld door' {answers['rol']!r}, role {role!r}")
        wants_consent = (expect.consent, expect.parent_consent, expect.consent_by)
        if any(wanted is not None for wanted in wants_consent):
            consent, parent, consent_by = self._consent()
            if expect.consent_by is not None and consent_by != expect.consent_by:
                failures.append(
                    f"recorded consent by {consent_by!r}, expected {expect.consent_by!r}"
                )
            if expect.consent is not None and consent != expect.consent:
                failures.append(f"recorded consent {consent!r}, expected {expect.consent!r}")
            if expect.parent_consent is not None and parent != expect.parent_consent:
                failures.append(
                    f"recorded parent consent {parent!r}, expected {expect.parent_consent!r}"
                )
        for question, wanted in expect.answers.items():
            got = answers.get(question)
            if isinstance(wanted, list):
                ok = isinstance(got, list) and all(item in got for item in wanted)
            else:
                ok = got == wanted
            if not ok:
                failures.append(f"answer {question}: recorded {got!r}, expected {wanted!r}")
        for question, part in expect.answers_contain.items():
            got = answers.get(question)
            if part.lower() not in str(got or "").lower():
                failures.append(
                    f"answer {question}: recorded {got!r}, expected to contain {part!r}"
                )
        for question, unwanted in expect.not_answers.items():
            got = answers.get(question)
            if _same(got, unwanted):
                failures.append(f"answer {question}: recorded {got!r}, which it must not be")


def _given(
    question: str, value: Any, allowed: Iterable[Any], text_questions: Iterable[str]
) -> bool:
    """Whether one recorded value is among the persona's (free text: contains a piece)."""
    for candidate in allowed:
        if question in text_questions and isinstance(value, str) and isinstance(candidate, str):
            if candidate == ANY_TEXT:
                if value.lower() not in ("weet_niet", "overgeslagen"):
                    return True
            elif candidate.lower() in value.lower():
                return True
        elif str(candidate).lower() == str(value).lower():
            return True
    return False


SKIPPED = "overgeslagen"  # bot.dialogue.arbitration.SKIPPED: a question skipped, no value


def not_given(persona: Persona, answers: dict[str, Any]) -> list[str]:
    """The recorded answers (question=value) that are not among what the persona gave.

    A persona without ``gave`` has declared nothing: every recorded fact counts.
    """
    from bot.knowledge import load_knowledge

    questions = load_knowledge().questions
    # Contact details are kept as typed: compared like free text (contains).
    text_questions = {q for q, spec in questions.items() if spec.kind == "text"}
    text_questions |= SEALED_QUESTIONS
    gave = persona.gave or {}
    wrong: list[str] = []
    for question, value in answers.items():
        if question in NOT_CHECKED or value == SKIPPED:
            continue  # "overgeslagen" records that no value was given, not a fact
        allowed = (*gave.get(question, ()), *gave.get(ANY_QUESTION, ()))
        values = value if isinstance(value, list) else [value]
        if not values or not all(_given(question, v, allowed, text_questions) for v in values):
            wrong.append(f"{question}={value!r}")
    return wrong


def confirmed(persona: Persona, label: str, shown: str) -> bool:
    """Whether the value the assistant wants to write down (``label: shown``) is one given."""
    from bot.knowledge import load_knowledge

    questions = load_knowledge().questions
    question = next((q for q, spec in questions.items() if spec.label == label.strip()), None)
    if question is None or persona.gave is None:
        return False
    spec = questions[question]
    allowed = (*persona.gave.get(question, ()), *persona.gave.get(ANY_QUESTION, ()))
    if spec.kind == "text":
        return _given(question, shown, allowed, {question})
    names = {str(label).lower(): key for key, label in (spec.values or {}).items()}
    pieces = [p.strip().lower() for p in re.split(r",| en ", shown) if p.strip()]
    values = [names.get(piece, piece) for piece in pieces]
    return bool(values) and all(_given(question, v, allowed, ()) for v in values)


def _same(got: Any, unwanted: Any) -> bool:
    if isinstance(got, str) and isinstance(unwanted, str):
        return got.strip().lower() == unwanted.strip().lower()
    return got == unwanted


# Where the persona tests leave their results for the report (tests/e2e/conftest.py). It
# lives here, not in the conftest, because a conftest may be imported under two names.
RESULTS: pytest.StashKey[list[Result]] = pytest.StashKey()


def simulator_results(config: pytest.Config) -> list[Result]:
    """The list the persona tests append their results to."""
    return config.stash.setdefault(RESULTS, [])


def play(servers: RunningServers, persona: Persona) -> Result:
    """Play ``persona`` once and return what happened (never raises on a failed check)."""
    return Simulator(servers, persona).run()


# -- the report -------------------------------------------------------------------------


def figures_per_set(results: Iterable[Result]) -> dict[str, dict[str, Any]]:
    """Conversation-level figures per persona set (dev, heldout), per role and over all.

    The role groups are ``rol:<expected role>`` (``rol:geen`` when the persona expects none,
    e.g. a refusal), so each kind of user has its own figures.
    """
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(result.persona.set, []).append(result)
        groups.setdefault(f"rol:{result.persona.expect.role or 'geen'}", []).append(result)
        groups.setdefault("all", []).append(result)
    report: dict[str, dict[str, Any]] = {}
    for name, items in groups.items():
        turns = sum(r.figures.get("turns", 0) for r in items)
        fallbacks = sum(r.figures.get("fallback_turns", 0) for r in items)
        report[name] = {
            "personas": len(items),
            "passed": sum(r.passed for r in items),
            "reached_expected_decision_point": sum(r.reached_expected for r in items),
            "reached_rate": round(sum(r.reached_expected for r in items) / len(items), 3),
            "silent_turns": sum(r.figures.get("silent_turns", 0) for r in items),
            "mistaken_stops": sum(r.mistaken_stop for r in items),
            "restarts": sum(r.figures.get("restarts", 0) for r in items),
            "refused_buttons": sum(r.figures.get("refused_buttons", 0) for r in items),
            "values_not_given": sum(r.figures.get("values_not_given", 0) for r in items),
            "personas_with_values_not_given": sum(
                bool(r.figures.get("values_not_given", 0)) for r in items
            ),
            "turns": turns,
            "fallback_turns": fallbacks,
            "fallback_rate_per_turn": round(fallbacks / turns, 3) if turns else 0.0,
        }
    return report
