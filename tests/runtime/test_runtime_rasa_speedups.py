"""The cached action-response validator gives Rasa's verdicts: valid passes, invalid raises."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

import bot.rasa.channels  # noqa: F401  (installs the speed-up, as Rasa's import of the channel does)
from bot.rasa import speedups as rasa_speedups

VALID = {
    "events": [{"event": "slot", "name": "leeftijd", "value": 17, "timestamp": None}],
    "responses": [{"text": "Dank je.", "buttons": []}],
}


@pytest.fixture
def action() -> RemoteAction:
    return RemoteAction("action_test", EndpointConfig("http://127.0.0.1:9/webhook"))


def test_loading_the_channels_installs_it(action: RemoteAction) -> None:
    assert action._validate_action_result.__func__.__module__ == rasa_speedups.__name__  # type: ignore[attr-defined]


def test_a_valid_response_passes(action: RemoteAction) -> None:
    assert action._validate_action_result(VALID) is True


@pytest.mark.parametrize(
    "result",
    [
        {"events": [{"event": "slot", "name": 5}], "responses": []},
        {"events": "geen lijst", "responses": []},
        {"events": [{"event": "nergens"}], "responses": []},
        {"events": [], "responses": ["geen object"]},
    ],
)
def test_an_invalid_response_raises_rasas_error(action: RemoteAction, result: dict) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(result)
