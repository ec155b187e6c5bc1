"""What happens next, told to a young person or parent who chatted alone at a hand-over.

A professional knows what a hand-over means; a young person alone does not. So at a
hand-over of the advice route they read, in a few short lines: what the school gets (the
parts they answered), who contacts them and how (their answer to ``bereikbaar``), when
(the team's promised work days and its office hours from teams.yml, never a fixed
sentence) and how to see or erase their data. The words are responses in ``domain.yml``
with variations on the slot ``rol``; this module only chooses them and fills them in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.dialogue import reach
from bot.handover.start import Availability
from bot.knowledge import load_knowledge
from bot.knowledge.teams import WEEKDAYS, OfficeHours, Team

# Parts that are the same for everyone (the start) or not about the young person's advice.
NOT_PASSED_AS_TOPIC = ("start", "contact", "pre_intake")
WORK_DAYS = tuple(range(5))  # maandag to vrijdag
# Who contacts them, and how, per answer to 'bereikbaar' (no phone or mail: only the chat).
CONTACT_LINES = {
    reach.PHONE: "utter_verder_contact_telefoon",
    reach.MAIL: "utter_verder_contact_e_mail",
    reach.VIA_SCHOOL: "utter_verder_contact_via_school",
    reach.NONE: "utter_verder_contact_geen",
}


def told_to(answers: Mapping[str, Any], mode: str | None) -> bool:
    """Only a young person or parent alone, in the advice route, gets these lines."""
    return answers.get("rol") in reach.ASKED_OF and (mode or "advies") == "advies"


def _clock(hour: int, minute: int) -> str:
    return f"{hour}.{minute:02d}" if minute else str(hour)


def _days_words(days: list[int]) -> str:
    if tuple(days) == WORK_DAYS:
        return "op werkdagen"
    names = [WEEKDAYS[day] for day in days]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"
    return f"op {listed}"


def hours_words(hours: OfficeHours) -> str:
    """'op werkdagen tussen 8.30 en 17 uur': the open days and the span of their hours."""
    days = sorted(day for day, periods in hours.week.items() if periods)
    periods = [period for day in days for period in hours.week[day]]
    start = min(period.start for period in periods)
    end = max(period.end for period in periods)
    return (
        f"{_days_words(days)} tussen {_clock(start.hour, start.minute)}"
        f" en {_clock(end.hour, end.minute)} uur"
    )


def when(team: Team) -> Availability:
    """When the team contacts them: its promised work days and its office hours."""
    uren = hours_words(team.office_hours)
    if team.contact_within_days is None:
        return Availability("utter_verder_wanneer_uren", {"uren": uren})
    return Availability(
        "utter_verder_wanneer", {"dagen": str(team.contact_within_days), "uren": uren}
    )


def topics(answers: Mapping[str, Any]) -> str:
    """The parts answered, in the words of questions.yml ('welke leerroute past')."""
    knowledge = load_knowledge()
    answered = {
        question.part
        for key, question in knowledge.questions.items()
        if answers.get(key) is not None and question.part not in NOT_PASSED_AS_TOPIC
    }
    words = [
        label.split("–", 1)[-1].strip().lower()
        for part, label in knowledge.parts.items()
        if part in answered
    ]
    if not words:
        return "wat je tot nu toe vertelde"
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} en {words[-1]}"


def next_steps(answers: Mapping[str, Any], team: Team) -> list[Availability]:
    """The lines to say after the hand-over message, in order (see the module's docstring).

    Asked for a human before the question came (no answer yet): no promise of contact; the
    hand-over message already says when someone answers in the chat.
    """
    passed_on = Availability("utter_verder_doorgegeven", {"onderwerpen": topics(answers)})
    data = Availability("utter_verder_gegevens", {})
    if answers.get(reach.QUESTION) is None:
        return [passed_on, data]
    channel = reach.channel_of(answers.get(reach.QUESTION))
    contact = Availability(CONTACT_LINES.get(str(channel), CONTACT_LINES[reach.NONE]), {})
    return [passed_on, contact, when(team), data]
