"""Item 8 of issue 11: the OpenAPI document at /api/openapi.json is true to the routes."""

from __future__ import annotations

import re

from starlette.routing import Route

from bot.web.api.openapi import DOCUMENT
from bot.web.app import create_app


def _documented() -> set[tuple[str, str]]:
    return {
        (path, method.upper())
        for path, operations in DOCUMENT["paths"].items()
        for method in operations
    }


def _routed() -> set[tuple[str, str]]:
    found = set()
    for route in create_app().routes:
        if not isinstance(route, Route) or route.path == "/api/openapi.json":
            continue
        if route.path.startswith(("/api/", "/chat/api/")):
            # OpenAPI has no converters: "{conversation_id:path}" is "{conversation_id}".
            path = re.sub(r":\w+}", "}", route.path)
            found |= {(path, method) for method in route.methods or () if method != "HEAD"}
    return found


def test_the_document_names_exactly_the_routes() -> None:
    assert _documented() == _routed()


def test_the_document_is_served_without_a_token(web) -> None:
    response = web.get("/api/openapi.json")
    assert response.status_code == 200 and response.json()["openapi"].startswith("3.")
    assert response.json()["paths"].keys() == DOCUMENT["paths"].keys()


def test_every_operation_documents_its_errors_and_the_last_resort() -> None:
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            assert "500" in answers, (method, path)
            if path.startswith("/api/"):
                assert "401" in answers and operation["security"] == [{"bearer": []}]
            for parameter in operation.get("parameters", ()):
                if parameter["schema"].get("type") == "integer" and parameter["in"] == "path":
                    assert parameter["schema"]["maximum"] < 2**63  # bounded, like the code
