"""The conversation tests in this folder, evaluated by the running Rasa server, no wrong prediction.

The stories cover the happy path of each part, every interruption inside a part, the
fallback, and each kind of hand-over with its resumption. The server evaluates them with the
model it serves (``POST /model/test/stories``: the code of ``rasa test core``), so the suite
loads the model once; each file is sent on its own so a failure names its file.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.conftest import RunningServers

pytestmark = pytest.mark.servers

STORIES = Path(__file__).parent
STORY_FILES = sorted(STORIES.glob("*.yml"))


def test_there_are_conversation_tests() -> None:
    assert len(STORY_FILES) >= 9


@pytest.mark.parametrize("path", STORY_FILES, ids=lambda path: path.stem)
def test_conversation_stories_have_no_wrong_prediction(path: Path, servers: RunningServers) -> None:
    response = httpx.post(
        f"{servers.rasa_url}/model/test/stories",
        params={"token": servers.rasa_token},
        content=path.read_bytes(),
        headers={"Content-Type": "application/x-yaml"},
        timeout=600,
    )
    assert response.status_code == 200, response.text[-3000:]
    actions = response.json()["actions"]
    assert actions, f"{path.name}: no action was evaluated"
    wrong = [
        f"expected {step['action']}, predicted {step['predicted']} ({step['policy']})"
        for step in actions
        if step["action"] != step["predicted"]
    ]
    assert not wrong, f"{path.name}: {len(wrong)} of {len(actions)} wrong:\n" + "\n".join(wrong)
