"""The facts every document and the public page are built from, read from what runs.

Nothing here is typed twice: retention from ``bot.store.retention`` and
``bot.practice.cleanup``, security from ``bot.settings`` and
``bot.accounts``, the questions, rules and partners from the knowledge, the NLU pipeline from
``config.yml``, the number of training examples from ``data/nlu``, and the audit figures
(decision points reached, decided by a person) from the store.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import load_knowledge
from bot.knowledge.model import Knowledge
from bot.practice.cleanup import retention_hours
from bot.store.models import PROFESSIONAL_ROLES
from bot.store.retention import RetentionPolicy

ROOT = Path(__file__).resolve().parents[2]

# What each inbox role may do; a test checks that every role of the models is here.
ROLE_TEXTS = {
    "medewerker": "leest de overdrachten van de school: samenvatting, antwoorden, berichten; "
    "antwoordt en neemt het besluit",
    "beheerder": "wat een medewerker mag, en het logboek (wie deed wat met welk gesprek)",
    "kwaliteit": "alleen het dashboard met totalen; aantallen onder 5 zijn verborgen",
    "partner": "alleen de samenvatting en antwoorden van gesprekken waarvoor de jongere "
    "toestemming gaf, en het goedgekeurde overdrachtsdocument",
}


LIMIT_TEXTS = {
    "BOT_LIMIT_MESSAGES_PER_CLIENT": "chatberichten van één adres",
    "BOT_LIMIT_MESSAGES_PER_CONVERSATION": "chatberichten in één gesprek",
    "BOT_LIMIT_NEW_CONVERSATIONS": "nieuwe gesprekken van één adres",
    "BOT_LIMIT_STREAMS_PER_CLIENT": "live verbindingen van één adres",
    "BOT_LIMIT_LOGINS_PER_CLIENT": "inlogpogingen van één adres",
}


@dataclass(frozen=True)
class Audit:
    """Decision points reached in real conversations, and how many a person decided."""

    reached: Counter[str] = field(default_factory=Counter)
    decided_by_person: Counter[str] = field(default_factory=Counter)
    open: int = 0
    available: bool = True

    @property
    def total_reached(self) -> int:
        return sum(self.reached.values())

    @property
    def total_decided(self) -> int:
        return sum(self.decided_by_person.values())


@dataclass(frozen=True)
class Facts:
    generated: str
    closed_days: float
    abandoned_days: float
    practice_hours: float
    roles: dict[str, str]
    knowledge: Knowledge
    pipeline: tuple[str, ...]
    policies: tuple[str, ...]
    nlu_examples: int
    security: dict[str, str]
    audit: Audit


def _pipeline(config: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    data: dict[str, Any] = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    names = tuple(str(c.get("name")) for c in data.get("pipeline") or ())
    policies = tuple(str(p.get("name")) for p in data.get("policies") or ())
    return names, policies


def _nlu_examples(folder: Path) -> int:
    """Training examples in ``data/nlu`` (the lines of ``examples: |`` blocks)."""
    count = 0
    for path in sorted(folder.glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or ():
            if item.get("intent"):
                count += sum(
                    1 for line in str(item.get("examples", "")).splitlines() if line.strip()
                )
    return count


def _security() -> dict[str, str]:
    from bot.accounts import MIN_PASSWORD, lock_after, lock_seconds
    from bot.settings import LIMIT_DEFAULTS, limit, session_max_age

    texts = {
        f"{LIMIT_TEXTS.get(name, name)} ({name})": (
            f"hoogstens {limit(name).count} per {limit(name).seconds:g} seconden"
        )
        for name in LIMIT_DEFAULTS
    }
    texts["wachtwoord"] = f"minstens {MIN_PASSWORD} tekens, geen bekend wachtwoord, Argon2-hash"
    texts["blokkade"] = f"na {lock_after()} foute wachtwoorden {lock_seconds()} s geblokkeerd"
    texts["sessie"] = f"inlogsessie hoogstens {session_max_age() / 3600:g} uur"
    return texts


def read_audit(url: str | None = None) -> Audit:
    """Decision points reached in real (not practice) conversations, and who decided them."""
    from sqlalchemy import false

    from bot.store.db import session_scope
    from bot.store.models import Conversation, Handover

    reached: Counter[str] = Counter()
    decided: Counter[str] = Counter()
    still_open = 0
    try:
        with session_scope(url) as session:
            rows = (
                session.query(Handover.decision_point, Handover.status, Handover.decided_by)
                .join(Conversation, Conversation.id == Handover.conversation_id)
                .filter(Conversation.practice == false())
                .all()
            )
    except Exception:  # no database yet: the documents say so
        return Audit(available=False)
    for point, status, decided_by in rows:
        reached[point] += 1
        if status == "afgerond" and decided_by:
            decided[point] += 1
        elif status != "afgerond":
            still_open += 1
    return Audit(reached, decided, still_open)


def gather(
    url: str | None = None, *, today: dt.date | None = None, with_audit: bool = True
) -> Facts:
    """The facts of this installation now (``with_audit=False``: no database query)."""
    policy = RetentionPolicy.from_environment()
    pipeline, policies = _pipeline(ROOT / "config.yml")
    return Facts(
        generated=(today or dt.date.today()).isoformat(),
        closed_days=policy.closed_days,
        abandoned_days=policy.abandoned_days,
        practice_hours=retention_hours(),
        roles={role: ROLE_TEXTS.get(role, "") for role in PROFESSIONAL_ROLES},
        knowledge=load_knowledge(),
        pipeline=pipeline,
        policies=policies,
        nlu_examples=_nlu_examples(ROOT / "data" / "nlu"),
        security=_security(),
        audit=read_audit(url) if with_audit else Audit(available=False),
    )
