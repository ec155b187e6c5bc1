"""Build the project's stand-in for spaCy's ``nl_core_news_sm`` from the Dutch UD treebanks.

The official ``nl_core_news_sm`` 3.4.0 wheel cannot be downloaded on the project's machines, so this
script trains a small Dutch pipeline with the same package name from a fixed recipe:

1. ``spacy convert`` the three training treebank files (never ``nl_alpino-ud-dev``) to ``.spacy``;
   fetch the Dutch lemma lookup table of ``spacy-lookups-data`` (pinned, SHA-256 checked) for the
   ``lemma_lookup_fallback`` component (see ``lemma_fallback.py``);
2. carve a deterministic dev split (every 15th converted document) out of that training data, used
   only by ``spacy train`` for its own checkpoint selection;
3. ``spacy train`` with ``config.cfg`` (fixed seed);
4. ``spacy evaluate`` the result on the held-out ``nl_alpino-ud-dev.conllu``;
5. write the package meta (description, sources, licence, accuracy) and ``spacy package`` a wheel
   into ``spacy_pipeline/dist/`` together with ``accuracy.json``.

Run it with the project's virtualenv: ``.venv/bin/python spacy_pipeline/build.py``. Working files
go to ``spacy_pipeline/build/`` (git-ignored); the treebanks are read in place from
``../shared/data/ud-dutch/`` next to the repository (override with ``UD_DUTCH_DIR``) and are never
copied into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
BUILD_DIR = HERE / "build"
DIST_DIR = HERE / "dist"
CONFIG = HERE / "config.cfg"
CODE = HERE / "lemma_fallback.py"

LANG = "nl"
NAME = "core_news_sm"
PACKAGE = f"{LANG}_{NAME}"
# A PEP 440 local version: it sorts next to the official 3.4.0 (so tools that check the spaCy
# minor version accept it) but can never be mistaken for the official release; pip installs it
# from a file (only public indexes refuse local versions, and this wheel is never uploaded).
VERSION = "3.4.0+standin"
SPACY_VERSION_RANGE = ">=3.4.0,<3.5.0"

TRAIN_FILES = (
    "nl_alpino-ud-test.conllu",
    "nl_lassysmall-ud-dev.conllu",
    "nl_lassysmall-ud-test.conllu",
)
# Held out: used for the reported accuracy only, never for training or model selection.
EVAL_FILE = "nl_alpino-ud-dev.conllu"
LICENCE_FILES = ("LICENSE-Alpino.txt", "LICENSE-LassySmall.txt")

SENTS_PER_DOC = 10  # spacy convert -n: group sentences into documents of this size
DEV_EVERY = 15  # every DEV_EVERY-th converted training document goes to the internal dev split
DEV_OFFSET = 7

ALPINO_COMMIT = "95e374a608d114ec6c6b32f0fbd5f324d29ef286"
LASSYSMALL_COMMIT = "7880e0bc4c8138607c8e9724db2294dc89d4e2b5"

# Source of the lemma lookup table used by lemma_lookup_fallback. The wheel comes from the package
# index through pip (the one place spaCy's lookup data is published); pinned by version and hash.
LOOKUPS_REQUIREMENT = "spacy-lookups-data==1.0.5"
LOOKUPS_WHEEL = "spacy_lookups_data-1.0.5-py2.py3-none-any.whl"
LOOKUPS_SHA256 = "466f21f087e4144bc93800679437ec5a17be7d0888734b1ba880b3ecb0978bc6"
LOOKUPS_TABLE = "spacy_lookups_data/data/nl_lemma_lookup.json.gz"

DESCRIPTION = " ".join(
    [
        "Stand-in for spaCy's official nl_core_news_sm, built by the inclusief-advies project",
        "because the official release cannot be downloaded on its machines.",
        "Dutch pipeline (tok2vec, tagger, morphologizer, trainable_lemmatizer,",
        "lemma_lookup_fallback; no parser, no NER, no word vectors) trained by the project's",
        "recipe (spacy_pipeline/build.py) on UD_Dutch-Alpino (test) and UD_Dutch-LassySmall",
        "(dev+test) from the Universal Dependencies release of May 2025",
        f"(UD_Dutch-Alpino commit {ALPINO_COMMIT},",
        f"UD_Dutch-LassySmall commit {LASSYSMALL_COMMIT}).",
        "Tokens the trained lemmatizer leaves unchanged are looked up in the Dutch lemma table",
        "of spacy-lookups-data 1.0.5 (MIT).",
        "Accuracy is measured on the held-out nl_alpino-ud-dev, which was used neither for",
        "training nor for model selection. Not the official release: its accuracy is lower.",
    ]
)
NOTES = " ".join(
    [
        "Accuracy on nl_alpino-ud-dev (held out). The official nl_core_news_sm 3.4.0 reports",
        "POS 95.9, tag 94.2, morph 95.2, lemma 95.1 on its own held-out data (trained on the",
        "full train splits, which this stand-in does not use). Lemmas follow the UD Dutch",
        "convention, so compounds and separable verbs usually keep an underscore (af_lopen);",
        "lemmas filled in from the lookup table do not (aflopen).",
    ]
)

PERFORMANCE_KEYS = (
    "token_acc",
    "token_p",
    "token_r",
    "token_f",
    "pos_acc",
    "tag_acc",
    "morph_acc",
    "morph_per_feat",
    "lemma_acc",
    "speed",
)


def ud_dir() -> Path:
    """Locate the treebanks: ``UD_DUTCH_DIR`` or ``../shared/data/ud-dutch`` next to the repo."""
    override = os.environ.get("UD_DUTCH_DIR")
    return (
        Path(override).resolve() if override else REPO_ROOT.parent / "shared" / "data" / "ud-dutch"
    )


def log(message: str) -> None:
    """Print a progress line immediately (the build runs for minutes)."""
    print(f"[build] {message}", flush=True)


def run(args: list[str]) -> None:
    """Run a command with spaCy's CLI in this interpreter; fail the build if it fails."""
    env = dict(os.environ)
    env.setdefault(
        "TF_CPP_MIN_LOG_LEVEL", "3"
    )  # Rasa's TensorFlow is importable; keep its logs quiet
    log("$ " + " ".join(str(a) for a in args))
    subprocess.run(args, check=True, env=env)


def spacy_cli(*args: str | Path) -> list[str]:
    """Build an argument list for ``python -m spacy ...`` with the current interpreter."""
    return [sys.executable, "-m", "spacy", *(str(a) for a in args)]


def convert(src: Path, corpus_dir: Path) -> Path:
    """Convert all treebank files with ``spacy convert``; return the folder of ``.spacy`` files."""
    converted = corpus_dir / "converted"
    converted.mkdir(parents=True, exist_ok=True)
    for name in (*TRAIN_FILES, EVAL_FILE):
        run(
            spacy_cli(
                "convert", src / name, converted, "--converter", "conllu", "-n", str(SENTS_PER_DOC)
            )
        )
    return converted


def lookups_wheel(cache: Path) -> Path:
    """Return the pinned spacy-lookups-data wheel, downloading it with pip once (about 100 MB)."""
    override = os.environ.get("SPACY_LOOKUPS_WHEEL")
    wheel = Path(override) if override else cache / LOOKUPS_WHEEL
    if not wheel.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary",
                ":all:",
                "-d",
                str(cache),
                LOOKUPS_REQUIREMENT,
            ]
        )
    digest = sha256(wheel)
    if digest != LOOKUPS_SHA256:
        raise SystemExit(f"{wheel}: SHA-256 {digest} is not the pinned {LOOKUPS_SHA256}")
    return wheel


def prepare_lemma_table(cache: Path, output: Path) -> tuple[Path, str]:
    """Extract the Dutch lemma table minus identity entries; return (table path, its licence)."""
    sys.path.insert(0, str(HERE))
    from lemma_fallback import dump_table

    with zipfile.ZipFile(lookups_wheel(cache)) as archive:
        table = json.loads(gzip.decompress(archive.read(LOOKUPS_TABLE)).decode("utf-8"))
        licence_name = next(n for n in archive.namelist() if n.endswith(".dist-info/LICENSE"))
        licence = archive.read(licence_name).decode("utf-8")
    filtered = {
        form: lemma for form, lemma in table.items() if isinstance(lemma, str) and lemma != form
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(dump_table(filtered))
    log(f"lemma lookup table: {len(filtered)} of {len(table)} entries kept -> {output}")
    return output, licence


def split_train_dev(converted: Path, corpus_dir: Path) -> dict[str, int]:
    """Write ``train.spacy`` and ``dev.spacy`` from the training files only (deterministic)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank(LANG)
    train, dev = DocBin(), DocBin()
    counts = {"train_docs": 0, "train_tokens": 0, "dev_docs": 0, "dev_tokens": 0}
    for name in TRAIN_FILES:
        docs = DocBin().from_disk(converted / name.replace(".conllu", ".spacy")).get_docs(nlp.vocab)
        for i, doc in enumerate(docs):
            part = "dev" if i % DEV_EVERY == DEV_OFFSET else "train"
            (dev if part == "dev" else train).add(doc)
            counts[f"{part}_docs"] += 1
            counts[f"{part}_tokens"] += len(doc)
    train.to_disk(corpus_dir / "train.spacy")
    dev.to_disk(corpus_dir / "dev.spacy")
    log(f"split: {counts}")
    return counts


def train(corpus_dir: Path, lemma_table: Path, output: Path, max_steps: int | None) -> float:
    """Train with ``config.cfg``; return the wall time in seconds."""
    overrides = ["--training.max_steps", str(max_steps)] if max_steps else []
    if output.exists():
        shutil.rmtree(output)
    start = time.monotonic()
    run(
        spacy_cli(
            "train",
            CONFIG,
            "--output",
            output,
            "--paths.train",
            corpus_dir / "train.spacy",
            "--paths.dev",
            corpus_dir / "dev.spacy",
            "--paths.lemma_table",
            lemma_table,
            "--code",
            CODE,
            *overrides,
        )
    )
    return time.monotonic() - start


def evaluate(model: Path, gold: Path, output: Path) -> dict[str, Any]:
    """Score the trained pipeline on the held-out treebank with ``spacy evaluate``."""
    run(spacy_cli("evaluate", model, gold, "--output", output, "--code", CODE))
    return json.loads(output.read_text(encoding="utf-8"))


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, recorded so a rebuilt wheel can be told apart from an old one."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def package_meta(model: Path, performance: dict[str, Any]) -> dict[str, Any]:
    """Describe plainly what this package is, where its data comes from and how well it does."""
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta.update(
        {
            "lang": LANG,
            "name": NAME,
            "version": VERSION,
            "spacy_version": SPACY_VERSION_RANGE,
            "description": DESCRIPTION,
            "author": "inclusief-advies project",
            "email": "",
            "url": "",
            "license": "CC BY-SA 4.0",
            "sources": [
                {
                    "name": "UD Dutch Alpino (test split)",
                    "url": "https://github.com/UniversalDependencies/UD_Dutch-Alpino",
                    "license": "CC BY-SA 4.0",
                    "author": "Gosse Bouma, Gertjan van Noord",
                    "commit": ALPINO_COMMIT,
                },
                {
                    "name": "UD Dutch LassySmall (dev and test splits)",
                    "url": "https://github.com/UniversalDependencies/UD_Dutch-LassySmall",
                    "license": "CC BY-SA 4.0",
                    "author": "Gosse Bouma, Gertjan van Noord",
                    "commit": LASSYSMALL_COMMIT,
                },
                {
                    "name": "spacy-lookups-data 1.0.5, table nl_lemma_lookup "
                    "(used by lemma_lookup_fallback)",
                    "url": "https://github.com/explosion/spacy-lookups-data",
                    "license": "MIT",
                    "author": "ExplosionAI GmbH",
                },
            ],
            "performance": performance,
            "notes": NOTES,
        }
    )
    return meta


def licence_texts(src: Path, lookups_licence: str) -> tuple[str, str]:
    """Return (LICENSE, LICENSES_SOURCES) texts; ``spacy package`` ships both in the wheel."""
    alpino = (src / "LICENSE-Alpino.txt").read_text(encoding="utf-8")
    lassy = (src / "LICENSE-LassySmall.txt").read_text(encoding="utf-8")
    notice = (
        f"{PACKAGE} {VERSION} (stand-in built by the inclusief-advies project)\n"
        "is licensed under the Creative Commons Attribution-ShareAlike 4.0 International\n"
        "licence (CC BY-SA 4.0), because it is a derivative of the treebanks listed in\n"
        "LICENSES_SOURCES. The full licence text follows.\n\n"
    )
    sources = (
        "Training data of this pipeline\n"
        "==============================\n\n"
        "UD_Dutch-Alpino (test split), Universal Dependencies release of May 2025,\n"
        f"commit {ALPINO_COMMIT}\n"
        "https://github.com/UniversalDependencies/UD_Dutch-Alpino\n"
        "Licence: CC BY-SA 4.0\n\n"
        "UD_Dutch-LassySmall (dev and test splits), Universal Dependencies release of May 2025,\n"
        f"commit {LASSYSMALL_COMMIT}\n"
        "https://github.com/UniversalDependencies/UD_Dutch-LassySmall\n"
        "Licence: CC BY-SA 4.0\n\n"
        "Annotation: Gosse Bouma and Gertjan van Noord (Alpino Treebank / Lassy Small,\n"
        "converted to Universal Dependencies).\n\n"
        "Accuracy is reported on UD_Dutch-Alpino (dev split), which was not used for training.\n\n"
        "---------------------------------------------------------------------------\n"
        "LICENSE-LassySmall.txt as distributed with UD_Dutch-LassySmall:\n"
        "---------------------------------------------------------------------------\n\n"
        f"{lassy}\n"
        "---------------------------------------------------------------------------\n"
        "LICENSE-Alpino.txt as distributed with UD_Dutch-Alpino: see LICENSE (same text).\n\n"
        "Lemma lookup table (component lemma_lookup_fallback)\n"
        "====================================================\n\n"
        "nl_lemma_lookup from spacy-lookups-data 1.0.5 (identity entries removed),\n"
        "https://github.com/explosion/spacy-lookups-data, under the MIT licence:\n\n"
        f"{lookups_licence}"
    )
    return notice + alpino, sources


def package(model: Path, meta: dict[str, Any], src: Path, lookups_licence: str) -> Path:
    """Stage the pipeline with meta and licences, ``spacy package`` it and return the wheel path."""
    staged = BUILD_DIR / "package-input"
    out = BUILD_DIR / "package-output"
    for folder in (staged, out):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(model, staged)
    out.mkdir(parents=True)
    licence, sources = licence_texts(src, lookups_licence)
    (staged / "LICENSE").write_text(licence, encoding="utf-8")
    (staged / "LICENSES_SOURCES").write_text(sources, encoding="utf-8")
    (staged / "meta.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    run(spacy_cli("package", staged, out, "--code", CODE, "--build", "wheel", "--force"))
    wheels = sorted(out.glob(f"*/dist/{PACKAGE}-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one wheel from spacy package, found {wheels}")
    return wheels[0]


def publish(wheel: Path, record: dict[str, Any]) -> Path:
    """Replace whatever is in ``dist/`` by exactly one wheel plus ``accuracy.json``."""
    DIST_DIR.mkdir(exist_ok=True)
    for old in DIST_DIR.glob("*.whl"):
        old.unlink()
    target = DIST_DIR / wheel.name
    shutil.copy2(wheel, target)
    record["wheel"] = {
        "file": target.name,
        "sha256": sha256(target),
        "bytes": target.stat().st_size,
    }
    (DIST_DIR / "accuracy.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return target


def folder_size(path: Path) -> int:
    """Total size in bytes of the files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    """Run the whole recipe; ``--skip-training`` re-evaluates and re-packages an existing model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--skip-training",
        action="store_true",
        help="reuse spacy_pipeline/build/training/model-best instead of training again",
    )
    parser.add_argument(
        "--max-steps",
        type=int,
        default=None,
        help="override training.max_steps (for a quick smoke test; the release uses config.cfg)",
    )
    options = parser.parse_args()

    src = ud_dir()
    missing = [n for n in (*TRAIN_FILES, EVAL_FILE, *LICENCE_FILES) if not (src / n).is_file()]
    if missing:
        raise SystemExit(
            f"UD treebank files missing in {src}: {missing} (set UD_DUTCH_DIR to their folder)"
        )

    corpus_dir = BUILD_DIR / "corpus"
    training_dir = BUILD_DIR / "training"
    model = training_dir / "model-best"
    if corpus_dir.exists():
        shutil.rmtree(corpus_dir)
    corpus_dir.mkdir(parents=True)
    converted = convert(src, corpus_dir)
    counts = split_train_dev(converted, corpus_dir)
    lemma_table, lookups_licence = prepare_lemma_table(
        BUILD_DIR / "downloads", BUILD_DIR / "lookups" / "nl_lemma_lookup.json.gz"
    )

    previous = BUILD_DIR / "train_seconds.txt"
    if options.skip_training:
        if not model.is_dir():
            raise SystemExit(f"--skip-training given but {model} does not exist")
        seconds = float(previous.read_text()) if previous.exists() else float("nan")
    else:
        seconds = train(corpus_dir, lemma_table, training_dir, options.max_steps)
        previous.write_text(f"{seconds:.1f}\n")
    log(f"training wall time: {seconds / 60:.1f} min")

    scores = evaluate(
        model, converted / EVAL_FILE.replace(".conllu", ".spacy"), BUILD_DIR / "eval.json"
    )
    performance = {key: scores[key] for key in PERFORMANCE_KEYS if key in scores}
    meta = package_meta(model, performance)
    wheel = package(model, meta, src, lookups_licence)
    record: dict[str, Any] = {
        "package": PACKAGE,
        "version": VERSION,
        "evaluated_on": EVAL_FILE,
        "accuracy": {
            k: performance[k] for k in ("token_acc", "pos_acc", "tag_acc", "morph_acc", "lemma_acc")
        },
        "training": {
            "files": list(TRAIN_FILES),
            "wall_time_seconds": round(seconds, 1),
            "cpu_count": os.cpu_count(),
            **counts,
        },
        "pipeline_folder_bytes": folder_size(model),
    }
    target = publish(wheel, record)
    acc = record["accuracy"]
    log(
        f"{EVAL_FILE}: POS {acc['pos_acc']:.3f}, tag {acc['tag_acc']:.3f}, "
        f"morph {acc['morph_acc']:.3f}, "
        f"lemma {acc['lemma_acc']:.3f}, token {acc['token_acc']:.3f}"
    )
    log(f"wheel: {target.relative_to(REPO_ROOT)} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
