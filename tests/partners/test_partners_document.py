"""The overdrachtsdocument's first draft (bot.partners.document)."""

from __future__ import annotations

from types import SimpleNamespace

from bot.knowledge.directory import load_directory
from bot.partners.document import CHANGEABLE, LABELS, NOT_ASKED, NOTHING_YET, as_chat_parts, draft


def test_the_draft_says_what_the_next_professional_needs() -> None:
    receiver = load_directory().organisations["uwv_midden"]
    decided = SimpleNamespace(
        decision_point="vervolg", decision="Werk met een jobcoach", note="In juni"
    )
    parts = draft(
        {"leeftijd": 19, "herkomst": "vso", "leerstijl": "doen", "gekozen_route": "certificaat"},
        [decided, SimpleNamespace(decision_point="leerroute", decision=None, note=None)],
        [{"organisation_name": "het UWV-kantoor", "advice": "Start met een jobcoach"}],
        receiver,
    )
    assert set(parts) == set(LABELS)
    assert "Leeftijd: 19." in parts["wie"]
    # Every decision named by its question, in words (behaviour changed: no keys).
    assert (
        "Besluit over wat is het best passende vervolg en wie neemt het over:"
        " Werk met een jobcoach." in parts["route"]
    )
    assert "Leerroute: " in parts["route"] and "certificaat." not in parts["route"]
    assert "Het UWV-kantoor: Start met een jobcoach." in parts["afspraken"]
    assert (
        "Notitie bij het besluit over wat is het best passende vervolg en wie neemt het over:"
        " In juni." in parts["afspraken"]
    )
    assert "jongere kan" not in "".join(as_chat_parts(parts))  # the chat speaks to the young person
    assert "\n" in parts["wie"] or parts["wie"].count(":") == 1  # one fact per line
    assert receiver.contact in parts["overnemer"]
    assert parts["wens"] == NOTHING_YET  # the young person may fill this in
    shown = as_chat_parts(parts)  # one short message per part, its heading on top
    assert [text.split("\n", 1)[0] for text in shown] == list(LABELS.values())
    assert all(len(text) < 500 for text in shown), [len(text) for text in shown]
    assert "• " in shown[0] or "\n" not in parts["wie"]  # more facts: one per line


def test_an_empty_part_says_whether_the_young_person_can_fill_it_in() -> None:
    parts = draft({}, [], [], load_directory().organisations["gemeente_leerplicht"])
    for key, text in parts.items():
        if key == "overnemer":
            continue
        assert text == (NOTHING_YET if key in CHANGEABLE else NOT_ASKED), key
