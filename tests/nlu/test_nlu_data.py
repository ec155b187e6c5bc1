"""The held-out split stays held out, and the issue-9 blocks keep their promised size.

Fast checks on the YAML files only (no model): a sentence that is both trained on and tested
would make the quality gate in test_nlu_quality.py measure memory instead of understanding.
"""

from __future__ import annotations

from collections import defaultdict

import yaml

from tests.nlu.nlu_files import (
    PROJECT_ROOT,
    TEST_SPLIT,
    comparable,
    intent_examples,
    marked_block,
    training_examples,
)

CHAT_BLOCK = "issue 9: chat language"
OPENINGS_BLOCK = "issue 9: openings"
NONSENSE_BLOCK = "issue 9: nonsense"


def test_comparable_ignores_case_punctuation_and_annotations():
    assert comparable("Nee, nee!") == comparable("nee nee")
    assert comparable('[ik ben mentor]{"entity": "rol", "value": "professional"}') == (
        "ik ben mentor"
    )
    assert comparable("😂") != comparable("🤣")
    assert comparable("ja") != comparable("jaa")


def test_no_held_out_sentence_is_trained_on():
    trained: dict[str, str] = {}
    for intent, examples in training_examples().items():
        for example in examples:
            trained[comparable(example)] = intent
    overlap = [
        f"{intent}: {example!r} (trained as {trained[comparable(example)]})"
        for intent, examples in intent_examples(TEST_SPLIT).items()
        for example in examples
        if comparable(example) in trained
    ]
    assert not overlap, "held-out sentences also in data/nlu:\n" + "\n".join(overlap)


def test_no_training_sentence_has_two_intents():
    intents: dict[str, set[str]] = defaultdict(set)
    for intent, examples in training_examples().items():
        for example in examples:
            intents[comparable(example)].add(intent)
    conflicts = {text: sorted(found) for text, found in intents.items() if len(found) > 1}
    assert not conflicts, conflicts


def test_held_out_intents_exist_in_the_domain():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    unknown = set(intent_examples(TEST_SPLIT)) - set(domain["intents"])
    assert not unknown, unknown


def test_chat_language_block_has_at_least_70_examples():
    block = marked_block(CHAT_BLOCK)
    count = sum(len(examples) for examples in block.values())
    assert count >= 70, f"{count} chat-language examples in the held-out split"
    # Spread over the intents young people use most, not only one.
    for intent in ("weet_niet", "bevestigen", "ontkennen", "begroeten", "informeren"):
        assert len(block.get(intent, [])) >= 5, intent


def test_openings_block_covers_the_issue_examples():
    block = marked_block(OPENINGS_BLOCK)
    openings = {comparable(text) for text in block["advies_starten"]}
    for text in (
        "welke opleiding past bij me",
        "wat komt er na de opleiding",
        "hoi ik wil wete welke mbo opleiding bij me past want ik ga van school af",
    ):
        assert comparable(text) in openings, text


def test_nonsense_block_has_at_least_60_messages_only_for_buiten_bereik():
    block = marked_block(NONSENSE_BLOCK)
    assert set(block) == {"buiten_bereik"}
    assert len(block["buiten_bereik"]) >= 60
