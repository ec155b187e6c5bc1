"""Hand-over to a human at a decision point, and continuing after the decision."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import review
from actions.common import request_key
from bot.dialogue.flow import consent_problem
from bot.handover import decision_message, hand_over, next_steps
from bot.knowledge import load_knowledge
from bot.knowledge.decisions import NUMBER_OF_LEVEL, split_route, valid_route_decision
from bot.store.repository import repository_scope


def decision_point_for(tracker: Tracker) -> str:
    """Why we hand over now: a finished part, on request, or after misunderstandings.

    A part that just finished wins over the intent of the last message: "bel me maar op
    06..." as the answer to the last question may sound like asking for a human, but the
    form took it as the answer and ended. A rejected form logs no action, so a real
    request for a human in a part is not mistaken for its end. A review that just ended
    is for the decision point it was opened for.
    """
    for event in reversed(tracker.events):
        reviewing = tracker.get_slot(review.POINT)
        if event.get("event") == "action" and event.get("name") == review.FORM and reviewing:
            return str(reviewing)
        point = load_knowledge().decision_point_for_form(str(event.get("name")))
        if event.get("event") == "action" and point:
            return point
        if event.get("event") == "user":
            break
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    if intent == "mens_spreken" and int(tracker.get_slot("misverstanden") or 0) >= 2:
        return "niet_begrepen"
    return "op_verzoek"


class ActionOverdragen(Action):
    """Record the hand-over with summary and suggestions, tell the user, and pause."""

    def name(self) -> str:
        return "action_overdragen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        decision_point = decision_point_for(tracker)
        if tracker.get_slot("modus") == "oefenen":
            return practice_instead_of_handover(dispatcher, tracker, decision_point)
        speaks_of_consent = decision_point == "pre_intake" or tracker.get_slot("toestemming")
        ends_a_form = decision_point in load_knowledge().form_decision_points.values()
        if ends_a_form and speaks_of_consent:
            problem = consent_problem(tracker.slots)
            if problem:  # without consent nothing is kept and nobody takes over
                with repository_scope() as repository:
                    repository.delete_conversation(tracker.sender_id)
                dispatcher.utter_message(response=problem)
                return [SlotSet("volgende_stap", "gestopt")]
        reviewed = tracker.get_slot(review.SLOT)
        if ends_a_form and isinstance(reviewed, str) and reviewed.startswith(review.CHANGE):
            return ask_again(dispatcher, decision_point, reviewed.removeprefix(review.CHANGE))
        with repository_scope() as repository:
            repository.ensure_conversation(tracker.sender_id)
            if ends_a_form and reviewed is None and review.lines(repository, tracker.sender_id):
                return [
                    SlotSet(review.SLOT, None),
                    SlotSet(review.POINT, decision_point),
                    ActiveLoop(review.FORM),
                ]
            if reviewed == review.CONFIRMED:
                shown = [key for key, _ in review.lines(repository, tracker.sender_id)]
                repository.confirm_answers(tracker.sender_id, shown)
            answers = repository.answers(tracker.sender_id)
            outcome = hand_over(
                repository,
                tracker.sender_id,
                decision_point,
                answers,
                request_key=request_key(tracker, f"overdracht-{decision_point}"),
            )
        dispatcher.utter_message(text=outcome.user_message)
        when = outcome.availability
        dispatcher.utter_message(response=when.response, **when.values)
        if outcome.team is not None and next_steps.told_to(answers, tracker.get_slot("modus")):
            for line in next_steps.next_steps(answers, outcome.team):
                dispatcher.utter_message(response=line.response, **line.values)
        # Paused, Rasa predicts nothing more, not even the usual action_listen. Logging it
        # here keeps the state the rules expect when the decision comes in
        # (action_listen, then EXTERNAL_besluit).
        return [
            SlotSet("misverstanden", 0),
            SlotSet(review.SLOT, None),
            SlotSet(review.POINT, None),
            ConversationPaused(),
            ActionExecuted("action_listen"),
        ]


def ask_again(
    dispatcher: CollectingDispatcher, decision_point: str, question: str
) -> list[EventType]:
    """The user wants to change a line of the review: its part asks that question again,
    and when the part ends the review comes back with the new value."""
    form = load_knowledge().decision_point(decision_point).form
    dispatcher.utter_message(response="utter_wijzigen_opnieuw")
    return [SlotSet(question, None), SlotSet(review.SLOT, None), ActiveLoop(form)]


def practice_instead_of_handover(
    dispatcher: CollectingDispatcher, tracker: Tracker, decision_point: str
) -> list[EventType]:
    """Practice mode never hands over: at a decision point ask which partners to involve."""
    loop = tracker.active_loop_name
    if load_knowledge().decision_point(decision_point).at_any_time:
        dispatcher.utter_message(response="utter_oefenen_geen_medewerker")
        # Re-activating the open part clears its rejection, so it asks its question again.
        return [SlotSet("misverstanden", 0), *([ActiveLoop(loop)] if loop else [])]
    label = load_knowledge().decision_point(decision_point).label
    dispatcher.utter_message(response="utter_oefenen_beslispunt", beslispunt=label.lower())
    return [
        SlotSet("misverstanden", 0),
        SlotSet("oefen_beslispunt", decision_point),
        SlotSet("oefen_partners", None),
        ActiveLoop("oefenen_partners_form"),
    ]


class ActionVerwerkenBesluit(Action):
    """Continue with the professional's decision, read from the database (never from text)."""

    def name(self) -> str:
        return "action_verwerken_besluit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with repository_scope() as repository:
            decided = [h for h in repository.handovers(tracker.sender_id) if h.status == "afgerond"]
            if not decided:
                return []
            latest = max(decided, key=lambda h: h.decided_at)
            point, decision = latest.decision_point, latest.decision or ""
            # Set with the decision by the web service (bot.handover.casework), never by text.
            extra = tracker.get_slot("besluit_extra") or {}
            level = extra.get("niveau") if point == "leerroute" else None
            note = latest.note if extra.get("notitie_delen") else None
            events: list[EventType] = []
            if point == "leerroute" and valid_route_decision(decision):
                route, own_level = split_route(decision)
                if own_level in NUMBER_OF_LEVEL:  # the level is in the decision itself
                    level = NUMBER_OF_LEVEL[own_level]
                events.append(SlotSet("gekozen_route", route))
                repository.record_answer(
                    tracker.sender_id, "gekozen_route", route, answered_by="professional"
                )
                if level in (1, 2, 3, 4):
                    repository.record_answer(
                        tracker.sender_id,
                        "gekozen_niveau",
                        f"niveau_{level}",
                        answered_by="professional",
                    )
        words = decision_message(point, decision, level, note)
        dispatcher.utter_message(text=words)
        told = [*(tracker.get_slot("besluiten_verteld") or []), words]
        return [*events, SlotSet("besluiten_verteld", told), SlotSet("besluit_extra", None)]
