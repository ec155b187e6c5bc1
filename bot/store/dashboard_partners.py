"""Per conversation and partner: how often suggested and named in decisions, for the dashboard.

The dashboard shows per partner in how many conversations the assistant suggested it and in
how many a professional's decision named it. Counting the distinct (conversation, partner)
pairs of a region's year of suggestions and named partners cost 150–300 ms of each page on
PostgreSQL; the repository now adds to one row per conversation and partner in the same
transaction as the suggestions it writes or removes
(:meth:`bot.store.answers.AnswerStore.record_suggestions`,
:meth:`bot.store.handovers.HandoverStore.replace_suggestions`) and as a decision is recorded
(:meth:`bot.store.handovers.HandoverStore.record_decision`: the partners it names,
:mod:`bot.store.decision_partners`, at every decision point but ``leerroute``, whose decision
is a route). Migration 0015 filled it from the rows already stored; the generator writes it.

Counts are added with an atomic ``INSERT … ON CONFLICT … DO UPDATE SET suggested =
suggested + …`` (SQLite and PostgreSQL), so writers that meet on one conversation never lose
each other's rows, also when one removes what the other adds. The page counts the rows whose
count is above 0, so a row whose suggestions were all removed again is not counted.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import text
from sqlalchemy.orm import Session

TABLE = "dashboard_partners"
# The decision point whose decision is a route: it names no partner on the dashboard.
ROUTE_POINT = "leerroute"
_ADD_SQL = text(
    f"INSERT INTO {TABLE} (conversation_id, partner, suggested, named)"
    " VALUES (:conversation_id, :partner, :suggested, :named)"
    " ON CONFLICT (conversation_id, partner) DO UPDATE SET"
    f" suggested = {TABLE}.suggested + excluded.suggested,"
    f" named = {TABLE}.named + excluded.named"
)
# From the rows themselves: migration 0015's fill, and the tests' reference.
COUNT_PARTNERS_SQL = (
    "SELECT conversation_id, partner, SUM(suggested), SUM(named) FROM ("
    " SELECT conversation_id, partner, 1 AS suggested, 0 AS named FROM suggestions"
    " UNION ALL"
    " SELECT decision_partners.conversation_id, decision_partners.partner, 0, 1"
    " FROM decision_partners JOIN handovers ON handovers.id = decision_partners.handover_id"
    f" WHERE handovers.decision_point <> '{ROUTE_POINT}'"
    ") AS counted GROUP BY conversation_id, partner"
)


def add_partner_counts(
    session: Session,
    conversation_id: str,
    suggested: Counter[str] | None = None,
    named: Counter[str] | None = None,
) -> None:
    """Add suggestion rows (negative: removed) and naming decisions per partner, in the
    session's transaction."""
    suggested, named = suggested or Counter(), named or Counter()
    rows = [
        {
            "conversation_id": conversation_id,
            "partner": partner,
            "suggested": suggested[partner],
            "named": named[partner],
        }
        for partner in sorted(set(suggested) | set(named))
        if suggested[partner] or named[partner]
    ]
    if rows:
        session.flush()  # the suggestion rows (and a new conversation) first
        session.execute(_ADD_SQL, rows)
