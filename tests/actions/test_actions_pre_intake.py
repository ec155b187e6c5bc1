"""Pre-intake: the validator, the start action and the hand-over to the intake team."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml
from rasa_sdk.events import ConversationPaused, SlotSet

from actions.aan_de_poort import ActionStartenPreIntake
from actions.conversation import ActionKiezenVervolgstap
from actions.forms import ValidatePreIntakeForm
from actions.handover import ActionOverdragen
from bot.dialogue.pre_intake import APRIL_NOTE
from bot.knowledge import schooljaar
from bot.knowledge.schooljaar import aanmelddatum
from bot.store.repository import repository_scope
from tests.actions.conftest import DOMAIN_FILE, make_tracker, said_text

DOMAIN = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))

CONSENTED = {"modus": "pre_intake", "toestemming": "ja", "jonger_dan_16": "nee"}


def slot_values(events: list[Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def said(dispatcher) -> str:
    return said_text(dispatcher, DOMAIN)


async def _answer(dispatcher, domain, requested: str, text: str, intent: str, **kwargs) -> dict:
    slots = {**CONSENTED, **kwargs.pop("slots", {}), "requested_slot": requested}
    tracker = make_tracker(
        text=text, intent=intent, slots=slots, active_loop="pre_intake_form", **kwargs
    )
    return slot_values(await ValidatePreIntakeForm().run(dispatcher, tracker, domain))


async def test_start_notes_the_referrer_from_the_first_message(dispatcher, domain) -> None:
    tracker = make_tracker(
        text="ik ben doorgestuurd door het uwv, ik ben 21",
        intent="pre_intake_starten",
        entities=[{"entity": "partner", "value": "uwv"}],
    )
    events = await ActionStartenPreIntake().run(dispatcher, tracker, domain)
    today = aanmelddatum()  # the 1 April question names the date that counts today
    assert slot_values(events) == {
        "modus": "pre_intake",
        "verwijzer": "uwv",
        "leeftijd": 21,
        "aanmeldjaar": today.deadline.year,
        "aanmelddatum_voorbij": today.passed,
    }
    assert "intaketeam" in said(dispatcher)


@pytest.mark.parametrize(
    "text",
    [
        "Hallo, de school van mijn dochter stuurde mij deze link",
        "Goedemorgen, jobcoach van de gemeente hier. Ik begeleid een jonge vrouw die weer naar "
        "school wil.",
    ],
)
async def test_a_parent_or_professional_sent_here_gets_the_advice(
    dispatcher, domain, text: str
) -> None:
    tracker = make_tracker(text=text, intent="pre_intake_starten")
    events = await ActionStartenPreIntake().run(dispatcher, tracker, domain)
    assert [e.get("name") for e in events] == ["action_starten_gesprek"]
    assert dispatcher.messages == []


async def test_a_professional_with_the_applicant_keeps_the_pre_intake(dispatcher, domain) -> None:
    text = (
        "Hallo, ik ben begeleider bij de jeugdhulp en zit hier met een meisje van 17 dat zich "
        "wil aanmelden voor het mbo."
    )
    tracker = make_tracker(text=text, intent="pre_intake_starten")
    events = await ActionStartenPreIntake().run(dispatcher, tracker, domain)
    assert slot_values(events)["modus"] == "pre_intake"


async def test_consent_stores_mode_role_and_the_earlier_referrer(
    database, dispatcher, domain
) -> None:
    slots = {"modus": "pre_intake", "verwijzer": "uwv", "requested_slot": "jonger_dan_16"}
    slots["toestemming"] = "ja"
    tracker = make_tracker(
        text="nee", intent="ontkennen", slots=slots, active_loop="pre_intake_form"
    )
    events = await ValidatePreIntakeForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["requested_slot"] == "verwijzer_naam"  # referrer already known
    with repository_scope() as repository:
        conversation = repository.get_conversation("gesprek-1")
        assert (conversation.mode, conversation.role, conversation.consent) == (
            "pre_intake",
            "aanmelder",
            True,
        )
        assert conversation.consent_by == "jongere"  # 16 or older: the applicant agreed
        assert repository.answers("gesprek-1") == {"verwijzer": "uwv"}


async def test_nothing_is_stored_without_consent(database, dispatcher, domain) -> None:
    tracker = make_tracker(
        text="nee liever niet",
        intent="ontkennen",
        slots={"modus": "pre_intake", "requested_slot": "toestemming"},
        active_loop="pre_intake_form",
    )
    events = await ValidatePreIntakeForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["requested_slot"] is None
    with repository_scope() as repository:
        assert repository.answers("gesprek-1") == {}


async def test_under_16_needs_a_parent(database, dispatcher, domain) -> None:
    values = await _answer(
        dispatcher, domain, "jonger_dan_16", "ja", "bevestigen", slots={"jonger_dan_16": None}
    )
    assert values["requested_slot"] == "ouder_akkoord"


async def test_referrer_in_free_text(database, dispatcher, domain) -> None:
    values = await _answer(dispatcher, domain, "verwijzer", "van leerplicht", "informeren")
    assert values["verwijzer"] == "gemeente"
    assert values["requested_slot"] == "verwijzer_naam"


async def test_after_1_april_is_explained_without_a_promise(
    database, dispatcher, domain, monkeypatch
) -> None:
    monkeypatch.setattr(schooljaar, "today", lambda: date(2027, 5, 10))  # the date has passed
    values = await _answer(dispatcher, domain, "aangemeld_voor_1_april", "nee", "ontkennen")
    assert values["aangemeld_voor_1_april"] == "nee"
    assert dispatcher.messages[-1]["response"] == APRIL_NOTE
    text = said(dispatcher)
    assert "mag" in text and "hoeft niet" in text and "entree" in text.lower()


async def test_in_december_no_means_not_yet_and_is_no_late_registration(
    database, dispatcher, domain, monkeypatch
) -> None:
    monkeypatch.setattr(schooljaar, "today", lambda: date(2026, 12, 7))
    values = await _answer(dispatcher, domain, "aangemeld_voor_1_april", "nee", "ontkennen")
    assert values["aangemeld_voor_1_april"] == "nog_niet"
    assert "hoeft niet" not in said(dispatcher)


async def test_before_1_april_needs_no_explanation(database, dispatcher, domain) -> None:
    await _answer(dispatcher, domain, "aangemeld_voor_1_april", "ja hoor", "bevestigen")
    assert dispatcher.messages == []


async def test_no_contact_details_is_stored_as_geen(database, dispatcher, domain) -> None:
    values = await _answer(dispatcher, domain, "contact", "nee", "ontkennen")
    assert values["contact"] == "geen"
    assert values["requested_slot"] != "contact"
    with repository_scope() as repository:
        assert repository.answers("gesprek-1")["contact"] == "geen"


async def test_contact_is_stored_as_given_but_masked_in_the_slot(
    database, dispatcher, domain
) -> None:
    values = await _answer(dispatcher, domain, "contact", "bel me op 0612345678", "informeren")
    assert "0612345678" not in str(values["contact"])
    with repository_scope() as repository:
        [answer] = [a for a in repository.answer_rows("gesprek-1") if a.question == "contact"]
        assert "0612345678" not in str(answer.value)  # encrypted where it rests
        assert "0612345678" in str(repository.answers("gesprek-1")["contact"])


def _after_pre_intake(**slots: Any) -> object:
    after = [
        {"event": "action", "name": "pre_intake_form", "timestamp": 100.0},
        {"event": "active_loop", "name": None, "timestamp": 100.0},
    ]
    return make_tracker(
        text="nee",
        intent="ontkennen",
        slots={**CONSENTED, **slots},
        after=after,
        latest_action="pre_intake_form",
    )


async def test_hand_over_to_the_intake_team(database, dispatcher, domain, monkeypatch) -> None:
    monkeypatch.setenv("PRE_INTAKE_CONTACT_DAYS", "3")
    with repository_scope() as repository:
        repository.ensure_conversation("gesprek-1", mode="pre_intake", role="aanmelder")
        for question, value in {
            "verwijzer": "uwv",
            "leeftijd": 21,
            "herkomst": "geen_school",
            "startkwalificatie": "nee",
            "contact": "jan@example.org",
        }.items():
            repository.record_answer("gesprek-1", question, value, answered_by="aanmelder")
    # The applicant confirmed the review before the hand-over (actions/review.py).
    events = await ActionOverdragen().run(dispatcher, _after_pre_intake(nagekeken="ja"), domain)
    assert ConversationPaused() in events
    with repository_scope() as repository:
        [handover] = repository.list_handovers(status="open")
        assert handover.decision_point == "pre_intake"
        assert {"uwv", "mbo_school"} <= {s.partner for s in handover.suggestions}
        assert "jan@example.org" not in handover.summary
    text = said(dispatcher)
    assert "binnen 3 schooldagen" in text
    assert "beslis niet" in text


async def test_no_hand_over_without_consent(database, dispatcher, domain) -> None:
    events = await ActionOverdragen().run(dispatcher, _after_pre_intake(toestemming="nee"), domain)
    assert events == [SlotSet("volgende_stap", "gestopt")]  # stopped, not paused
    with repository_scope() as repository:
        assert repository.list_handovers() == []


async def test_after_the_decision_the_pre_intake_closes(database, dispatcher, domain) -> None:
    tracker = make_tracker(text="", intent="EXTERNAL_besluit", slots={**CONSENTED, "deel": None})
    events = await ActionKiezenVervolgstap().run(dispatcher, tracker, domain)
    assert slot_values(events)["volgende_stap"] == "afronden"


async def test_a_last_answer_that_sounds_like_asking_for_a_human_ends_the_pre_intake(
    database, dispatcher, domain
) -> None:
    tracker = _after_pre_intake()
    tracker.latest_message["intent"] = {"name": "mens_spreken", "confidence": 0.9}
    tracker.latest_message["text"] = "bel me maar op 0612345678"
    await ActionOverdragen().run(dispatcher, tracker, domain)
    with repository_scope() as repository:
        [handover] = repository.list_handovers()
        assert handover.decision_point == "pre_intake"
