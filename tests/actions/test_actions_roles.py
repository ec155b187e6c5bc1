"""Who talks is read, corrected and recorded: the role, who consented, and who answered."""

from __future__ import annotations

from typing import Any

import pytest

from actions.conversation import ActionOpvangenBericht
from actions.forms import ValidateStartForm, ValidateVoorkantForm
from bot.handover.record import summary_of
from bot.store.repository import repository_scope
from tests.actions.conftest import make_tracker


def slot_values(events: list[Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("ik ben haar moeder", "ouder"),
        ("Ik ben ouder of verzorger", "ouder"),
        ("ik ben 16 en zit hier zelf", "jongere"),
        ("Ik ben de jongere", "jongere"),
        ("ik zit hier met mijn mentor", "samen"),
        ("De jongere en een professional samen", "samen"),
        ("Ik ben een professional", "professional"),
    ],
)
async def test_the_role_is_read_from_free_text_and_typed_titles(
    database, dispatcher, domain, text: str, role: str
) -> None:
    # Under 16 with a parent's yes: consent is complete whoever types, so the role is stored.
    slots = {
        "toestemming": "ja",
        "jonger_dan_16": "ja",
        "ouder_akkoord": "ja",
        "requested_slot": "rol",
    }
    tracker = make_tracker(text=text, slots=slots, active_loop="start_form")
    events = await ValidateStartForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["rol"] == role
    with repository_scope() as repository:
        conversation = repository.get_conversation("gesprek-1")
        assert conversation.role == role
        assert repository.answers("gesprek-1")["rol"] == role


@pytest.mark.parametrize(
    ("slots", "role", "consented"),
    [
        ({"jonger_dan_16": "nee"}, "jongere", "jongere"),
        ({"jonger_dan_16": "nee"}, "samen", "jongere"),
        ({"jonger_dan_16": "nee", "jongere_akkoord": "ja"}, "ouder", "via_ouder"),
        ({"jonger_dan_16": "ja", "ouder_akkoord": "ja"}, "jongere", "ouder"),
        ({"jonger_dan_16": "ja", "ouder_akkoord": "ja"}, "ouder", "ouder"),
        ({"jonger_dan_16": "nee", "jongere_akkoord": "ja"}, "professional", "via_professional"),
    ],
)
async def test_who_consented_is_recorded(
    database, dispatcher, domain, slots: dict[str, Any], role: str, consented: str
) -> None:
    tracker = make_tracker(
        text=f'/informeren{{"waarde": "{role}"}}',
        entities=[{"entity": "waarde", "value": role}],
        slots={"toestemming": "ja", **slots, "requested_slot": "rol"},
        active_loop="start_form",
    )
    await ValidateStartForm().run(dispatcher, tracker, domain)
    with repository_scope() as repository:
        assert repository.get_conversation("gesprek-1").consent_by == consented


async def test_a_parent_corrects_the_role_mid_part(database, dispatcher, domain) -> None:
    slots = {
        "toestemming": "ja",
        "jonger_dan_16": "nee",
        "rol": "professional",
        "jongere_akkoord": "ja",  # the young person's own yes, asked at the start (16+)
        "deel": "voorkant",
        "requested_slot": "leeftijd",
    }
    tracker = make_tracker(
        text="nee ik ben geen mentor, ik ben haar moeder", slots=slots, active_loop="voorkant_form"
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["rol"] == "ouder" and values["requested_slot"] == "leeftijd"
    assert "leeftijd" not in values  # the correction is not an answer to the open question
    assert dispatcher.messages[0]["response"] == "utter_rol_aangepast"
    with repository_scope() as repository:
        conversation = repository.get_conversation("gesprek-1")
        assert (conversation.role, conversation.consent_by) == ("ouder", "via_ouder")
        assert repository.answers("gesprek-1")["rol"] == "ouder"
        summary = summary_of(repository, "gesprek-1", "leerroute")
    assert "Ingevuld door: ouder of verzorger." in summary


async def test_a_wish_to_work_as_a_jobcoach_is_no_correction(database, dispatcher, domain) -> None:
    slots = {
        "toestemming": "ja",
        "jonger_dan_16": "nee",
        "rol": "jongere",
        "deel": "voorkant",
        "requested_slot": "wensen",
    }
    tracker = make_tracker(
        text="ik wil later als jobcoach werken", slots=slots, active_loop="voorkant_form"
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert "rol" not in values and values["wensen"]
    with repository_scope() as repository:
        rows = repository.answer_rows("gesprek-1")
        assert {row.question: row.answered_by for row in rows}["wensen"] == "jongere"


async def test_the_young_person_in_samen_saying_so_keeps_samen(
    database, dispatcher, domain
) -> None:
    slots = {"toestemming": "ja", "jonger_dan_16": "nee", "rol": "samen", "deel": "voorkant"}
    tracker = make_tracker(
        text="ik ben de jongere zelf, ik ben 17",
        slots={**slots, "requested_slot": "leeftijd"},
        active_loop="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert "rol" not in values and values["leeftijd"] == 17


async def test_a_condition_before_consent_is_explained_and_asked_again(
    database, dispatcher, domain
) -> None:
    tracker = make_tracker(
        text="nee, niet voordat ik snap waar dit heen gaat",
        intent="ontkennen",
        slots={"requested_slot": "toestemming"},
        active_loop="start_form",
    )
    events = await ValidateStartForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["toestemming"] is None and values["requested_slot"] == "toestemming"
    assert "Zonder jouw ja bewaar ik niets" in dispatcher.messages[0]["text"]


async def test_a_parent_consent_not_known_gets_a_way_on(database, dispatcher, domain) -> None:
    tracker = make_tracker(
        text="/weet_niet",
        intent="weet_niet",
        slots={"toestemming": "ja", "jonger_dan_16": "ja", "requested_slot": "ouder_akkoord"},
        active_loop="start_form",
    )
    events = await ValidateStartForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["ouder_akkoord"] is None and values["requested_slot"] == "ouder_akkoord"
    assert "medewerker" in dispatcher.messages[0]["text"]
    with repository_scope() as repository:
        assert repository.answers("gesprek-1") == {}


@pytest.mark.parametrize(
    ("slots", "refused"),
    [
        ({"toestemming": "nee"}, "toestemming"),
        ({"toestemming": "ja", "jonger_dan_16": "ja", "ouder_akkoord": "nee"}, "ouder_akkoord"),
    ],
)
async def test_after_a_refusal_a_yes_goes_on(
    database, dispatcher, domain, slots: dict[str, Any], refused: str
) -> None:
    tracker = make_tracker(
        text="oke, toch wel akkoord",
        intent="bevestigen",
        slots={**slots, "modus": "advies", "volgende_stap": "gestopt"},
    )
    events = await ActionOpvangenBericht().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values[refused] == "ja" and values["volgende_stap"] is None
    assert {"event": "followup", "name": "start_form"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]
    assert dispatcher.messages[0]["response"] == "utter_toestemming_alsnog"


async def test_a_second_no_after_a_refusal_changes_nothing(database, dispatcher, domain) -> None:
    tracker = make_tracker(
        text="nee echt niet",
        intent="ontkennen",
        slots={"toestemming": "nee", "modus": "advies", "volgende_stap": "gestopt"},
    )
    events = await ActionOpvangenBericht().run(dispatcher, tracker, domain)
    assert "toestemming" not in slot_values(events)


@pytest.mark.parametrize("intent", ["ontkennen", "privacy_vraag", "uitleg_vragen", "stoppen"])
async def test_a_condition_is_no_refusal_whatever_the_intent(
    database, dispatcher, domain, intent: str
) -> None:
    tracker = make_tracker(
        text="nee, niet voordat ik snap waar dit heen gaat",
        intent=intent,
        slots={"requested_slot": "toestemming"},
        active_loop="start_form",
    )
    events = await ValidateStartForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["toestemming"] is None
