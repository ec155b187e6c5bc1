"""The dashboard's aggregate queries agree with counts made directly from the rows, in Python.

The reference counts below read every row of the tables and count them here, so a wrong
join, filter or grouping in :mod:`bot.dashboard.queries` shows up as a difference. Runs on
SQLite and PostgreSQL with the same generated school year.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot.dashboard.period import Period, make_period
from bot.dashboard.queries import read_figures
from bot.store.db import get_engine
from bot.store.decision_partners import partner_words
from bot.store.erasure import erase_conversation
from bot.store.models import Answer, Conversation, Feedback, Handover, Suggestion
from tests.dashboard.conftest import Stores
from tools.schooljaar_generator import remove

ZONE = ZoneInfo("Europe/Amsterdam")
YEAR = make_period("schooljaar", dt.date(2026, 3, 1), ZONE)
MARCH = make_period("maand", dt.date(2026, 3, 1), ZONE)


def _rows(url: str, model: object) -> list[sa.engine.Row]:
    with get_engine(url).connect() as connection:
        return list(connection.execute(sa.select(model.__table__)))  # type: ignore[attr-defined]


def _in(period: Period, moment: dt.datetime) -> bool:
    start, end = period.bounds()
    return start <= moment < end


class Reference:
    """Counts made from the rows themselves."""

    def __init__(self, stores: Stores, period: Period) -> None:
        url = stores.database_url
        conversations = {c.id: c for c in _rows(url, Conversation) if _in(period, c.created_at)}
        self.real = {i for i, c in conversations.items() if not c.practice}
        self.mode = {i: c.mode or "advies" for i, c in conversations.items()}
        self.totals = Counter((bool(c.practice), c.mode) for c in conversations.values())
        self.handovers = [h for h in _rows(url, Handover) if h.conversation_id in self.real]
        self.practice_handovers = [
            h
            for h in _rows(url, Handover)
            if h.conversation_id in conversations and h.conversation_id not in self.real
        ]
        self.answers = [a for a in _rows(url, Answer) if a.conversation_id in conversations]
        self.suggestions = [s for s in _rows(url, Suggestion) if s.conversation_id in self.real]
        self.feedback = [f for f in _rows(url, Feedback) if f.conversation_id in self.real]
        engine = sa.create_engine(stores.tracker_store_url)
        with engine.connect() as connection:
            self.events = [
                e
                for e in connection.execute(sa.text("SELECT sender_id, type_name FROM events"))
                if e.sender_id in self.real
            ]
        engine.dispose()

    def value(self, answer: sa.engine.Row) -> object:
        return answer.value  # the JSON column hands back the value itself


def test_the_figures_match_counts_made_from_the_rows(generated: Stores) -> None:
    for period in (YEAR, MARCH):
        figures = read_figures(period, None, generated.database_url, generated.tracker_store_url)
        ref = Reference(generated, period)
        assert sum(figures.totals.values()) == sum(ref.totals.values()) > 0
        assert dict(figures.totals) == {(p, m): n for (p, m), n in ref.totals.items()}
        assert sum(sum(b.values()) for b in figures.per_bucket.values()) == sum(ref.totals.values())

        reached: dict[tuple[str, str], set[str]] = {}
        for h in ref.handovers:
            reached.setdefault((ref.mode[h.conversation_id], h.decision_point), set()).add(
                h.conversation_id
            )
        assert dict(figures.reached) == {key: len(ids) for key, ids in reached.items()}

        herkomst = {
            a.conversation_id: ref.value(a) for a in ref.answers if a.question == "herkomst"
        }
        routes: dict[tuple[str, str], set[str]] = {}
        for h in ref.handovers:
            if h.decision_point == "leerroute" and h.decision is not None:
                origin = str(herkomst.get(h.conversation_id, "onbekend"))
                routes.setdefault((h.decision, origin), set()).add(h.conversation_id)
        assert dict(figures.routes) == {key: len(ids) for key, ids in routes.items()}

        suggested: dict[str, set[str]] = {}
        for s in ref.suggestions:
            suggested.setdefault(s.partner, set()).add(s.conversation_id)
        assert dict(figures.suggested) == {key: len(ids) for key, ids in suggested.items()}

        takes_over = Counter(
            ref.value(a)
            for a in ref.answers
            if a.question == "overnemende_partner" and a.conversation_id in ref.real
        )
        assert dict(figures.takes_over) == dict(takes_over)
        assert dict(figures.feedback) == dict(Counter(f.answer for f in ref.feedback))
        assert figures.turns == sum(1 for e in ref.events if e.type_name == "user") > 0
        assert figures.with_turns == len({e.sender_id for e in ref.events})


def test_partners_named_in_decisions_match_a_word_search_in_python(generated: Stores) -> None:
    figures = read_figures(YEAR, None, generated.database_url)
    ref = Reference(generated, YEAR)
    named: dict[str, set[str]] = {}
    for h in ref.handovers:
        if h.decided_at is None or h.decision_point == "leerroute":
            continue
        words = f"{h.decision or ''} {h.note or ''}".lower()
        for mark in ',.;:()/!?"\n':
            words = words.replace(mark, " ")
        for partner, terms in partner_words().items():
            if any(f" {term} " in f" {words} " for term in terms):
                named.setdefault(partner, set()).add(h.conversation_id)
    assert {k: n for k, n in figures.named.items() if n} == {k: len(v) for k, v in named.items()}
    assert sum(figures.named.values()) > 0


def test_parts_and_stops_match_the_answers(generated: Stores) -> None:
    from bot.knowledge import load_knowledge

    figures = read_figures(YEAR, None, generated.database_url)
    ref = Reference(generated, YEAR)
    part_of = {key: q.part for key, q in load_knowledge().questions.items()}
    conversations_of = {a.conversation_id for a in ref.answers}
    practice = {c for c in conversations_of if c not in ref.real}
    parts: dict[tuple[bool, str, str], set[str]] = {}
    for a in ref.answers:
        part = part_of[a.question]
        if part != "start":
            key = (a.conversation_id in practice, ref.mode[a.conversation_id], part)
            parts.setdefault(key, set()).add(a.conversation_id)
    assert dict(figures.parts) == {key: len(ids) for key, ids in parts.items()}

    ended = {
        h.conversation_id
        for h in ref.handovers
        if h.decision_point in ("leerroute", "ondersteuning", "vervolg", "pre_intake")
    }
    last: dict[str, tuple[dt.datetime, int, str]] = {}
    for a in ref.answers:
        if a.conversation_id in ref.real and a.conversation_id not in ended:
            last[a.conversation_id] = max(
                last.get(a.conversation_id, (a.answered_at, -1, "")),
                (a.answered_at, a.id, a.question),
            )
    stopped = Counter((ref.mode[c], question) for c, (_, _, question) in last.items())
    assert dict(figures.stopped) == dict(stopped) and stopped


def test_a_team_sees_the_conversations_with_a_hand_over_to_it(generated: Stores) -> None:
    ref = Reference(generated, YEAR)
    for team in ("intake", "loopbaan"):
        ids = {h.conversation_id for h in ref.handovers if h.team == team}
        figures = read_figures(YEAR, team, generated.database_url, generated.tracker_store_url)
        assert sum(n for (practice, _), n in figures.totals.items() if not practice) == len(ids)
        assert figures.with_turns == len(ids) > 0
        points = Counter(
            (ref.mode[c], p)
            for c, p in {
                (h.conversation_id, h.decision_point)
                for h in ref.handovers
                if h.conversation_id in ids
            }
        )
        assert dict(figures.reached) == dict(points)


def test_practice_is_apart_and_an_erased_conversation_leaves_no_trace(generated: Stores) -> None:
    before = read_figures(YEAR, None, generated.database_url, generated.tracker_store_url)
    ref = Reference(generated, YEAR)
    assert ref.practice_handovers, "the generated year has practice hand-overs to leave out"
    assert before.totals[(True, "oefenen")] > 0
    assert all(mode != "oefenen" for mode, _ in before.reached)
    victim = next(h for h in ref.handovers if h.decision_point == "leerroute" and h.decision)
    mode = ref.mode[victim.conversation_id]
    assert erase_conversation(
        victim.conversation_id,
        actor="test",
        via="test",
        database_url=generated.database_url,
        tracker_store_url=generated.tracker_store_url,
    )
    after = read_figures(YEAR, None, generated.database_url, generated.tracker_store_url)
    assert after.totals[(False, mode)] == before.totals[(False, mode)] - 1
    assert after.reached[(mode, "leerroute")] == before.reached[(mode, "leerroute")] - 1
    assert after.with_turns == before.with_turns - 1
    assert sum(after.routes.values()) == sum(before.routes.values()) - 1


def test_remove_deletes_exactly_the_generated_conversations(generated: Stores) -> None:
    from bot.store.repository import repository_scope

    with repository_scope(generated.database_url) as repository:
        repository.ensure_conversation("web-echt", mode="advies", consent=True)
    assert remove(generated.database_url, generated.tracker_store_url) > 0
    ids = {c.id for c in _rows(generated.database_url, Conversation)}
    assert ids == {"web-echt"}
    engine = sa.create_engine(generated.tracker_store_url)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM events")).scalar() == 0
    engine.dispose()
