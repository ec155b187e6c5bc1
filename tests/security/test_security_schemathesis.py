"""Item 8 of issue 11: schemathesis fuzzes the app against its own OpenAPI document.

The document is loaded from ``/api/openapi.json`` of the app itself and every operation in it
is called in-process (ASGI, no socket), once with the API token and once without it (no
header, or the random bearer values schemathesis makes): positive and negative data, a bounded
number of examples per operation. Every answer must be below 500 and match the document:
a documented status, the documented content type, a body that fits the schema. The counts are
printed by the last test of this file.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.testclient import TestClient

from bot.web.api.openapi import CONVERSATION_ID
from bot.web.chat import relay as chat
from tests.figures import report
from tests.web.conftest import open_test_handover

EXAMPLES = 20  # per operation and token state: about 500 requests, some 20 s on this machine
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
COUNTS: dict[str, Any] = {"requests": 0, "5xx": 0, "nonconforming": 0, "by_token": {}}
STATUSES: Counter[tuple[str, int]] = Counter()  # (operation, status) seen
TOKENS = {"met token": {"Authorization": "Bearer token"}, "zonder token": {}}


@pytest.fixture(params=sorted(TOKENS))
def token_state(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def api_schema(web: TestClient, monkeypatch: pytest.MonkeyPatch, token_state: str) -> Any:
    """The document as the app serves it, bound to the app of the ``web`` fixture."""
    for name in ("MESSAGES_PER_CLIENT", "MESSAGES_PER_CONVERSATION", "NEW_CONVERSATIONS"):
        monkeypatch.setenv(f"BOT_LIMIT_{name}", "100000/60")
    web.hub.closing = True  # a stream with a valid token ends after its history
    # Something to find: hand-overs with small ids, and the document's example conversation.
    open_test_handover(CONVERSATION_ID["example"])
    for _ in range(2):
        open_test_handover(chat.new_conversation_id())
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", web.app)
    schema.config.generation.update(max_examples=EXAMPLES, database="none")
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_below_500_and_as_documented(case: Any, token_state: str) -> None:
    response = case.call(headers=TOKENS[token_state])
    COUNTS["requests"] += 1
    COUNTS["by_token"][token_state] = COUNTS["by_token"].get(token_state, 0) + 1
    STATUSES[(case.operation.label, response.status_code)] += 1
    if response.status_code >= 500:
        COUNTS["5xx"] += 1
    try:
        case.validate_response(response, checks=CHECKS)
    except (FailureGroup, Exception):  # FailureGroup is a BaseExceptionGroup
        COUNTS["nonconforming"] += 1
        raise


def test_print_the_schemathesis_counts() -> None:
    by_token = ", ".join(f"{count} {state}" for state, count in sorted(COUNTS["by_token"].items()))
    report(
        f"\nschemathesis: {COUNTS['requests']} requests tried ({by_token}), "
        f"{COUNTS['5xx']} 5xx, {COUNTS['nonconforming']} not as the document says"
    )
    succeeded = sorted({label for label, status in STATUSES if status < 300})
    report(f"operations answered 2xx at least once: {len(succeeded)}: {', '.join(succeeded)}")
    report(f"distinct (operation, status) pairs seen: {len(STATUSES)}")
    assert COUNTS["requests"] > 0, "schemathesis did not run"
    assert set(COUNTS["by_token"]) == set(TOKENS)
    assert COUNTS["5xx"] == 0 and COUNTS["nonconforming"] == 0
