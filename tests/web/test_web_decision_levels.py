"""A route decision may name its level (entree, niveau 2–4); the API and its document say so."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.web.test_web_api import ANNA, AUTH, _handover_id, _take, client  # noqa: F401


def test_a_route_decision_with_a_level_is_accepted_and_a_wrong_level_refused(
    client: TestClient,  # noqa: F811
) -> None:
    handover_id = _handover_id(client)
    _take(client, handover_id)
    url = f"/api/handovers/{handover_id}/decision"
    wrong = client.post(url, json={"decision": "mbo_diploma:niveau_9", **ANNA}, headers=AUTH)
    assert wrong.status_code == 422 and "mbo_diploma:niveau_2" in wrong.json()["message"]
    done = client.post(url, json={"decision": "mbo_diploma:niveau_2", **ANNA}, headers=AUTH)
    assert done.status_code == 200, done.text
    assert done.json()["handover"]["decision"] == "mbo_diploma:niveau_2"


def test_the_openapi_document_describes_the_decision_per_decision_point(
    client: TestClient,  # noqa: F811
) -> None:
    document = client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/handovers/{handover_id}/decision"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    described = schema["properties"]["decision"]["description"]
    for word in ("leerroute", "mbo_diploma", "certificaat", "praktijkverklaring", "entree"):
        assert word in described, word
    for point in ("ondersteuning", "vervolg", "pre_intake", "op_verzoek", "niet_begrepen"):
        assert point in described, point
    assert "niveau_4" in described
