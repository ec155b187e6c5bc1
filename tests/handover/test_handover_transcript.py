"""The transcript reads as the conversation: whole assistant texts, chosen buttons, events apart."""

from __future__ import annotations

from typing import Any

from bot.handover.transcript import EVENT, transcript_lines

LEERSTIJL_BUTTONS = [
    {"title": "Door te doen, in de praktijk", "payload": '/informeren{"waarde": "doen"}'},
    {"title": "Op school, in de klas", "payload": '/informeren{"waarde": "school"}'},
]

# As the masking tracker store keeps them: bot lines with a false name masked.
STORED: list[dict[str, Any]] = [
    {"event": "user", "text": "Hoi, ik heet Sanne de Boer", "timestamp": 1},
    {
        "event": "bot",
        "text": "Hoe leert de jongere [naam]?",
        "data": {"buttons": LEERSTIJL_BUTTONS},
        "timestamp": 2,
    },
    {"event": "user", "text": '/informeren{"waarde": "doen"}', "timestamp": 3},
    {
        "event": "bot",
        "text": "Heeft de jongere [naam] stageplek of [naam] leerbedrijf?",
        "timestamp": 4,
    },
    {"event": "user", "text": "sanne zoekt nog, bel 0612345678", "timestamp": 5},
    {"event": "bot", "text": "Dank je, [naam]. Dat schrijf ik op.", "timestamp": 6},
    {
        "event": "bot",
        "text": "• Leerbedrijf, omdat het leerbedrijf de jongere [naam] en misschien werk kan"
        " bieden",
        "timestamp": 6.5,
    },
    {"event": "action", "name": "action_overdracht", "timestamp": 7},
    {"event": "pause", "timestamp": 8},
    {"event": "bot", "text": "Ik kijk mee", "metadata": {"afzender": "medewerker"}, "timestamp": 9},
    {"event": "resume", "timestamp": 10},
    {
        "event": "user",
        "text": "EXTERNAL: EXTERNAL_besluit",
        "parse_data": {"intent": {"name": "EXTERNAL_besluit"}},
        "timestamp": 11,
    },
]


def test_the_assistants_fixed_texts_are_never_shown_masked() -> None:
    bot = [line["text"] for line in transcript_lines(STORED) if line["sender"] == "bot"]
    assert bot[0] == "Hoe leert de jongere het best?"
    assert bot[1] == "Heeft de jongere al een stageplek of een leerbedrijf?"
    # Not a fixed text of the domain: it may hold a name, so it stays as stored.
    assert bot[2] == "Dank je, [naam]. Dat schrijf ik op."
    # Built from parts: the reason is the project's own sentence, so its words come back.
    assert (
        bot[3]
        == "• Leerbedrijf, omdat het leerbedrijf de jongere al kent en misschien werk kan bieden"
    )
    assert not any("[naam]" in text for text in bot[:2])


def test_a_button_answer_shows_the_buttons_title() -> None:
    lines = transcript_lines(STORED)
    answer = lines[2]
    assert (answer["sender"], answer["text"]) == ("jongere", "Door te doen, in de praktijk")
    assert not any(line["text"].startswith("/") for line in lines)


def test_what_the_user_typed_is_still_masked() -> None:
    typed = [line["text"] for line in transcript_lines(STORED) if line["sender"] == "jongere"]
    assert "Sanne" not in typed[0] and "Boer" not in typed[0]
    assert "sanne" not in typed[2].lower() and "0612345678" not in typed[2]


def test_hand_over_and_decision_are_events_never_the_users_words() -> None:
    lines = transcript_lines(STORED)
    assert not any("EXTERNAL" in line["text"] for line in lines)
    events = [line["text"] for line in lines if line["sender"] == EVENT]
    assert events == [
        "Het gesprek is overgedragen aan een medewerker.",
        "De assistent neemt het gesprek weer over.",
        "De medewerker heeft het besluit vastgelegd.",
    ]
    assert [line["sender"] for line in lines].count("jongere") == 3


def test_an_assistant_line_that_quotes_the_user_keeps_its_own_words() -> None:
    """Masked at rest as the tracker store does it, then read: only the user's words masked."""
    from bot.knowledge.texts import own_words
    from bot.privacy import mask_event_data

    said = [
        # A date in the assistant's own question, filled in from the school year.
        "Ben je al aangemeld bij een mbo-school? Wie zich voor 1 april 2027 aanmeldt,"
        " heeft recht op een plek.",
        # The review before a hand-over: the project's labels with the user's values.
        "Dit geef ik door aan de medewerker:\nWensen en talenten: koken, net als Ben de Wit."
        "\nLeert het best: door te doen.",
    ]
    names = ["Ben de Wit"]
    events = [{"event": "user", "text": "mijn oom Ben de Wit is kok"}]
    events += [{"event": "bot", "text": text} for text in said]
    stored = [mask_event_data(event, names, own_words()) for event in events]
    lines = transcript_lines(stored)
    assert lines[1]["text"] == said[0]  # never "[naam] je al ...", never "voor [datum]"
    assert lines[2]["text"] == (
        "Dit geef ik door aan de medewerker:\nWensen en talenten: koken, net als [naam]."
        "\nLeert het best: door te doen."
    )
    assert lines[0]["text"] == "mijn oom [naam] is kok"
    # Without the project's phrases (as before), the assistant's own words were masked too.
    before = transcript_lines([mask_event_data(event, names) for event in events])
    assert before[1]["text"] != said[0]
