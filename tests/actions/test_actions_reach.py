"""Reaching a young person or parent alone: asked only of them, sealed, masked in Rasa's
tracker, read only by the team of the hand-over, and told when contact comes (teams.yml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered

from actions.bereikbaar import ActionAskBereikbaar
from actions.forms import ValidateRealisatieForm, ValidateVoorkantForm
from actions.handover import ActionOverdragen
from bot.handover import next_steps
from bot.handover.record import summary_of
from bot.knowledge.teams import load_teams
from bot.rasa.tracker_store import MaskingTrackerStore
from bot.store.db import get_engine
from bot.store.repository import repository_scope
from tests.actions.conftest import make_tracker, said_text
from tests.privacy.conftest import dump_database

PHONE = "06 12345678"
TYPED = f"bel me maar op {PHONE}"
VOORKANT_DONE = {
    "herkomst": "vso",
    "leeftijd": 17,
    "startkwalificatie": "nee",
    "wensen": "koken",
    "leerstijl": "doen",
    "ondersteuningsbehoefte": "ja",
    "signalen": ["geen"],
    "betrokken_partners": ["geen"],
}


def start(role: str, **more: Any) -> dict[str, Any]:
    consent = {"toestemming": "ja", "jonger_dan_16": "nee", "jongere_akkoord": "ja"}
    return {**consent, "rol": role, "deel": "voorkant", **more}


def slot_values(events: list[Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize(
    ("role", "asked"),
    [("jongere", True), ("ouder", True), ("professional", False), ("samen", False)],
)
async def test_asked_of_a_young_person_or_parent_alone_only(
    database, dispatcher, domain, role: str, asked: bool
) -> None:
    """After the last question of the part, the next one is 'bereikbaar' only when alone."""
    slots = start(role, **{k: v for k, v in VOORKANT_DONE.items() if k != "betrokken_partners"})
    tracker = make_tracker(
        text="geen",
        slots={**slots, "requested_slot": "betrokken_partners"},
        active_loop="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    following = slot_values(events)["requested_slot"]
    assert following == ("bereikbaar" if asked else None)


async def test_asked_once_not_again_in_the_next_part(database, dispatcher, domain) -> None:
    tracker = make_tracker(slots=start("jongere", bereikbaar="via_school"))
    required = await ValidateRealisatieForm().required(dispatcher, tracker, domain)
    assert "bereikbaar" not in required
    tracker = make_tracker(slots=start("ouder"))
    assert (await ValidateRealisatieForm().required(dispatcher, tracker, domain))[-1] == (
        "bereikbaar"
    )


async def _answer_phone(dispatcher, domain, sender: str = "gesprek-1") -> list[Any]:
    tracker = make_tracker(
        sender_id=sender,
        text=TYPED,
        slots={**start("jongere", **VOORKANT_DONE), "requested_slot": "bereikbaar"},
        active_loop="voorkant_form",
    )
    return await ValidateVoorkantForm().run(dispatcher, tracker, domain)


async def test_the_answer_is_sealed_at_rest_and_masked_in_the_slot(
    database, dispatcher, domain
) -> None:
    events = await _answer_phone(dispatcher, domain)
    slots = slot_values(events)
    assert slots["bereikbaar"] == "bel me maar op [telefoon]"  # Rasa's slot: masked
    assert slots["requested_slot"] is None  # the part ends: the hand-over comes next
    with get_engine().connect() as connection:
        value, words = connection.execute(
            sa.text("SELECT value, text_masked FROM answers WHERE question = 'bereikbaar'")
        ).one()
    assert "versleuteld" in str(value) and "12345678" not in str(value)  # ciphertext
    assert "12345678" not in str(words)
    with repository_scope() as repository:
        assert repository.answers("gesprek-1")["bereikbaar"] == TYPED  # as typed, for the team
        summary = summary_of(repository, "gesprek-1", "leerroute")
    assert "12345678" not in summary and "telefoon (bellen of appen)" in summary


async def test_nothing_unmasked_reaches_rasa_s_tracker_store(
    database, dispatcher, domain, tmp_path: Path
) -> None:
    """The turn as Rasa writes it: the user's words and the slot the validator set."""
    events = await _answer_phone(dispatcher, domain)
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store = MaskingTrackerStore(domain=Domain.load(str(Path("domain.yml").resolve())), host=url)

    async def save() -> None:
        tracker = await store.get_or_create_tracker("gesprek-1")
        parse = {"text": TYPED, "intent": {"name": "informeren", "confidence": 1.0}}
        tracker.update(UserUttered(TYPED, parse_data=parse))
        for event in events:
            if event.get("event") == "slot":
                tracker.update(SlotSet(event["name"], event["value"]))
        await store.save(tracker)

    await save()
    stored = dump_database(url)
    assert "gesprek-1" in stored and "bereikbaar" in stored
    assert "12345678" not in stored and "[telefoon]" in stored


async def test_a_channel_without_details_asks_for_them(database, dispatcher, domain) -> None:
    tracker = make_tracker(
        text='/informeren{"waarde": "telefoon"}',
        entities=[{"entity": "waarde", "value": "telefoon"}],
        slots={**start("jongere", **VOORKANT_DONE), "requested_slot": "bereikbaar"},
        active_loop="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    slots = slot_values(events)
    assert slots["bereikbaar_kanaal"] == "telefoon" and slots["requested_slot"] == "bereikbaar"
    asking = make_tracker(slots={"rol": "jongere", **slots})
    await ActionAskBereikbaar().run(dispatcher, asking, domain)
    assert said_text(dispatcher, domain, {"rol": "jongere"}) == "Wat is je telefoonnummer?"


def handover_case(sender: str, team: str) -> int:
    with repository_scope() as repository:
        repository.ensure_conversation(sender, mode="advies", role="jongere", consent=True)
        repository.record_answer(sender, "rol", "jongere", answered_by="jongere")
        repository.record_answer(sender, "leeftijd", 17, answered_by="jongere")
        repository.record_answer(sender, "bereikbaar", TYPED, answered_by="jongere")
        handover = repository.open_handover(sender, "leerroute", "Leeftijd: 17.", [], team=team)
        return int(handover.id)


async def test_the_young_person_reads_what_happens_next_at_the_hand_over(
    database, dispatcher, domain
) -> None:
    handover_case("gesprek-1", "loopbaan")
    with repository_scope() as repository:  # the test case's own hand-over is not needed
        for handover in repository.handovers("gesprek-1"):
            repository.session.delete(handover)
    tracker = make_tracker(
        text="ja",
        intent="bevestigen",
        slots={**start("jongere"), "nagekeken": "ja"},
        after=[{"event": "action", "name": "voorkant_form", "timestamp": 100.0}],
        latest_action="voorkant_form",
    )
    await ActionOverdragen().run(dispatcher, tracker, domain)
    text = said_text(dispatcher, domain, {"rol": "jongere"})
    assert "Een medewerker belt of appt je op het nummer dat je gaf." in text
    assert "meestal binnen 2 werkdagen, op werkdagen tussen 8.30 en 17 uur" in text
    assert "welke leerroute past" in text and "verwijder mijn gegevens" in text


async def test_a_professional_reads_no_such_lines(database, dispatcher, domain) -> None:
    with repository_scope() as repository:
        repository.ensure_conversation("gesprek-1", mode="advies", consent=True)
        repository.record_answer("gesprek-1", "rol", "professional", answered_by="professional")
        repository.record_answer("gesprek-1", "leeftijd", 17, answered_by="professional")
    tracker = make_tracker(
        text="ja",
        intent="bevestigen",
        slots={**start("professional"), "nagekeken": "ja"},
        after=[{"event": "action", "name": "voorkant_form", "timestamp": 100.0}],
        latest_action="voorkant_form",
    )
    await ActionOverdragen().run(dispatcher, tracker, domain)
    names = [m.get("response") for m in dispatcher.messages]
    assert not any(str(name).startswith("utter_verder_") for name in names)


def test_the_contact_moment_follows_the_team_s_office_hours(teams_yml) -> None:
    shipped = next_steps.when(load_teams().teams["loopbaan"])
    assert shipped.values == {"dagen": "2", "uren": "op werkdagen tussen 8.30 en 17 uur"}

    def change(data: dict[str, Any]) -> None:
        team = data["teams"]["loopbaan"]
        team["office_hours"]["days"] = {"maandag": ["9:00-12:00"], "donderdag": ["13:00-16:30"]}
        team["contact_within_days"] = 3

    changed = next_steps.when(teams_yml(change).teams["loopbaan"])
    assert changed.values == {"dagen": "3", "uren": "op maandag en donderdag tussen 9 en 16.30 uur"}
    teams_yml(lambda data: data["teams"]["loopbaan"].pop("contact_within_days"))
    without = next_steps.when(load_teams().teams["loopbaan"])
    assert without.response == "utter_verder_wanneer_uren"


def test_no_contact_promise_before_the_question_was_asked() -> None:
    team = load_teams().teams["loopbaan"]
    lines = [line.response for line in next_steps.next_steps({"rol": "jongere"}, team)]
    assert lines == ["utter_verder_doorgegeven", "utter_verder_gegevens"]
    lines = [
        line.response
        for line in next_steps.next_steps({"rol": "ouder", "bereikbaar": "via_school"}, team)
    ]
    assert lines[1:3] == ["utter_verder_contact_via_school", "utter_verder_wanneer"]


async def test_twice_not_understood_skips_the_question_without_a_guess(
    database, dispatcher, domain
) -> None:
    # "ja" is no way to be reached: once it is asked again, the second time it is skipped
    # ("overgeslagen"), so the question never comes a third time and nothing is guessed.
    slots = {**start("jongere", **VOORKANT_DONE), "requested_slot": "bereikbaar"}
    first = make_tracker(text="ja", slots=slots, active_loop="voorkant_form")
    events = slot_values(await ValidateVoorkantForm().run(dispatcher, first, domain))
    assert events.get("bereikbaar") is None and events["requested_slot"] == "bereikbaar"
    assert events["misverstanden"] == 1
    dispatcher.messages.clear()
    second = make_tracker(
        text="ja", slots={**slots, "misverstanden": 1}, active_loop="voorkant_form"
    )
    events = slot_values(await ValidateVoorkantForm().run(dispatcher, second, domain))
    assert events["bereikbaar"] == "overgeslagen" and events["requested_slot"] != "bereikbaar"
    assert "Ik sla deze vraag over" in said_text(dispatcher, domain, slots)
    with repository_scope() as repository:
        assert repository.answers(first.sender_id)["bereikbaar"] == "overgeslagen"
