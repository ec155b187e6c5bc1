"""The casework service on a real SQLite store: take, release, reply, decide, transcript, erase.

The assistant is a fake that records what it was asked (Rasa is not running here); the live
channel records what was published, so each rule is checked once, below both adapters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.handover.casework import (
    AssistantUnavailable,
    Casework,
    InvalidDecision,
    NotResumed,
    names_in,
    transcript_lines,
)
from bot.store.refusals import AlreadyDecided, AlreadyTaken, NotFound, NotTaken
from bot.store.repository import repository_scope

EVENTS: list[dict[str, Any]] = [
    {"event": "user", "text": "Hoi, ik heet Sanne de Boer", "timestamp": 1},
    {"event": "bot", "text": "Welkom!", "timestamp": 2},
    {"event": "user", "text": "/informeren", "timestamp": 3},
    {"event": "user", "text": "sanne wil graag koken, mail sanne@example.nl", "timestamp": 4},
    {"event": "bot", "text": "Ik kijk mee", "timestamp": 5, "metadata": {"afzender": "medewerker"}},
]


class FakeAssistant:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.down = False

    async def add_professional_message(self, conversation_id: str, text: str) -> None:
        if self.down:
            raise AssistantUnavailable("Rasa is niet bereikbaar (test)")
        self.calls.append(("reply", text))

    async def resume(self, conversation_id: str) -> list[dict[str, Any]]:
        if self.down:
            raise AssistantUnavailable("Rasa is niet bereikbaar (test)")
        self.calls.append(("resume", conversation_id))
        return [{"text": "We gaan verder met de realisatie."}]

    async def events(self, conversation_id: str) -> list[dict[str, Any]]:
        if self.down:
            raise AssistantUnavailable("Rasa is niet bereikbaar (test)")
        return list(EVENTS)


class RecordingChannel:
    def __init__(self) -> None:
        self.published: list[tuple[str, str]] = []

    def taken(self, conversation_id: str, shown_name: str | None = None) -> None:
        self.published.append(("taken", conversation_id))

    def released(self, conversation_id: str) -> None:
        self.published.append(("released", conversation_id))

    def professional_reply(self, conversation_id: str, text: str) -> None:
        self.published.append(("reply", text))

    def resumed(self, conversation_id: str, messages: list[dict[str, Any]]) -> None:
        self.published.append(("resumed", conversation_id))

    def erased(self, conversation_id: str) -> None:
        self.published.append(("erased", conversation_id))


@pytest.fixture
def service(sqlite_store: str, tmp_path: Path) -> Casework:
    with repository_scope() as repository:
        repository.ensure_conversation("echt", mode="advies", consent=True)
        repository.record_answer("echt", "leeftijd", 17, answered_by="jongere")
        repository.open_handover("echt", "leerroute", "Leeftijd: 17.")
        repository.ensure_conversation("oefen", mode="oefenen")
        repository.open_handover("oefen", "leerroute", "oefening")
    return Casework(
        FakeAssistant(),
        RecordingChannel(),
        tracker_store_url=f"sqlite:///{tmp_path / 'tracker.db'}",
    )


def _ids() -> dict[str, int]:
    with repository_scope() as repository:
        return {h.conversation_id: h.id for h in repository.list_handovers(include_practice=True)}


async def test_practice_is_invisible_everywhere(service: Casework) -> None:
    practice = _ids()["oefen"]
    assert [h["conversation_id"] for h in await service.handovers()] == ["echt"]
    for call in (
        service.handover(practice),
        service.conversation_of(practice),
        service.conversation("oefen"),
        service.take(practice, "anna"),
        service.release(practice, "anna"),
        service.reply(practice, "anna", "hoi"),
        service.decide(practice, "anna", "certificaat", None),
    ):
        with pytest.raises(NotFound):
            await call
    with pytest.raises(NotFound):
        await service.handover(999)


async def test_take_before_act_and_one_taker(service: Casework) -> None:
    handover_id = _ids()["echt"]
    with pytest.raises(NotTaken):
        await service.reply(handover_id, "anna", "hoi")
    with pytest.raises(NotTaken):
        await service.decide(handover_id, "anna", "certificaat", None)
    assert (await service.take(handover_id, "anna"))["taken_by"] == "anna"
    with pytest.raises(AlreadyTaken):
        await service.take(handover_id, "bram")
    with pytest.raises(NotTaken):
        await service.reply(handover_id, "bram", "hoi")
    assert service.assistant.calls == []  # type: ignore[attr-defined]
    assert service.live.published == [("taken", "echt")]  # type: ignore[attr-defined]


async def test_release_lets_a_colleague_take_it(service: Casework) -> None:
    handover_id = _ids()["echt"]
    with pytest.raises(NotTaken):
        await service.release(handover_id, "anna")  # nobody took it yet
    await service.take(handover_id, "anna")
    with pytest.raises(NotTaken):
        await service.release(handover_id, "bram")
    released = await service.release(handover_id, "anna")
    assert (released["status"], released["taken_by"], released["taken_at"]) == ("open", None, None)
    assert (await service.take(handover_id, "bram"))["taken_by"] == "bram"
    with pytest.raises(NotTaken):
        await service.reply(handover_id, "anna", "hoi")
    assert service.live.published == [  # type: ignore[attr-defined]
        ("taken", "echt"),
        ("released", "echt"),
        ("taken", "echt"),
    ]


async def test_reassign_hands_it_to_a_named_colleague_who_is_told_and_it_is_recorded(
    service: Casework, teams_yml
) -> None:
    from bot.accounts import create_account
    from bot.store.refusals import UnknownColleague

    create_account("bram", "een-lang-wachtwoord", "Bram")
    # A loopbaan case goes only to a member of loopbaan (bot.handover.policy).
    teams_yml(lambda data: data["teams"]["loopbaan"]["members"].append("bram"))
    handover_id = _ids()["echt"]
    with repository_scope() as repository:
        repository.get_handover(handover_id).team = "loopbaan"
    with pytest.raises(NotTaken):
        await service.reassign(handover_id, "anna", "bram")  # take first
    await service.take(handover_id, "anna")
    with pytest.raises(UnknownColleague):
        await service.reassign(handover_id, "anna", "niemand")
    with pytest.raises(UnknownColleague):
        await service.reassign(handover_id, "anna", "anna")
    handed = await service.reassign(handover_id, "anna", "bram")
    assert (handed["status"], handed["taken_by"]) == ("in_behandeling", "bram")
    with pytest.raises(NotTaken):
        await service.reply(handover_id, "anna", "hoi")
    await service.release(handover_id, "bram")
    with repository_scope() as repository:
        records = [m.text for m in repository.messages("echt") if m.sender == "systeem"]
        [told] = repository.outbox.of_handover(handover_id)
        assert (told.kind, told.recipient, told.channel) == ("doorgegeven", "bram", "email")
    assert records == [
        "anna heeft de overdracht doorgegeven aan bram.",
        "bram heeft de overdracht teruggegeven aan het team.",
    ]


async def test_reply_goes_to_rasa_the_store_and_the_live_channel(service: Casework) -> None:
    handover_id = _ids()["echt"]
    await service.take(handover_id, "anna")
    stored = await service.reply(handover_id, "anna", "Ik kijk mee, mail me op a@b.nl")
    assert stored["sender"] == "professional" and "a@b.nl" not in stored["text"]
    assert service.assistant.calls == [("reply", "Ik kijk mee, mail me op a@b.nl")]  # type: ignore[attr-defined]
    assert ("reply", "Ik kijk mee, mail me op a@b.nl") in service.live.published  # type: ignore[attr-defined]
    service.assistant.down = True  # type: ignore[attr-defined]
    with pytest.raises(AssistantUnavailable):
        await service.reply(handover_id, "anna", "nog een")
    assert len((await service.handover(handover_id))["messages"]) == 1  # nothing half-sent


async def test_decide_checks_the_route_records_once_and_resumes(service: Casework) -> None:
    handover_id = _ids()["echt"]
    await service.take(handover_id, "anna")
    with pytest.raises(InvalidDecision) as invalid:
        await service.decide(handover_id, "anna", "havo", None)
    assert "mbo_diploma" in invalid.value.allowed
    handover, messages = await service.decide(handover_id, "anna", "certificaat", "Past goed")
    assert (handover["status"], handover["decision"], handover["decided_by"]) == (
        "afgerond",
        "certificaat",
        "anna",
    )
    assert messages == [{"text": "We gaan verder met de realisatie."}]
    kept = (await service.handover(handover_id))["messages"]
    assert [(m["sender"], m["text"]) for m in kept] == [
        ("bot", "We gaan verder met de realisatie.")
    ]
    assert service.live.published[-1] == ("resumed", "echt")  # type: ignore[attr-defined]
    with pytest.raises(AlreadyDecided):
        await service.decide(handover_id, "anna", "mbo_diploma", None)
    with pytest.raises(AlreadyDecided):
        await service.take(handover_id, "bram")
    with pytest.raises(AlreadyDecided):
        await service.release(handover_id, "anna")


async def test_a_decision_is_kept_when_the_assistant_cannot_resume(service: Casework) -> None:
    handover_id = _ids()["echt"]
    await service.take(handover_id, "anna")
    service.assistant.down = True  # type: ignore[attr-defined]
    with pytest.raises(NotResumed):
        await service.decide(handover_id, "anna", "certificaat", None)
    assert (await service.handover(handover_id))["status"] == "afgerond"


def test_a_name_given_once_is_masked_in_every_later_line() -> None:
    assert names_in(EVENTS) == ["Sanne de Boer"]
    lines = transcript_lines(EVENTS)
    assert [line["sender"] for line in lines] == ["jongere", "bot", "jongere", "professional"]
    later = lines[2]["text"]
    # "sanne" is written in lower case and without "ik heet": only the name given earlier
    # tells that it is a name.
    assert "sanne" not in later.lower() and "koken" in later and "example.nl" not in later
    assert "Sanne" not in lines[0]["text"] and "Boer" not in lines[0]["text"]
    assert all("/informeren" not in line["text"] for line in lines)


async def test_the_conversation_with_its_transcript_or_none(service: Casework) -> None:
    detail = await service.conversation("echt")
    assert detail["answers"] == [{"question": "leeftijd", "value": 17}]
    assert detail["transcript"] == transcript_lines(EVENTS)
    assert await service.masked_user_text("echt", "Groetjes van sanne") == "Groetjes van [naam]"
    service.assistant.down = True  # type: ignore[attr-defined]
    assert (await service.conversation("echt"))["transcript"] is None


async def test_erase_removes_the_rows_and_the_rasa_events(service: Casework) -> None:
    engine = sa.create_engine(service.tracker_store_url or "", future=True)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT)"))
        connection.execute(
            sa.text("INSERT INTO events (sender_id) VALUES ('echt'), ('echt'), ('ander')")
        )
    await service.erase("echt", "anna")
    assert service.live.published[-1] == ("erased", "echt")  # type: ignore[attr-defined]
    with pytest.raises(NotFound):
        await service.conversation("echt")
    with engine.connect() as connection:
        left = connection.execute(sa.text("SELECT sender_id FROM events")).scalars().all()
    assert left == ["ander"]
    await service.erase("ander", "anna")  # only Rasa knew it: still erased, no error
    with pytest.raises(NotFound):
        await service.erase("ander", "anna")
    engine.dispose()
