"""Choose the FallbackClassifier threshold on the training side only (issue 9).

The held-out files in tests/nlu must not steer the threshold, so this script carves a dev split
out of data/nlu (every fifth example of each intent), trains an NLU-only model with config.yml on
the other four fifths, parses the dev texts with nlu_parse.py and prints, per threshold, how many
in-scope dev messages would end as ``nlu_fallback`` (bad: outside a form they get "niet
begrepen"), how many of those are short answers (three words or fewer), and how many dev
``buiten_bereik`` messages end as ``buiten_bereik`` or ``nlu_fallback`` (good).

Usage (about as long as one ``rasa train nlu``):
    .venv/bin/python tests/nlu/tune_fallback.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.nlu.nlu_files import TRAINING_DIR, plain  # noqa: E402
from tests.nlu.nlu_parse import MARKER  # noqa: E402

DEV_EVERY = 5
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
OUT_OF_SCOPE = "buiten_bereik"


def _split() -> tuple[list[dict], list[tuple[str, str]], list[Path]]:
    """Training items without the dev examples, the dev (intent, text) pairs, other files."""
    train_items: list[dict] = []
    dev: list[tuple[str, str]] = []
    other_files: list[Path] = []
    for path in sorted(TRAINING_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        items = [i for i in data.get("nlu") or [] if isinstance(i, dict) and "intent" in i]
        if not items:
            other_files.append(path)  # synonyms, regexes
            continue
        for item in items:
            examples = [
                line[2:].strip() for line in item["examples"].splitlines() if line.startswith("- ")
            ]
            kept = []
            for index, example in enumerate(examples):
                if index % DEV_EVERY == DEV_EVERY - 1:
                    dev.append((item["intent"], plain(example)))
                else:
                    kept.append(example)
            train_items.append({"intent": item["intent"], "examples": kept})
    return train_items, dev, other_files


def _write_training(folder: Path, items: list[dict], other_files: list[Path]) -> None:
    lines = ['version: "3.1"', "nlu:"]
    for item in items:
        lines.append(f"  - intent: {item['intent']}")
        lines.append("    examples: |")
        lines.extend(f"      - {example}" for example in item["examples"])
    (folder / "train.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for path in other_files:
        shutil.copy(path, folder / path.name)


def _parse(model: Path, texts: list[str]) -> list[dict]:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "nlu" / "nlu_parse.py"), str(model)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    return [
        json.loads(line[len(MARKER) :])
        for line in result.stdout.splitlines()
        if line.startswith(MARKER)
    ]


def _is_fallback(row: dict, threshold: float, ambiguity: float) -> bool:
    return row["best_confidence"] < threshold or row["gap"] < ambiguity


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the dev model and results here")
    parser.add_argument("--ambiguity", type=float, default=0.1)
    args = parser.parse_args()

    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    work = args.keep or Path(tempfile.mkdtemp(prefix="tune-fallback-"))
    work.mkdir(parents=True, exist_ok=True)
    data_dir = work / "data"
    data_dir.mkdir(exist_ok=True)
    items, dev, other_files = _split()
    _write_training(data_dir, items, other_files)
    # The threshold is applied below to the raw ranking, so the dev model needs none.
    for component in config["pipeline"]:
        if component["name"] == "FallbackClassifier":
            component["threshold"] = 0.0
            component["ambiguity_threshold"] = 0.0
    (work / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    print(f"[tune] {sum(len(i['examples']) for i in items)} training, {len(dev)} dev examples")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "train",
            "nlu",
            "--config",
            str(work / "config.yml"),
            "--nlu",
            str(data_dir),
            "--out",
            str(work),
            "--fixed-model-name",
            "dev",
        ],
        check=True,
        cwd=ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
        stdout=subprocess.DEVNULL,
    )
    rows = _parse(work / "dev.tar.gz", [text for _, text in dev])
    for (intent, _), row in zip(dev, rows, strict=True):
        row["expected"] = intent
    (work / "dev_results.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))

    in_scope = [r for r in rows if r["expected"] != OUT_OF_SCOPE]
    short = [r for r in in_scope if len(r["text"].split()) <= 3]
    nonsense = [r for r in rows if r["expected"] == OUT_OF_SCOPE]
    correct = sum(r["best"] == r["expected"] for r in rows)
    print(f"[tune] dev intent accuracy without fallback: {correct}/{len(rows)}")
    print(f"[tune] in-scope {len(in_scope)} (short {len(short)}), buiten_bereik {len(nonsense)}")
    print("threshold  in-scope->fallback  short->fallback  nonsense caught  wrong kept")
    for threshold in THRESHOLDS:
        lost = sum(_is_fallback(r, threshold, args.ambiguity) for r in in_scope)
        lost_short = sum(_is_fallback(r, threshold, args.ambiguity) for r in short)
        caught = sum(
            r["best"] == OUT_OF_SCOPE or _is_fallback(r, threshold, args.ambiguity)
            for r in nonsense
        )
        wrong_kept = sum(
            r["best"] != r["expected"] and not _is_fallback(r, threshold, args.ambiguity)
            for r in in_scope
        )
        print(
            f"{threshold:9.2f}  {lost:4d} ({lost / len(in_scope):5.1%})      "
            f"{lost_short:3d} ({lost_short / max(len(short), 1):5.1%})   "
            f"{caught:3d} ({caught / max(len(nonsense), 1):5.1%})   {wrong_kept:4d}"
        )
    print(f"[tune] results in {work}")


if __name__ == "__main__":
    main()
