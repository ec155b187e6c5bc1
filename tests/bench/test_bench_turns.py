"""The long conversation compares like with like: turn 5 and turn 40 ask the same question."""

from __future__ import annotations

from tools.bench import turns


def test_turn_5_and_turn_40_ask_the_same_question() -> None:
    texts = turns.long_texts()
    assert len(texts) == turns.LONG_TURNS == 40
    assert texts[5 - 1] == texts[40 - 1] == turns.LONG_REPEAT
    assert turns.LONG_REPEAT not in turns.LONG_OPENING
