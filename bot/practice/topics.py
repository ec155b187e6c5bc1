"""What a trainee's message in the rehearsal is about: a small classifier learned from examples.

Why a learned classifier and not Rasa intents or keyword lists: topic intents in the NLU
data would compete with the main classifier's intents for every message of every user,
and a keyword list breaks on the free wording trainees use ("waar zat je hiervoor?",
"hoe kwam het dat je stopte?"). TF-IDF over character n-grams (which catch Dutch
compounds and typos) plus words, with a logistic regression, learns from the examples in
``data/onderwerpen.yml`` in well under a second at first use, needs no GPU or model file,
and gives a probability, so a message it cannot place becomes "wat bedoel je?" instead of
a wrong answer. scikit-learn is already installed with Rasa.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.text import fold
from bot.knowledge.yamlfile import read_yaml
from bot.practice.role import MOVES, TOPICS

EXAMPLES_FILE = Path(__file__).parent / "data" / "onderwerpen.yml"
OTHER = "anders"
LABELS = (*TOPICS, *MOVES, OTHER)
# Below this probability the case does not place the message. Chosen on the tuning split
# (tests/practice/test_practice_topics.py checks the held-out split stays above its floor)
# with chit-chat the examples do not hold: at 0.12 most of it got a line of the case.
MIN_PROBABILITY = 0.2
_NAME = "naam"


# A second topic almost as likely as the first: the message may be about either
# ("wie helpt je nu bij je stage?" is about who is involved and about the help).
CLOSE_SECOND = 0.1


@dataclass(frozen=True)
class TopicGuess:
    """The topic (None when the case cannot place it), the classifier's probability, and a
    second topic nearly as likely (``also``), if any."""

    topic: str | None
    probability: float
    also: str | None = None


def load_examples(path: Path | None = None) -> dict[str, list[str]]:
    """The examples per label; KnowledgeError when a label is unknown or has too few."""
    path = path or EXAMPLES_FILE
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(path.name, None, "het bestand moet onderwerpen met voorbeelden zijn.")
    examples: dict[str, list[str]] = {}
    for label, texts in data.items():
        if label not in LABELS:
            raise KnowledgeError(path.name, str(label), "onbekend onderwerp.", LABELS)
        if (
            not isinstance(texts, list)
            or len(texts) < 5
            or not all(isinstance(t, str) for t in texts)
        ):
            raise KnowledgeError(path.name, str(label), "geef minstens 5 voorbeeldzinnen.")
        examples[str(label)] = list(texts)
    missing = sorted(set(LABELS) - set(examples))
    if missing:
        raise KnowledgeError(path.name, None, f"deze onderwerpen ontbreken: {', '.join(missing)}.")
    return examples


def normalise(text: str, names: Iterable[str] = ()) -> str:
    """Folded text with the case's names replaced, so "Lotte" and "Daan" read the same."""
    folded = fold(text)
    for name in names:
        folded = re.sub(rf"\b{re.escape(fold(name))}\b", _NAME, folded)
    return folded


class TopicClassifier:
    """TF-IDF (characters and words) with a logistic regression, trained on given examples."""

    def __init__(self, examples: Mapping[str, Iterable[str]]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
        from sklearn.pipeline import FeatureUnion, make_pipeline  # type: ignore[import-untyped]

        texts: list[str] = []
        labels: list[str] = []
        for label, items in examples.items():
            for item in items:
                texts.append(normalise(item))
                labels.append(label)
        features = FeatureUnion(
            [
                (
                    "chars",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
                ),
                ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ]
        )
        self._model: Any = make_pipeline(
            features, LogisticRegression(C=5.0, max_iter=2000, random_state=0)
        )
        self._model.fit(texts, labels)

    def guess(self, text: str, names: Iterable[str] = ()) -> TopicGuess:
        """The most likely topic; None for ``anders`` or a low probability."""
        probabilities = self._model.predict_proba([normalise(text, names)])[0]
        order = probabilities.argsort()[::-1]
        best = int(order[0])
        label = str(self._model.classes_[best])
        probability = float(probabilities[best])
        if label == OTHER or probability < MIN_PROBABILITY:
            return TopicGuess(None, probability)
        also = None
        if len(order) > 1:
            second = int(order[1])
            close = float(probabilities[second])
            if close >= MIN_PROBABILITY and probability - close <= CLOSE_SECOND:
                also = str(self._model.classes_[second])
        return TopicGuess(label, probability, None if also == OTHER else also)


@lru_cache(maxsize=1)
def classifier() -> TopicClassifier:
    """The classifier trained on the shipped examples, once per process (first use)."""
    return TopicClassifier(load_examples())
