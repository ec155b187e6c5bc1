"""Train the Rasa model only when its inputs changed.

``rasa train`` takes minutes; ``make run`` and ``make test`` call this on every start,
so a fingerprint of the training inputs (config, domain, data and the Rasa and spaCy
pipeline versions) decides whether there is anything to do.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from bot.settings import PROJECT_ROOT

MODEL_NAME = "advies"
MODELS_DIR = PROJECT_ROOT / "models"
MODEL_PATH = MODELS_DIR / f"{MODEL_NAME}.tar.gz"
FINGERPRINT_PATH = MODELS_DIR / f"{MODEL_NAME}.fingerprint"
# The stand-in spaCy pipeline's accuracy file carries its wheel's sha256, so rebuilding
# the pipeline retrains the model even though its version stays the same.
TRAINING_INPUTS = ("config.yml", "domain.yml", "data", "spacy_pipeline/dist/accuracy.json")


def training_command(out: Path, model_name: str = MODEL_NAME, force: bool = False) -> list[str]:
    """``rasa train`` as ``make train`` and ``make bench`` run it.

    ``--skip-validation``: the check inside ``rasa train`` cost 6-10 s of CPU per training
    (docs/bench/speed.md). ``make test`` runs the same checks, warnings included, in its own step
    before any step that trains (``rasa data validate --fail-on-warnings``). What a plain
    ``make train`` no longer refuses: domain errors such as an action a rule uses that the domain
    lacks. Broken YAML still fails when Rasa reads it, rule contradictions in RulePolicy.
    """
    command = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        "--skip-validation",
        "--fixed-model-name",
        model_name,
        "--out",
        str(out),
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        "data",
    ]
    return [*command, "--force"] if force else command


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    """Hash every training input; any edit, added or removed file changes it."""
    digest = hashlib.sha256()
    for name in ("rasa", "spacy", "nl_core_news_sm"):
        digest.update(f"{name}={_package_version(name)}\n".encode())
    for entry in TRAINING_INPUTS:
        path = root / entry
        if not path.exists():
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()


def is_up_to_date(root: Path = PROJECT_ROOT) -> bool:
    """True when the model exists and was trained on exactly the current inputs."""
    if not MODEL_PATH.exists() or not FINGERPRINT_PATH.exists():
        return False
    return FINGERPRINT_PATH.read_text(encoding="utf-8").strip() == fingerprint(root)


def train(force: bool = False) -> Path:
    """Train when needed and return the model path; exit with a clear message on failure."""
    if not force and is_up_to_date():
        print(f"[train] model is up to date ({MODEL_PATH.relative_to(PROJECT_ROOT)})", flush=True)
        return MODEL_PATH
    print("[train] training the Rasa model (this takes a few minutes)...", flush=True)
    started = time.monotonic()
    # Taken before training: files edited while it runs must make the next call train again.
    inputs = fingerprint()
    result = subprocess.run(training_command(MODELS_DIR), cwd=PROJECT_ROOT, check=False)
    if result.returncode != 0 or not MODEL_PATH.exists():
        sys.exit(
            "[train] training failed; see the Rasa output above. Check the training data with "
            "'make validate'."
        )
    FINGERPRINT_PATH.write_text(inputs + "\n", encoding="utf-8")
    print(f"[train] done in {time.monotonic() - started:.0f} s", flush=True)
    return MODEL_PATH


if __name__ == "__main__":
    train(force="--force" in sys.argv)
