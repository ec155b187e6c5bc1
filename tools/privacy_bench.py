"""Scoring for the masking benchmark (``make bench-privacy`` and the floor test).

The annotated set lives in ``bench/privacy/`` (``dev.txt`` to tune on; ``heldout.txt`` and
``heldout_names.txt`` kept out of development). Each line is
``text ## kind=value; … ## keep=word, …``. The scores do not depend on how a masker
writes its placeholders: anything in square brackets is removed from the output before
words are counted, so ``[naam]`` and deduce's ``[PERSOON-1]`` count the same.

* recall per kind: an item counts as removed when none of its words (letters or digits,
  two characters or more, name particles aside) is left in the output more often than it
  occurs in the rest of the message;
* ordinary words kept: the words outside the items that are still in the output;
* tricky words kept: the annotated ``keep`` words that are still in the output;
* unchanged: the share of messages without personal data that come out exactly as they went in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SET_DIR = Path(__file__).resolve().parents[1] / "bench" / "privacy"
PARTS = ("dev", "heldout", "heldout_names")
KINDS = (
    "naam",
    "email",
    "telefoon",
    "adres",
    "postcode",
    "geboortedatum",
    "bsn",
    "onderwijsnummer",
    "iban",
)
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\]")
_WORD = re.compile(r"[^\W_]+")
_PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "t", "te", "ter", "ten", "la", "le", "da", "el", "al"}
)


@dataclass(frozen=True)
class Item:
    kind: str
    value: str


@dataclass(frozen=True)
class Message:
    text: str
    items: tuple[Item, ...] = ()
    keep: tuple[str, ...] = ()


@dataclass
class Scores:
    """Counts for one masker on one part of the set."""

    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    words_kept: int = 0
    words_total: int = 0
    keep_kept: int = 0
    keep_total: int = 0
    clean_unchanged: int = 0
    clean_total: int = 0
    missed: list[tuple[str, Item]] = field(default_factory=list)
    damaged: list[tuple[str, str]] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float:
        found = sum(self.found.values()) if kind is None else self.found[kind]
        total = sum(self.total.values()) if kind is None else self.total[kind]
        return found / total if total else float("nan")

    @property
    def words(self) -> float:
        return self.words_kept / self.words_total if self.words_total else float("nan")

    @property
    def keep_words(self) -> float:
        return self.keep_kept / self.keep_total if self.keep_total else float("nan")

    @property
    def unchanged(self) -> float:
        return self.clean_unchanged / self.clean_total if self.clean_total else float("nan")


def parse_line(line: str) -> Message:
    fields = [part.strip() for part in line.split(" ## ")]
    text, items, keep = fields[0], [], []
    for extra in fields[1:]:
        if extra.startswith("keep="):
            keep = [w.strip() for w in extra[5:].split(",") if w.strip()]
            continue
        for pair in extra.split(";"):
            kind, _, value = pair.strip().partition("=")
            if kind not in KINDS or not value or value not in text:
                raise ValueError(f"bad item {pair!r} in {line!r}")
            items.append(Item(kind, value))
    for word in keep:
        if word not in text:
            raise ValueError(f"keep word {word!r} not in {line!r}")
    return Message(text, tuple(items), tuple(keep))


def load_part(part: str, directory: Path = SET_DIR) -> list[Message]:
    lines = (directory / f"{part}.txt").read_text(encoding="utf-8").splitlines()
    return [parse_line(line) for line in lines if line.strip() and not line.startswith("#")]


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(_PLACEHOLDER.sub(" ", text)) if len(w) >= 2]


def _item_words(item: Item) -> list[str]:
    words = _words(item.value)
    if item.kind == "naam":
        words = [w for w in words if w not in _PARTICLES]
    return words


def _background(message: Message) -> str:
    rest = message.text
    for item in sorted(message.items, key=lambda i: len(i.value), reverse=True):
        rest = rest.replace(item.value, " ")
    return rest


def score(messages: Sequence[Message], outputs: Sequence[str]) -> Scores:
    scores = Scores()
    for message, output in zip(messages, outputs, strict=True):
        out = Counter(_words(output))
        background = Counter(_words(_background(message)))
        for item in message.items:
            scores.total[item.kind] += 1
            if all(out[w] <= background[w] for w in _item_words(item)):
                scores.found[item.kind] += 1
            else:
                scores.missed.append((message.text, item))
        kept = sum(min(out[w], n) for w, n in background.items())
        scores.words_kept += kept
        scores.words_total += sum(background.values())
        out_raw = _PLACEHOLDER.sub(" ", output)
        for word in message.keep:
            scores.keep_total += 1
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", out_raw):
                scores.keep_kept += 1
            else:
                scores.damaged.append((message.text, output))
        if not message.items:
            scores.clean_total += 1
            if output.strip() == message.text.strip():
                scores.clean_unchanged += 1
            elif (message.text, output) not in scores.damaged:
                scores.damaged.append((message.text, output))
    return scores


def run(masker: Callable[[str], str], messages: Iterable[Message]) -> Scores:
    items = list(messages)
    return score(items, [masker(m.text) for m in items])
