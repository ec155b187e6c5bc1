"""The rehearsal's actions: every message reaches the case, 'klaar' gives feedback and a report."""

from __future__ import annotations

from typing import Any

import yaml

from actions.oefenen import ActionTonenCasus
from actions.rollenspel import (
    ActionAfsluitenRollenspel,
    ActionAskRollenspelEinde,
    ValidateRollenspelForm,
)
from bot.practice.trainee_report import REPORT_QUESTION
from bot.store.repository import repository_scope
from tests.actions.conftest import DOMAIN_FILE, make_tracker, said_text, user_event

DOMAIN = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
SLOTS = {
    "modus": "oefenen",
    "casus": "toestemming_eerst_gemeente",
    "requested_slot": "rollenspel_einde",
}
SHOWN = {"event": "action", "name": "action_tonen_casus", "timestamp": 2.0}


def slot_values(events: list[Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def rehearsal(said: list[str], latest: str, intent: str = "informeren") -> Any:
    earlier = [SHOWN] + [user_event(text, "informeren", ts=10.0 + n) for n, text in enumerate(said)]
    return make_tracker(
        text=latest, intent=intent, slots=SLOTS, events=earlier, active_loop="rollenspel_form"
    )


async def test_the_case_is_shown_and_speaks_first(dispatcher, domain) -> None:
    tracker = make_tracker(slots={"modus": "oefenen", "casus": "ouder_komt_alleen"})
    await ActionTonenCasus().run(dispatcher, tracker, domain)
    text = said_text(dispatcher, DOMAIN, {"modus": "oefenen"})
    assert "Ik speel nu Ingrid, de ouder van Finn" in text
    assert "Ingrid: Goedemiddag. Ik kom voor mijn zoon Finn." in text


async def test_a_question_the_classifier_might_call_anything_reaches_the_case(
    dispatcher, domain
) -> None:
    # the main classifier may hear "stoppen" in this question; the case answers anyway
    tracker = rehearsal([], "Hoi Lotte, waarom ben je gestopt met je opleiding?", "stoppen")
    events = await ValidateRollenspelForm().run(dispatcher, tracker, domain)
    # the rehearsal goes on: the slot is set, but empty (a turn that sets no slot is rejected)
    assert "rollenspel_einde" in slot_values(events)
    assert slot_values(events)["rollenspel_einde"] is None
    text = said_text(dispatcher, DOMAIN)
    assert text.startswith("Lotte: ik deed verzorgende ig.")
    assert "vraag eerst of het goed is" in text  # a tip on the same turn: consent first


async def test_help_in_the_rehearsal_says_what_practice_is(dispatcher, domain) -> None:
    events = await ValidateRollenspelForm().run(
        dispatcher, rehearsal(["hoi"], "help", "hulp"), domain
    )
    assert slot_values(events).get("rollenspel_einde") is None
    text = said_text(dispatcher, DOMAIN, {"modus": "oefenen"})
    assert "oefengesprek" in text and "medewerker mee" not in text


async def test_klaar_ends_the_form(dispatcher, domain) -> None:
    events = await ValidateRollenspelForm().run(dispatcher, rehearsal(["hoi"], "klaar"), domain)
    assert slot_values(events)["rollenspel_einde"] == "klaar"
    await ActionAskRollenspelEinde().run(dispatcher, rehearsal(["hoi"], "klaar"), domain)
    assert dispatcher.messages == []  # the form's question adds nothing to the case's answer


async def test_the_feedback_points_to_turns_and_the_report_is_stored(
    database, dispatcher, domain
) -> None:
    said = [
        "Hoi Lotte, waar zat je hiervoor op school?",
        "ik bel morgen de gemeente en het UWV om haar aan te melden",
        "Ik heb Lotte helemaal niet gevraagd",
    ]
    tracker = rehearsal(said, "klaar")
    tracker.slots["rollenspel_einde"] = "klaar"
    events = await ActionAfsluitenRollenspel().run(dispatcher, tracker, domain)
    assert slot_values(events)["rollenspel_einde"] is None
    text = said_text(dispatcher, DOMAIN, {"modus": "oefenen"})
    assert "Bij je 2e bericht besliste je voor Lotte" in text
    assert "Je vroeg Lotte nergens om toestemming" in text
    assert "Goed: je vroeg" not in text and "Goed gedaan" not in text
    assert "/oefenen/verslag/gesprek-1/" in text
    with repository_scope() as repository:
        report = repository.answers("gesprek-1")[REPORT_QUESTION]
        assert repository.get_conversation("gesprek-1").practice
    assert report["beurten"][1].startswith("ik bel morgen")
    assert any(p["key"] == "besluit" and p["beurten"] == [2] for p in report["punten"])
