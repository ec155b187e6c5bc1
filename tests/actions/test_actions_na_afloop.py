"""After a decision and after the end; pausing and coming back; dated and sourced texts."""

from __future__ import annotations

from datetime import date

from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet

from actions.aan_de_poort import registration_date_slots
from actions.conversation import (
    ActionGevenHulp,
    ActionHervatten,
    ActionNietBegrepen,
    ActionPauzeren,
    ActionSessionStart,
    ActionStartenGesprek,
    ActionVertellenUitkomst,
    new_round,
)
from actions.handover import ActionVerwerkenBesluit
from actions.uitleg import ActionUitleggenBegrip
from bot.store.repository import repository_scope
from tests.actions.conftest import make_tracker, rendered, said_text

ROUTE_TOLD = "De medewerker heeft gekozen voor deze leerroute: Mbo-diploma, op niveau 2."
AT_THE_END = {
    "toestemming": "ja",
    "modus": "advies",
    "volgende_stap": "afronden",
    "besluiten_verteld": [ROUTE_TOLD, "De medewerker heeft dit besloten: jobcoach via UWV"],
}


def _decided(note: str | None) -> None:
    with repository_scope() as repository:
        handover = repository.open_handover("gesprek-1", "leerroute", "samenvatting")
        repository.record_decision(handover.id, "mbo_diploma", note, "mentor")


async def test_the_decision_names_the_route_its_level_and_the_shared_note(
    database, dispatcher, domain
) -> None:
    _decided("Start in augustus bij de entree-afdeling.")
    slots = {"besluit_extra": {"niveau": 2, "notitie_delen": True}}
    events = await ActionVerwerkenBesluit().run(
        dispatcher, make_tracker(intent="EXTERNAL_besluit", slots=slots), domain
    )
    [words] = [m["text"] for m in dispatcher.messages]
    assert "Mbo-diploma" in words and "niveau 2" in words
    assert "Start in augustus bij de entree-afdeling." in words
    assert SlotSet("besluit_extra", None) in events
    assert SlotSet("besluiten_verteld", [words]) in events
    with repository_scope() as repository:
        assert repository.answers("gesprek-1")["gekozen_niveau"] == "niveau_2"


async def test_a_note_not_marked_for_the_young_person_stays_with_the_professional(
    database, dispatcher, domain
) -> None:
    _decided("Moeder belt veel, let op.")
    await ActionVerwerkenBesluit().run(dispatcher, make_tracker(intent="EXTERNAL_besluit"), domain)
    [words] = [m["text"] for m in dispatcher.messages]
    assert "Moeder" not in words and "niveau" not in words


async def test_after_the_end_the_outcome_is_told_and_the_next_step(dispatcher, domain) -> None:
    tracker = make_tracker(text="wat is eruit gekomen?", intent="uitkomst_vragen", slots=AT_THE_END)
    await ActionVertellenUitkomst().run(dispatcher, tracker, domain)
    said = said_text(dispatcher, domain, AT_THE_END)
    assert ROUTE_TOLD in said and "jobcoach via UWV" in said
    assert "Wat nu?" in said and "toestemming" not in said


async def test_in_an_open_part_nobody_is_said_to_be_looking_yet(dispatcher, domain) -> None:
    """Seen through the relay: "wat gebeurt er nu precies?" at the review before the hand-over
    got "Een medewerker kijkt er nog naar", while nothing had been passed on."""
    slots = {"toestemming": "ja", "rol": "ouder", "deel": "voorkant"}
    tracker = make_tracker(
        text="ok en wat gebeurt er nu precies?",
        intent="uitkomst_vragen",
        slots=slots,
        active_loop="voorkant_form",
    )
    await ActionVertellenUitkomst().run(dispatcher, tracker, domain)
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses == ["utter_uitkomst_nog_bezig"]


async def test_typing_a_start_after_the_end_tells_the_outcome_instead(
    database, dispatcher, domain
) -> None:
    tracker = make_tracker(
        text="dus wat moet ik nu doen? welke opleiding ga ik doen",
        intent="advies_starten",
        slots=AT_THE_END,
    )
    events = await ActionStartenGesprek().run(dispatcher, tracker, domain)
    assert events == [FollowupAction("action_vertellen_uitkomst")]
    assert dispatcher.messages == []  # no welcome, no privacy question again
    for text, intent in (("/advies_starten", "advies_starten"), ("opnieuw beginnen", "begroeten")):
        again = make_tracker(text=text, intent=intent, slots=AT_THE_END)
        events = await ActionStartenGesprek().run(dispatcher, again, domain)
        assert FollowupAction("action_vertellen_uitkomst") not in events  # a new round
    # A bare greeting after the end is no new start either (issue 23): what can be done now.
    dispatcher.messages.clear()
    hello = make_tracker(text="Hallo", intent="begroeten", slots=AT_THE_END)
    events = await ActionStartenGesprek().run(dispatcher, hello, domain)
    assert FollowupAction("action_listen") in events
    assert "utter_begroeten" not in [m.get("response") for m in dispatcher.messages]


async def test_a_no_after_the_end_gets_the_outcome_not_a_refusal(dispatcher, domain) -> None:
    tracker = make_tracker(text="nee niet opnieuw!!", intent="ontkennen", slots=AT_THE_END)
    await ActionNietBegrepen().run(dispatcher, tracker, domain)
    said = said_text(dispatcher, domain, AT_THE_END)
    assert ROUTE_TOLD in said
    assert "Zonder toestemming bewaar ik niets" not in said


async def test_a_new_round_after_stored_answers_never_says_nothing_is_stored(
    database, dispatcher, domain
) -> None:
    with repository_scope() as repository:
        repository.record_answer("gesprek-1", "leeftijd", 17, answered_by="professional")
    events = new_round(make_tracker(slots=AT_THE_END))
    assert SlotSet("eerder_bewaard", True) in events
    dispatcher.utter_message(response="utter_gestopt_zonder_toestemming")
    said = said_text(dispatcher, domain, {"eerder_bewaard": True})
    assert "bewaar ik niets" not in said and "blijft wel bewaard" in said


async def test_pause_keeps_the_open_question_and_says_how_to_come_back(dispatcher, domain) -> None:
    slots = {"toestemming": "ja", "requested_slot": "leerstijl"}
    tracker = make_tracker(
        text="Ik moet nu weg", intent="pauzeren", slots=slots, active_loop="voorkant_form"
    )
    events = await ActionPauzeren().run(dispatcher, tracker, domain)
    assert ActiveLoop(None) not in events and SlotSet("requested_slot", None) not in events
    said = said_text(dispatcher, domain, slots)
    assert "bewaard" in said and "ik ben terug" in said


async def test_coming_back_goes_on_at_the_open_question(dispatcher, domain) -> None:
    slots = {"toestemming": "ja", "requested_slot": "leerstijl"}
    tracker = make_tracker(
        text="Ik ben terug. Kunnen we verder waar we gebleven waren?",
        intent="hervatten",
        slots=slots,
        active_loop="voorkant_form",
    )
    events = await ActionHervatten().run(dispatcher, tracker, domain)
    assert events == []  # the rule runs voorkant_form next: it asks leerstijl again
    assert "bewaard" in said_text(dispatcher, domain, slots)


async def test_an_expired_session_keeps_the_open_question(database, dispatcher, domain) -> None:
    tracker = make_tracker(
        slots={"herkomst": "vso", "requested_slot": "leerstijl"}, active_loop="voorkant_form"
    )
    events = await ActionSessionStart().run(dispatcher, tracker, domain)
    assert ActiveLoop("voorkant_form") in events
    assert SlotSet("requested_slot", "leerstijl") in events and SlotSet("herkomst", "vso") in events


def test_the_1_april_question_follows_today(domain) -> None:
    december = {e["name"]: e["value"] for e in registration_date_slots(date(2026, 12, 7))}
    assert december == {"aanmeldjaar": 2027, "aanmelddatum_voorbij": False}
    may = {e["name"]: e["value"] for e in registration_date_slots(date(2027, 5, 3))}
    assert may["aanmelddatum_voorbij"] is True

    from rasa_sdk.executor import CollectingDispatcher

    asked = CollectingDispatcher()
    asked.utter_message(response="utter_ask_pre_intake_form_aangemeld_voor_1_april")
    asked.utter_message(response="utter_na_1_april")
    [question, note] = rendered(asked, domain, december)
    assert "al aangemeld" in question["text"] and "1 april 2027" in question["text"]
    assert "Na 1 april" not in note["text"] and "nog op tijd" in note["text"]
    assert "nog_niet" in str(question["buttons"])
    [question, note] = rendered(asked, domain, may)
    assert question["text"] == "Heb je je voor 1 april 2027 aangemeld bij een mbo-school?"
    assert "Na 1 april" in note["text"]


async def test_an_explained_term_shows_its_source(dispatcher, domain) -> None:
    tracker = make_tracker(
        text="wat is een jobcoach?",
        intent="uitleg_vragen",
        entities=[{"entity": "term", "value": "jobcoach"}],
    )
    await ActionUitleggenBegrip().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert text.startswith("Jobcoach") and "Bron: UWV, gecontroleerd op 7 december 2026." in text


async def test_asking_for_help_after_the_end_gets_the_outcome(dispatcher, domain) -> None:
    tracker = make_tracker(text="wat moet ik nu", intent="hulp", slots=AT_THE_END)
    events = await ActionGevenHulp().run(dispatcher, tracker, domain)
    assert events == [FollowupAction("action_vertellen_uitkomst")]


def test_pause_and_coming_back_interrupt_the_open_question_but_answers_stay_answers() -> None:
    from bot.dialogue.extraction import extract
    from bot.dialogue.turn import UserTurn

    pause = extract(UserTurn("pauzeren", "Ik moet nu weg"), "wensen", ["wensen"])
    assert pause.interrupted and not pause.values
    back = UserTurn("hervatten", "Ik ben terug. Kunnen we verder waar we gebleven waren?")
    assert extract(back, "leerstijl", ["leerstijl"]).interrupted
    answer = extract(
        UserTurn("hervatten", "verder leren"), "vervolg_richting", ["vervolg_richting"]
    )
    assert not answer.interrupted and answer.values == {"vervolg_richting": "vervolgonderwijs"}
