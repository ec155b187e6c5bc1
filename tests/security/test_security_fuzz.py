"""Fuzzing the in-process app and property tests on the cleaning and answer normalisation.

Prints the counts issue 11 asks for: requests tried, 5xx seen, injections that got through.
Bounded (``max_examples``) so it stays a few seconds in ``make test``.
"""

from __future__ import annotations

import json
import unicodedata
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from bot.knowledge import load_knowledge
from bot.knowledge.normalise import normalise as normalise_answer
from bot.untrusted import SLASH_LOOKALIKES, looks_like_command, normalise, without_command
from bot.web.api.openapi import DOCUMENT
from bot.web.chat import relay as chat
from bot.web.http.guard import _depth
from tests.figures import report
from tests.web.conftest import open_test_handover

COUNTS = {"requests": 0, "5xx": 0, "injections": 0, "conform": 0}
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SLASHES = st.sampled_from(["/", "／", "∕", "⁄", "⧸", "\u200b/", "\ufeff/", " /", "\u2060/"])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _nesting(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_nesting(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_nesting(item) for item in value.values()), default=0)
    return 0


# -- properties ------------------------------------------------------------------------------


@given(st.text())
def test_normalised_text_has_no_invisible_or_control_characters(text: str) -> None:
    cleaned = normalise(text)
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs") or c in "\n\t" for c in cleaned)
    assert not (set(cleaned) & SLASH_LOOKALIKES)
    assert normalise(cleaned) == cleaned


@given(SLASHES, st.text(max_size=30))
def test_no_slash_look_alike_survives_as_a_command(slash: str, rest: str) -> None:
    typed = slash + rest
    assert looks_like_command(typed)
    assert not without_command(typed).startswith("/")
    assert not looks_like_command(without_command(typed))


@given(json_values)
def test_the_depth_scan_matches_the_real_nesting(value: object) -> None:
    assert _depth(json.dumps(value)) == _nesting(value)


QUESTIONS = sorted(load_knowledge().questions)


@given(st.sampled_from(QUESTIONS), json_values)
def test_answer_normalisation_only_refuses_with_a_value_error(question: str, raw: object) -> None:
    try:
        value = normalise_answer(question, raw)
    except ValueError as refused:
        assert str(refused)  # a Dutch message for the user
        return
    assert isinstance(value, (str, int, list))


# -- fuzzing the app -------------------------------------------------------------------------


@pytest.fixture
def fuzzed(web, monkeypatch) -> TestClient:
    for name in ("MESSAGES_PER_CLIENT", "MESSAGES_PER_CONVERSATION", "NEW_CONVERSATIONS"):
        monkeypatch.setenv(f"BOT_LIMIT_{name}", "100000/60")
    return TestClient(web.app, raise_server_exceptions=False)


@pytest.fixture
def handover(web) -> int:
    return open_test_handover(chat.new_conversation_id())


def _count(response, method: str, template: str) -> None:
    """Count the request; no 5xx, and the answer is one the OpenAPI document names."""
    COUNTS["requests"] += 1
    if response.status_code >= 500:
        COUNTS["5xx"] += 1
    assert response.status_code < 500, response.text
    documented = DOCUMENT["paths"][template][method]["responses"]
    assert str(response.status_code) in documented, (method, template, response.status_code)
    if response.status_code >= 400:
        assert set(response.json()) >= {"error", "message"}
    COUNTS["conform"] += 1


@FUZZ
@given(
    body=json_values,
    raw=st.binary(max_size=200),
    kind=st.sampled_from(
        [
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded",
            "",
            "application/json; charset=latin-1",
        ]
    ),
)
def test_the_chat_api_never_answers_5xx(fuzzed, body, raw: bytes, kind: str) -> None:
    headers = {"Content-Type": kind} if kind else {}
    chat_api = ("post", "/chat/api/message")
    _count(
        fuzzed.post("/chat/api/message", content=json.dumps(body).encode(), headers=headers),
        *chat_api,
    )
    _count(fuzzed.post("/chat/api/message", content=raw, headers=headers), *chat_api)


@FUZZ
@given(
    slash=SLASHES,
    command=st.sampled_from(
        ["restart", "EXTERNAL_besluit", "session_start", "bevestigen", 'informeren{"waarde": "x"}']
    ),
    noise=st.text(max_size=5),
)
def test_no_typed_command_reaches_rasa(web, fuzzed, slash: str, command: str, noise: str) -> None:
    started = fuzzed.post("/chat/api/message", json={"text": "hoi"}).json()
    body = {**started, "text": noise + slash + command}
    body.pop("messages"), body.pop("handover")
    _count(fuzzed.post("/chat/api/message", json=body), "post", "/chat/api/message")
    for _, sent in web.rasa.sent:
        if normalise(sent).strip().startswith("/"):
            COUNTS["injections"] += 1
    assert COUNTS["injections"] == 0


@FUZZ
@given(
    path_id=st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70).map(str), st.text(max_size=12)
    ),
    body=json_values,
    token=st.sampled_from(["Bearer token", "Bearer fout", "Bearer tökén", "", "token"]),
    action=st.sampled_from(["take", "release", "reply", "decision"]),
)
def test_the_json_api_never_answers_5xx(
    fuzzed, path_id: str, body, token: str, action: str
) -> None:
    headers = {"Authorization": token.encode("utf-8")} if token else {}
    safe = quote(path_id, safe="") or "x"
    raw = json.dumps(body).encode()  # also Infinity and NaN, which Python's parser reads
    headers_json = {**headers, "Content-Type": "application/json"}
    answer = fuzzed.post(f"/api/handovers/{safe}/{action}", content=raw, headers=headers_json)
    _count(answer, "post", f"/api/handovers/{{handover_id}}/{action}")
    answer = fuzzed.get(f"/api/conversations/{safe}", headers=headers)
    _count(answer, "get", "/api/conversations/{conversation_id}")
    answer = fuzzed.get("/api/handovers", params={"status": path_id}, headers=headers)
    _count(answer, "get", "/api/handovers")


def test_print_the_fuzzing_counts() -> None:
    report(
        f"\nfuzzing: {COUNTS['requests']} requests tried, {COUNTS['5xx']} 5xx seen, "
        f"{COUNTS['injections']} injections through, "
        f"{COUNTS['conform']} answers as the OpenAPI document says"
    )
    assert COUNTS["5xx"] == 0 and COUNTS["injections"] == 0


@pytest.mark.parametrize("path_id", [".", "a/b", "..", "%2e"])
def test_ids_with_a_slash_or_a_dot_get_a_documented_answer(fuzzed, path_id: str) -> None:
    """Found by the fuzzer: "." and "a/b" route to another address, which answers 405."""
    safe = quote(path_id, safe="")
    for headers in ({"Authorization": "Bearer token"}, {}):
        answer = fuzzed.get(f"/api/conversations/{safe}", headers=headers)
        _count(answer, "get", "/api/conversations/{conversation_id}")


def test_slashes_with_white_space_between_them_are_all_removed() -> None:
    # found by the property above: "/\n/" left a "/" behind
    assert without_command("/\n/") == ""
    assert without_command(" / /start") == "start"
