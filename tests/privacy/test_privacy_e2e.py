"""Nothing raw at rest: a conversation full of personal data, then every table and the logs.

Starts the three processes (as ``make run`` does) on SQLite and on PostgreSQL, runs a
pre-intake conversation with names, phone numbers, e-mail, addresses, postcodes, dates of
birth, BSN, onderwijsnummer and IBAN in free text and in answers, a message during the
hand-over, and the team's decision. Then it reads every row of every table of the
project's database and of Rasa's tracker store, the API transcript and the logs: none of
the raw values may be there, except the ``contact`` answer, once, in the answers table.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest

from tests.conftest import PROJECT_ROOT, RunningServers, _free_port, _wait_for_health
from tests.e2e.chat import Chat
from tests.privacy.conftest import dump_database

pytestmark = pytest.mark.servers

# ``make run``'s own code, with a longer start-up limit than its 180 s: on a busy 2-core
# machine Rasa alone may need several minutes to load the model.
LAUNCH = (
    "import bot.runtime.processes as p; p.Supervisor.wait_until_ready.__defaults__ = (900.0,);"
    " from bot.runtime.run import main; raise SystemExit(main())"
)

CONTACT = "0687654321"
# Raw values the user types; none may be stored or logged.
RAW = [
    "Xandrix",
    "Bouwhuis",
    "Tesselien",
    "Wiegersma",
    "Berend",
    "Zwartkruis",
    "0612349876",
    "xandrix.b@gmail,com",
    "Dreef 12",
    "6821 ab",
    "12052008",
    "162275869",
    "101440905",
    "NL78RABO0154744982",
    "+48 512 345 678",
]


@pytest.fixture(scope="module")
def private_servers(request, database_factory, tmp_path_factory) -> Iterator[RunningServers]:
    from bot.runtime.training import MODEL_PATH

    if not MODEL_PATH.exists():
        pytest.fail("no trained model: run 'make train' (make test does this first)")
    workdir = tmp_path_factory.mktemp("private")
    ports = {"RASA_PORT": _free_port(), "ACTION_PORT": _free_port(), "WEB_PORT": _free_port()}
    env = dict(os.environ)
    env.update({name: str(port) for name, port in ports.items()})
    env.update(
        {
            "BOT_API_TOKEN": "test-api-token",
            "RASA_TOKEN": "test-rasa-token",
            "DATABASE_URL": database_factory("project"),
            "TRACKER_STORE_URL": database_factory("tracker"),
        }
    )
    log_path = workdir / "run.log"
    log = open(log_path, "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    running = RunningServers(
        web_url=f"http://127.0.0.1:{ports['WEB_PORT']}",
        rasa_url=f"http://127.0.0.1:{ports['RASA_PORT']}",
        action_url=f"http://127.0.0.1:{ports['ACTION_PORT']}",
        bot_api_token=env["BOT_API_TOKEN"],
        rasa_token=env["RASA_TOKEN"],
        database_url=env["DATABASE_URL"],
        tracker_store_url=env["TRACKER_STORE_URL"],
        process=process,
        log_path=log_path,
    )
    try:
        _wait_for_health(running, timeout=900)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()


@pytest.mark.parametrize("database_factory", ["sqlite", "postgresql"], indirect=True)
def test_a_conversation_full_of_personal_data_leaves_none_raw(
    private_servers: RunningServers,
) -> None:
    chat = Chat(private_servers, f"privacy-{uuid.uuid4().hex[:8]}")
    said: list[tuple[str, str]] = []

    def say(text: str) -> str:
        reply = chat.say(text)
        said.append((text, reply))
        return reply

    say("hoi ik ben doorgestuurd door het uwv")
    say("ja is goed")
    say("nee ik ben 21")
    say("uwv in amersfoort, contactpersoon Tesselien Wiegersma 0612349876")
    say("ja dat mag")
    say("nee pas net")
    say("21")
    say("ik zit nu niet op school")
    say("nee heb ik niet")
    say("iets met autos, net als mijn oom Berend Zwartkruis")
    say("nee hoor")
    reply = say(f"bel me maar op {CONTACT}")
    assert "intaketeam" in reply, said  # the hand-over to the intake team
    # During the pause the user's words are kept for the team (masked).
    say("mijn bsn is 162275869, ik woon Dreef 12, 6821 ab, mail xandrix.b@gmail,com")
    say("ik ben geboren op 12052008, onderwijsnummer 101440905")
    say("rekening NL78RABO0154744982, mijn vader: +48 512 345 678. groetjes Xandrix Bouwhuis")
    handover = chat.open_handover()
    assert handover["decision_point"] == "pre_intake"
    result = chat.decide("uitnodigen voor een intakegesprek")
    assert result["messages"], result

    answers = chat.answers()
    assert CONTACT in str(answers["contact"])  # collected on purpose, kept for the team
    detail = chat.detail()
    transcript = " ".join(line["text"] or "" for line in detail["transcript"])
    assert "[naam]" in transcript and "[bsn]" in transcript

    project = dump_database(private_servers.database_url)
    tracker = dump_database(private_servers.tracker_store_url)
    assert chat.sender in project and chat.sender in tracker
    log = private_servers.log_path.read_text(errors="replace")
    shown = str(detail)
    for value in RAW:
        assert value not in project, f"{value!r} in the project's tables"
        assert value not in tracker, f"{value!r} in Rasa's tracker store"
        assert value not in log, f"{value!r} in the logs"
        assert value not in shown, f"{value!r} in the API's conversation"
    assert CONTACT not in tracker and CONTACT not in log
    contact_rows = [line for line in project.splitlines() if CONTACT in line]
    assert len(contact_rows) == 1 and contact_rows[0].startswith("answers:"), contact_rows
