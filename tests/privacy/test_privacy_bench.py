"""Floor under the masking benchmark (``make bench-privacy`` prints the full figures).

Runs ``mask`` over the parts of ``bench/privacy/`` in about a second. The floors sit a
little under what the masking reached when this test was written (held-out: recall 0.961,
names 0.956, ordinary words 0.993, clean texts unchanged 0.980), so a change that loses
names or starts eating ordinary words fails here.
"""

from __future__ import annotations

import pytest

from bot.privacy import mask
from tools.privacy_bench import load_part, parse_line, run, score

FLOORS = {
    #          overall names  words  unchanged
    "dev": (0.98, 0.97, 0.99, 0.98),
    "heldout": (0.95, 0.94, 0.985, 0.96),
    # Names as people write them (tussenvoegsels, al-/el-, double surnames, lowercase after
    # "ik ben", a name before "is mijn naam"): 0.724 before the name finder learnt them.
    "heldout_names": (0.93, 0.93, 0.99, 0.95),
}
MIN_SIZE = {"dev": 100, "heldout": 100, "heldout_names": 40}


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_masking_stays_above_the_floor(part: str) -> None:
    messages = load_part(part)
    assert len(messages) >= MIN_SIZE[part]
    scores = run(mask, messages)
    overall, names, words, unchanged = FLOORS[part]
    assert scores.recall() >= overall, scores.missed
    assert scores.recall("naam") >= names, [m for m in scores.missed if m[1].kind == "naam"]
    assert scores.words >= words, scores.damaged
    assert scores.unchanged >= unchanged, scores.damaged


def test_set_is_large_and_a_third_is_without_personal_data() -> None:
    messages = load_part("dev") + load_part("heldout")
    assert len(messages) >= 300
    assert sum(1 for m in messages if not m.items) >= len(messages) / 3


def test_scoring_counts_a_left_name_and_an_eaten_word() -> None:
    message = parse_line("ik heet Sanne en ik ben moe ## naam=Sanne ## keep=moe")
    perfect = score([message], ["ik heet [naam] en ik ben moe"])
    assert perfect.recall() == 1.0 and perfect.words == 1.0 and perfect.keep_words == 1.0
    leaked = score([message], ["ik heet Sanne en ik ben [naam]"])
    assert leaked.recall() == 0.0 and leaked.keep_words == 0.0 and leaked.words < 1.0
