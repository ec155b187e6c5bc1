"""``rasa test`` on the conversation tests in this folder, failing on any wrong prediction.

The stories cover the happy path of each part, every interruption inside a part, the
fallback, and each kind of hand-over with its resumption.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.runtime.training import MODEL_PATH

pytestmark = pytest.mark.servers

STORIES = Path(__file__).parent
PROJECT_ROOT = STORIES.parents[1]


def test_conversation_stories_have_no_wrong_prediction(tmp_path: Path) -> None:
    if not MODEL_PATH.exists():
        pytest.fail("no trained model: run 'make train' (make test does this first)")
    env = {
        **os.environ,
        "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "ACTION_ENDPOINT_URL": "http://127.0.0.1:9/webhook",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--model",
            str(MODEL_PATH),
            "--stories",
            str(STORIES),
            "--fail-on-prediction-errors",
            "--out",
            str(tmp_path / "results"),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    failed = tmp_path / "results" / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}\n{details}"
    assert "# predicted" not in details
