"""``GET /metrics``: Prometheus figures of the web service, never personal data (issue 13).

Chosen: prometheus-client, the reference client library, so any Prometheus or Grafana Agent
scrapes it without glue. Turn counts, latency and relay errors are measured where the web
service relays a message to Rasa; the hand-over figures and the fallbacks are read from the
databases when scraped, so they are right however many web workers run. Labels are fixed
names (decision points, error kinds), never ids or text. Practice conversations are left out.
Prometheus sends the API token (``authorization: {credentials: …}`` in its scrape config).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response

# No auto_describe: that would call the collectors (and the databases) at import.
REGISTRY = CollectorRegistry(auto_describe=False)

TURNS = Counter("advies_turns", "User messages relayed to Rasa and answered.", registry=REGISTRY)
TURN_SECONDS = Histogram(
    "advies_turn_seconds",
    "Time from relaying a user message to Rasa until its answer.",
    buckets=(0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.5, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)
ERRORS = Counter(
    "advies_errors",
    "Errors by kind (relay to Rasa, timeouts, refused input).",
    ["kind"],
    registry=REGISTRY,
)
# Minutes from the opening of a hand-over until a professional took it.
WAIT_BUCKETS = (60.0, 300.0, 900.0, 1800.0, 3600.0, 4 * 3600.0, 24 * 3600.0, 72 * 3600.0)


@contextmanager
def turn_timer() -> Iterator[None]:
    """Count one answered turn and its latency (a failed relay counts its error itself)."""
    started = time.perf_counter()
    yield
    TURNS.inc()
    TURN_SECONDS.observe(time.perf_counter() - started)


class StoreCollector(Collector):
    """Hand-overs opened, open now and the waiting time to take, read from the project's tables."""

    def collect(self) -> Iterator[Any]:
        from sqlalchemy import func, select

        from bot.store.db import session_scope
        from bot.store.models import Conversation, Handover

        opened = CounterMetricFamily(
            "advies_handovers_opened",
            "Hand-overs opened (real conversations).",
            labels=["decision_point"],
        )
        open_now = GaugeMetricFamily("advies_handovers_open", "Hand-overs waiting to be taken now.")
        wait = HistogramMetricFamily(
            "advies_handover_wait_seconds", "Time from opening a hand-over until it was taken."
        )
        real = Handover.conversation_id.in_(
            select(Conversation.id).where(Conversation.practice.is_(False))
        )
        with session_scope() as session:
            for point, count in session.execute(
                select(Handover.decision_point, func.count())
                .where(real)
                .group_by(Handover.decision_point)
            ):
                opened.add_metric([str(point)], float(count))
            open_now.add_metric(
                [],
                float(
                    session.scalar(
                        select(func.count())
                        .select_from(Handover)
                        .where(real, Handover.status == "open")
                    )
                    or 0
                ),
            )
            waits = [
                (taken - created).total_seconds()
                for created, taken in session.execute(
                    select(Handover.created_at, Handover.taken_at).where(
                        real, Handover.taken_at.is_not(None)
                    )
                )
            ]
        buckets = [
            (str(bound), float(sum(1 for w in waits if w <= bound))) for bound in WAIT_BUCKETS
        ]
        buckets.append(("+Inf", float(len(waits))))
        wait.add_metric([], buckets, sum_value=sum(waits))
        yield from (opened, open_now, wait)


class FallbackCollector(Collector):
    """Turns the assistant could not place, counted in Rasa's tracker store (practice included:
    the tracker store does not know which conversations are practice)."""

    def collect(self) -> Iterator[Any]:
        from sqlalchemy import create_engine, inspect, text

        from bot.settings import get_settings

        family = CounterMetricFamily(
            "advies_fallbacks",
            "Turns the assistant could not place, by how it noticed.",
            labels=["kind"],
        )
        engine = create_engine(get_settings().tracker_store_url, future=True)
        try:
            if inspect(engine).has_table("events"):
                with engine.connect() as connection:
                    for kind, query in (
                        (
                            "nlu_fallback",
                            "SELECT count(*) FROM events WHERE intent_name = 'nlu_fallback'",
                        ),
                        (
                            "opvangen",
                            "SELECT count(*) FROM events"
                            " WHERE action_name = 'action_opvangen_bericht'",
                        ),
                    ):
                        family.add_metric(
                            [kind], float(connection.execute(text(query)).scalar() or 0)
                        )
        finally:
            engine.dispose()
        yield family


REGISTRY.register(StoreCollector())
REGISTRY.register(FallbackCollector())


async def metrics(request: Request) -> Response:
    """The text format Prometheus scrapes, behind the API's bearer token (figures only)."""
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
