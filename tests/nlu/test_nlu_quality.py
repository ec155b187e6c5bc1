"""Quality gate of the NLU model on the held-out Dutch test split (tests/nlu/test_nlu.yml).

The split is never trained on (it lives outside data/). The gate: intent macro-F1 >= 0.90 and entity
F1 >= 0.85 (micro avg of DIETClassifier's entity report, or weighted avg when micro is absent).
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.conftest import RunningServers

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEST_SPLIT = PROJECT_ROOT / "tests" / "nlu" / "test_nlu.yml"

INTENT_MACRO_F1_MIN = 0.90
ENTITY_F1_MIN = 0.85

# Keys of sklearn's classification report that are aggregates, not labels.
AGGREGATE_KEYS = {"accuracy", "micro avg", "macro avg", "weighted avg"}


def _worst(report: dict, n: int = 5) -> str:
    labels = [
        (name, values["f1-score"], values.get("support", 0))
        for name, values in report.items()
        if name not in AGGREGATE_KEYS and isinstance(values, dict) and "f1-score" in values
    ]
    labels.sort(key=lambda item: item[1])
    return "\n".join(
        f"  {name}: f1={f1:.3f} (support {support})" for name, f1, support in labels[:n]
    )


def _entity_f1(report: dict) -> tuple[str, float]:
    for key in ("micro avg", "weighted avg"):
        if key in report:
            return key, float(report[key]["f1-score"])
    raise AssertionError(f"no micro/weighted avg in the entity report: {sorted(report)}")


@pytest.mark.servers
def test_nlu_quality_on_held_out_split(servers: RunningServers) -> None:
    # The running Rasa server evaluates with the model it serves (the same code as
    # ``rasa test nlu``: rasa.nlu.test.run_evaluation), so no second model load is needed.
    response = httpx.post(
        f"{servers.rasa_url}/model/test/intents",
        params={"token": servers.rasa_token},
        content=TEST_SPLIT.read_bytes(),
        headers={"Content-Type": "application/x-yaml"},
        timeout=900,
    )
    assert response.status_code == 200, response.text[-3000:]
    evaluation = response.json()
    intent_report = evaluation["intent_evaluation"]["report"]
    entity_report = evaluation["entity_evaluation"]["DIETClassifier"]["report"]

    intent_f1 = float(intent_report["macro avg"]["f1-score"])
    entity_key, entity_f1 = _entity_f1(entity_report)
    summary = (
        f"intent macro-F1 {intent_f1:.3f} (min {INTENT_MACRO_F1_MIN}); "
        f"entity {entity_key} F1 {entity_f1:.3f} (min {ENTITY_F1_MIN})\n"
        f"weakest intents:\n{_worst(intent_report)}\n"
        f"weakest entities:\n{_worst(entity_report)}"
    )
    print(summary)
    assert intent_f1 >= INTENT_MACRO_F1_MIN, summary
    assert entity_f1 >= ENTITY_F1_MIN, summary
