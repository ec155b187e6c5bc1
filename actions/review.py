"""The review before a hand-over: the user sees what will be passed on and confirms or changes it.

``action_overdragen`` opens ``nakijken_form`` at a decision point that ends a part. Its one
question (``action_ask_nagekeken``) shows the lines of the summary, a button per line that
can be asked again, and a button to confirm. The answer, read here, is ``ja`` (confirmed:
the professional sees the lines as confirmed), ``overslaan`` (the user asked for a human:
hand over, nothing confirmed) or ``wijzigen:<question>`` (``action_overdragen`` asks that
question again in its part, then shows the review again). Help, a term, privacy, stop and
erase are served by rules (data/rules/nakijken.yml) and the review is shown again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import user_turn, validating_user_turn
from actions.feedback import _answers_erase_question
from bot.dialogue import pre_intake
from bot.dialogue.questions import question_mentioned
from bot.dialogue.turn import UserTurn
from bot.knowledge import load_knowledge
from bot.knowledge.responses import text as response_text
from bot.knowledge.summary import review_lines
from bot.store.repository import Repository, repository_scope

FORM = "nakijken_form"
SLOT = "nagekeken"
POINT = "nakijken_beslispunt"
CONFIRMED = "ja"
SKIPPED = "overslaan"
CHANGE = "wijzigen:"
UNPLACED = "?"
# Read by the review itself (never silent): a human hands over now, a change names a line,
# anything else is asked about ("Welke regel klopt niet?").
READ_BY_THE_REVIEW = frozenset({"mens_spreken", "antwoord_wijzigen", "EXTERNAL_besluit"})
# Served by a rule while the review is open; the review is then shown again.
INTERRUPTIONS = frozenset(
    {
        "hulp",
        "privacy_vraag",
        "uitleg_vragen",
        "stoppen",
        "gegevens_verwijderen",
        "pauzeren",
        "hervatten",
        "uitkomst_vragen",
    }
)
# Consent is not a fact about the young person: its lines are shown, never asked again here.
NOT_CHANGEABLE = frozenset({"toestemming", "jonger_dan_16", "ouder_akkoord", "jongere_akkoord"})
# A line named together with one of these is a line to change ("leeftijd klopt niet").
_CHANGE_CUES = re.compile(r"\b(niet|fout|anders|veranderen|verander|wijzig\w*|geen|onjuist)\b")


def lines(repository: Repository, conversation_id: str) -> list[tuple[str, str]]:
    """``(question, line)`` for what the hand-over will pass on, as the summary says it."""
    answers = pre_intake.summary_answers(repository.answers(conversation_id))
    return review_lines(answers, load_knowledge())


def changeable(domain: DomainDict, decision_point: str | None) -> list[str]:
    """The questions the part of ``decision_point`` can ask again (its form's slots)."""
    point = load_knowledge().decision_points.get(decision_point or "")
    form = point.form if point is not None else None
    slots = domain.get("forms", {}).get(form or "", {}).get("required_slots", [])
    return [slot for slot in slots if slot not in NOT_CHANGEABLE]


def read_review(turn: UserTurn, shown: Sequence[str]) -> str | None:
    """What the user's message does with the review; None: an interruption for a rule."""
    if turn.intent in INTERRUPTIONS:
        return None
    for entity in turn.entities:
        if entity.get("entity") == "waarde" and entity.get("value") in shown:
            return f"{CHANGE}{entity.get('value')}"
    if turn.intent == "mens_spreken":
        return SKIPPED
    text = turn.text if not turn.text.startswith("/") else ""
    # A line named by its label is a change ("leeftijd is 18"); named by a loose word only
    # with a word that says something is wrong ("de school klopt niet").
    wrong = turn.intent in ("ontkennen", "antwoord_wijzigen") or _CHANGE_CUES.search(text.lower())
    named = _label_mentioned(text, shown) or (question_mentioned(text, shown) if wrong else None)
    if named and (wrong or turn.intent != "bevestigen"):
        return f"{CHANGE}{named}"
    if turn.intent == "bevestigen":
        return CONFIRMED
    return UNPLACED


def _label_mentioned(text: str, shown: Sequence[str]) -> str | None:
    lowered = text.lower()
    questions = load_knowledge().questions
    for key in shown:
        question = questions.get(key)
        if question is not None and question.label.lower() in lowered:
            return key
    return None


class ValidateNakijkenForm(FormValidationAction):
    """Reads the answer to the review with the SDK's ``extract_`` hook."""

    def name(self) -> str:
        return "validate_nakijken_form"

    async def extract_nagekeken(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != SLOT or not validating_user_turn(tracker, FORM):
            return {}
        turn = user_turn(tracker)
        if _answers_erase_question(tracker) and turn.intent in ("bevestigen", "ontkennen"):
            return {}
        reading = read_review(turn, changeable(domain, tracker.get_slot(POINT)))
        return {} if reading is None else {SLOT: reading}

    async def validate_nagekeken(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == UNPLACED:
            dispatcher.utter_message(response="utter_nakijken_welke")
            return {SLOT: None}
        return {SLOT: value}


class ActionAskNagekeken(Action):
    """Show what will be passed on, a button per line that can change, and one to confirm."""

    def name(self) -> str:
        return "action_ask_nagekeken"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with repository_scope() as repository:
            shown = lines(repository, tracker.sender_id)
        can_change = set(changeable(domain, tracker.get_slot(POINT)))
        labels = load_knowledge().questions
        buttons = [
            {
                "title": response_text("utter_nakijken_knop", vraag=labels[key].label),
                "payload": f'/antwoord_wijzigen{{"waarde": "{key}"}}',
            }
            for key, _ in shown
            if key in can_change and key in labels
        ]
        buttons.append(
            {"title": response_text("utter_nakijken_knop_klopt"), "payload": "/bevestigen"}
        )
        text = "\n".join(
            [
                response_text("utter_nakijken_begin"),
                *(f"• {line}" for _, line in shown),
                response_text("utter_nakijken_vraag"),
            ]
        )
        dispatcher.utter_message(text=text, buttons=buttons)
        return []
