"""Reminders: an untaken hand-over is sent to the team again, a taken one "blijft liggen".

Real SMTP on loopback, reminder times of about a second (teams.yml allows fractions), and
teams open all day so office time equals clock time.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.handover.notify import Notifier, notify_settings
from bot.handover.reminders import queue_reminders
from bot.handover.start import hand_over
from bot.knowledge.teams import WEEKDAYS
from bot.store.repository import repository_scope
from tests.handover.conftest import Mailbox

SECONDS = 1.0


def _quick_and_always_open(data: dict) -> None:
    for team in data["teams"].values():
        team["office_hours"]["days"] = {day: ["0:00-24:00"] for day in WEEKDAYS}
        team["office_hours"]["closed"] = []
        team["remind_after_minutes"] = SECONDS / 60
        team["stale_after_hours"] = SECONDS / 3600


def _open(conversation_id: str) -> int:
    with repository_scope() as repository:
        repository.ensure_conversation(conversation_id, mode="advies", consent=True)
        hand_over(repository, conversation_id, "op_verzoek", {})
        [handover] = repository.handovers(conversation_id)
        return int(handover.id)


def _subjects(smtp: Mailbox) -> list[str]:
    return [str(mail["Subject"]) for _, mail in smtp.mails]


async def test_the_reminder_arrives_and_a_taken_case_that_lies_about_is_marked(
    sqlite_store, smtp: Mailbox, teams_yml
) -> None:
    smtp.delay = 0
    teams = teams_yml(_quick_and_always_open)
    notifier = Notifier(notify_settings(), teams=teams)
    handover_id = _open("web-herinnering")
    await notifier.run_once()
    assert _subjects(smtp) == ["Nieuwe overdracht: de gebruiker wil met een mens praten"]
    await notifier.run_once()
    assert len(smtp.mails) == 1  # not yet: the reminder time has not passed

    await asyncio.sleep(SECONDS + 0.2)
    await notifier.run_once()
    assert _subjects(smtp)[1] == "Herinnering, wacht nog: de gebruiker wil met een mens praten"
    assert smtp.mails[1][0] == ["loopbaan@school.example"]

    with repository_scope() as repository:
        repository.take_handover(handover_id, "mentor")
        assert not repository.get_handover(handover_id).stale
    await asyncio.sleep(SECONDS + 0.2)
    await notifier.run_once()
    subject = _subjects(smtp)[2]
    assert subject.startswith("Blijft liggen: ")
    assert "Voor: mentor" in smtp.mails[2][1].get_payload(decode=True).decode()
    with repository_scope() as repository:
        assert repository.get_handover(handover_id).stale


async def test_office_time_only_and_a_reply_resets_the_clock(sqlite_store, teams_yml) -> None:
    teams = teams_yml(_quick_and_always_open)
    handover_id = _open("web-kantoortijd")
    with repository_scope() as repository:
        handover = repository.get_handover(handover_id)
        soon = handover.created_at + dt.timedelta(seconds=SECONDS / 2)
        assert queue_reminders(repository, teams, soon) == 0
        repository.take_handover(handover_id, "mentor")
        taken_at = repository.get_handover(handover_id).taken_at
        reply = repository.add_message("web-kantoortijd", "professional", "Ik kijk", handover_id)
        # The reply comes half a period after the take (not microseconds, which a fast
        # machine would make too close to tell the two clocks apart).
        reply.created_at = taken_at + dt.timedelta(seconds=SECONDS / 2)
    with repository_scope() as repository:
        # The reply came after the take, so the clock starts at the reply.
        just_after_take = taken_at + dt.timedelta(seconds=SECONDS * 1.01)
        assert queue_reminders(repository, teams, just_after_take) == 0
        later = taken_at + dt.timedelta(seconds=SECONDS * 5)
        assert queue_reminders(repository, teams, later) == 1

    # Closed all week: no office time passes, so no reminder however long it waits.
    def closed_for_weeks(data: dict) -> None:
        _quick_and_always_open(data)
        days = [dt.date.today() + dt.timedelta(days=n) for n in range(-3, 30)]
        data["teams"]["loopbaan"]["office_hours"]["closed"] = days

    closed = teams_yml(closed_for_weeks)
    other = _open("web-dicht")
    with repository_scope() as repository:
        created = repository.get_handover(other).created_at
        assert queue_reminders(repository, closed, created + dt.timedelta(days=2)) == 0
