"""Hand-over at a decision point, and continuing with the professional's decision."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from rasa_sdk.events import ConversationPaused

from actions.handover import ActionOverdragen, ActionVerwerkenBesluit
from bot.knowledge.teams import WEEKDAYS
from bot.store.repository import repository_scope
from tests.actions.conftest import make_tracker, said_text

VSO_17 = {"herkomst": "vso", "leeftijd": 17, "startkwalificatie": "nee", "signalen": ["jeugdhulp"]}


def _answers(conversation_id: str, answers: dict) -> None:
    with repository_scope() as repository:
        repository.ensure_conversation(conversation_id, mode="advies", consent=True)
        for question, value in answers.items():
            repository.record_answer(conversation_id, question, value, answered_by="professional")


def _after_voorkant(**kwargs) -> object:
    # The user confirmed the review that comes before the hand-over (actions/review.py).
    kwargs["slots"] = {"nagekeken": "ja", **(kwargs.get("slots") or {})}
    after = [
        {"event": "action", "name": "voorkant_form", "timestamp": 100.0},
        {"event": "active_loop", "name": None, "timestamp": 100.0},
    ]
    return make_tracker(
        text="ja", intent="bevestigen", after=after, latest_action="voorkant_form", **kwargs
    )


async def test_leerroute_hand_over_with_partner_suggestions(database, dispatcher, domain) -> None:
    _answers("gesprek-1", VSO_17)
    events = await ActionOverdragen().run(dispatcher, _after_voorkant(), domain)
    assert ConversationPaused() in events
    with repository_scope() as repository:
        [handover] = repository.list_handovers(status="open")
        assert handover.decision_point == "leerroute"
        partners = {s.partner: s.reason for s in handover.suggestions}
    assert {"toeleverend_onderwijs", "mbo_school", "begeleidingsinstantie"} <= set(partners)
    assert all(reason.startswith("omdat") for reason in partners.values())
    assert "vso" in handover.summary and "17" in handover.summary
    text = dispatcher.messages[0]["text"]
    assert "medewerker" in text and "omdat" in text


async def test_a_retried_hand_over_is_written_once(database, dispatcher, domain) -> None:
    _answers("gesprek-1", VSO_17)
    tracker = _after_voorkant()
    await ActionOverdragen().run(dispatcher, tracker, domain)
    await ActionOverdragen().run(dispatcher, tracker, domain)
    with repository_scope() as repository:
        assert len(repository.list_handovers()) == 1


async def test_asking_for_a_human_and_after_misunderstandings(database, dispatcher, domain) -> None:
    tracker = make_tracker(text="ik wil een mens spreken", intent="mens_spreken", sender_id="a")
    await ActionOverdragen().run(dispatcher, tracker, domain)
    tracker = make_tracker(
        text="ja graag", intent="mens_spreken", sender_id="b", slots={"misverstanden": 2}
    )
    await ActionOverdragen().run(dispatcher, tracker, domain)
    with repository_scope() as repository:
        points = {h.conversation_id: h.decision_point for h in repository.list_handovers()}
    assert points == {"a": "op_verzoek", "b": "niet_begrepen"}


async def test_the_decision_comes_from_the_database(database, dispatcher, domain) -> None:
    _answers("gesprek-1", VSO_17)
    await ActionOverdragen().run(dispatcher, _after_voorkant(), domain)
    with repository_scope() as repository:
        [handover] = repository.list_handovers()
        repository.record_decision(handover.id, "praktijkverklaring", "past goed", "mentor")
    dispatcher.messages.clear()
    tracker = make_tracker(text="", intent="EXTERNAL_besluit")
    events = await ActionVerwerkenBesluit().run(dispatcher, tracker, domain)
    assert {
        "event": "slot",
        "timestamp": None,
        "name": "gekozen_route",
        "value": "praktijkverklaring",
    } in events
    assert "praktijkverklaring" in dispatcher.messages[0]["text"].lower()


async def test_no_decision_no_change(database, dispatcher, domain) -> None:
    tracker = make_tracker(text="/EXTERNAL_besluit", intent="EXTERNAL_besluit")
    assert await ActionVerwerkenBesluit().run(dispatcher, tracker, domain) == []


def _today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def _all_day(data: dict, closed: list[dt.date]) -> None:
    """Every team open all day every day, except the ``closed`` dates."""
    for team in data["teams"].values():
        team["office_hours"]["days"] = {day: ["0:00-24:00"] for day in WEEKDAYS}
        team["office_hours"]["closed"] = closed


async def test_within_office_hours_the_user_reads_the_teams_answer_time(
    database, dispatcher, domain, teams_yml
) -> None:
    teams_yml(lambda data: _all_day(data, closed=[]))
    _answers("gesprek-1", VSO_17)
    await ActionOverdragen().run(dispatcher, _after_voorkant(), domain)
    said = said_text(dispatcher, domain)
    assert "Dan krijg je meestal binnen 15 minuten antwoord." in said
    assert "dicht" not in said


async def test_outside_office_hours_the_user_reads_the_next_opening_and_that_messages_are_kept(
    database, dispatcher, domain, teams_yml
) -> None:
    teams_yml(lambda data: _all_day(data, closed=[_today()]))
    _answers("gesprek-1", VSO_17)
    await ActionOverdragen().run(dispatcher, _after_voorkant(), domain)
    said = said_text(dispatcher, domain)
    assert "We zijn er weer morgen vanaf 0.00 uur." in said
    assert "Je berichten blijven bewaard." in said
    assert "15 minuten" not in said  # no promise while closed


async def test_a_pre_intake_goes_to_the_intake_team_and_its_hours(
    database, dispatcher, domain, teams_yml
) -> None:
    def only_intake_closed(data: dict) -> None:
        _all_day(data, closed=[])
        data["teams"]["intake"]["office_hours"]["closed"] = [
            _today() + dt.timedelta(days=n) for n in range(100)
        ]

    teams_yml(only_intake_closed)
    with repository_scope() as repository:
        repository.ensure_conversation("aanmelding-1", mode="pre_intake", consent=True)
    tracker = make_tracker(text="ik wil een mens", intent="mens_spreken", sender_id="aanmelding-1")
    await ActionOverdragen().run(dispatcher, tracker, domain)
    with repository_scope() as repository:
        [handover] = repository.list_handovers()
        assert handover.team == "intake"
    assert "De school is nu een tijd dicht." in said_text(dispatcher, domain)
