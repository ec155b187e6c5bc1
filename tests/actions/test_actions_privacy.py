"""privacy_vraag says what is stored about the user now; erasing says it is all gone."""

from __future__ import annotations

from actions.privacy import ActionTonenGegevens, ActionVerwijderenGegevens
from bot.store.repository import repository_scope
from tests.actions.conftest import make_tracker, rendered


async def test_nothing_stored_yet(database, dispatcher, domain) -> None:
    await ActionTonenGegevens().run(dispatcher, make_tracker(intent="privacy_vraag"), domain)
    texts = [m["text"] for m in rendered(dispatcher, domain)]
    assert texts[0].startswith("Over jou is nog niets bewaard")
    assert "verwijder mijn gegevens" in texts[-1]  # how to erase, always last


async def test_answers_contact_and_hand_over_are_named(database, dispatcher, domain) -> None:
    with repository_scope() as repository:
        repository.record_answer("gesprek-1", "leeftijd", 17, answered_by="jongere")
        repository.record_answer("gesprek-1", "wensen", "koken", answered_by="jongere")
        repository.record_answer("gesprek-1", "contact", "0612345678", answered_by="jongere")
        repository.open_handover("gesprek-1", "leerroute", "Leeftijd: 17.")
    await ActionTonenGegevens().run(dispatcher, make_tracker(intent="privacy_vraag"), domain)
    [answers, contact, medewerker, privacy] = [m["text"] for m in rendered(dispatcher, domain)]
    assert answers == "Dit is nu over jou bewaard: je antwoorden over leeftijd, wensen en talenten."
    assert "contactgegevens" in contact and "0612345678" not in contact
    assert "medewerker" in medewerker
    assert "verwijder mijn gegevens" in privacy


async def test_after_erasing_nothing_is_stored(database, dispatcher, domain) -> None:
    with repository_scope() as repository:
        repository.record_answer("gesprek-1", "leeftijd", 17, answered_by="jongere")
    await ActionVerwijderenGegevens().run(dispatcher, make_tracker(), domain)
    assert "gewist" in rendered(dispatcher, domain)[0]["text"]
    dispatcher.messages.clear()
    await ActionTonenGegevens().run(dispatcher, make_tracker(intent="privacy_vraag"), domain)
    assert rendered(dispatcher, domain)[0]["text"].startswith("Over jou is nog niets bewaard")
