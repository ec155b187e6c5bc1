"""Issue 26: a button's title, typed instead of clicked, answers the question as the button does.

People on a phone often type what they see ("weet ik niet", "Nu geen school", "Schulden")
instead of pressing the button. For every question of the advice forms and the pre-intake,
in every role's variation of the question in ``domain.yml``, each answer button's title is
parsed by the running Rasa server's model and then validated by the real form validator (the
same path as the faithfulness benchmark, ``tools/bench/dialogue.py``). The typed title must
record what a click on the button records (its payload through the same path), without a
confirmation round; where a click records nothing, the typed title gets the same reply.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.conftest import PROJECT_ROOT, RunningServers
from tools.bench.dialogue import Item, registered_actions, run_item, temporary_store

FORMS = ("voorkant_form", "realisatie_form", "vervolg_form", "pre_intake_form")
# The values an answer button's payload stands for.
INTENT_VALUES = {"/bevestigen": "ja", "/ontkennen": "nee", "/weet_niet": "weet_niet"}
ANSWER_PREFIX = "/informeren"


# Slots a question needs before it is asked at all (the parent is asked only under 16).
ASKED_WHEN = {"ouder_akkoord": {"jonger_dan_16": "ja"}}


@dataclass(frozen=True)
class TypedTitle:
    form: str
    question: str
    role: str
    title: str
    payload: str
    value: str
    slots: tuple[tuple[str, Any], ...] = ()

    @property
    def id(self) -> str:
        conditions = ",".join(f"{k}={v}" for k, v in self.slots if k != "rol")
        return f"{self.form}:{self.question}:{self.role}:{self.title}" + (
            f" ({conditions})" if conditions else ""
        )


def _value(payload: str) -> str | None:
    if payload in INTENT_VALUES:
        return INTENT_VALUES[payload]
    if payload.startswith(ANSWER_PREFIX + "{"):
        waarde = json.loads(payload[len(ANSWER_PREFIX) :]).get("waarde")
        return str(waarde) if waarde is not None else None
    return None


def _slots(variation: dict[str, Any], form: str) -> dict[str, Any]:
    """The slots under which Rasa shows this variation (the role by default)."""
    slots = {c["name"]: c["value"] for c in variation.get("condition") or []}
    slots.setdefault("rol", "aanmelder" if form == "pre_intake_form" else "professional")
    return slots


def _date_slots() -> dict[str, Any]:
    """Slots the assistant sets from today's date before it asks: a user meets only the
    variation of today (a typed "nee" before 1 April means "nog niet")."""
    from bot.knowledge.schooljaar import aanmelddatum

    return {"aanmelddatum_voorbij": aanmelddatum().passed}


def _shown(variations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The variations a user can meet today. When some are conditioned on a slot other than
    the role, that slot is always set, so the plain one is never shown."""
    today = _date_slots()
    other = any(c.get("name") != "rol" for v in variations for c in v.get("condition") or [])
    return [
        v
        for v in variations
        if (v.get("condition") or not other)
        and all(today.get(c["name"], c["value"]) == c["value"] for c in v.get("condition") or [])
    ]


def typed_titles(domain: dict[str, Any]) -> Iterator[TypedTitle]:
    responses = domain["responses"]
    for form in FORMS:
        for question in domain["forms"][form]["required_slots"]:
            name = f"utter_ask_{form}_{question}"
            variations = responses.get(name) or responses.get(f"utter_ask_{question}") or []
            for variation in _shown(variations):
                slots = {**ASKED_WHEN.get(question, {}), **_slots(variation, form)}
                for button in variation.get("buttons") or []:
                    payload = str(button["payload"])
                    value = _value(payload)
                    if value is not None:
                        yield TypedTitle(
                            form,
                            question,
                            str(slots["rol"]),
                            str(button["title"]),
                            payload,
                            value,
                            tuple(sorted(slots.items())),
                        )


DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
CASES = sorted({case.id: case for case in typed_titles(DOMAIN)}.values(), key=lambda c: c.id)


def test_the_domain_has_typed_titles_to_check() -> None:
    """Guards the collection above: a renamed form or payload would silently check nothing."""
    roles = {case.role for case in CASES}
    assert {"jongere", "ouder", "professional", "samen", "aanmelder"} <= roles
    assert len(CASES) > 150


@pytest.mark.servers
def test_every_typed_button_title_answers_its_question(
    servers: RunningServers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.store import db

    for name in ("DATABASE_URL", "TRACKER_STORE_URL"):
        monkeypatch.setenv(name, "")
    temporary_store(tmp_path)
    actions = registered_actions()
    client = httpx.Client(timeout=60)

    async def parse(text: str) -> dict[str, Any]:
        response = client.post(
            f"{servers.rasa_url}/model/parse",
            params={"token": servers.rasa_token},
            json={"text": text},
        )
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    async def run_all() -> list[str]:
        wrong = []
        for number, case in enumerate(CASES):
            recorded, said = {}, {}
            for way, text in (("clicked", case.payload), ("typed", case.title)):
                item = Item(
                    id=f"{way}-{number}",
                    kind="answer",
                    form=case.form,
                    requested=case.question,
                    slots=dict(case.slots),
                    text=text,
                    expect={case.question: case.value},
                )
                outcome = await run_item(item, parse, DOMAIN, actions)
                recorded[way] = outcome.recorded.get(case.question)
                said[way] = outcome.said
            clicked, typed = recorded["clicked"], recorded["typed"]
            # A click that records nothing (a parent's "weet ik niet" is explained and offered
            # a hand-over) must get the same reply when typed.
            if typed != clicked or (clicked is None and said["typed"] != said["clicked"]):
                asked = f", asked to confirm {outcome.confirmation}" if outcome.confirmation else ""
                wrong.append(
                    f"{case.id}: clicked {clicked!r}, typed {case.title!r} recorded {typed!r} "
                    f"(intent {outcome.intent}{asked})"
                )
        return wrong

    try:
        wrong = asyncio.run(run_all())
    finally:
        client.close()
        db.reset_engines()
    assert not wrong, f"{len(wrong)} of {len(CASES)} typed titles:\n" + "\n".join(wrong)
