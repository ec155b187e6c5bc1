"""The faithfulness benchmark's sets and harness (``make bench-dialogue``) cannot silently break.

These are no thresholds: they check that the labelled sets follow the contract (kinds,
questions and values the knowledge allows, a held-out quarter), that the scoring counts what
it says, and that the harness really runs the trained model and the validators, prints dev
misses and never a held-out one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import load_knowledge
from tests.conftest import PROJECT_ROOT
from tools.bench.dialogue import (
    KINDS,
    SET_DIR,
    SETS,
    Item,
    Outcome,
    load_items,
    score,
)

FORMS = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))["forms"]
QUESTION_FORMS = (
    "start_form",
    "voorkant_form",
    "realisatie_form",
    "vervolg_form",
    "pre_intake_form",
)
NOT_KNOWN = "weet_niet"


def _allowed(question: str, value: Any) -> bool:
    spec = load_knowledge().questions[question]
    if value == NOT_KNOWN:
        return True
    if spec.kind == "number":
        return isinstance(value, int) and (spec.minimum or 0) <= value <= (spec.maximum or 999)
    if spec.kind == "text":
        return isinstance(value, str) and bool(value.strip())
    if spec.kind == "multi":
        return isinstance(value, list) and all(v in spec.values for v in value)
    return value in spec.values


def test_the_sets_follow_the_contract() -> None:
    sets = {name: load_items(SET_DIR / f"{name}.yml") for name in SETS}
    held_out = [name for name in sets if name != "dev"]
    total = sum(len(items) for items in sets.values())
    assert total >= 400 and len(sets["heldout2"]) >= 60 and len(sets["heldout3"]) >= 110
    assert sum(len(sets[name]) for name in held_out) >= total / 4
    ids = [i.id for items in sets.values() for i in items]
    assert len(ids) == len(set(ids))
    for name, items in sets.items():
        assert {i.kind for i in items} == set(KINDS), name
        dev_texts = {i.text.lower() for i in sets["dev"]}
        for item in items:
            required = FORMS[item.form]["required_slots"]
            assert item.requested in required, item.id
            for question, value in item.expect.items():
                assert question in load_knowledge().questions, (item.id, question)
                assert _allowed(question, value), (item.id, question, value)
            for question in item.slots:
                assert question in load_knowledge().questions or question == "modus", item.id
            if name != "dev":
                assert item.text.lower() not in dev_texts or len(item.text) <= 12, item.id
    for form in QUESTION_FORMS:
        asked = {i.requested for i in sets["dev"] if i.form == form}
        missing = set(FORMS[form]["required_slots"]) - asked
        assert not missing, f"{form}: no dev item asks {missing}"


def _outcome(expect: dict[str, Any], recorded: dict[str, Any], **extra: Any) -> Outcome:
    item = Item("t1", "answer", "voorkant_form", "signalen", {}, "tekst", expect)
    return Outcome(
        item=item,
        recorded=recorded,
        confirmation=extra.get("confirmation"),
        said=[],
        stored={},
        intent=None,
        interrupted=False,
    )


def test_scoring_counts_pairs_free_text_and_confirmations() -> None:
    text = frozenset({"wensen"})
    # "schulden wel, jeugdhulp niet" recorded as both: one right, one wrong value.
    both = score(
        _outcome({"signalen": ["schulden"]}, {"signalen": ["schulden", "jeugdhulp"]}), text
    )
    assert (both.recorded, both.correct, both.found, both.false_values) == (2, 1, 1, 1)
    assert not both.exact_items
    # Free text: the recorded words contain the expected piece.
    wish = score(_outcome({"wensen": "kapper"}, {"wensen": "Hij wil kapper worden"}), text)
    assert (wish.correct, wish.found, wish.exact_items) == (1, 1, 1)
    # Asked to confirm the right value: not recorded, but found with confirmations.
    asked = score(
        _outcome({"leeftijd": 17}, {}, confirmation={"vraag": "leeftijd", "waarde": 17}),
        text,
    )
    assert (asked.recorded, asked.found, asked.found_or_confirmed, asked.confirmations) == (
        0,
        0,
        1,
        1,
    )
    # A remark about the chat recorded as an answer is a false value.
    remark = score(_outcome({}, {"begeleiding_nodig": "nee"}), text)
    assert (remark.false_values, remark.expected) == (1, 0)


def _write(path: Path, items: list[dict[str, Any]]) -> None:
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")


def _item(number: int, text: str, expect: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"x{number}",
        "kind": "answer",
        "form": "voorkant_form",
        "requested": "herkomst",
        "slots": {"toestemming": "ja", "jonger_dan_16": "nee", "rol": "professional"},
        "text": text,
        "expect": expect,
    }


@pytest.mark.servers  # needs the trained model (make test trains it first)
def test_the_harness_runs_the_model_and_the_validator_and_hides_heldout_misses(
    tmp_path: Path,
) -> None:
    from bot.runtime.training import MODEL_PATH

    if not MODEL_PATH.exists():
        pytest.fail("no trained model: run 'make train' (make test does this first)")
    dev, heldout = tmp_path / "dev.yml", tmp_path / "heldout.yml"
    _write(
        dev,
        [
            _item(1, "Praktijkonderwijs", {"herkomst": "pro"}),
            _item(2, "ik wil een medewerker spreken", {}),
            _item(3, "Vmbo", {"herkomst": "havo_vwo"}),  # a miss on purpose
        ],
    )
    secret = "Voortgezet speciaal onderwijs (vso)"
    _write(heldout, [_item(4, secret, {"herkomst": "isk"})])  # a miss on purpose
    out_json, out_md = tmp_path / "dialogue.json", tmp_path / "dialogue.md"
    done = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "tools" / "bench" / "dialogue.py"),
            *("--set", str(dev), "--set", str(heldout)),
            *("--out-json", str(out_json), "--out-md", str(out_md)),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out_json.read_text(encoding="utf-8"))
    dev_all = report["sets"]["dev"]["all"]
    assert dev_all["items"] == 3
    # The button title is recorded, the request for a human records nothing, the miss counts.
    assert (dev_all["recorded"], dev_all["correct"]) == (2, 1)
    assert [m["id"] for m in report["dev_misses"]] == ["x3"]
    assert "x3" in done.stdout and "'Vmbo'" in done.stdout
    assert report["sets"]["heldout"]["all"]["items"] == 1
    assert report["sets"]["heldout"]["all"]["correct"] == 0
    assert secret not in done.stdout and secret not in out_json.read_text(encoding="utf-8")
    assert "## heldout" in out_md.read_text(encoding="utf-8")  # figures per kind, per set
