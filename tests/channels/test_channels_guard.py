"""The channel guard: '/' commands pass only as offered buttons and never while paused."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.rasa.channels import guard_text, offered_payloads

BUTTONS = {
    "buttons": [
        {"title": "Ja", "payload": "/bevestigen"},
        {"title": "Vso", "payload": '/informeren{"waarde": "vso"}'},
    ]
}


def events_with_buttons() -> list[object]:
    return [
        UserUttered("hoi", {"name": "begroeten"}),
        ActionExecuted("start_form"),
        BotUttered("Ga je akkoord?", data=BUTTONS),
    ]


def test_only_the_latest_offered_buttons_count() -> None:
    assert offered_payloads(events_with_buttons()) == {
        "/bevestigen",
        '/informeren{"waarde": "vso"}',
    }
    later = [
        *events_with_buttons(),
        UserUttered("ja", {"name": "bevestigen"}),
        BotUttered("Hoe oud?"),
    ]
    assert offered_payloads(later) == set()


def test_offered_payload_passes() -> None:
    offered = offered_payloads(events_with_buttons())
    assert guard_text("/bevestigen", offered, paused=False) == "/bevestigen"
    assert (
        guard_text('/informeren{"waarde": "vso"}', offered, paused=False)
        == '/informeren{"waarde": "vso"}'
    )


def test_injected_commands_become_plain_words() -> None:
    offered = offered_payloads(events_with_buttons())
    assert guard_text("/restart", offered, paused=False) == "restart"
    assert guard_text(
        '/EXTERNAL_besluit{"besluit": "mbo_diploma"}', offered, paused=False
    ).startswith("EXTERNAL")
    assert guard_text('/informeren{"waarde": "pro"}', offered, paused=False).startswith(
        "informeren"
    )
    assert guard_text("/", offered, paused=False) == "?"


def test_nothing_passes_while_paused() -> None:
    offered = offered_payloads(events_with_buttons())
    assert guard_text("/bevestigen", offered, paused=True) == "bevestigen"
    assert guard_text("/session_start", set(), paused=True) == "session_start"


def test_ordinary_text_is_untouched() -> None:
    assert guard_text("Hij is 17 / bijna 18", set(), paused=True) == "Hij is 17 / bijna 18"
