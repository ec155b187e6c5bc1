"""How a young person or parent says how the school may reach them (issue 26 item 6).

Seen through the relay: "bel mijn moeder maar" was not understood at the contact question.
"""

from __future__ import annotations

import pytest

from bot.dialogue import reach
from bot.dialogue.turn import UserTurn


def read(text: str) -> dict[str, object]:
    return reach.read(UserTurn("informeren", text), {}).values


@pytest.mark.parametrize(
    "text", ["bel mijn moeder maar", "bel mijn vader", "bel maar", "bellen is goed"]
)
def test_calling_someone_chooses_the_phone_and_asks_the_number(text: str) -> None:
    assert read(text) == {reach.CHANNEL_SLOT: reach.PHONE}


@pytest.mark.parametrize("text", ["niet bellen", "nee niet bellen aub", "liever niet"])
def test_not_calling_is_no_contact(text: str) -> None:
    assert read(text)[reach.QUESTION] == "geen"
