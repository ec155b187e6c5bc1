"""Every text the project writes is measured for plain language (Flesch-Douma, sentence length):
the domain's responses (chat words) and the staff texts (inbox, API, mails, documents).

There is no official formula for taalniveau B1, so these floors are the project's choice:
a response of ten words or more scores at least 60 ("normaal" in Douma's table), no
sentence is longer than 20 words, and all responses together average at least 75
("tamelijk gemakkelijk"). Very short texts are only held to the sentence length: the
formula says little about a question of six words.
"""

from __future__ import annotations

from pathlib import Path
from statistics import mean

import pytest
import yaml

from bot.knowledge.readability import measure, syllables
from bot.knowledge.staff_texts import all_staff_texts

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"
TEXTS = [
    (name, number, variant["text"])
    for name, variants in yaml.safe_load(DOMAIN.read_text("utf-8"))["responses"].items()
    for number, variant in enumerate(variants)
] + [(f"staff:{key}", 0, text) for key, text in all_staff_texts()]


@pytest.mark.parametrize(("name", "number", "text"), TEXTS, ids=[f"{n}-{i}" for n, i, _ in TEXTS])
def test_each_response_reads_easily(name: str, number: int, text: str) -> None:
    result = measure(text)
    assert result.longest_sentence <= 20, f"{name}: a sentence of {result.longest_sentence} words"
    if result.words >= 10:
        assert result.flesch_douma >= 60, f"{name}: Flesch-Douma {result.flesch_douma}"


def test_all_responses_together_are_fairly_easy() -> None:
    average = mean(measure(text).flesch_douma for _, _, text in TEXTS)
    assert average >= 75, f"average Flesch-Douma {average:.1f}"


def test_the_measure_tells_easy_from_hard() -> None:
    easy = measure("Ik stel een vraag. Jij geeft een antwoord. Dat is alles.")
    hard = measure(
        "De onderwijsinstelling draagt zorg voor de totstandkoming van ondersteuningsafspraken "
        "betreffende de beroepspraktijkvorming, alsmede voor de uitvoering daarvan."
    )
    assert easy.flesch_douma > 90 > 30 > hard.flesch_douma
    assert syllables("startkwalificatie") == 6 and syllables("school") == 1
