"""``lemma_lookup_fallback``: a lookup table for forms the trained lemmatizer cannot lemmatize.

The edit-tree lemmatizer can only apply edit trees it saw during training. Our stand-in is trained
on about 60k tokens, so irregular forms of common words (``liepen`` -> ``lopen``, ``gingen`` ->
``gaan``) often have no fitting tree, and the model then picks the identity tree (lemma = form).
This component runs after it and, only for tokens whose predicted lemma equals the form
(case-insensitively), looks the form up in a lemma table (spacy-lookups-data's ``nl_lemma_lookup``,
identity entries dropped). Lemmas the model actually changed are never touched, so the UD
conventions it learned (``af_lopen``) stay as they are.

This module is shipped inside the ``nl_core_news_sm`` stand-in package (``spacy package --code``),
so importing the package registers the factory before spaCy builds the pipeline.
"""

import gzip
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

# No ``from __future__ import annotations`` here: spaCy validates factory and initialize signatures
# with pydantic, which needs real annotation objects.

FACTORY = "lemma_lookup_fallback"
TABLE_FILE = "lemma_lookup.json.gz"
# Names keep their own form as lemma in UD Dutch; a lookup table would lowercase or stem them.
DEFAULT_SKIP_POS = ("PROPN", "PUNCT", "SYM", "NUM", "X")


def dump_table(table: dict[str, str]) -> bytes:
    """Serialise deterministically (sorted keys, gzip mtime 0) so rebuilds give identical bytes."""
    text = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), mtime=0)


def load_table(data: bytes) -> dict[str, str]:
    """Inverse of :func:`dump_table`."""
    table = json.loads(gzip.decompress(data).decode("utf-8"))
    if not isinstance(table, dict):
        raise ValueError("lemma lookup table must be a JSON object")
    return {str(k): str(v) for k, v in table.items()}


class LemmaLookupFallback:
    """Replace identity lemmas by a table lemma; see the module docstring for why."""

    def __init__(self, name: str, skip_pos: Iterable[str]) -> None:
        self.name = name
        self.skip_pos = frozenset(skip_pos)
        self.table: dict[str, str] = {}

    def __call__(self, doc: Doc) -> Doc:
        """Fill in lemmas for tokens the trained lemmatizer left as their own form."""
        table = self.table
        for token in doc:
            if token.pos_ in self.skip_pos:
                continue
            text = token.text
            if token.lemma_ and token.lemma_.lower() != text.lower():
                continue
            lemma = table.get(text) or table.get(text.lower())
            if lemma:
                token.lemma_ = lemma
        return doc

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        table_path: str | None = None,
    ) -> None:
        """Load the table from ``table_path`` (written by :func:`dump_table`) at training time."""
        if table_path is None:
            raise ValueError(f"{FACTORY}: [initialize.components.<name>] needs table_path")
        self.table = load_table(Path(table_path).read_bytes())

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """Serialise the table (used by ``nlp.to_bytes``)."""
        return dump_table(self.table)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "LemmaLookupFallback":
        """Restore the table from :meth:`to_bytes` output."""
        self.table = load_table(data)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the table next to the other component data of the pipeline."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / TABLE_FILE).write_bytes(dump_table(self.table))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "LemmaLookupFallback":
        """Read the table written by :meth:`to_disk`."""
        self.table = load_table((Path(path) / TABLE_FILE).read_bytes())
        return self


@Language.factory(FACTORY, default_config={"skip_pos": list(DEFAULT_SKIP_POS)})
def make_lemma_lookup_fallback(
    nlp: Language, name: str, skip_pos: list[str]
) -> "LemmaLookupFallback":
    """spaCy factory for :class:`LemmaLookupFallback`."""
    return LemmaLookupFallback(name, skip_pos)
