"""The topic reader learns from examples and places unseen questions (a held-out check)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.data_error import KnowledgeError
from bot.practice.topics import OTHER, TopicClassifier, classifier, load_examples

FOLDS = 5
# Measured at 0.70 (5-fold, every 5th example held out) when the examples were written;
# the floor catches a broken reader or a damaged examples file, not a small wobble.
HELD_OUT_FLOOR = 0.65


def test_unseen_examples_are_placed_well_enough() -> None:
    examples = load_examples()
    right = total = 0
    for fold in range(FOLDS):
        train = {k: [t for i, t in enumerate(v) if i % FOLDS != fold] for k, v in examples.items()}
        model = TopicClassifier(train)
        for label, texts in examples.items():
            for text in texts[fold::FOLDS]:
                guess = model.guess(text).topic or OTHER
                right += guess == label
                total += 1
    assert total > 200
    assert right / total >= HELD_OUT_FLOOR, f"{right}/{total}"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Hoi Lotte, waar zat je hiervoor op school?", "herkomst"),
        ("Hoe leer jij het liefst, Daan?", "leren"),
        ("Wat wil je doen als je klaar bent met school?", "vervolg"),
        ("Vind je het goed dat ik aantekeningen maak?", "toestemming"),
    ],
)
def test_a_question_in_the_trainees_own_words_gets_its_topic(text: str, topic: str) -> None:
    assert classifier().guess(text, ["Lotte", "Daan"]).topic == topic


def test_nonsense_is_not_placed() -> None:
    assert classifier().guess("wat is je lievelingskleur?").topic is None


def test_a_wrong_examples_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "onderwerpen.yml"
    path.write_text("praatjes:\n  - a\n  - b\n  - c\n  - d\n  - e\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="onbekend onderwerp"):
        load_examples(path)
