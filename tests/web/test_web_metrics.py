"""``GET /metrics``: figures from the real tables, practice left out, no personal data."""

from __future__ import annotations

import re

from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from bot.store.repository import repository_scope
from bot.web.http import metrics
from tests.web.conftest import open_test_handover

AUTH = {"Authorization": "Bearer token"}


def _samples(client: TestClient) -> dict[str, float]:
    assert client.get("/metrics").status_code == 401  # figures only for the token's holder
    response = client.get("/metrics", headers=AUTH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            found[f"{sample.name}{{{labels}}}"] = sample.value
    return found


def test_hand_overs_are_counted_without_practice_and_without_ids(web: TestClient) -> None:
    taken = open_test_handover("web-metrics-een", "leerroute")
    open_test_handover("web-metrics-twee", "vervolg")
    with repository_scope() as repository:
        repository.ensure_conversation("oefen-metrics", mode="advies", practice=True)
        repository.open_handover("oefen-metrics", "leerroute", "Oefening.", [])
        repository.take_handover(taken, "anna")

    samples = _samples(web)
    assert samples["advies_handovers_opened_total{decision_point=leerroute}"] == 1
    assert samples["advies_handovers_opened_total{decision_point=vervolg}"] == 1
    assert samples["advies_handovers_open{}"] == 1
    assert samples["advies_handover_wait_seconds_count{}"] == 1
    assert samples["advies_handover_wait_seconds_bucket{le=+Inf}"] == 1
    text = web.get("/metrics", headers=AUTH).text
    assert not re.search(r"web-metrics|oefen-metrics|anna|Leeftijd", text)


def test_turns_and_relay_errors_are_counted(web: TestClient) -> None:
    before = _samples(web)
    with metrics.turn_timer():
        pass
    metrics.ERRORS.labels(kind="rasa_ReadTimeout").inc()
    after = _samples(web)
    assert after["advies_turns_total{}"] == before.get("advies_turns_total{}", 0) + 1
    assert after["advies_turn_seconds_count{}"] == before.get("advies_turn_seconds_count{}", 0) + 1
    assert after["advies_errors_total{kind=rasa_ReadTimeout}"] >= 1


def test_fallbacks_are_read_from_the_tracker_store(web: TestClient) -> None:
    import os

    from sqlalchemy import create_engine, text

    engine = create_engine(os.environ["TRACKER_STORE_URL"], future=True)
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE events (id INTEGER PRIMARY KEY, intent_name TEXT, action_name TEXT)")
        )
        connection.execute(
            text("INSERT INTO events (intent_name, action_name) VALUES (:i, :a)"),
            [
                {"i": "nlu_fallback", "a": None},
                {"i": None, "a": "action_opvangen_bericht"},
                {"i": None, "a": "action_opvangen_bericht"},
                {"i": "begroeten", "a": None},
            ],
        )
    engine.dispose()
    samples = _samples(web)
    assert samples["advies_fallbacks_total{kind=nlu_fallback}"] == 1
    assert samples["advies_fallbacks_total{kind=opvangen}"] == 2
