"""The start block as the AVG and real users need it (issues 26 and 23).

The mother's conversation typed by hand on main, turn by turn: her role read before
consent, an age at the parent's consent question read as the age (and a correction of
it), from 16 the young person's own yes asked of whoever types, who consented recorded,
and no new start after a stop unless asked for.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.conversation import ActionNietBegrepen, ActionOpvangenBericht, ActionStartenGesprek
from actions.forms import ValidateStartForm
from bot.handover.record import summary_of
from bot.store.models import Conversation
from bot.store.repository import repository_scope
from tests.actions.conftest import make_tracker, said_text

MOTHER = (
    "ik ben de moeder van Sanne, ze zit nu op het vso en ik wil graag weten wat ze na de "
    "zomer kan gaan doen"
)


def slot_values(events: list[Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def stored_conversation() -> Conversation | None:
    with repository_scope() as repository:
        found = repository.session.get(Conversation, "gesprek-1")
        if found is None:
            return None
        repository.session.expunge(found)
        return found


async def validate(dispatcher, domain, slots: dict[str, Any], text: str, **kw: Any):
    tracker = make_tracker(text=text, slots=slots, active_loop="start_form", **kw)
    events = await ValidateStartForm().run(dispatcher, tracker, domain)
    return {**slots, **slot_values(events)}


async def test_the_mother_conversation_turn_by_turn(database, dispatcher, domain) -> None:
    slots: dict[str, Any] = {"modus": "advies", "requested_slot": "toestemming"}
    slots = await validate(dispatcher, domain, slots, "ja, dat is goed", intent="bevestigen")
    assert slots["toestemming"] == "ja" and slots["requested_slot"] == "jonger_dan_16"

    # 2. She says who she is, not the age: the role is known, the age asked again in her
    # words, nothing assumed and nothing stored yet.
    entities = [{"entity": "herkomst", "value": "vso"}]
    slots = await validate(dispatcher, domain, slots, MOTHER, entities=entities)
    assert slots["rol"] == "ouder" and slots.get("jonger_dan_16") is None
    assert slots["requested_slot"] == "jonger_dan_16" and slots["herkomst"] == "vso"
    said = said_text(dispatcher, domain, slots)
    assert "ingevuld door ouder of verzorger" in said
    assert "Voor de zekerheid" not in said
    assert stored_conversation() is None

    # 3. "ze is 15": under 16, the parent's consent follows (asked of her as the parent).
    dispatcher.messages.clear()
    slots = await validate(dispatcher, domain, slots, "ze is 15")
    assert (slots["jonger_dan_16"], slots["leeftijd"]) == ("ja", 15)
    assert slots["requested_slot"] == "ouder_akkoord"
    assert "Ik begrijp je antwoord niet" not in said_text(dispatcher, domain, slots)

    # 4. "nee wacht, ze is 16" at the parent's consent: a correction of the age, no refusal.
    dispatcher.messages.clear()
    slots = await validate(dispatcher, domain, slots, "nee wacht, ze is 16", intent="ontkennen")
    assert (slots["jonger_dan_16"], slots["leeftijd"]) == ("nee", 16)
    assert slots.get("ouder_akkoord") is None and slots["requested_slot"] == "jongere_akkoord"
    assert "aangepast" in said_text(dispatcher, domain, slots)
    assert stored_conversation() is None  # the young person's own yes is not given yet

    # 8. From 16 the young person decides: asked of the mother whether Sanne agrees.
    slots = await validate(dispatcher, domain, slots, "ja", intent="bevestigen")
    assert slots["jongere_akkoord"] == "ja" and slots["requested_slot"] == "deel"
    conversation = stored_conversation()
    assert conversation is not None and conversation.consent is True
    assert (conversation.role, conversation.consent_by) == ("ouder", "via_ouder")
    with repository_scope() as repository:
        answers = repository.answers("gesprek-1")
        assert answers["rol"] == "ouder" and answers["jongere_akkoord"] == "ja"
        summary = summary_of(repository, "gesprek-1", "leerroute")
    assert "De jongere weet ervan en vindt het goed: ja" in summary


@pytest.mark.parametrize(
    ("text", "intent"),
    [("ze is 15", "informeren"), ("nee wacht, ze is 15", "ontkennen"), ("hij is 14", "bevestigen")],
)
async def test_an_age_at_the_parents_consent_is_never_a_yes_or_no(
    database, dispatcher, domain, text: str, intent: str
) -> None:
    slots = {"toestemming": "ja", "jonger_dan_16": "ja", "requested_slot": "ouder_akkoord"}
    after = await validate(dispatcher, domain, slots, text, intent=intent)
    assert after.get("ouder_akkoord") is None and after["requested_slot"] == "ouder_akkoord"
    assert after["jonger_dan_16"] == "ja"
    assert stored_conversation() is None


async def test_a_plain_no_at_the_parents_consent_still_refuses(
    database, dispatcher, domain
) -> None:
    slots = {"toestemming": "ja", "jonger_dan_16": "ja", "requested_slot": "ouder_akkoord"}
    after = await validate(dispatcher, domain, slots, "nee", intent="ontkennen")
    assert after["ouder_akkoord"] == "nee" and after["requested_slot"] is None


async def test_a_parent_under_16_is_asked_as_the_parent_and_consents_as_ouder(
    database, dispatcher, domain
) -> None:
    slots = {"toestemming": "ja", "jonger_dan_16": "ja", "rol": "ouder"}
    slots["requested_slot"] = "ouder_akkoord"
    after = await validate(dispatcher, domain, slots, "ja, ik heb het gezag", intent="bevestigen")
    assert after["ouder_akkoord"] == "ja"
    conversation = stored_conversation()
    assert conversation is not None and (conversation.role, conversation.consent_by) == (
        "ouder",
        "ouder",
    )
    asked = domain["responses"]["utter_ask_ouder_akkoord"]
    parent = next(v for v in asked if v.get("condition", [{}])[0].get("value") == "ouder")
    assert "gezag" in parent["text"] and "Heeft een ouder of verzorger" not in parent["text"]


@pytest.mark.parametrize("role", ["professional", "ouder"])
async def test_from_16_a_professional_or_parent_is_asked_whether_the_young_person_agrees(
    database, dispatcher, domain, role: str
) -> None:
    slots = {"toestemming": "ja", "jonger_dan_16": "nee", "requested_slot": "rol"}
    after = await validate(
        dispatcher,
        domain,
        slots,
        f'/informeren{{"waarde": "{role}"}}',
        entities=[{"entity": "waarde", "value": role}],
    )
    assert after["requested_slot"] == "jongere_akkoord"
    assert stored_conversation() is None  # nothing stored before the young person's yes


@pytest.mark.parametrize("role", ["jongere", "samen"])
async def test_a_young_person_at_the_keyboard_is_not_asked_about_themselves(
    database, dispatcher, domain, role: str
) -> None:
    slots = {"toestemming": "ja", "jonger_dan_16": "nee", "requested_slot": "rol"}
    after = await validate(
        dispatcher,
        domain,
        slots,
        f'/informeren{{"waarde": "{role}"}}',
        entities=[{"entity": "waarde", "value": role}],
    )
    assert after["requested_slot"] == "deel"
    assert stored_conversation().consent_by == "jongere"


AT_YOUNG = {
    "toestemming": "ja",
    "jonger_dan_16": "nee",
    "rol": "professional",
    "requested_slot": "jongere_akkoord",
}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("/weet_niet", "weet_niet"),
        ("weet ik niet", "weet_niet"),
        ("moet ik dat aan hem vragen?", "informeren"),
        ("pas als hij weet wie het leest", "informeren"),
    ],
)
async def test_not_knowing_a_question_or_a_condition_is_explained_with_a_way_on(
    database, dispatcher, domain, text: str, intent: str
) -> None:
    after = await validate(dispatcher, domain, AT_YOUNG, text, intent=intent)
    assert after["jongere_akkoord"] is None and after["requested_slot"] == "jongere_akkoord"
    message = dispatcher.messages[0]
    assert message["response"] == "utter_jongere_akkoord_weet_niet"
    assert "Vanaf 16 jaar" in said_text(dispatcher, domain, AT_YOUNG)
    assert stored_conversation() is None


async def test_a_clear_no_from_the_young_person_stops_and_stores_nothing(
    database, dispatcher, domain
) -> None:
    after = await validate(
        dispatcher, domain, AT_YOUNG, "nee, hij wil dat niet", intent="ontkennen"
    )
    assert after["jongere_akkoord"] == "nee" and after["requested_slot"] is None
    assert stored_conversation() is None
    # ... and the user may still change their mind.
    stopped = {**after, "modus": "advies", "volgende_stap": "gestopt", "requested_slot": None}
    tracker = make_tracker(text="hij vindt het toch goed", intent="informeren", slots=stopped)
    events = await ActionOpvangenBericht().run(dispatcher, tracker, domain)
    assert slot_values(events)["jongere_akkoord"] == "ja"


STOPPED = {"modus": "advies", "toestemming": "nee", "volgende_stap": "gestopt"}


@pytest.mark.parametrize(
    ("text", "intent"), [("hallo?? ik zie niks", "begroeten"), ("hallo", "begroeten")]
)
async def test_after_a_stop_a_remark_is_answered_and_nothing_starts_again(
    database, dispatcher, domain, text: str, intent: str
) -> None:
    tracker = make_tracker(text=text, intent=intent, slots=STOPPED)
    events = await ActionStartenGesprek().run(dispatcher, tracker, domain)
    assert {"event": "followup", "name": "action_listen"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]
    assert not any(e.get("event") == "reset_slots" for e in events)
    said = said_text(dispatcher, domain, STOPPED)
    assert "Ik ben er nog" in said and "Ga je akkoord?" not in said
    titles = [b["title"] for m in dispatcher.messages for b in m.get("buttons") or ()] or [
        b["title"] for b in domain["responses"]["utter_na_stop_zonder_toestemming"][1]["buttons"]
    ]
    assert "Opnieuw beginnen" in titles


@pytest.mark.parametrize("text", ["/advies_starten", "opnieuw beginnen"])
async def test_after_a_stop_the_button_or_clear_words_start_again(
    database, dispatcher, domain, text: str
) -> None:
    tracker = make_tracker(text=text, intent="advies_starten", slots=STOPPED)
    events = await ActionStartenGesprek().run(dispatcher, tracker, domain)
    assert any(e.get("event") == "reset_slots" for e in events)
    assert dispatcher.messages[0]["response"] == "utter_begroeten"


async def test_a_no_after_a_consent_stop_is_no_new_refusal(database, dispatcher, domain) -> None:
    tracker = make_tracker(text="nee", intent="ontkennen", slots=STOPPED)
    events = await ActionNietBegrepen().run(dispatcher, tracker, domain)
    assert "toestemming" not in slot_values(events)
    assert dispatcher.messages[0]["response"] == "utter_na_stop_zonder_toestemming"


async def test_a_non_answer_at_the_role_question_gets_the_buttons_again(
    database, dispatcher, domain
) -> None:
    slots = {"toestemming": "ja", "jonger_dan_16": "nee", "requested_slot": "rol"}
    after = await validate(
        dispatcher, domain, slots, "de school en jeugdhulp, rmc weet nog van niks"
    )
    assert after.get("rol") is None and after["requested_slot"] == "rol"
    said = said_text(dispatcher, domain, after)
    assert "Ik weet nog niet wie dit gesprek doet" in said
    assert "Ik begrijp je antwoord niet" not in said


async def test_facts_without_an_answer_are_noted_and_the_question_comes_again(
    database, dispatcher, domain
) -> None:
    # Typed by hand through the relay: the role was known from the first message, so her
    # long message at the age question told only the school; it got "Ik begrijp je
    # antwoord niet. Typ ja of nee." Now the school is noted and the age asked again.
    slots: dict[str, Any] = {
        "modus": "advies",
        "toestemming": "ja",
        "rol": "ouder",
        "requested_slot": "jonger_dan_16",
    }
    entities = [{"entity": "herkomst", "value": "vso"}]
    slots = await validate(dispatcher, domain, slots, MOTHER, entities=entities)
    said = said_text(dispatcher, domain, slots)
    assert slots["herkomst"] == "vso" and slots.get("jonger_dan_16") is None
    assert slots["requested_slot"] == "jonger_dan_16"
    assert "Ik begrijp je antwoord niet" not in said
    assert "Ik noteer: voortgezet speciaal onderwijs" in said
    assert stored_conversation() is None
