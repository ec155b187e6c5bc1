"""Run a trained model's whole NLU pipeline (FallbackClassifier included) over a list of texts.

``rasa test nlu`` undoes the fallback prediction before it scores intents, so it cannot say how
often a message ends as ``nlu_fallback``. This script can: it loads the model once and prints one
JSON object per text with the final intent, its confidence, and the best intent underneath a
fallback. The tests call :func:`summarise` on the running server's parse; tune_fallback.py runs this
script in a subprocess (``python tests/nlu/nlu_parse.py MODEL < texts.json``) so the
test process never imports TensorFlow.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

FALLBACK = "nlu_fallback"
# Rasa and TensorFlow may print to stdout too; result lines carry this prefix.
MARKER = "NLU_PARSE "


def summarise(parsed: dict[str, Any]) -> dict[str, Any]:
    """The final intent and the classifier's own best guess (what lies under a fallback)."""
    intent = parsed.get("intent") or {}
    ranking = [r for r in parsed.get("intent_ranking") or [] if r.get("name") != FALLBACK]
    best = ranking[0] if ranking else {"name": None, "confidence": 0.0}
    second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
    return {
        "text": parsed.get("text"),
        "intent": intent.get("name"),
        "confidence": float(intent.get("confidence") or 0.0),
        "best": best.get("name"),
        "best_confidence": float(best.get("confidence") or 0.0),
        "gap": float(best.get("confidence") or 0.0) - float(second),
        "entities": [
            {"entity": e.get("entity"), "value": e.get("value")}
            for e in parsed.get("entities") or []
        ],
    }


async def _parse_all(model: str, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    return [summarise(await agent.parse_message(text)) for text in texts]


def main() -> None:
    model = sys.argv[1]
    texts = json.load(sys.stdin)
    for row in asyncio.run(_parse_all(model, list(texts))):
        print(MARKER + json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
