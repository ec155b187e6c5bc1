"""What is kept on write for the dashboard agrees with a count made from the rows themselves.

Two things are kept as they are written, so the page need not search or scan at read time:
the partners a decision names (``decision_partners``: the repository, migration 0014, the
generator) and each conversation's turns in Rasa's tracker store (``dashboard_turns``: the
tracker store class, its fill from the events, the generator). Each test below recounts from
the rows (the decisions' words, the events) and fails when the kept values drift, on SQLite
and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered

from bot.dashboard.period import make_period
from bot.dashboard.queries import read_figures
from bot.rasa.tracker_store import MaskingTrackerStore
from bot.store.db import get_engine
from bot.store.decision_partners import partner_words
from bot.store.migrate import alembic_config, downgrade, upgrade
from bot.store.repository import repository_scope
from bot.store.tracker_erasure import ERASE_ACTION, erase_tracker_conversations
from bot.store.tracker_turns import (
    CAUGHT_ACTION,
    MISUNDERSTOOD_INTENTS,
    OLD_TURNS_INDEX,
    TurnCount,
    add_turn_counts,
    ensure_turn_counts,
)
from tests.dashboard.conftest import Stores
from tools.schooljaar_generator import tracker_metadata

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))
NOW_PERIOD = make_period(
    "schooljaar", dt.datetime.now(dt.timezone.utc).date(), ZoneInfo("Europe/Amsterdam")
)
Kept = dict[str, tuple[int, int, int]]


# -- the partners a decision names ---------------------------------------------------------


def _kept_partners(url: str) -> set[tuple[int, str, str]]:
    with get_engine(url).connect() as connection:
        query = sa.text("SELECT handover_id, partner, conversation_id FROM decision_partners")
        return {(int(h), str(p), str(c)) for h, p, c in connection.execute(query)}


def _named_in_decisions(url: str) -> set[tuple[int, str, str]]:
    """A word search of every decided hand-over's decision and note, made here."""
    found = set()
    with get_engine(url).connect() as connection:
        decided = connection.execute(
            sa.text(
                "SELECT id, conversation_id, decision, note FROM handovers"
                " WHERE decided_at IS NOT NULL"
            )
        )
        for handover, conversation, decision, note in decided:
            words = f"{decision or ''} {note or ''}".lower()
            for mark in ',.;:()/!?"\n':
                words = words.replace(mark, " ")
            for partner, terms in partner_words().items():
                if any(f" {term} " in f" {words} " for term in terms):
                    found.add((int(handover), partner, str(conversation)))
    return found


def test_the_generated_decisions_keep_the_partners_they_name(generated: Stores) -> None:
    kept = _kept_partners(generated.database_url)
    assert kept == _named_in_decisions(generated.database_url)
    assert len({partner for _, partner, _ in kept}) > 3


def test_a_recorded_decision_keeps_the_partners_it_names_and_the_page_counts_them(
    generated: Stores,
) -> None:
    url = generated.database_url
    words = partner_words()
    first, second = sorted(words)[:2]
    decision = f"Samen verder met {words[first][0].upper()}."
    note = f"Bel ook ({words[second][-1]}), en nog een keer {words[first][-1]}!"
    before = read_figures(NOW_PERIOD, None, url)
    with repository_scope(url) as repository:
        repository.ensure_conversation("web-besluit", mode="advies", consent=True)
        handover = repository.open_handover("web-besluit", "vervolg", "samenvatting")
        repository.take_handover(handover.id, "kim")
        repository.record_decision(handover.id, decision, note, "kim", taken_by="kim")
    assert _kept_partners(url) == _named_in_decisions(url)
    after = read_figures(NOW_PERIOD, None, url)
    grown = {key: n - before.named[key] for key, n in after.named.items() if n != before.named[key]}
    assert grown == {first: 1, second: 1}


def test_migration_0014_fills_the_partners_from_the_decisions_already_stored(
    generated: Stores,
) -> None:
    url = generated.database_url
    written = _kept_partners(url)
    assert written
    below = ScriptDirectory.from_config(alembic_config(url)).get_revision("0014_decision_partners")
    downgrade(url, str(below.down_revision))
    assert "decision_partners" not in sa.inspect(get_engine(url)).get_table_names()
    upgrade(url)
    assert _kept_partners(url) == written


# -- the turns in Rasa's tracker store -------------------------------------------------------


def _kept_turns(url: str) -> Kept:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT sender_id, turns, misunderstood, caught FROM dashboard_turns")
            )
            return {str(s): (int(t), int(m), int(c)) for s, t, m, c in rows}
    finally:
        engine.dispose()


def _counted_from_events(url: str) -> Kept:
    """Per conversation, its user events, misunderstood ones and caught actions, counted here."""
    counts: dict[str, Counter[str]] = {}
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            query = sa.text("SELECT sender_id, type_name, intent_name, action_name FROM events")
            for sender, kind, intent, action in connection.execute(query):
                count = counts.setdefault(str(sender), Counter())
                count["turns"] += kind == "user"
                count["misunderstood"] += kind == "user" and intent in MISUNDERSTOOD_INTENTS
                count["caught"] += kind == "action" and action == CAUGHT_ACTION
    finally:
        engine.dispose()
    return {
        sender: (c["turns"], c["misunderstood"], c["caught"])
        for sender, c in counts.items()
        if c["turns"] or c["caught"]
    }


def test_the_generated_turns_are_kept_per_conversation(generated: Stores) -> None:
    kept = _kept_turns(generated.tracker_store_url)
    assert kept == _counted_from_events(generated.tracker_store_url)
    assert sum(m for _, m, _ in kept.values()) > 0 and sum(c for *_, c in kept.values()) > 0


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database for Rasa's tracker store."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return str(request.getfixturevalue("postgres").database_url("turns"))


def _user(intent: str) -> UserUttered:
    return UserUttered("hoi", parse_data={"intent": {"name": intent, "confidence": 1.0}})


async def _turns(store: MaskingTrackerStore, sender: str, intents: list[str]) -> None:
    for intent in intents:
        tracker = await store.get_or_create_tracker(sender)
        tracker.update(_user(intent))
        caught = intent == "informeren"
        tracker.update(ActionExecuted(CAUGHT_ACTION if caught else "action_vragen"))
        if intent == "verwijderen":
            tracker.update(ActionExecuted(ERASE_ACTION))
        await store.save(tracker)


def test_the_tracker_store_keeps_each_turn_as_it_writes_it(tracker_url: str) -> None:
    store = MaskingTrackerStore(domain=DOMAIN, host=tracker_url)
    asyncio.run(_turns(store, "a", ["bevestigen", "nlu_fallback", "informeren", "bevestigen"]))
    asyncio.run(_turns(store, "b", ["buiten_bereik", "bevestigen"]))
    asyncio.run(_turns(store, "c", ["bevestigen", "verwijderen"]))  # erased in the chat
    kept = _kept_turns(tracker_url)
    assert kept == _counted_from_events(tracker_url)
    assert kept == {"a": (4, 1, 1), "b": (2, 1, 0)}
    asyncio.run(_turns(store, "b", ["nlu_fallback"]))  # a later turn adds to the row
    assert erase_tracker_conversations(tracker_url, ["a"]) == {"a"}
    assert _kept_turns(tracker_url) == _counted_from_events(tracker_url) == {"b": (3, 2, 0)}
    store.engine.dispose()


def test_a_tracker_store_with_events_is_filled_once_when_rasa_starts(tracker_url: str) -> None:
    engine = sa.create_engine(tracker_url)
    try:
        tracker_metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(
                tracker_metadata.tables["events"].insert(),
                [
                    {"sender_id": s, "type_name": k, "intent_name": i, "action_name": a}
                    for s, k, i, a in [
                        ("x", "user", "nlu_fallback", None),
                        ("x", "action", None, CAUGHT_ACTION),
                        ("x", "user", "bevestigen", None),
                        ("y", "action", None, "action_listen"),
                        ("z", "user", "buiten_bereik", None),
                    ]
                ],
            )
            connection.exec_driver_sql(f"CREATE INDEX {OLD_TURNS_INDEX} ON events (sender_id)")
        ensure_turn_counts(engine)
        ensure_turn_counts(engine)  # a second replica finds it made and adds nothing
        assert _kept_turns(tracker_url) == _counted_from_events(tracker_url)
        assert _kept_turns(tracker_url) == {"x": (2, 1, 1), "z": (1, 1, 0)}
        indexes = {index["name"] for index in sa.inspect(engine).get_indexes("events")}
        assert OLD_TURNS_INDEX not in indexes  # the index the page read before is not kept up
    finally:
        engine.dispose()


def test_replicas_that_add_at_once_lose_no_count(tracker_url: str) -> None:
    sqlite = tracker_url.startswith("sqlite")
    engine = sa.create_engine(
        tracker_url, **({"connect_args": {"timeout": 30}} if sqlite else {"pool_size": 8})
    )
    ensure_turn_counts(engine)
    writers, rounds = 6, 15

    def write() -> None:
        for _ in range(rounds):
            with engine.begin() as connection:
                add_turn_counts(connection, {"samen": TurnCount(turns=1, caught=1, last_at=1.0)})

    threads = [threading.Thread(target=write) for _ in range(writers)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert _kept_turns(tracker_url) == {"samen": (writers * rounds, 0, writers * rounds)}
    finally:
        engine.dispose()
