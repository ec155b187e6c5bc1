"""``make bench-privacy``: how well the masking removes personal data, beside deduce 3.0.6.

Runs ``bot.privacy.mask`` over both parts of the annotated set in ``bench/privacy/`` and
prints recall per kind, the share of ordinary words kept and the share of messages without
personal data left unchanged. deduce (a rule-based Dutch de-identifier for medical text)
cannot share Rasa's virtualenv, so it gets its own in ``var/bench-deduce-venv``, made with
any Python 3.10+ found here, and runs there through ``bench/privacy/deduce_runner.py``.
A benchmark, not a test: the floor test is ``tests/privacy/test_privacy_bench.py``.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.privacy import mask  # noqa: E402
from tools.privacy_bench import KINDS, PARTS, Scores, load_part, run, score  # noqa: E402

DEDUCE_VERSION = "3.0.6"
DEDUCE_VENV = ROOT / "var" / "bench-deduce-venv"
RUNNER = ROOT / "bench" / "privacy" / "deduce_runner.py"


def _python_for_deduce() -> str | None:
    """A Python 3.10+ for deduce's own virtualenv (not the project's .venv itself)."""
    candidates = [os.environ.get("DEDUCE_PYTHON", "")]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[1-3]*/bin/python")))
    candidates += [shutil.which(f"python3.{minor}") or "" for minor in (11, 12, 13, 10)]
    candidates.append(getattr(sys, "_base_executable", "") or "")
    for candidate in candidates:
        if not candidate or not Path(candidate).exists():
            continue
        check = "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)"
        if subprocess.run([candidate, "-c", check], check=False).returncode == 0:
            return candidate
    return None


def _deduce_python() -> Path | None:
    python = DEDUCE_VENV / "bin" / "python"
    probe = "import importlib.metadata as m; print(m.version('deduce'))"
    if python.exists():
        found = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False)
        if found.stdout.strip() == DEDUCE_VERSION:
            return python
    base = _python_for_deduce()
    if base is None:
        print("deduce: no Python 3.10+ found for its virtualenv; set DEDUCE_PYTHON")
        return None
    print(f"deduce: installing deduce {DEDUCE_VERSION} into {DEDUCE_VENV.relative_to(ROOT)}")
    subprocess.run([base, "-m", "venv", "--clear", DEDUCE_VENV], check=True)
    subprocess.run([python, "-m", "pip", "install", "-q", f"deduce=={DEDUCE_VERSION}"], check=True)
    return python


def _deduce_outputs(texts: list[str]) -> list[str] | None:
    python = _deduce_python()
    if python is None:
        return None
    done = subprocess.run(
        [python, RUNNER], input=json.dumps(texts), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        print("deduce failed:", done.stderr[-2000:])
        return None
    return list(json.loads(done.stdout))


def _fmt(value: float) -> str:
    return "  -  " if value != value else f"{value:.3f}"  # NaN: kind absent in this part


def _table(columns: dict[str, Scores]) -> str:
    names = list(columns)
    rows = [f"{'':24}" + "".join(f"{name:>22}" for name in names)]
    for kind in KINDS:
        cells = "".join(
            f"{_fmt(columns[n].recall(kind)):>16} ({columns[n].total[kind]:>3})" for n in names
        )
        rows.append(f"recall {kind:17}" + cells)
    lines = {
        "recall overall": lambda s: f"{_fmt(s.recall()):>16} ({sum(s.total.values()):>3})",
        "ordinary words kept": lambda s: f"{_fmt(s.words):>14} ({s.words_total:>5})",
        "tricky words kept": lambda s: f"{_fmt(s.keep_words):>16} ({s.keep_total:>3})",
        "clean texts unchanged": lambda s: f"{_fmt(s.unchanged):>16} ({s.clean_total:>3})",
    }
    for label, cell in lines.items():
        rows.append(f"{label:24}" + "".join(cell(columns[n]) for n in names))
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-deduce", action="store_true", help="only the project's masking")
    parser.add_argument("--part", choices=PARTS, action="append", help="default: both parts")
    parser.add_argument("--show", type=int, default=0, help="print N misses and damages per part")
    args = parser.parse_args()
    parts = args.part or list(PARTS)
    sets = {part: load_part(part) for part in parts}
    columns: dict[str, Scores] = {}
    for part, messages in sets.items():
        columns[f"project {part}"] = run(mask, messages)
    if not args.no_deduce:
        texts = [m.text for part in parts for m in sets[part]]
        outputs = _deduce_outputs(texts)
        if outputs is not None:
            start = 0
            for part in parts:
                count = len(sets[part])
                columns[f"deduce {part}"] = score(sets[part], outputs[start : start + count])
                start += count
    sizes = ", ".join(f"{part} {len(sets[part])} messages" for part in parts)
    print(f"Masking benchmark ({sizes}); in brackets: how many items or words\n")
    print(_table(columns))
    for name, scores in columns.items():
        if args.show and name.startswith("project"):
            print(f"\n{name}: missed")
            for text, item in scores.missed[: args.show]:
                print(f"  {item.kind}={item.value!r:30} in {text!r}")
            print(f"{name}: damaged")
            for text, output in scores.damaged[: args.show]:
                print(f"  {text!r}\n    -> {output!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
