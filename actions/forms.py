"""One validator per question block (form). The reading of answers lives in bot.dialogue."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import (
    answered_by,
    known_names,
    typed_text,
    user_turn,
    validating_user_turn,
)
from bot.dialogue import pre_intake
from bot.dialogue.extraction import INTERRUPTIONS, Extraction, UserTurn, answer_for, extract
from bot.dialogue.flow import consent_problem
from bot.knowledge import load_knowledge
from bot.practice import find_case
from bot.privacy import mask
from bot.store.repository import repository_scope

OFFER_HANDOVER_AFTER = 2
HANDOVER_OFFER = "Lukt het niet? Je kunt ook een medewerker vragen."
HANDOVER_BUTTON = {"title": "Ik wil een medewerker", "payload": "/mens_spreken"}


def consent_complete(slots: dict[str, Any]) -> bool:
    """Consent given, and under 16 a parent or verzorger agrees too (one rule, in flow)."""
    return consent_problem(slots) is None


class QuestionFormValidator(FormValidationAction, ABC):
    """Reads each user turn with :func:`bot.dialogue.extraction.extract` and records it.

    Subclasses name their form and may say which questions they ask (``required_slots``)
    and whether the answers may be stored yet (``may_store``). The class is abstract so
    the action server does not register it as an action of its own.
    """

    @property
    @abstractmethod
    def form(self) -> str:
        """The form this validator belongs to."""

    def name(self) -> str:
        return f"validate_{self.form}"

    def may_store(self, slots: dict[str, Any]) -> bool:
        """Answers are stored only after consent was given in the start block."""
        return slots.get("toestemming") == "ja"

    def read(self, turn: UserTurn, requested: str | None, open_questions: list[str]) -> Extraction:
        """What this turn answers; subclasses may read some questions differently."""
        return extract(turn, requested, open_questions)

    def slot_value(self, question: str, value: Any) -> Any:
        """The value kept in Rasa's slot (the database may keep more, e.g. contact)."""
        return value

    @staticmethod
    def mode(tracker: Tracker) -> str:
        return tracker.get_slot("modus") or "advies"

    def store(self, tracker: Tracker, values: dict[str, Any]) -> None:
        """Write the answers of this turn in one database session (idempotent)."""
        if not values or not self.may_store({**tracker.slots, **values}):
            return
        text = typed_text(tracker)
        names = known_names(tracker)
        questions = load_knowledge().questions
        with repository_scope() as repository:
            repository.ensure_conversation(tracker.sender_id, mode=self.mode(tracker))
            for question, value in values.items():
                if questions[question].kind == "text" and question != "contact":
                    value = mask(str(value), names)  # free text is never stored unmasked
                repository.record_answer(
                    tracker.sender_id,
                    question,
                    value,
                    text=text,
                    answered_by=answered_by(tracker),
                    known_names=names,
                )

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        events: list[EventType] = []
        if validating_user_turn(tracker, self.form):
            requested = tracker.get_slot("requested_slot")
            open_questions = [slot for slot in required if tracker.get_slot(slot) is None]
            result = self.read(
                user_turn(tracker), requested if requested in required else None, open_questions
            )
            if result.interrupted:
                return []  # the form is rejected and a rule handles the interruption
            if result.error and requested:
                failures = int(tracker.get_slot("misverstanden") or 0) + 1
                if failures >= OFFER_HANDOVER_AFTER:
                    dispatcher.utter_message(
                        text=f"{result.error} {HANDOVER_OFFER}", buttons=[HANDOVER_BUTTON]
                    )
                else:
                    dispatcher.utter_message(text=result.error)
                events += [SlotSet(requested, None), SlotSet("misverstanden", failures)]
            else:
                events.append(SlotSet("misverstanden", 0))
            events += [
                SlotSet(slot, self.slot_value(slot, value)) for slot, value in result.values.items()
            ]
            self.store(tracker, result.values)
        tracker.add_slots(events)
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        missing = [slot for slot in required if tracker.get_slot(slot) is None]
        # Always say which question is next (None ends the form), so a form whose
        # questions depend on earlier answers never asks one it should skip.
        events.append(SlotSet("requested_slot", missing[0] if missing else None))
        return events


class ValidateStartForm(QuestionFormValidator):
    """Consent (with the parent check under 16), role and the part to begin with."""

    form = "start_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        slots = ["toestemming"]
        if tracker.get_slot("toestemming") == "nee":
            return slots
        slots.append("jonger_dan_16")
        if tracker.get_slot("jonger_dan_16") == "ja":
            slots.append("ouder_akkoord")
            if tracker.get_slot("ouder_akkoord") == "nee":
                return slots
        return [*slots, "rol", "deel"]

    def may_store(self, slots: dict[str, Any]) -> bool:
        return consent_complete(slots)

    def store(self, tracker: Tracker, values: dict[str, Any]) -> None:
        slots = {**tracker.slots, **values}
        if not self.may_store(slots):
            return
        with repository_scope() as repository:
            repository.ensure_conversation(
                tracker.sender_id,
                mode="advies",
                role=slots.get("rol") if slots.get("rol") in ("professional", "samen") else None,
                consent=True,
                parent_consent=(slots.get("ouder_akkoord") == "ja")
                if slots.get("jonger_dan_16") == "ja"
                else None,
            )
        super().store(tracker, {k: v for k, v in values.items() if k == "deel"})


class ValidateVoorkantForm(QuestionFormValidator):
    """Where the young person comes from, wants, needs: towards the leerroute decision."""

    form = "voorkant_form"


class ValidateRealisatieForm(QuestionFormValidator):
    """What the chosen route needs; the route steers which questions come first."""

    form = "realisatie_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        slots = list(domain_slots)
        if tracker.get_slot("gekozen_route") == "praktijkverklaring":
            # Learning happens at the workplace: the leerbedrijf comes first.
            slots.remove("bpv_plek")
            slots.insert(0, "bpv_plek")
        age = tracker.get_slot("leeftijd")
        if isinstance(age, int) and age >= 18:
            slots.remove("ouders_betrokken")
        return slots


class ValidateVervolgForm(QuestionFormValidator):
    """What comes after the route, and who takes over."""

    form = "vervolg_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        slots = list(domain_slots)
        if tracker.get_slot("vervolg_richting") == "vervolgonderwijs":
            slots.remove("arbeidsvermogen")
        return slots


class ValidatePreIntakeForm(QuestionFormValidator):
    """Pre-intake for a referred applicant: consent, referrer, 1 April, a few facts, contact.

    Reuses the consent questions of the start block (a parent agrees under 16). Answers are
    stored with mode ``pre_intake`` and role ``aanmelder``, only after consent.
    """

    form = "pre_intake_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        slots = list(domain_slots)
        if tracker.get_slot("toestemming") == "nee":
            return ["toestemming"]
        if tracker.get_slot("jonger_dan_16") != "ja":
            slots.remove("ouder_akkoord")
        elif tracker.get_slot("ouder_akkoord") == "nee":
            return ["toestemming", "jonger_dan_16", "ouder_akkoord"]
        return slots

    def may_store(self, slots: dict[str, Any]) -> bool:
        return consent_complete(slots)

    def read(self, turn: UserTurn, requested: str | None, open_questions: list[str]) -> Extraction:
        if requested == "contact" and turn.intent not in INTERRUPTIONS:
            no_contact = pre_intake.contact_answer(turn)
            if no_contact:
                return Extraction(values={"contact": no_contact})
        result = extract(turn, requested, open_questions)
        if requested in pre_intake.CONSENT_QUESTIONS or result.interrupted:
            return result
        # The referrer or the age may come in passing, also when another question is open.
        others = [q for q in open_questions if q != requested]
        for question, value in pre_intake.opening_facts([turn], others).items():
            result.values.setdefault(question, value)
        return result

    def slot_value(self, question: str, value: Any) -> Any:
        if question == "contact" and value != pre_intake.NO_CONTACT:
            return mask(str(value))  # kept unmasked only as the stored 'contact' answer
        return value

    def store(self, tracker: Tracker, values: dict[str, Any]) -> None:
        slots = {**tracker.slots, **values}
        if not values or not self.may_store(slots):
            return
        with repository_scope() as repository:
            repository.ensure_conversation(
                tracker.sender_id,
                mode="pre_intake",
                role="aanmelder",
                consent=True,
                parent_consent=(slots.get("ouder_akkoord") == "ja")
                if slots.get("jonger_dan_16") == "ja"
                else None,
            )
            if any(q in values for q in pre_intake.CONSENT_QUESTIONS):
                # Consent just became complete: store what was said before it, in passing.
                earlier = {
                    q: tracker.get_slot(q)
                    for q in pre_intake.PREFILL_QUESTIONS
                    if tracker.get_slot(q) is not None and q not in values
                }
                for question, value in earlier.items():
                    repository.record_answer(
                        tracker.sender_id, question, value, answered_by="aanmelder"
                    )
        answers = {k: v for k, v in values.items() if k not in pre_intake.CONSENT_QUESTIONS}
        super().store(tracker, answers)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        before = tracker.get_slot("aangemeld_voor_1_april")
        events = await super().run(dispatcher, tracker, domain)
        for event in events:
            if (
                event.get("name") == "aangemeld_voor_1_april"
                and event.get("value") in ("nee", "weet_niet")
                and before is None
            ):
                dispatcher.utter_message(text=pre_intake.APRIL_NOTE)
        return events


class ValidateOefenenForm(QuestionFormValidator):
    """Practice mode: which fictional case the professional wants to practise with."""

    form = "oefenen_form"

    def read(self, turn: UserTurn, requested: str | None, open_questions: list[str]) -> Extraction:
        if turn.intent in INTERRUPTIONS:
            return Extraction(interrupted=True)
        chosen = turn.entity_values("waarde")
        case = find_case(chosen[0] if chosen else turn.text)
        if case is None:
            return Extraction(
                error="Ik weet niet welke casus je bedoelt. Kies een knop of typ de naam."
            )
        return Extraction(values={"casus": case.key})

    def store(self, tracker: Tracker, values: dict[str, Any]) -> None:
        """The choice of case is not an answer about a young person: nothing to store."""


class ValidateOefenenPartnersForm(QuestionFormValidator):
    """Practice mode: which partners the professional would involve at a decision point."""

    form = "oefenen_partners_form"

    def read(self, turn: UserTurn, requested: str | None, open_questions: list[str]) -> Extraction:
        if turn.intent in INTERRUPTIONS:
            return Extraction(interrupted=True)
        try:
            partners = answer_for("betrokken_partners", turn)
        except ValueError as error:
            return Extraction(error=str(error))
        return Extraction(values={"oefen_partners": partners})

    def store(self, tracker: Tracker, values: dict[str, Any]) -> None:
        """Only the feedback matters; the choice itself is not stored."""
