"""Actions that steer the conversation: the next part, stopping, changing an answer,
misunderstandings, and a session start that keeps a pending hand-over paused."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    ConversationPaused,
    EventType,
    FollowupAction,
    SessionStarted,
    SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import answered_by, user_events, user_events_this_round, user_turn
from bot.dialogue import arbitration
from bot.dialogue.consent import age_of_consent, changes_mind
from bot.dialogue.flow import (
    PARTS,
    STOP_WITHOUT_CONSENT,
    STOP_WITHOUT_PARENT,
    STOP_WITHOUT_YOUNG_PERSON,
    asks_for_a_new_start,
    consent_problem,
    conversation_state,
    next_step,
)
from bot.dialogue.opening import read_opening
from bot.dialogue.questions import question_mentioned
from bot.dialogue.turn import UserTurn, looks_like_question
from bot.dialogue.values import prefill_values
from bot.knowledge import load_knowledge
from bot.store.repository import repository_scope

# The response (domain.yml) that says which part a first message named, per part.
BEGIN_AT_PART = "utter_begin_bij_{part}"
# After a stop for lack of consent: where we are, and the buttons to go on or begin again.
AFTER_A_CONSENT_STOP = "utter_na_stop_zonder_toestemming"


class ActionKiezenVervolgstap(Action):
    """After the start block or a decision: which part comes next (or stop / finish)."""

    def name(self) -> str:
        return "action_kiezen_vervolgstap"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        problem = consent_problem(tracker.slots)
        if problem:
            dispatcher.utter_message(response=problem)
            return [SlotSet("volgende_stap", "gestopt")]
        earlier = set(tracker.get_slot("vorige_overdrachten") or ())
        with repository_scope() as repository:
            handovers = repository.handovers(tracker.sender_id)
            decided = {
                h.decision_point
                for h in handovers
                if h.status == "afgerond" and h.id not in earlier  # not from an earlier round
            }
            mode = tracker.get_slot("modus")
            if mode == "oefenen":  # practice: a part is done when its feedback was given
                decided = set(tracker.get_slot("geoefend") or ())
            step = next_step(tracker.get_slot("deel"), decided)
            if mode == "pre_intake":  # the pre-intake is one part; after it we close
                step = "afronden"
            events: list[EventType] = [SlotSet("volgende_stap", step)]
            if step in PARTS and mode != "oefenen":
                events += self._prefill(tracker, repository)
        if step in PARTS:
            dispatcher.utter_message(response=f"utter_deel_{step}")
        return events

    @staticmethod
    def _prefill(tracker: Tracker, repository: Any) -> list[EventType]:
        """Facts the user gave in passing (e.g. in the first message), now consent is given.

        Facts already in slots (read from the opening) are recorded too, whichever part
        comes first, so the professional sees them in every summary.
        """
        prefill = load_knowledge().prefill_questions
        found: dict[str, Any] = {
            q: tracker.get_slot(q) for q in prefill if tracker.get_slot(q) is not None
        }
        recorded = set(repository.answers(tracker.sender_id))
        wanted = [q for q in prefill if tracker.get_slot(q) is None]
        for event in user_events_this_round(tracker):
            text = event.get("text") or ""
            if text.startswith("/"):
                continue
            parse = event.get("parse_data") or {}
            turn = UserTurn(
                intent=(parse.get("intent") or {}).get("name"),
                text=text,
                entities=tuple(parse.get("entities") or ()),
            )
            for question, value in prefill_values(turn, wanted).items():
                found.setdefault(question, value)
        for question, value in found.items():
            if question not in recorded:
                repository.record_answer(
                    tracker.sender_id,
                    question,
                    value,
                    text=None,
                    answered_by=answered_by(tracker),
                )
        return [SlotSet(question, value) for question, value in found.items()]


class ActionStoppenGesprek(Action):
    """Stop now; what was said stays stored until the user asks to erase it."""

    def name(self) -> str:
        return "action_stoppen_gesprek"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        turn = user_turn(tracker)
        if not arbitration.is_conversation_request("stoppen", turn.text):
            # "ik ben gestopt met school" after the end is news, not a wish to stop.
            respond_unplaced(dispatcher, tracker)
            return []
        dispatcher.utter_message(response="utter_gestopt")
        return [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("volgende_stap", "gestopt"),
        ]


class ActionWijzigenAntwoord(Action):
    """Clear the answer the user wants to change, so the open part asks it again."""

    def name(self) -> str:
        return "action_wijzigen_antwoord"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        form = tracker.active_loop_name
        form_slots: list[str] = list(
            domain.get("forms", {}).get(form, {}).get("required_slots", [])
        )
        answered = [slot for slot in form_slots if tracker.get_slot(slot) is not None]
        message = tracker.latest_message or {}
        chosen = [
            e.get("value") for e in message.get("entities") or () if e.get("entity") == "waarde"
        ]
        question = chosen[0] if chosen else question_mentioned(message.get("text") or "", answered)
        if not form and conversation_state(tracker.slots, form) == "nieuw":
            return respond_unplaced(dispatcher, tracker)
        if not form:
            dispatcher.utter_message(response="utter_wijzigen_na_overdracht")
            return []
        if question in answered:
            dispatcher.utter_message(response="utter_wijzigen_opnieuw")
            return [SlotSet(question, None)]
        if not answered:
            dispatcher.utter_message(response="utter_wijzigen_niets")
            return []
        questions = load_knowledge().questions
        buttons = [
            {"title": questions[slot].label, "payload": f'/antwoord_wijzigen{{"waarde": "{slot}"}}'}
            for slot in answered
            if slot in questions
        ]
        dispatcher.utter_message(response="utter_kies_antwoord_wijzigen", buttons=buttons)
        return []


class ActionNietBegrepen(Action):
    """The classifier could not place the message (nlu_fallback, buiten_bereik)."""

    def name(self) -> str:
        return "action_niet_begrepen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        again = consent_after_refusal(dispatcher, tracker)
        if again:
            return again
        if conversation_state(tracker.slots, tracker.active_loop_name) == "nieuw":
            turn = user_turn(tracker)
            opening = read_opening(turn)
            if "aanmeld" in turn.text.lower():  # "... wil zich aanmelden": the pre-intake
                return [FollowupAction("action_starten_pre_intake")]
            if opening.tells_situation:
                # "ik ben haar moeder", "een vraag over een leerling": the classifier could
                # not place it, but it tells who or what it is about: advice starts.
                return [FollowupAction("action_starten_gesprek")]
        return respond_unplaced(dispatcher, tracker)


def misunderstood_in_a_row(tracker: Tracker) -> int:
    """How many of the latest user messages in a row the classifier could not place."""
    in_a_row = 0
    for event in reversed(user_events(tracker)):
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent not in ("nlu_fallback", "buiten_bereik"):
            break
        in_a_row += 1
    return in_a_row


def respond_unplaced(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Answer a message no rule placed, by the state of the conversation (never silence).

    Before the start: the three ways to begin. After the end or a stop: what the user can
    do now. In between: say so plainly, and after two misunderstandings in a row offer a
    human.
    """
    state = conversation_state(tracker.slots, tracker.active_loop_name)
    if state == "nieuw":
        dispatcher.utter_message(response="utter_hoe_beginnen")
        return []
    if (
        state == "gestopt"
        and tracker.get_slot("modus") == "advies"
        and consent_problem(tracker.slots)
    ):
        # "hallo?? ik zie niks" after a stop for lack of consent: where we are, and how to
        # go on (a change of mind) or begin again. Never the welcome again by itself.
        dispatcher.utter_message(response=AFTER_A_CONSENT_STOP)
        return []
    if state in ("klaar", "gestopt"):
        # "nee niet opnieuw!!" after the end: what came out, then what the user can do.
        for words in told_decisions(tracker):
            dispatcher.utter_message(text=words)
        dispatcher.utter_message(response="utter_wat_nu")
        return []
    in_a_row = misunderstood_in_a_row(tracker)
    if in_a_row >= 2:
        dispatcher.utter_message(response="utter_niet_begrepen_mens")
    else:
        dispatcher.utter_message(response="utter_niet_begrepen")
    return [SlotSet("misverstanden", in_a_row)]


class ActionGevenHulp(Action):
    """How the assistant works; before anything started, also the ways to begin."""

    def name(self) -> str:
        return "action_geven_hulp"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if finished(tracker) and told_decisions(tracker):
            # "wat moet ik nu?" after the last part: the outcome and the next step.
            return [FollowupAction("action_vertellen_uitkomst")]
        dispatcher.utter_message(response="utter_hulp")
        if conversation_state(tracker.slots, tracker.active_loop_name) == "nieuw":
            dispatcher.utter_message(response="utter_manieren_beginnen")
        return []


class ActionOpvangenBericht(Action):
    """Rasa's core fallback: a message that no rule answers still gets an answer.

    The policies are rules only, so whatever they do not cover ends here instead of in
    silence. A first message that tells a situation starts the advice conversation; in a
    part the open question is asked again; anything else gets the answer that fits the
    state of the conversation.
    """

    def name(self) -> str:
        return "action_opvangen_bericht"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if bot_spoke_since_user(tracker):
            return [FollowupAction("action_listen")]
        loop = tracker.active_loop_name
        if loop:
            dispatcher.utter_message(response="utter_niet_begrepen_vraag")
            return [ActiveLoop(loop)]  # re-activating clears the rejection: ask again
        again = consent_after_refusal(dispatcher, tracker)
        if again:
            return again
        state = conversation_state(tracker.slots, loop)
        if state == "nieuw" and read_opening(user_turn(tracker)).tells_situation:
            return [FollowupAction("action_starten_gesprek")]
        events = respond_unplaced(dispatcher, tracker)
        return [*events, FollowupAction("action_listen")]


# The consent a refusal left unanswered, and the slot that holds it.
REFUSED_CONSENT = {
    STOP_WITHOUT_CONSENT: "toestemming",
    STOP_WITHOUT_PARENT: "ouder_akkoord",
    STOP_WITHOUT_YOUNG_PERSON: "jongere_akkoord",
}


def consent_after_refusal(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """After "nee" to consent, a later yes counts: the start block goes on from there.

    Only the modes that ask consent in the start block (advies) go back to it; the refused
    answer becomes ja and the start form asks what is still open (age, role, part).
    """
    if tracker.active_loop_name or tracker.get_slot("modus") != "advies":
        return []
    problem = consent_problem(tracker.slots)
    slot = REFUSED_CONSENT.get(problem or "")
    if slot is None or tracker.get_slot(slot) != "nee":
        return []
    turn = user_turn(tracker)
    if not changes_mind(turn.text, turn.intent):
        return []
    dispatcher.utter_message(response="utter_toestemming_alsnog")
    return [SlotSet(slot, "ja"), SlotSet("volgende_stap", None), FollowupAction("start_form")]


def bot_spoke_since_user(tracker: Tracker) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return True
    return False


class ActionStartenGesprek(Action):
    """Start the advice conversation, keeping what the first message tells.

    "Ik ben jobcoach, mijn cliënt haalt binnenkort zijn diploma, wat kan daarna?" starts at
    the vervolg part with the role known. A second start in the same chat begins a new
    round: the slots are cleared and earlier decisions no longer count; a practice round
    before it is erased, so practice data never mixes with a real conversation.
    """

    def name(self) -> str:
        return "action_starten_gesprek"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        turn = user_turn(tracker)
        if finished(tracker) and asks_about_the_outcome(turn):
            # "dus wat moet ik nu doen? welke opleiding ga ik doen" after the last part asks
            # for the outcome, not for a new round (a greeting or the button starts one).
            return [FollowupAction("action_vertellen_uitkomst")]
        state = conversation_state(tracker.slots, tracker.active_loop_name)
        if state in ("klaar", "gestopt") and not asks_for_a_new_start(turn.text):
            # "hallo?? ik zie niks" after a stop or the end is no new start: say where we
            # are and offer the buttons; only the begin button or "opnieuw beginnen" does.
            again = consent_after_refusal(dispatcher, tracker)
            if again:
                return again
            # The listen overrides the rule that opens the start block after this action.
            return [*respond_unplaced(dispatcher, tracker), FollowupAction("action_listen")]
        events = new_round(tracker)
        opening = read_opening(turn)
        dispatcher.utter_message(response="utter_begroeten")
        facts: dict[str, Any] = dict(opening.facts)
        if opening.role:
            facts["rol"] = opening.role
        if opening.part:
            facts["deel"] = opening.part
            dispatcher.utter_message(response=BEGIN_AT_PART.format(part=opening.part))
        age = facts.get("leeftijd")
        if isinstance(age, int):
            facts["jonger_dan_16"] = "ja" if age < age_of_consent() else "nee"
        events += [SlotSet("modus", "advies"), *(SlotSet(k, v) for k, v in facts.items())]
        return events


def new_round(tracker: Tracker) -> list[EventType]:
    """Events that clear an earlier round in this chat (none for a new chat)."""
    if tracker.get_slot("modus") is None and tracker.get_slot("toestemming") is None:
        return []
    with repository_scope() as repository:
        if tracker.get_slot("modus") == "oefenen":
            repository.delete_conversation(tracker.sender_id)  # practice never mixes in
            earlier: list[int] = []
            stored = False
        else:
            earlier = [h.id for h in repository.handovers(tracker.sender_id)]
            stored = bool(earlier or repository.answers(tracker.sender_id))
    # With answers stored, a refused consent must not say that nothing is stored.
    return [
        AllSlotsReset(),
        SlotSet("vorige_overdrachten", earlier),
        SlotSet("eerder_bewaard", True if stored else None),
    ]


class ActionSessionStart(Action):
    """A new session must not end a pause: re-pause while a hand-over is still open."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        events += [
            SlotSet(name, value)
            for name, value in tracker.slots.items()
            if value is not None and name != "requested_slot"
        ]
        with repository_scope() as repository:
            pending = repository.active_handover(tracker.sender_id)
        if pending is not None:
            events.append(ConversationPaused())
        elif tracker.active_loop_name and tracker.get_slot("requested_slot"):
            # Coming back after the session expired: the open question stays open, so
            # "ik ben terug" goes on there instead of starting the part again.
            events += [
                ActiveLoop(tracker.active_loop_name),
                SlotSet("requested_slot", tracker.get_slot("requested_slot")),
            ]
        events.append(ActionExecuted("action_listen"))
        return events


def finished(tracker: Tracker) -> bool:
    """After the last part of a conversation that stored something."""
    state = conversation_state(tracker.slots, tracker.active_loop_name)
    return state == "klaar" and bool(
        tracker.get_slot("besluiten_verteld") or tracker.get_slot("toestemming") == "ja"
    )


def asks_about_the_outcome(turn: UserTurn) -> bool:
    """A typed question read as "start advice" (not a greeting, not a button)."""
    return (
        turn.intent == "advies_starten"
        and not turn.text.startswith("/")
        and looks_like_question(turn.text)
    )


def told_decisions(tracker: Tracker) -> list[str]:
    """What the user was told after each decision of this round, in order."""
    return [str(words) for words in tracker.get_slot("besluiten_verteld") or ()]


class ActionVertellenUitkomst(Action):
    """Answer "wat is eruit gekomen?", "wat nu?": the decisions so far and the next step.

    Never a new start: after the end this answers with the outcome; in a part it says
    what was decided so far and the part goes on (the rules ask the open question again).
    """

    def name(self) -> str:
        return "action_vertellen_uitkomst"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        state = conversation_state(tracker.slots, tracker.active_loop_name)
        if state == "nieuw":
            dispatcher.utter_message(response="utter_hoe_beginnen")
            return []
        told = told_decisions(tracker)
        if told:
            dispatcher.utter_message(response="utter_uitkomst_kop")
            for words in told:
                dispatcher.utter_message(text=words)
        elif tracker.active_loop_name:
            # a part is still open: nothing was passed on yet, so nobody looks at it now
            dispatcher.utter_message(response="utter_uitkomst_nog_bezig")
        else:
            dispatcher.utter_message(response="utter_uitkomst_nog_geen")
        if tracker.active_loop_name:
            return []
        if state in ("klaar", "gestopt"):
            dispatcher.utter_message(response="utter_uitkomst_volgende_stap")
        else:
            dispatcher.utter_message(response="utter_uitkomst_verder")
        return []


class ActionPauzeren(Action):
    """Pause on "ik moet nu weg": answers and the open question stay; how to come back."""

    def name(self) -> str:
        return "action_pauzeren"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if conversation_state(tracker.slots, tracker.active_loop_name) == "nieuw":
            dispatcher.utter_message(response="utter_afscheid")
            return []
        dispatcher.utter_message(response="utter_pauze")
        return []


class ActionHervatten(Action):
    """On "ik ben terug": say the answers are kept; the rules ask the open question again.

    Outside a part: after the end the outcome; before anything started, how to begin.
    """

    def name(self) -> str:
        return "action_hervatten"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        state = conversation_state(tracker.slots, tracker.active_loop_name)
        if state == "nieuw":
            dispatcher.utter_message(response="utter_hervatten_nieuw")
            dispatcher.utter_message(response="utter_hoe_beginnen")
            return []
        if state in ("klaar", "gestopt"):
            dispatcher.utter_message(response="utter_hervatten_klaar")
            return [FollowupAction("action_vertellen_uitkomst")]
        dispatcher.utter_message(response="utter_hervatten")
        if tracker.active_loop_name:
            return []  # the rule runs the part again: it asks the open question
        return [FollowupAction("action_kiezen_vervolgstap")]
