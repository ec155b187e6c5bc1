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
      stop_after: "nee, liever niet"           # the persona refuses or asks to stop with this
                                               # message; a stop before it is a mistaken stop
      said: ["regex"]                          # somewhere in the assistant's texts
      never_said: ["regex"]                    # nowhere in the assistant's texts
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import DECISION_POINT_KEYS
from bot.store.errors import NotFound
from bot.store.repository import repository_scope
from tests.conftest import RunningServers
from tests.e2e.chat import PROFESSIONAL, Chat

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
# (bot/practice/feedback.py).
FEEDBACK_TEXT = {
    "leerroute": re.compile(r"samen de best passende leerroute te kiezen", re.IGNORECASE),
    "ondersteuning": re.compile(r"nodig om de route te laten slagen\?", re.IGNORECASE),
    "vervolg": re.compile(r"nodig voor een goede warme overdracht", re.IGNORECASE),
}
FEEDBACK_MARK = re.compile(r"Denk hier even over na", re.IGNORECASE)
LOOP_AFTER = 3  # the same question this many times in a row is a loop

_PERSONA_KEYS = {
    "description", "mode", "opening", "buttons", "facts", "default", "max_turns",
    "paused_message", "after_decision", "after_end", "expect",
}  # fmt: skip
_FACT_KEYS = {"pattern", "answer", "once"}
_AFTER_KEYS = {"decision", "note", "said", "continue_to"}
_EXPECT_KEYS = {
    "decision_point", "partners_include", "answers", "answers_contain", "not_answers",
    "mode", "role", "consent", "parent_consent", "stop_after", "said", "never_said",
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
    for required in ("description", "mode", "opening", "expect"):
        if required not in data:
            raise PersonaError(f"{where}: '{required}' is missing")
    if data["mode"] not in MODES:
        raise PersonaError(f"{where}: mode must be one of {MODES}")
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
        stop_after=raw_expect.get("stop_after"),
        said=tuple(_regex(p, f"{where} expect.said") for p in raw_expect.get("said") or ()),
        never_said=tuple(
            _regex(p, f"{where} expect.never_said") for p in raw_expect.get("never_said") or ()
        ),
    )
    if (expect.decision_point is None) == (expect.stop_after is None):
        raise PersonaError(f"{where}: expect either a decision_point or a stop_after message")
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
    )


def load_personas(root: Path = PERSONA_ROOT, sets: Iterable[str] = PERSONA_SETS) -> list[Persona]:
    """All personas of the given sets, in file-name order."""
    return [load_persona(path) for name in sets for path in sorted((root / name).glob("*.yml"))]


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
    failures: list[str] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def reached_expected(self) -> bool:
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
        self.chat = Chat(servers, sender, strict=False)
        self.result = Result(persona=persona, sender=sender, chat=self.chat)
        self.uses: dict[int, int] = {}
        self.said: list[str] = []
        self.feedback_points: list[str] = []

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
        self.chat.replies = messages
        self.chat.turns[-1].replies = messages
        self._observe(messages)
        paused = self.chat.tracker().get("paused")
        result.resumed = bool(any((m.get("text") or "").strip() for m in messages)) and not paused
        if after.said and not after.said.search("\n".join(m.get("text") or "" for m in messages)):
            result.failures.append(
                f"after the decision the assistant did not say /{after.said.pattern}/"
            )
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
        offered = self.chat.buttons()
        for pattern in self.persona.buttons:
            for title, payload in offered.items():
                if pattern.search(title):
                    self._say(payload, shown=f"[knop] {title}")
                    return
        question, everything = self._question(), self.chat.text()
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
        for text in self.persona.after_end:
            self._say(text)

    # -- checking ------------------------------------------------------------------------

    def _finish(self) -> None:
        persona, result, expect = self.persona, self.result, self.persona.expect
        self._read_stops()
        result.figures = self.chat.figures()
        result.figures["mistaken_stops"] = int(result.mistaken_stop)
        failures = result.failures
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
            response = self.chat.api("GET", f"/api/conversations/{self.result.sender}")
            if response.status_code == 200:
                detail = response.json()
                answers = {a["question"]: a["value"] for a in detail.get("answers") or ()}
                return detail.get("mode"), detail.get("role"), answers
            if response.status_code != 404:
                response.raise_for_status()
        with repository_scope(self.servers.database_url) as repository:
            try:
                conversation = repository.get_conversation(self.result.sender)
            except NotFound:
                return None, None, {}
            return conversation.mode, conversation.role, repository.answers(self.result.sender)

    def _consent(self) -> tuple[bool | None, bool | None]:
        """Consent and a parent's consent as stored on the conversation (not in the API)."""
        with repository_scope(self.servers.database_url) as repository:
            try:
                conversation = repository.get_conversation(self.result.sender)
            except NotFound:
                return None, None
            return conversation.consent, conversation.parent_consent

    def _check_record(self, failures: list[str]) -> None:
        expect = self.persona.expect
        mode, role, answers = self._record()
        if mode is None and not expect.stop_after:
            failures.append("nothing was recorded for this conversation")
            return
        if expect.mode and not expect.stop_after and mode != expect.mode:
            failures.append(f"recorded mode {mode!r}, expected {expect.mode!r}")
        if expect.role and role != expect.role:
            failures.append(f"recorded role {role!r}, expected {expect.role!r}")
        if expect.consent is not None or expect.parent_consent is not None:
            consent, parent = self._consent()
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
    """Conversation-level figures per persona set (dev, heldout) and over all."""
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(result.persona.set, []).append(result)
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
            "turns": turns,
            "fallback_turns": fallbacks,
            "fallback_rate_per_turn": round(fallbacks / turns, 3) if turns else 0.0,
        }
    return report
