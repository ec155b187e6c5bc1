"""A young person alone, through the widget's relay: asked how the school may reach them,
the phone number sealed in the database, read by the hand-over's team in the inbox only."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.store.repository import repository_scope
from tests.conftest import RunningServers
from tests.e2e.relay_chat import RelayChat
from tests.e2e.samen_client import Browser, make_accounts

pytestmark = pytest.mark.servers

PHONE = "0612345678"
# mentor is in the team of advice hand-overs (loopbaan), intake only in the intake team.
ACCOUNTS = {"mentor": "medewerker", "intake": "medewerker"}


def test_a_young_person_alone_gives_a_phone_number_for_the_team_only(
    servers: RunningServers,
) -> None:
    make_accounts(servers, ACCOUNTS)
    chat = RelayChat(servers, "")
    chat.say("hoi ik ben 17 en zit hier zelf, welke opleiding past bij mij")
    assert "Van welke school kom je?" in chat.say("ja")
    chat.say("vmbo")
    chat.say("nee")  # startkwalificatie
    chat.say("iets met autos, ik sleutel aan brommers")
    chat.say("doen")
    chat.say("nee")  # extra hulp
    chat.say("nee")  # signalen
    reply = chat.say("mijn school")  # the last question of the part
    assert "Hoe mag de school je bereiken?" in reply
    assert "Bellen of appen" in chat.buttons()
    reply = chat.say(f"bel me maar {PHONE}")
    assert PHONE not in reply  # the review shows the channel, not the number
    assert "telefoon" in reply
    reply = chat.confirm_review()
    assert "belt of appt je op het nummer dat je gaf" in reply
    assert "binnen 2 werkdagen, op werkdagen tussen 8.30 en 17 uur" in reply
    assert "verwijder mijn gegevens" in reply

    engine = sa.create_engine(servers.database_url)
    with engine.connect() as connection:
        stored = connection.execute(
            sa.text("SELECT value FROM answers WHERE question = 'bereikbaar'")
        ).scalar_one()
    engine.dispose()
    assert PHONE not in str(stored) and "versleuteld" in str(stored)
    with repository_scope(servers.database_url) as repository:
        assert PHONE in repository.answers(chat.sender)["bereikbaar"]
    tracker = str(chat.tracker())
    assert PHONE not in tracker and "[telefoon]" in tracker

    handover_id = chat.open_handover()["id"]
    page = f"/medewerker/overdrachten/{handover_id}"
    assert PHONE in Browser(servers, "mentor").get(page).text
    other = Browser(servers, "intake").get(page)
    assert other.status_code == 200 and PHONE not in other.text
    assert "alleen het team van de overdracht" in other.text
