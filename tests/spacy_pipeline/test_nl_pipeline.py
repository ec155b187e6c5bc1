"""The installed ``nl_core_news_sm`` (official or the project's stand-in) does what Rasa needs.

Rasa's SpacyNLP loads the pipeline by name and uses lemmas, POS and ``token.vector`` (from the
tok2vec tensor when there are no static vectors). These tests load it the same way and, where the
shared UD treebanks are available, recompute its accuracy on the held-out ``nl_alpino-ud-dev``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import spacy
from spacy.language import Language
from spacy.tokens import Doc

REPO_ROOT = Path(__file__).resolve().parents[2]
PIPELINE = "nl_core_news_sm"
MIN_POS_ACC = 0.92
MIN_LEMMA_ACC = 0.88


def ud_dir() -> Path:
    """Same lookup as spacy_pipeline/build.py: ``UD_DUTCH_DIR`` or ``../shared/data/ud-dutch``."""
    override = os.environ.get("UD_DUTCH_DIR")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "data" / "ud-dutch"


@pytest.fixture(scope="module")
def nlp() -> Language:
    try:
        # As Rasa's SpacyNLP does it.
        return spacy.load(PIPELINE, disable=["parser"])
    except OSError as exc:
        pytest.fail(
            f"{PIPELINE} is not installed ({exc}); "
            "run: .venv/bin/python scripts/install_spacy_pipeline.py"
        )


def test_lemmas_of_a_simple_sentence(nlp: Language) -> None:
    doc = nlp("De leerlingen liepen naar school")
    lemmas = [token.lemma_ for token in doc]
    assert "leerling" in lemmas, lemmas
    assert "lopen" in lemmas, lemmas
    assert [token.pos_ for token in doc][1] == "NOUN"


def test_pipeline_has_the_components_rasa_uses(nlp: Language) -> None:
    factories = {nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}
    assert "tok2vec" in factories, factories
    assert "morphologizer" in factories, factories
    assert factories & {"trainable_lemmatizer", "lemmatizer"}, factories


def test_tokens_have_dense_vectors(nlp: Language) -> None:
    doc = nlp("Ik wil graag een opleiding in de zorg volgen.")
    vector = doc[0].vector
    assert len(vector) > 0
    assert float(abs(vector).sum()) > 0.0
    assert doc.tensor.shape[0] == len(doc)


def test_meta_reports_required_accuracy(nlp: Language) -> None:
    performance = nlp.meta.get("performance", {})
    assert performance.get("pos_acc", 0.0) >= MIN_POS_ACC, performance
    assert performance.get("lemma_acc", 0.0) >= MIN_LEMMA_ACC, performance


@dataclass
class Sentence:
    words: list[str]
    spaces: list[bool]
    upos: list[str]
    lemmas: list[str]


def read_conllu(path: Path) -> Iterator[Sentence]:
    """Minimal CoNLL-U reader: syntactic words only (multiword ranges and empty nodes skipped)."""
    sentence = Sentence([], [], [], [])
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if sentence.words:
                    yield sentence
                sentence = Sentence([], [], [], [])
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            sentence.words.append(cols[1])
            sentence.lemmas.append(cols[2])
            sentence.upos.append(cols[3])
            sentence.spaces.append("SpaceAfter=No" not in cols[9].split("|"))
    if sentence.words:
        yield sentence


def test_accuracy_on_held_out_alpino_dev_sample(nlp: Language) -> None:
    gold_file = ud_dir() / "nl_alpino-ud-dev.conllu"
    if not gold_file.is_file():
        pytest.skip(f"UD treebank not available at {gold_file} (set UD_DUTCH_DIR)")
    sample = [s for i, s in enumerate(read_conllu(gold_file)) if i % 3 == 0]
    assert len(sample) > 200
    docs = (Doc(nlp.vocab, words=s.words, spaces=s.spaces) for s in sample)
    total = pos_ok = lemma_ok = 0
    for sentence, doc in zip(sample, nlp.pipe(docs, batch_size=64), strict=True):
        for token, upos, lemma in zip(doc, sentence.upos, sentence.lemmas, strict=True):
            total += 1
            pos_ok += token.pos_ == upos
            lemma_ok += token.lemma_ == lemma
    pos_acc, lemma_acc = pos_ok / total, lemma_ok / total
    print(f"nl_alpino-ud-dev sample: {total} tokens, POS {pos_acc:.4f}, lemma {lemma_acc:.4f}")
    assert pos_acc >= MIN_POS_ACC
    assert lemma_acc >= MIN_LEMMA_ACC
