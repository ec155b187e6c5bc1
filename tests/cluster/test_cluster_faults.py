"""``make run-cluster`` under faults: replicas killed, PostgreSQL restarted, Redis stopped.

Everything goes through HAProxy's web frontend, as a user's browser would. The tests of
this module share one cluster and run in the order written: while one Rasa replica is
being started again after a kill, the next tests use the other.

Figures (printed at the end and quoted in the README): turns answered during each fault,
the seconds until the part was back, and the answers compared with the trackers.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.cluster.conftest import Cluster
from tests.figures import report

pytestmark = pytest.mark.servers

FIGURES: dict[str, object] = {}
GREETING = "Ik ben de assistent voor inclusief advies"
OPENING = (
    "Hallo",
    "ja, dat is goed",
    "nee hoor, ze is ouder",
    "ik ben mentor",
    "ja, de jongere weet ervan en vindt het goed",  # from 16: the young person knows and agrees
)


@dataclass
class WebChat:
    """One young person's chat through the load balancer (the widget's calls)."""

    cluster: Cluster
    state: dict[str, str] = field(default_factory=dict)
    last: list[dict[str, Any]] = field(default_factory=list)

    @property
    def conversation_id(self) -> str:
        return self.state["conversation_id"]

    def post(self, body: dict[str, Any]) -> httpx.Response:
        response = httpx.post(
            f"{self.cluster.web_url}/chat/api/message", json={**body, **self.state}, timeout=90
        )
        data = response.json()
        if "conversation_id" in data:
            self.state = {"conversation_id": data["conversation_id"], "token": data["token"]}
        self.last = data.get("messages") or []
        return response

    def say(self, text: str) -> str:
        response = self.post({"text": text})
        assert response.status_code == 200, response.text
        said = " ".join(message["text"] for message in self.last)
        assert said, f"silence after {text!r}"
        return said

    def buttons(self) -> list[str]:
        return [button["payload"] for message in self.last for button in message["buttons"]]


def _answers(cluster: Cluster, conversation_id: str) -> dict[str, tuple[object, int]]:
    engine = sa.create_engine(cluster.database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT question, value, revision FROM answers WHERE conversation_id = :c"),
                {"c": conversation_id},
            ).all()
    finally:
        engine.dispose()
    return {str(question): (value, int(revision)) for question, value, revision in rows}


def _tracker_slots(cluster: Cluster, conversation_id: str) -> dict[str, Any]:
    response = httpx.get(
        f"{cluster.rasa_url}/conversations/{conversation_id}/tracker",
        params={"token": cluster.env["RASA_TOKEN"]},
        timeout=30,
    )
    response.raise_for_status()
    return dict(response.json()["slots"])


def _restarts(cluster: Cluster) -> int:
    return (cluster.log_dir.parent / "cluster.log").read_text().count("starting it again")


def _post_as_a_browser(client: httpx.Client, path: str, body: dict[str, Any]) -> httpx.Response:
    """POST, sent once more on a new connection if a kept-alive one was closed unanswered.

    Browsers do this (a reused connection that the other side closed before any byte of
    the answer); httpx does not. Each reply must still arrive once: the test counts them.
    """
    try:
        return client.post(path, json=body)
    except httpx.RemoteProtocolError:
        FIGURES["posts sent again after a closed kept-alive connection"] = (
            int(str(FIGURES.get("posts sent again after a closed kept-alive connection", 0))) + 1
        )
        return client.post(path, json=body, headers={"Connection": "close"})


@pytest.fixture(scope="module")
def killed_first(cluster: Cluster) -> dict[str, float]:
    """When rasa-1 was killed (the later test kills rasa-2 once rasa-1 is back)."""
    return {}


def test_a_conversation_goes_on_when_a_rasa_replica_is_killed(
    cluster: Cluster, killed_first: dict[str, float]
) -> None:
    chat = WebChat(cluster)
    for text in OPENING:
        chat.say(text)
    assert "Waar wil je mee beginnen" in " ".join(m["text"] for m in chat.last)
    cluster.kill("rasa-1")
    killed_first["at"] = time.monotonic()
    said = chat.say("welke leerroute past bij haar")
    assert GREETING not in said  # the other replica knew the conversation
    said = chat.say("Ze is 17 en zit op het vso.")
    assert GREETING not in said
    answers = _answers(cluster, chat.conversation_id)
    assert answers, "nothing recorded after the kill"
    assert all(revision == 1 for _, revision in answers.values()), answers
    FIGURES["rasa-1 killed: turns answered by rasa-2"] = 2


def test_live_replies_reach_the_browser_when_either_web_worker_is_killed(
    cluster: Cluster, browser
) -> None:
    from playwright.sync_api import expect

    from tests.browser.test_browser_chat_and_inbox import open_widget_by_keyboard, say

    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{cluster.web_url}/")
    open_widget_by_keyboard(page)
    for text in OPENING[:3]:
        say(page, text)
    say(page, "ik wil met een medewerker praten")
    status = page.locator(".advies-chat__status")
    expect(status).to_contain_text("Een medewerker neemt het gesprek over", timeout=30_000)
    conversation_id = page.evaluate(
        "JSON.parse(sessionStorage.getItem('adviesChat')).conversationId"
    )
    api = httpx.Client(base_url=cluster.web_url, headers=cluster.api_headers, timeout=30)
    handovers = api.get("/api/handovers", params={"status": "open"}).json()["handovers"]
    [case] = [h for h in handovers if h["conversation_id"] == conversation_id]
    assert api.post(f"/api/handovers/{case['id']}/take", json={}).status_code == 200
    lines = page.locator(".advies-chat__msg--professional")
    for number, worker in enumerate(("web-1", "web-2"), start=1):
        cluster.wait_until_up("web-1")  # the one killed before is back: never both down
        cluster.wait_until_up("web-2")
        cluster.kill(worker)
        text = f"Bericht {number} van de medewerker, na het stoppen van {worker}."
        reply = _post_as_a_browser(api, f"/api/handovers/{case['id']}/reply", {"text": text})
        assert reply.status_code == 201, reply.text
        expect(lines.last).to_contain_text(text, timeout=30_000)
    assert lines.count() == 2  # each reply once, none lost or doubled by the reconnects
    api.close()
    context.close()
    FIGURES["web workers killed: live replies shown"] = "2 of 2"


def test_the_user_hears_even_geduld_when_the_action_servers_are_down(cluster: Cluster) -> None:
    chat = WebChat(cluster)
    for text in OPENING:
        chat.say(text)
    chat.say("welke leerroute past bij haar")
    before = _answers(cluster, chat.conversation_id)
    cluster.kill("actions-1")
    cluster.kill("actions-2")
    response = chat.post({"text": "Ze is 17 en zit op het vso."})
    assert response.status_code in (200, 502, 503), response.text
    said = " ".join(m["text"] for m in chat.last) or str(response.json().get("message"))
    assert "even geduld" in said.lower(), said
    assert "/mens_spreken" in chat.buttons()
    assert _answers(cluster, chat.conversation_id) == before  # nothing half-recorded
    started = time.monotonic()
    cluster.wait_until_up("actions-1")
    cluster.wait_until_up("actions-2")
    FIGURES["action servers back after (s)"] = round(time.monotonic() - started, 1)
    chat.say("Ze is 17 en zit op het vso.")
    after = _answers(cluster, chat.conversation_id)
    assert set(after) > set(before), (before, after)  # the answer given after is recorded
    assert all(revision == 1 for _, revision in after.values()), after  # and only once


def test_the_other_rasa_replica_can_be_killed_too(
    cluster: Cluster, killed_first: dict[str, float]
) -> None:
    cluster.wait_until_up("rasa-1")
    if "at" in killed_first:
        FIGURES["rasa-1 back after (s)"] = round(time.monotonic() - killed_first["at"], 1)
    chat = WebChat(cluster)
    for text in OPENING:
        chat.say(text)
    cluster.kill("rasa-2")
    said = chat.say("welke leerroute past bij haar")
    assert GREETING not in said
    assert _answers(cluster, chat.conversation_id)


def test_redis_down_is_said_clearly_and_health_names_it(cluster: Cluster) -> None:
    cluster.wait_until_up("rasa-2")
    chat = WebChat(cluster)
    chat.say("Hallo")
    cluster.redis.stop()
    try:
        health = httpx.get(f"{cluster.web_url}/health", headers=cluster.api_headers, timeout=30)
        assert health.status_code == 503
        assert health.json()["parts"]["live"] == {"up": False, "backend": "redis"}
        response = chat.post({"text": "ja, dat is goed"})
        said = " ".join(m["text"] for m in chat.last) or str(response.json().get("message"))
        assert response.status_code < 500 or "niet bereikbaar" in said, response.text
        FIGURES["Redis down: chat answered with"] = f"HTTP {response.status_code}: {said[:60]}"
    finally:
        cluster.redis.start()
    deadline = time.monotonic() + 60
    while httpx.get(f"{cluster.web_url}/health", timeout=30).status_code != 200:
        assert time.monotonic() < deadline, "the cluster did not recover after Redis came back"
        time.sleep(1)
    chat.say("ja, dat is goed")


def test_conversations_go_on_after_postgresql_restarts(cluster: Cluster) -> None:
    chats = [WebChat(cluster) for _ in range(3)]
    for chat in chats:
        for text in OPENING[:2]:
            chat.say(text)
    restarts_before = (
        (cluster.log_dir.parent / "cluster.log").read_text().count("starting it again")
    )
    cluster.postgres.restart()
    for chat in chats:
        for text in (*OPENING[2:], "welke leerroute past bij haar", "Ze is 17 en zit op het vso."):
            chat.say(text)
    restarts_after = _restarts(cluster)
    assert restarts_after == restarts_before  # no process crashed
    for chat in chats:  # what they said after the restart was recorded
        assert _answers(cluster, chat.conversation_id), chat.conversation_id


def test_fifty_conversations_at_once_without_cross_talk(cluster: Cluster) -> None:
    """Each answer recorded exactly once, and each conversation's answers are its own."""
    ages = [16 + number % 8 for number in range(50)]
    chats = [WebChat(cluster) for _ in ages]
    errors: list[str] = []
    lock = threading.Lock()

    def play(chat: WebChat, age: int) -> None:
        try:
            for text in (
                *OPENING,
                "welke leerroute past bij haar",
                f"Ze is {age} en zit op het vso.",
            ):
                chat.say(text)
        except (AssertionError, httpx.HTTPError, KeyError) as error:
            with lock:
                errors.append(f"{chat.state.get('conversation_id')}: {error}")

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=50) as pool:
        list(pool.map(play, chats, ages))
    FIGURES["50 conversations: seconds"] = round(time.monotonic() - started, 1)
    FIGURES["50 conversations: errors"] = len(errors)
    assert errors == []
    mismatches = []
    for chat, age in zip(chats, ages, strict=True):
        answers = _answers(cluster, chat.conversation_id)
        slots = _tracker_slots(cluster, chat.conversation_id)
        for question, (value, revision) in answers.items():
            if revision != 1:
                mismatches.append(f"{chat.conversation_id} {question}: revision {revision}")
            slot = slots.get(question)
            if slot is not None and str(slot) != str(value):
                mismatches.append(f"{chat.conversation_id} {question}: {value!r} != {slot!r}")
        if str(age) not in str(answers.get("leeftijd", ("",))[0]):
            mismatches.append(f"{chat.conversation_id}: age {age} not recorded: {answers}")
    FIGURES["50 conversations: answers compared"] = sum(
        len(_answers(cluster, chat.conversation_id)) for chat in chats
    )
    assert mismatches == []


def test_print_the_figures() -> None:
    if not FIGURES:
        pytest.skip("no cluster test ran")
    report("cluster fault figures:", *(f"  {name}: {value}" for name, value in FIGURES.items()))
    assert FIGURES
