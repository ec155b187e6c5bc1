"""One validator per question block (form). The reading of answers lives in bot.dialogue."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
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
from bot.dialogue import arbitration, confirmation, passing, pre_intake, reach, reading
from bot.dialogue.before_consent import AGE_ANSWERS, age_values, read_start_turn
from bot.dialogue.consent import (
    consent_by,
    holds_gezag,
    needs_young_persons_consent,
    sets_a_condition,
)
from bot.dialogue.extraction import Extraction, extract
from bot.dialogue.flow import consent_problem
from bot.dialogue.opening import role_statement
from bot.dialogue.turn import INTENT_VALUES, INTERRUPTIONS, UserTurn
from bot.dialogue.values import UNDER_16_UNKNOWN, answer_for, value_label
from bot.knowledge import load_knowledge
from bot.knowledge.model import SPEAKING_ROLES
from bot.knowledge.responses import buttons as response_buttons
from bot.knowledge.responses import text as response_text
from bot.knowledge.schooljaar import aanmelddatum
from bot.practice import find_case, load_cases
from bot.privacy import mask
from bot.store.repository import repository_scope

OFFER_HANDOVER_AFTER = 2
CONFIRM_SLOT = passing.CHECKED  # {"vraag": question, "waarde": value} held back to confirm
CORRECTION_FOR_A_PROFESSIONAL = "utter_correctie_voor_medewerker"
HANDOVER_OFFER = "utter_medewerker_aanbieden"  # said behind the error, with its button


CONSENT_QUESTIONS = pre_intake.CONSENT_QUESTIONS
# Questions whose answer is a consent; a condition or "weet ik niet" is no answer to them.
CONSENT_ANSWERS = ("toestemming", "ouder_akkoord", "jongere_akkoord")
CONSENT_EXPLANATION = "utter_toestemming_uitleg"
PARENT_UNKNOWN = "utter_ouder_akkoord_weet_niet"
# 16+ and a parent or professional types: the young person's yes, through them.
YOUNG_PERSON_CONSENT = "jongere_akkoord"
YOUNG_PERSON_UNKNOWN = "utter_jongere_akkoord_weet_niet"
# Said when the start block read a role or an age from a message that did not answer.
ROLE_READ = "utter_rol_gelezen"
ROLE_UNCLEAR = "utter_rol_onduidelijk"
AGE_READ = "utter_leeftijd_gelezen"
FACTS_READ = "utter_feiten_gelezen"


def parent_consent(slots: dict[str, Any]) -> bool | None:
    """True or False under 16 (a parent agreed or not), None from 16 on."""
    if slots.get("jonger_dan_16") != "ja":
        return None
    return slots.get("ouder_akkoord") == "ja"


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

    def read(
        self,
        turn: UserTurn,
        requested: str | None,
        open_questions: list[str],
        answered: dict[str, Any] | None = None,
    ) -> Extraction:
        """What this turn answers; subclasses may read some questions differently."""
        if requested == reach.QUESTION:
            return reach.read(turn, answered)
        return extract(turn, requested, open_questions, answered)

    def slot_value(self, question: str, value: Any) -> Any:
        """The value kept in Rasa's slot (the database may keep more, e.g. contact)."""
        return reach.slot_value(value) if question == reach.QUESTION else value

    @staticmethod
    def mode(tracker: Tracker) -> str:
        return tracker.get_slot("modus") or "advies"

    def store(self, tracker: Tracker, values: dict[str, Any]) -> None:
        """Write the answers of this turn in one database session (idempotent).

        Consent answers belong to the conversation, not to the answers; checks such as
        ``leeftijd_controle`` are not answers at all.
        """
        slots = {**tracker.slots, **values}
        if not values or not self.may_store(slots):
            return
        text = typed_text(tracker)
        names = known_names(tracker)
        questions = load_knowledge().questions
        answers = {k: v for k, v in values.items() if k in questions and k not in CONSENT_QUESTIONS}
        answers = {k: v for k, v in answers.items() if v is not None}  # reopened: asked again
        with repository_scope() as repository:
            conversation = repository.ensure_conversation(
                tracker.sender_id, mode=self.mode(tracker)
            )
            consent_changed = any(k in values for k in (*CONSENT_QUESTIONS, YOUNG_PERSON_CONSENT))
            if consent_changed and conversation.consent:
                # an age corrected across 16 asks the young person's own yes: who consented
                # follows (ouder becomes via_ouder)
                repository.ensure_conversation(
                    tracker.sender_id,
                    parent_consent=parent_consent(slots),
                    consent_by=consent_by(slots),  # None leaves it as it is
                )
            for question, value in answers.items():
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

    async def required(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """This form's questions, plus the checks any form may need now.

        An age that contradicts "jonger dan 16" is asked about once (``leeftijd_klopt``);
        when the corrected age makes a parent's consent necessary, that question comes
        first, and a refusal ends the part (``action_overdragen`` then stops).
        """
        slots: list[str] = list(
            await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        )
        questions = load_knowledge().questions
        role = tracker.get_slot("rol")
        slots = [s for s in slots if s not in questions or questions[s].asked_of(role)]
        if tracker.get_slot("leeftijd_controle") is not None and "leeftijd" in slots:
            slots.insert(slots.index("leeftijd"), "leeftijd_klopt")
        needs_parent = (
            self.form != "start_form"
            and "ouder_akkoord" not in slots
            and tracker.get_slot("jonger_dan_16") == "ja"
            and tracker.get_slot("toestemming") is not None
        )
        if needs_parent:
            if tracker.get_slot("ouder_akkoord") == "nee":
                return []
            slots.insert(0, "ouder_akkoord")
        needs_young_person = (
            self.form not in ("start_form", "pre_intake_form")
            and YOUNG_PERSON_CONSENT not in slots
            and tracker.get_slot("toestemming") is not None
            and needs_young_persons_consent(tracker.slots)
        )
        if needs_young_person:
            # A role or age corrected mid-part: a parent or professional now speaks about a
            # young person of 16+, whose own yes is asked first.
            if tracker.get_slot(YOUNG_PERSON_CONSENT) == "nee":
                return []
            slots.insert(0, YOUNG_PERSON_CONSENT)
        if reach.asked(self.form, tracker.slots):
            slots.append(reach.QUESTION)  # alone: how to reach them, before the hand-over
        return slots

    def check_age(self, tracker: Tracker, result: Extraction) -> list[EventType]:
        """Hold back an age that contradicts the earlier "jonger dan 16" answer, to ask once."""
        age = result.values.get("leeftijd")
        under_16 = tracker.get_slot("jonger_dan_16")
        if not isinstance(age, int) or under_16 not in ("ja", "nee"):
            return []
        if (under_16 == "ja") == (age < 16):
            return []
        del result.values["leeftijd"]
        return [SlotSet("leeftijd_controle", age)]

    @staticmethod
    def read_age_check(turn: UserTurn, tracker: Tracker) -> Extraction:
        """The answer to "klopt het dat de jongere 21 is?": the age counts, or is asked again."""
        answer = arbitration.leading_yes_no(turn.text) or INTENT_VALUES.get(turn.intent or "")
        age = tracker.get_slot("leeftijd_controle")
        if answer == "ja" and isinstance(age, int):
            return Extraction(
                values={
                    "leeftijd": age,
                    "jonger_dan_16": "ja" if age < 16 else "nee",
                    "leeftijd_controle": None,
                }
            )
        said = reading.age_in(turn.text)  # "nee wacht, ze is 16": the age in the same breath
        if answer == "nee" and said is not None:
            return Extraction(
                values={
                    "leeftijd": said,
                    "jonger_dan_16": "ja" if said < 16 else "nee",
                    "leeftijd_controle": None,
                }
            )
        if answer == "nee":
            return Extraction(values={"leeftijd_controle": None})
        return Extraction(error=response_text("utter_typ_ja_of_nee"))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        required = await self.required(dispatcher, tracker, domain)
        events: list[EventType] = []
        if validating_user_turn(tracker, self.form):
            requested = tracker.get_slot("requested_slot")
            open_questions = [slot for slot in required if tracker.get_slot(slot) is None]
            turn = user_turn(tracker)
            pending = tracker.get_slot(CONFIRM_SLOT)
            answered = {s: tracker.get_slot(s) for s in load_knowledge().questions}
            corrected_role = self.role_correction(tracker, turn, requested)
            if corrected_role is not None:
                return self.correct_role(dispatcher, tracker, corrected_role, requested)
            if requested == "leeftijd_klopt" and turn.intent not in INTERRUPTIONS:
                result = self.read_age_check(turn, tracker)
            elif requested in CONSENT_ANSWERS and self.consent_not_yet(turn):
                result = self.explain_consent(requested, turn)
            elif requested == CONFIRM_SLOT and isinstance(pending, dict):
                result = self.read_confirmation(turn, pending, open_questions, answered)
                requested = str(pending.get("vraag"))
                self.offer_after_refusals(dispatcher, tracker, turn, requested)
            else:
                result = self.read(
                    turn, requested if requested in required else None, open_questions, answered
                )
                if not result.corrected:
                    events += self.check_age(tracker, result)
                before = tracker.get_slot(requested) if requested else None
                if requested in result.values and before is not None:
                    # Values named in passing stay; the answer adds to them.
                    result.values[requested] = passing.merged(
                        requested, before, result.values[requested]
                    )
                if pending is not None:
                    events.append(SlotSet(CONFIRM_SLOT, None))  # left after an interruption
            if result.interrupted:
                return []  # the form is rejected and a rule handles the interruption
            reopened = result.corrected
            if reopened and result.values.get(reopened, 0) is None and reopened not in required:
                # An earlier part's answer cannot be asked again here: the professional
                # gets the correction in the user's words (the old value stays visible).
                del result.values[reopened]
                result.corrected = None
                result.open_question = turn.text
                result.replies.append(response_text(CORRECTION_FOR_A_PROFESSIONAL))
            if (
                result.error
                and requested == reach.QUESTION
                and int(tracker.get_slot("misverstanden") or 0) + 1 >= OFFER_HANDOVER_AFTER
            ):
                # Twice not understood: the contact question is skipped, not asked a third
                # time; the team then reaches them through the hand-over in this chat.
                result = reach.skipped()
            self.say(dispatcher, tracker, result)
            if result.error and requested:
                failures = int(tracker.get_slot("misverstanden") or 0) + 1
                if failures >= OFFER_HANDOVER_AFTER:
                    dispatcher.utter_message(
                        text=f"{result.error} {response_text(HANDOVER_OFFER)}",
                        buttons=response_buttons(HANDOVER_OFFER),
                    )
                else:
                    dispatcher.utter_message(text=result.error)
                keep = passing.list_question(requested) and tracker.get_slot(requested)
                events += [] if keep else [SlotSet(requested, None)]
                events.append(SlotSet("misverstanden", failures))
            else:
                events.append(SlotSet("misverstanden", 0))
            if result.note:
                dispatcher.utter_message(text=result.note)
            events += [
                SlotSet(slot, self.slot_value(slot, value)) for slot, value in result.values.items()
            ]
            self.store(tracker, result.values)
        tracker.add_slots(events)
        if isinstance(tracker.get_slot(CONFIRM_SLOT), dict) and validating_user_turn(
            tracker, self.form
        ):
            # One short line with ja/nee buttons (said in self.say); the next turn answers it.
            events.append(SlotSet("requested_slot", CONFIRM_SLOT))
            return events
        required = await self.required(dispatcher, tracker, domain)
        missing = [
            slot
            for slot in required
            if tracker.get_slot(slot) is None
            or passing.only_in_passing(slot, tracker.get_slot(slot), tracker.events)
        ]
        # Always say which question is next (None ends the form), so a form whose
        # questions depend on earlier answers never asks one it should skip.
        following = missing[0] if missing else None
        if following is not None and tracker.get_slot(following) is not None:
            dispatcher.utter_message(
                text=response_text(
                    "utter_al_genoteerd",
                    waarde=value_label(following, tracker.get_slot(following)),
                )
            )
        events.append(SlotSet("requested_slot", following))
        return events

    @staticmethod
    def offer_after_refusals(
        dispatcher: CollectingDispatcher, tracker: Tracker, turn: UserTurn, question: str
    ) -> None:
        """A second "nee" at the checks of one question offers a human (with its button).

        Alternating "nee" and a new value never counts as not understood, so the usual
        guard (``misverstanden``) would not be reached.
        """
        asked = confirmation.checks_asked(tracker.events, question)
        if confirmation.refused(turn) and asked >= confirmation.OFFER_HANDOVER_AFTER_CHECKS:
            dispatcher.utter_message(
                text=response_text(HANDOVER_OFFER), buttons=response_buttons(HANDOVER_OFFER)
            )

    @staticmethod
    def consent_not_yet(turn: UserTurn) -> bool:
        """A condition ("niet voordat ik snap ...") or, for a parent's consent, not knowing."""
        if sets_a_condition(turn.text):
            return True  # whatever the classifier made of it: a condition is no answer
        if turn.intent in INTERRUPTIONS and turn.intent != "weet_niet":
            return False
        return turn.intent == "weet_niet" or (
            not turn.text.startswith("/") and arbitration.says_dont_know(turn.text)
        )

    @staticmethod
    def explain_consent(question: str, turn: UserTurn) -> Extraction:
        """Explain and ask again: only a clear no is a refusal; not knowing gets a way on."""
        if question == "ouder_akkoord" and not sets_a_condition(turn.text):
            return Extraction(error=response_text(PARENT_UNKNOWN))
        return Extraction(error=response_text(CONSENT_EXPLANATION))

    @staticmethod
    def role_correction(tracker: Tracker, turn: UserTurn, requested: str | None) -> str | None:
        """The new role when the user says who they are, mid-part ("ik ben de moeder").

        A young person or a professional saying so in a conversation held together
        (samen) is no correction; neither is an answer to the role question itself.
        """
        current = tracker.get_slot("rol")
        if current is None or requested in (None, "rol") or turn.text.startswith("/"):
            return None
        said = role_statement(turn.text)
        if said is None or said == current:
            return None
        if current == "samen" and said in ("jongere", "professional"):
            return None
        return said

    def correct_role(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        role: str,
        requested: str | None,
    ) -> list[EventType]:
        """Record the corrected role, say so, and ask the open question again in its words."""
        label = load_knowledge().questions["rol"].values[role]
        dispatcher.utter_message(response="utter_rol_aangepast", rol_naam=label)
        slots = {**tracker.slots, "rol": role}
        if (
            self.form not in ("start_form", "pre_intake_form")
            and needs_young_persons_consent(slots)
            and slots.get(YOUNG_PERSON_CONSENT) is None
        ):
            requested = (
                YOUNG_PERSON_CONSENT  # now a parent or professional: the young person's yes first
            )
        if self.may_store(slots) and slots.get("toestemming") == "ja":
            with repository_scope() as repository:
                repository.ensure_conversation(
                    tracker.sender_id, role=role, consent_by=consent_by(slots)
                )
                repository.record_answer(tracker.sender_id, "rol", role, answered_by=role)
        return [SlotSet("rol", role), SlotSet("requested_slot", requested)]

    def say(self, dispatcher: CollectingDispatcher, tracker: Tracker, result: Extraction) -> None:
        """Answer what the turn did besides answering: a question back, a correction, a doubt.

        A question back for the professional is kept with the conversation (masked) once
        consent allows storing. A value to confirm gets one line with ja/nee buttons.
        """
        for reply in result.replies:
            dispatcher.utter_message(text=reply)
        if result.open_question and self.may_store(dict(tracker.slots)):
            with repository_scope() as repository:
                repository.ensure_conversation(tracker.sender_id, mode=self.mode(tracker))
                repository.add_note(
                    tracker.sender_id,
                    "vraag",
                    result.open_question,
                    known_names=known_names(tracker),
                )
        if result.corrected:
            question = load_knowledge().questions[result.corrected]
            value = result.values.get(result.corrected)
            if value is None:
                dispatcher.utter_message(
                    response="utter_antwoord_opnieuw_vragen", vraag=question.label.lower()
                )
            else:
                dispatcher.utter_message(
                    response="utter_antwoord_aangepast",
                    vraag=question.label,
                    waarde=value_label(result.corrected, value),
                )
        if result.confirm:
            question_key, value = result.confirm
            dispatcher.utter_message(
                response="utter_bevestig_waarde",
                vraag=load_knowledge().questions[question_key].label,
                waarde=value_label(question_key, value),
            )
            earlier = result.values.get(CONFIRM_SLOT)
            flags = earlier if isinstance(earlier, dict) else {}
            result.values[CONFIRM_SLOT] = {**flags, "vraag": question_key, "waarde": value}

    def read_confirmation(
        self,
        turn: UserTurn,
        pending: dict[str, Any],
        open_questions: list[str],
        answered: dict[str, Any],
    ) -> Extraction:
        """The reply to "Klopt dat?", read in :mod:`bot.dialogue.confirmation` with this
        validator's own reading of answers."""
        return confirmation.read_reply(turn, pending, open_questions, answered, self.read)


class ValidateStartForm(QuestionFormValidator):
    """Consent (a parent under 16; from 16 the young person, also through whoever types),
    role and the part to begin with.

    Every typed message of the block is read for a role and an age as well
    (:mod:`bot.dialogue.before_consent`): they are kept in slots and stored only once
    consent is complete. An age at a consent question answers or corrects the age, never
    the consent.
    """

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
        slots.append("rol")
        if needs_young_persons_consent(tracker.slots):
            slots.append(YOUNG_PERSON_CONSENT)
            if tracker.get_slot(YOUNG_PERSON_CONSENT) == "nee":
                return slots
        return [*slots, "deel"]

    def may_store(self, slots: dict[str, Any]) -> bool:
        """Only once consent is complete: the age is known, and from 16 the role too (a
        parent or professional then answers for the young person's own yes)."""
        if slots.get("jonger_dan_16") is None:
            return False
        if slots.get("jonger_dan_16") == "nee" and slots.get("rol") is None:
            return False
        return consent_complete(slots)

    def check_age(self, tracker: Tracker, result: Extraction) -> list[EventType]:
        """An age read in the start block sets "jonger dan 16" itself: nothing to hold back."""
        return []

    def read(
        self,
        turn: UserTurn,
        requested: str | None,
        open_questions: list[str],
        answered: dict[str, Any] | None = None,
    ) -> Extraction:
        """The answer, and the role, age and facts any message of the start block tells.

        An age at a consent question is the age (a correction when it changes the earlier
        answer), and the consent question follows again in the right words. A message that
        tells who is talking but does not answer (no age given) asks the open question
        again in that role's words instead of assuming anything.
        """
        answered = answered or {}
        result = super().read(turn, requested, open_questions, answered)
        if result.interrupted or turn.text.startswith("/") or requested is None:
            return result
        said = read_start_turn(turn, requested, answered)
        if requested in AGE_ANSWERS and said.under_16 is not None:
            values = age_values(said, answered)
            earlier = answered.get("jonger_dan_16")
            result = Extraction(values=values)
            if earlier is not None and earlier != said.under_16:
                result.corrected = "leeftijd" if said.age is not None else "jonger_dan_16"
            elif requested != "jonger_dan_16" and said.age is not None:
                result.note = response_text(AGE_READ, leeftijd=said.age)
        elif (said.role is not None or said.facts) and not self.answered_plainly(result, requested):
            # No answer, but who is talking or facts about the young person: the question
            # again (in the role's words), never "Ik begrijp je antwoord niet".
            result = Extraction()
            if said.role is None:
                facts = ", ".join(value_label(q, v) for q, v in said.facts.items())
                result.replies.append(response_text(FACTS_READ, waarde=facts))
        elif requested == "rol" and result.error:
            result.error = response_text(ROLE_UNCLEAR)  # the buttons follow with the question
        if said.role is not None:
            result.values.setdefault("rol", said.role)
            label = load_knowledge().questions["rol"].values[said.role]
            result.replies.append(response_text(ROLE_READ, rol_naam=label))
        for question, value in said.facts.items():
            result.values.setdefault(question, value)
        if self.gezag_said(turn, requested, {**answered, **result.values}):
            result.values.setdefault("ouder_akkoord", "ja")  # "ja, ik heb het gezag"
        return result

    @staticmethod
    def gezag_said(turn: UserTurn, requested: str, slots: Mapping[str, Any]) -> bool:
        """A parent of a child under 16 agrees and says they have gezag, in one message."""
        return (
            requested == "toestemming"
            and slots.get("toestemming") == "ja"
            and slots.get("rol") == "ouder"
            and slots.get("jonger_dan_16") == "ja"
            and slots.get("ouder_akkoord") is None
            and holds_gezag(turn.text)
        )

    @staticmethod
    def answered_plainly(result: Extraction, requested: str) -> bool:
        """An answer to the open question itself, not a guess made on the safe side."""
        value = result.values.get(requested)
        return (
            not result.error
            and value not in (None, arbitration.DONT_KNOW, arbitration.SKIPPED)
            and result.note != response_text(UNDER_16_UNKNOWN)
            and not result.confirm
        )

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        if (
            requested == YOUNG_PERSON_CONSENT
            and validating_user_turn(tracker, self.form)
            and self.young_person_not_yet(user_turn(tracker))
        ):
            # "weet ik niet", a question or a condition: why it matters, and a way on.
            dispatcher.utter_message(response=YOUNG_PERSON_UNKNOWN)
            return [SlotSet(YOUNG_PERSON_CONSENT, None), SlotSet("requested_slot", requested)]
        return await super().run(dispatcher, tracker, domain)

    def young_person_not_yet(self, turn: UserTurn) -> bool:
        """Not knowing, a question back or a condition at the young person's consent."""
        if turn.intent in INTERRUPTIONS and turn.intent != "weet_niet":
            return False
        if turn.text.startswith("/"):
            return turn.intent == "weet_niet"
        if read_start_turn(turn, YOUNG_PERSON_CONSENT, {}).under_16 is not None:
            return False  # an age: read as a correction of the age
        if self.consent_not_yet(turn):
            return True
        try:
            answer_for(YOUNG_PERSON_CONSENT, turn)
        except ValueError:
            return "?" in turn.text or bool(arbitration.says_dont_know(turn.text))
        return False

    def store(self, tracker: Tracker, values: dict[str, Any]) -> None:
        slots = {**tracker.slots, **values}
        if not self.may_store(slots):
            return
        with repository_scope() as repository:
            repository.ensure_conversation(
                tracker.sender_id,
                mode="advies",
                role=slots.get("rol") if slots.get("rol") in SPEAKING_ROLES else None,
                consent=True,
                parent_consent=parent_consent(slots),
                consent_by=consent_by(slots),
            )
        if slots.get("rol") in SPEAKING_ROLES:
            # Who filled it in belongs in every summary ("Ingevuld door: ...").
            with repository_scope() as repository:
                if repository.answers(tracker.sender_id).get("rol") != slots["rol"]:
                    repository.record_answer(
                        tracker.sender_id, "rol", slots["rol"], answered_by=slots["rol"]
                    )
        if slots.get(YOUNG_PERSON_CONSENT) == "ja" and needs_young_persons_consent(slots):
            # The summary says the young person knows and agrees, through whom it was said.
            with repository_scope() as repository:
                if repository.answers(tracker.sender_id).get(YOUNG_PERSON_CONSENT) != "ja":
                    repository.record_answer(
                        tracker.sender_id,
                        YOUNG_PERSON_CONSENT,
                        "ja",
                        text=typed_text(tracker),
                        answered_by=answered_by(tracker),
                    )
        if "deel" in values:
            super().store(tracker, {"deel": values["deel"]})
        elif slots.get("deel") is not None:
            # The part came from the first message: record it once consent is complete.
            with repository_scope() as repository:
                repository.record_answer(
                    tracker.sender_id, "deel", slots["deel"], answered_by=answered_by(tracker)
                )


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

    def read(
        self,
        turn: UserTurn,
        requested: str | None,
        open_questions: list[str],
        answered: dict[str, Any] | None = None,
    ) -> Extraction:
        if requested == "contact" and turn.intent not in INTERRUPTIONS:
            no_contact = pre_intake.contact_answer(turn)
            if no_contact:
                return Extraction(values={"contact": no_contact})
        result = extract(turn, requested, open_questions, answered)
        if pre_intake.APRIL_QUESTION in result.values:
            result.values[pre_intake.APRIL_QUESTION] = pre_intake.april_answer(
                result.values[pre_intake.APRIL_QUESTION],
                turn.text,
                deadline_passed=aanmelddatum().passed,
            )
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
                parent_consent=parent_consent(slots),
                consent_by=consent_by({**slots, "rol": "aanmelder"}),
            )
            if any(q in values for q in pre_intake.CONSENT_QUESTIONS):
                # Consent just became complete: store what was said before it, in passing.
                earlier = {
                    q: tracker.get_slot(q)
                    for q in load_knowledge().prefill_questions
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
                dispatcher.utter_message(response=pre_intake.APRIL_NOTE)
        return events


class ValidateOefenenForm(QuestionFormValidator):
    """Practice mode: which fictional case the professional wants to practise with."""

    form = "oefenen_form"

    def read(
        self,
        turn: UserTurn,
        requested: str | None,
        open_questions: list[str],
        answered: dict[str, Any] | None = None,
    ) -> Extraction:
        if turn.intent in INTERRUPTIONS:
            return Extraction(interrupted=True)
        chosen = turn.entity_values("waarde")
        case = find_case(chosen[0] if chosen else turn.text)
        if case is None and (turn.intent == "weet_niet" or arbitration.says_dont_know(turn.text)):
            first = load_cases()[0]
            return Extraction(
                values={"casus": first.key},
                note=response_text("utter_casus_gekozen", casus=first.title),
            )
        if case is None:
            return Extraction(error=response_text("utter_casus_onbekend"))
        return Extraction(values={"casus": case.key})

    def store(self, tracker: Tracker, values: dict[str, Any]) -> None:
        """The choice of case is not an answer about a young person: nothing to store."""


class ValidateOefenenPartnersForm(QuestionFormValidator):
    """Practice mode: which partners the professional would involve at a decision point."""

    form = "oefenen_partners_form"

    def read(
        self,
        turn: UserTurn,
        requested: str | None,
        open_questions: list[str],
        answered: dict[str, Any] | None = None,
    ) -> Extraction:
        if turn.intent in INTERRUPTIONS:
            return Extraction(interrupted=True)
        try:
            partners = answer_for("betrokken_partners", turn)
        except ValueError as error:
            return Extraction(error=str(error))
        if partners in (arbitration.DONT_KNOW, arbitration.SKIPPED):
            partners = []  # not knowing is an answer: the feedback shows who would help
        return Extraction(values={"oefen_partners": partners})

    def store(self, tracker: Tracker, values: dict[str, Any]) -> None:
        """Only the feedback matters; the choice itself is not stored."""
