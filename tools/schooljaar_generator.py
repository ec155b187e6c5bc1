"""A year of generated conversations, so the dashboard can be seen and measured without real people.

``python -m tools.schooljaar_generator --year 2026 --applicants 2000`` fills the project's
database (``DATABASE_URL``) and Rasa's tracker store (``TRACKER_STORE_URL``) with the
school year that ends in ``--year`` (1 August 2025 to 31 July 2026): pre-intakes and advice
conversations of that many applicants, with answers, hand-overs at the decision points,
partner suggestions (from the real suggestion rules), decisions, feedback and the turns
Rasa would have counted, plus some practice conversations. Nothing lies in the future.

Every generated conversation id starts with ``gen-`` and every hand-over summary says it
is generated, so nobody mistakes them for real people; ``--remove`` deletes exactly those
rows from both stores (running the command again first removes the previous ones). The
same ``--seed`` gives the same data. Texts are placeholders, never names or stories.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, create_engine, delete
from sqlalchemy import Text as SQLText

from bot.dashboard.period import make_period
from bot.dashboard.queries import CAUGHT_ACTION, GENERATED_PREFIX
from bot.dialogue.pre_intake import CONSENT_QUESTIONS
from bot.knowledge import load_knowledge, suggest_partners
from bot.knowledge.teams import load_teams
from bot.settings import get_settings
from bot.store.dashboard_partners import ROUTE_POINT
from bot.store.db import get_engine, session_scope
from bot.store.decision_partners import partner_words, partners_named
from bot.store.models import (
    Answer,
    Conversation,
    DashboardPartner,
    DecisionPartner,
    Feedback,
    Handover,
    Suggestion,
)
from bot.store.repository import part_bit, point_bit
from bot.store.tracker_turns import (
    TurnCount,
    add_turn_counts,
    ensure_turn_counts,
    turn_counts,
)
from bot.store.types import utcnow

PLACEHOLDER = "[gegenereerd]"
SUMMARY = "Gegenereerd gesprek (proefdata voor het dashboard), geen echte persoon."
# Applications peak before the 1 April deadline; July and the holidays are quiet.
MONTH_WEIGHTS = (1.0, 1.6, 2.2, 1.3, 1.0, 1.1, 0.4, 0.5, 1.0, 0.8, 0.8, 0.5)
WEEKDAY_WEIGHTS = (1.0, 1.0, 0.9, 1.0, 0.8, 0.2, 0.15)
ORIGINS = {
    "vmbo": 0.40,
    "pro": 0.14,
    "vso": 0.12,
    "mbo": 0.10,
    "isk": 0.08,
    "geen_school": 0.08,
    "havo_vwo": 0.05,
    "anders": 0.03,
}
# Which route the professional decides, by origin (the praatplaat's three routes).
ROUTES_BY_ORIGIN = {
    "pro": {"praktijkverklaring": 0.45, "certificaat": 0.35, "mbo_diploma": 0.20},
    "vso": {"certificaat": 0.40, "praktijkverklaring": 0.35, "mbo_diploma": 0.25},
    "vmbo": {"mbo_diploma": 0.85, "certificaat": 0.12, "praktijkverklaring": 0.03},
    "isk": {"mbo_diploma": 0.60, "certificaat": 0.35, "praktijkverklaring": 0.05},
    "geen_school": {"mbo_diploma": 0.50, "certificaat": 0.30, "praktijkverklaring": 0.20},
}
DEFAULT_ROUTES = {"mbo_diploma": 0.75, "certificaat": 0.20, "praktijkverklaring": 0.05}
FEEDBACK = {"ja": 0.55, "een_beetje": 0.25, "nee": 0.10, "overgeslagen": 0.10}
STOP_AFTER_ANSWER = 0.022  # the chance a user leaves after any answer
NEXT_PART = 0.72  # the chance a conversation goes on to the next part after a decision
ASKS_FOR_HUMAN = 0.06
MISUNDERSTOOD_TURN = 0.04
CAUGHT_TURN = 0.015
CHUNK = 250  # conversations per transaction

# Rasa's SQL tracker store table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent), made
# here only when Rasa never ran against this database.
tracker_metadata = MetaData()
events = Table(
    "events",
    tracker_metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", SQLText),
)


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Generated:
    """What one run wrote, for the command's report."""

    conversations: int = 0
    practice: int = 0
    answers: int = 0
    handovers: int = 0
    events: int = 0


@dataclass
class Conversing:
    """One generated conversation being written: its rows and its clock."""

    conversation: Conversation
    clock: dt.datetime
    answered_by: str
    answers: dict[str, Any] = field(default_factory=dict)
    rows: list[Any] = field(default_factory=list)
    turns: list[dict[str, Any]] = field(default_factory=list)
    asked_human: bool = False  # once per conversation: its suggestions are unique per point


class Generator:
    """Writes the conversations of one school year; deterministic for a seed."""

    def __init__(self, year: int, applicants: int, seed: int, now: dt.datetime) -> None:
        self.rng = random.Random(seed)
        self.applicants = applicants
        self.now = now
        self.knowledge = load_knowledge()
        self.partner_words = partner_words()
        self.teams = load_teams()
        self.zone = next(iter(self.teams.teams.values())).office_hours.timezone
        self.period = make_period("schooljaar", dt.date(year - 1, 8, 1), self.zone)
        self.days = [self.period.start + dt.timedelta(days=n) for n in range(self.period.days)]
        self.day_weights = [
            MONTH_WEIGHTS[day.month - 1] * WEEKDAY_WEIGHTS[day.weekday()] for day in self.days
        ]

    # -- the shape of a conversation ------------------------------------------------------

    def moment(self) -> dt.datetime:
        day = self.rng.choices(self.days, weights=self.day_weights)[0]
        hour = self.rng.uniform(8.5, 17.0) if self.rng.random() < 0.75 else self.rng.uniform(17, 23)
        local = dt.datetime.combine(day, dt.time(), tzinfo=self.zone) + dt.timedelta(hours=hour)
        return local.astimezone(dt.timezone.utc)

    def questions(self, part: str) -> list[str]:
        return [
            key
            for key, question in self.knowledge.questions.items()
            if question.part == part and key not in CONSENT_QUESTIONS
        ]

    def value(self, key: str, profile: dict[str, Any]) -> Any:
        if key in profile:
            return profile[key]
        question = self.knowledge.questions[key]
        if question.kind == "number":
            return self.rng.randint(question.minimum or 15, min(question.maximum or 23, 23))
        if question.kind == "text":
            return PLACEHOLDER
        keys = list(question.values)
        weights = [0.25 if k in ("weet_niet", "anders", "geen") else 1.0 for k in keys]
        if question.kind == "multi":
            chosen = {
                self.rng.choices(keys, weights=weights)[0] for _ in range(self.rng.randint(1, 2))
            }
            if "geen" in chosen and len(chosen) > 1:
                chosen.discard("geen")
            return sorted(chosen)
        return self.rng.choices(keys, weights=weights)[0]

    def turn(self, talk: Conversing, intent: str, action: str) -> None:
        """One user message and the action that answered it, as Rasa's store keeps them."""
        talk.clock += dt.timedelta(seconds=self.rng.uniform(15, 90))
        stamp = talk.clock.timestamp()
        sender = talk.conversation.id
        talk.turns.append(
            {
                "sender_id": sender,
                "type_name": "user",
                "timestamp": stamp,
                "intent_name": intent,
                "action_name": None,
                "data": json.dumps(
                    {
                        "event": "user",
                        "timestamp": stamp,
                        "text": PLACEHOLDER,
                        "parse_data": {
                            "intent": {"name": intent, "confidence": 1.0},
                            "entities": [],
                        },
                    }
                ),
            }
        )
        talk.turns.append(
            {
                "sender_id": sender,
                "type_name": "action",
                "timestamp": stamp + 0.5,
                "intent_name": None,
                "action_name": action,
                "data": json.dumps({"event": "action", "timestamp": stamp + 0.5, "name": action}),
            }
        )

    def answer(self, talk: Conversing, key: str, value: Any) -> None:
        if self.rng.random() < MISUNDERSTOOD_TURN:
            self.turn(talk, "nlu_fallback", "action_niet_begrepen")
        if self.rng.random() < CAUGHT_TURN:
            self.turn(talk, "informeren", CAUGHT_ACTION)
        self.turn(talk, "informeren", "action_vragen")
        talk.answers[key] = value
        # What the repository keeps on write: the parts with answers (dashboard coverage).
        talk.conversation.answered_parts = (talk.conversation.answered_parts or 0) | part_bit(key)
        talk.rows.append(
            Answer(
                conversation_id=talk.conversation.id,
                question=key,
                value=value,
                text_masked=None,
                answered_by=talk.answered_by,
                answered_at=talk.clock,
            )
        )

    def decision(self, point: str, talk: Conversing, partners: Sequence[str]) -> str:
        if point == "leerroute":
            origin = str(talk.answers.get("herkomst", ""))
            return pick(self.rng, ROUTES_BY_ORIGIN.get(origin, DEFAULT_ROUTES))
        named = [p for p in partners if self.rng.random() < 0.7]
        if not named:
            return "Afspraken gemaakt met de jongere."
        words = [
            self.rng.choice(
                [self.knowledge.partners[p].name, *self.knowledge.partners[p].aliases[:2]]
            )
            for p in named
        ]
        return f"Samen verder met {', '.join(words)}."

    def handover(self, talk: Conversing, point: str) -> bool:
        """A hand-over at ``point``, taken and decided like a team would; False: still open."""
        mode = talk.conversation.mode
        team = self.teams.team_for(mode, point)
        created = talk.clock + dt.timedelta(seconds=5)
        if team.office_hours.is_open(created):
            taken = created + dt.timedelta(minutes=self.rng.lognormvariate(2.0, 0.8))
        else:
            opening = team.office_hours.next_opening(created)
            start = opening.at.astimezone(dt.timezone.utc) if opening else created
            taken = start + dt.timedelta(minutes=self.rng.lognormvariate(2.5, 0.9))
        decided = taken + dt.timedelta(minutes=self.rng.lognormvariate(3.2, 1.1))
        found = suggest_partners(talk.answers, point, self.knowledge)
        # What the repository keeps as a hand-over opens: the point reached (dashboard).
        talk.conversation.reached_points = (talk.conversation.reached_points or 0) | point_bit(
            point
        )
        handover = Handover(
            conversation_id=talk.conversation.id,
            decision_point=point,
            summary=SUMMARY,
            team=team.key,
            created_at=created,
            request_key=f"gen-{point}",
        )
        handover.suggestions = [
            Suggestion(
                conversation_id=talk.conversation.id,
                decision_point=point,
                partner=s.partner,
                reason=s.reason,
                rule_id=s.rule_id,
                created_at=created,
            )
            for s in found
        ]
        talk.rows.append(handover)
        if decided > self.now or self.rng.random() < 0.01:
            if taken <= self.now:
                handover.status, handover.taken_at, handover.taken_by = (
                    "in_behandeling",
                    taken,
                    "gen-medewerker",
                )
            return False
        handover.status = "afgerond"
        handover.taken_at, handover.taken_by = taken, "gen-medewerker"
        handover.decided_at, handover.decided_by = decided, "gen-medewerker"
        handover.decision = self.decision(point, talk, [s.partner for s in found])
        # What the repository keeps with a decision: the partners it names (dashboard).
        handover.named_partners = [
            DecisionPartner(conversation_id=talk.conversation.id, partner=key)
            for key in partners_named(handover.decision, None, self.partner_words)
        ]
        talk.clock = decided + dt.timedelta(minutes=1)
        if point == "leerroute":
            talk.answers["gekozen_route"] = handover.decision
        return True

    def part(self, talk: Conversing, part: str, profile: dict[str, Any]) -> bool:
        """Ask the part's questions; False when the user left or the hand-over is still open."""
        asked_human = not talk.asked_human and self.rng.random() < ASKS_FOR_HUMAN
        talk.asked_human = talk.asked_human or asked_human
        questions = self.questions(part)
        human_at = self.rng.randrange(len(questions)) if asked_human else -1
        for index, key in enumerate(questions):
            if index == human_at:
                point = "niet_begrepen" if self.rng.random() < 0.3 else "op_verzoek"
                if not self.handover(talk, point):
                    return False
            if key in talk.answers:
                continue
            self.answer(talk, key, self.value(key, profile))
            if self.rng.random() < STOP_AFTER_ANSWER:
                return False
        point = self.knowledge.decision_point_of_part(part)
        return bool(point) and self.handover(talk, point)

    def conversation(
        self, conversation_id: str, mode: str, profile: dict[str, Any]
    ) -> Conversing | None:
        started = self.moment()
        if started > self.now:
            return None
        role = "aanmelder" if mode == "pre_intake" else self.rng.choice(["professional", "samen"])
        conversation = Conversation(
            id=conversation_id,
            mode=mode,
            role=role,
            practice=mode == "oefenen",
            consent=True,
            parent_consent=True if profile["leeftijd"] < 16 else None,
            created_at=started,
            updated_at=started,
        )
        talk = Conversing(conversation, started, "samen" if role == "samen" else "professional")
        for _ in CONSENT_QUESTIONS:
            self.turn(talk, "bevestigen", "action_vragen")
        if mode == "pre_intake":
            for key in ("herkomst", "leeftijd"):
                self.answer(talk, key, profile[key])
            self.part(talk, "pre_intake", profile)
        else:
            start = self.rng.choices(
                ["voorkant", "realisatie", "vervolg"], weights=[0.7, 0.15, 0.15]
            )[0]
            self.answer(talk, "rol", role if role != "aanmelder" else "samen")
            self.answer(talk, "deel", start)
            parts = ["voorkant", "realisatie", "vervolg"]
            for index, part in enumerate(parts[parts.index(start) :]):
                if index and self.rng.random() > NEXT_PART:
                    break
                if not self.part(talk, part, profile):
                    break
        if any(isinstance(row, Handover) for row in talk.rows) and self.rng.random() < 0.6:
            talk.rows.append(
                Feedback(
                    conversation_id=conversation_id,
                    answer=pick(self.rng, FEEDBACK),
                    created_at=talk.clock + dt.timedelta(minutes=1),
                )
            )
        conversation.updated_at = talk.clock
        # What the repository keeps with suggestions and decisions: per partner (dashboard).
        handovers = [row for row in talk.rows if isinstance(row, Handover)]
        suggested = Counter(row.partner for h in handovers for row in h.suggestions)
        named = Counter(
            row.partner
            for h in handovers
            if h.decision_point != ROUTE_POINT
            for row in h.named_partners
        )
        talk.rows += [
            DashboardPartner(
                conversation_id=conversation_id,
                partner=partner,
                suggested=suggested[partner],
                named=named[partner],
            )
            for partner in sorted(set(suggested) | set(named))
        ]
        return talk

    def profile(self) -> dict[str, Any]:
        origin = pick(self.rng, ORIGINS)
        low, high = {"isk": (15, 22), "geen_school": (16, 23)}.get(origin, (15, 19))
        return {"herkomst": origin, "leeftijd": self.rng.randint(low, high)}

    def conversations(self) -> Iterator[Conversing]:
        for number in range(self.applicants):
            profile = self.profile()
            pre_intake = self.rng.random() < 0.65
            advice = self.rng.random() < 0.45 or not pre_intake
            for mode, wanted in (("pre_intake", pre_intake), ("advies", advice)):
                if wanted:
                    prefix = "p" if mode == "pre_intake" else "a"
                    talk = self.conversation(
                        f"{GENERATED_PREFIX}{prefix}-{number:05d}", mode, profile
                    )
                    if talk is not None:
                        yield talk
        for number in range(max(1, self.applicants // 15)):
            talk = self.conversation(f"{GENERATED_PREFIX}o-{number:05d}", "oefenen", self.profile())
            if talk is not None:
                yield talk


def remove(database_url: str | None = None, tracker_store_url: str | None = None) -> int:
    """Delete every generated conversation (ids ``gen-…``) from both stores; returns how many."""
    pattern = f"{GENERATED_PREFIX}%"
    with get_engine(database_url).begin() as connection:
        removed = connection.execute(
            delete(Conversation.__table__).where(Conversation.__table__.c.id.like(pattern))
        ).rowcount
    engine = create_engine(tracker_store_url or get_settings().tracker_store_url, future=True)
    try:
        with engine.begin() as connection:
            if engine.dialect.has_table(connection, "events"):
                connection.execute(delete(events).where(events.c.sender_id.like(pattern)))
            if engine.dialect.has_table(connection, turn_counts.name):
                connection.execute(delete(turn_counts).where(turn_counts.c.sender_id.like(pattern)))
    finally:
        engine.dispose()
    return int(removed or 0)


def generate(
    year: int,
    applicants: int,
    *,
    seed: int = 14,
    database_url: str | None = None,
    tracker_store_url: str | None = None,
    now: dt.datetime | None = None,
) -> Generated:
    """Replace the generated conversations with a new school year of them."""
    remove(database_url, tracker_store_url)
    generator = Generator(year, applicants, seed, now or utcnow())
    result = Generated()
    tracker = create_engine(tracker_store_url or get_settings().tracker_store_url, future=True)
    try:
        tracker_metadata.create_all(tracker)  # only when Rasa never made it
        ensure_turn_counts(tracker)  # what the tracker store class makes when Rasa starts
        batch: list[Conversing] = []
        for talk in generator.conversations():
            batch.append(talk)
            if len(batch) >= CHUNK:
                _write(batch, database_url, tracker, result)
                batch = []
        _write(batch, database_url, tracker, result)
        for engine in (get_engine(database_url), tracker):
            _analyse(engine)
    finally:
        tracker.dispose()
    return result


def _analyse(engine: Any) -> None:
    """PostgreSQL plans by its statistics; after a bulk load they are missing until ANALYZE."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")


def _write(
    batch: list[Conversing], database_url: str | None, tracker: Any, result: Generated
) -> None:
    if not batch:
        return
    with session_scope(database_url) as session:
        session.add_all([talk.conversation for talk in batch])
        session.flush()
        session.add_all([row for talk in batch for row in talk.rows])
    turns = [turn for talk in batch for turn in talk.turns]
    # What the tracker store keeps as turns are written: each conversation's counts.
    counts: dict[str, TurnCount] = {}
    for turn in turns:
        counts.setdefault(turn["sender_id"], TurnCount()).add(
            turn["type_name"], turn["intent_name"], turn["action_name"], turn["timestamp"]
        )
    with tracker.begin() as connection:
        connection.execute(events.insert(), turns)
        add_turn_counts(connection, counts)
    for talk in batch:
        result.practice += bool(talk.conversation.practice)
        result.conversations += not talk.conversation.practice
        result.answers += sum(isinstance(row, Answer) for row in talk.rows)
        result.handovers += sum(isinstance(row, Handover) for row in talk.rows)
    result.events += len(turns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.schooljaar_generator",
        description="Vul de database met een schooljaar gegenereerde gesprekken (ids gen-…).",
    )
    parser.add_argument(
        "--year", type=int, default=utcnow().year, help="het jaar waarin het schooljaar eindigt"
    )
    parser.add_argument(
        "--applicants", type=int, default=2000, help="aantal aanmelders (standaard 2000)"
    )
    parser.add_argument("--seed", type=int, default=14, help="zelfde getal: dezelfde gesprekken")
    parser.add_argument(
        "--remove", action="store_true", help="verwijder alle gegenereerde gesprekken"
    )
    args = parser.parse_args(argv)
    if args.remove:
        print(f"Verwijderd: {remove()} gegenereerde gesprekken.")
        return 0
    if args.applicants < 1 or not 2000 <= args.year <= 2100:
        parser.error("kies minstens 1 aanmelder en een jaar tussen 2000 en 2100")
    made = generate(args.year, args.applicants, seed=args.seed)
    print(
        f"Gegenereerd voor schooljaar {args.year - 1}–{args.year}: {made.conversations} gesprekken"
        f" ({made.practice} oefengesprekken apart), {made.answers} antwoorden,"
        f" {made.handovers} overdrachten, {made.events} gebeurtenissen in de tracker store."
        " Verwijderen: python -m tools.schooljaar_generator --remove"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
