"""``make bench-dialogue``: does the record hold only what people meant?

A benchmark, not a test. Each item of ``bench/dialogue/{dev,heldout,heldout2,heldout3}.yml`` is
one user turn at an open question: the form, the open question (``requested``), the earlier answers
(``slots``), the typed text and what must be recorded (``expect``: ``{}`` for nothing,
``weet_niet`` for not known). The turn goes through the same parts as in the chat:

1. the trained model in ``models/``, loaded in this process, parses the text;
2. a rasa_sdk ``Tracker`` is built from the item (the slots, ``requested_slot``, the form as
   active loop, the parse as latest message);
3. the real validator ``validate_<form>`` runs, as the action server registers it, on a
   fresh migrated SQLite store.

"Recorded" are the question slots the validator sets to a value; "confirmation" means it set
``te_bevestigen`` instead. Free-text questions match when the recorded text contains the
expected piece (``"*"``: any text); a multi-choice answer counts each value as one pair.

Figures per set and kind: precision of recorded (question, value) pairs (a wrong fact is
worse than a missing one), recall of expected pairs (also counting a confirmation of the
right value), the share of clear answers that ask a confirmation, and the values recorded
that nobody gave. Misses are printed for the dev set only: the held-out sets must stay out
of any tuning loop, so only their figures are shown. ``heldout2`` was written later than
``heldout``, before the tuning round that followed it; ``heldout3`` was written on 2026-12-07
by a helper who did not tune (roles as in issue 26 included); each set is reported on its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SET_DIR = ROOT / "bench" / "dialogue"
SETS = ("dev", "heldout", "heldout2", "heldout3")
KINDS = (
    "answer",
    "question_back",
    "doubt",
    "chat_remark",
    "correction",
    "negation",
    "list",
    "long",
    "chat_language",
    "request",
    "off_topic",
)
# Kinds whose turns must never leave a value the user did not give (the issue's "0").
NO_VALUE_KINDS = ("question_back", "doubt", "chat_remark")
CONFIRM_SLOT = "te_bevestigen"
ANY_TEXT = "*"
NOT_TEXT = frozenset({"weet_niet", "overgeslagen", "geen"})
# Earlier answers every item may assume unless it says otherwise: consent is given, the
# young person is 16 or older (and, when a parent or professional types, knows and agrees),
# a professional types. Keys from the open question on in the form's own order are left out,
# so an item at "rol" still has rol open.
BASE_SLOTS: dict[str, Any] = {"toestemming": "ja", "jonger_dan_16": "nee", "jongere_akkoord": "ja"}
OUT_JSON = ROOT / "docs" / "bench" / "dialogue.json"
OUT_MD = ROOT / "docs" / "bench" / "dialogue.md"

Parse = Callable[[str], Awaitable[dict[str, Any]]]
Pair = tuple[str, str]


@dataclass(frozen=True)
class Item:
    """One labelled turn."""

    id: str
    kind: str
    form: str
    requested: str
    slots: Mapping[str, Any]
    text: str
    expect: Mapping[str, Any]


@dataclass
class Outcome:
    """What the validator did with one item."""

    item: Item
    recorded: dict[str, Any]
    confirmation: dict[str, Any] | None
    said: list[str]
    stored: dict[str, Any]
    intent: str | None
    interrupted: bool


@dataclass
class Figures:
    """Counts for one group of items; the rates are computed from them."""

    items: int = 0
    recorded: int = 0
    correct: int = 0
    expected: int = 0
    found: int = 0
    found_or_confirmed: int = 0
    confirmations: int = 0
    exact_items: int = 0
    false_values: int = 0

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def rates(self) -> dict[str, float | None]:
        def share(part: int, whole: int) -> float | None:
            return round(part / whole, 3) if whole else None

        return {
            "precision": share(self.correct, self.recorded),
            "recall": share(self.found, self.expected),
            "recall_with_confirmations": share(self.found_or_confirmed, self.expected),
            "confirmation_rate": share(self.confirmations, self.items),
            "exact_items": share(self.exact_items, self.items),
        }


@dataclass
class Report:
    """Figures per set and kind, and the dev misses (never the held-out ones)."""

    figures: dict[str, dict[str, Figures]] = field(default_factory=dict)
    dev_misses: list[dict[str, Any]] = field(default_factory=list)


def load_items(path: Path) -> list[Item]:
    """The items of one set file, checked against the kinds this benchmark knows."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    items = [
        Item(
            id=str(entry["id"]),
            kind=str(entry["kind"]),
            form=str(entry["form"]),
            requested=str(entry["requested"]),
            slots=dict(entry.get("slots") or {}),
            text=str(entry["text"]),
            expect=dict(entry.get("expect") or {}),
        )
        for entry in raw
    ]
    unknown = sorted({item.kind for item in items} - set(KINDS))
    if unknown:
        raise ValueError(f"{path.name}: unknown kinds {unknown}")
    ids = [item.id for item in items]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path.name}: duplicate ids")
    return items


# --- scoring -----------------------------------------------------------------------------


def _text_questions() -> frozenset[str]:
    from bot.knowledge import load_knowledge

    return frozenset(q for q, spec in load_knowledge().questions.items() if spec.kind == "text")


def pairs(values: Mapping[str, Any]) -> list[Pair]:
    """(question, value) pairs; a list answer gives one pair per value."""
    found: list[Pair] = []
    for question, value in values.items():
        if isinstance(value, (list, tuple)):
            found += [(question, str(v)) for v in value]
        else:
            found.append((question, str(value)))
    return found


def matches(expected: Pair, recorded: Pair, text_questions: Iterable[str]) -> bool:
    """Whether a recorded pair is the expected one (free text: contains the expected piece)."""
    if expected[0] != recorded[0]:
        return False
    want, got = expected[1].casefold(), recorded[1].casefold()
    if expected[0] in text_questions and want not in NOT_TEXT:
        if want == ANY_TEXT:
            return got not in NOT_TEXT and bool(got.strip())
        return want in got
    return want == got


def _match_count(expected: Sequence[Pair], recorded: Sequence[Pair], text: frozenset[str]) -> int:
    """How many expected pairs are met, each by a distinct recorded pair."""
    left = list(recorded)
    count = 0
    for pair in expected:
        for i, candidate in enumerate(left):
            if matches(pair, candidate, text):
                del left[i]
                count += 1
                break
    return count


def score(outcome: Outcome, text_questions: frozenset[str]) -> Figures:
    """The counts of one item: a one-to-one match of expected and recorded pairs."""
    expected = pairs(outcome.item.expect)
    recorded = pairs(outcome.recorded)
    confirmed = list(recorded)
    if outcome.confirmation:
        confirmed += pairs(
            {str(outcome.confirmation.get("vraag")): outcome.confirmation.get("waarde")}
        )
    matched = _match_count(expected, recorded, text_questions)
    return Figures(
        items=1,
        recorded=len(recorded),
        correct=matched,
        expected=len(expected),
        found=matched,
        found_or_confirmed=_match_count(expected, confirmed, text_questions),
        confirmations=1 if outcome.confirmation else 0,
        exact_items=int(matched == len(recorded) == len(expected)),
        false_values=len(recorded) - matched,
    )


def summarise(set_name: str, outcomes: Sequence[Outcome], report: Report) -> None:
    """Add one set's figures per kind (and ``all``) to ``report``; dev misses too."""
    text = _text_questions()
    per_kind: dict[str, Figures] = {}
    total = Figures()
    for outcome in outcomes:
        figures = score(outcome, text)
        per_kind.setdefault(outcome.item.kind, Figures()).add(figures)
        total.add(figures)
        if set_name == "dev" and not figures.exact_items:
            report.dev_misses.append(miss(outcome))
    ordered = {kind: per_kind[kind] for kind in KINDS if kind in per_kind}
    ordered["all"] = total
    report.figures[set_name] = ordered


def miss(outcome: Outcome) -> dict[str, Any]:
    """A dev item the validator got wrong, as tuners need to see it."""
    item = outcome.item
    return {
        "id": item.id,
        "kind": item.kind,
        "requested": item.requested,
        "text": item.text,
        "intent": outcome.intent,
        "expect": dict(item.expect),
        "recorded": outcome.recorded,
        "confirmation": outcome.confirmation,
        "interrupted": outcome.interrupted,
        "said": outcome.said,
    }


def headline(report: Report) -> dict[str, dict[str, Any]]:
    """The figures the issue names, per set: precision, recall, confirmations, false values."""
    lines: dict[str, dict[str, Any]] = {}
    for set_name, kinds in report.figures.items():
        total = kinds["all"].rates()
        answers = kinds.get("answer", Figures())
        lines[set_name] = {
            "items": kinds["all"].items,
            "precision": total["precision"],
            "recall": total["recall"],
            "recall_with_confirmations": total["recall_with_confirmations"],
            "confirmation_rate_clear_answers": answers.rates()["confirmation_rate"],
            "values_recorded_for_question_back_doubt_chat_remark": sum(
                kinds[k].false_values for k in NO_VALUE_KINDS if k in kinds
            ),
        }
    return lines


# --- running the real parts ----------------------------------------------------------------


def _form_order(domain: Mapping[str, Any], form: str) -> list[str]:
    return list(domain["forms"][form]["required_slots"])


def tracker_slots(item: Item, domain: Mapping[str, Any]) -> dict[str, Any]:
    """The item's slots over the base answers, with the open question and the form's state."""
    order = _form_order(domain, item.form)
    later = set(order[order.index(item.requested) :]) if item.requested in order else set()
    slots = {k: v for k, v in BASE_SLOTS.items() if k not in later}
    slots.update(item.slots)
    slots["requested_slot"] = item.requested
    if item.form == "pre_intake_form":
        slots.setdefault("modus", "pre_intake")
    return slots


def build_tracker(item: Item, parse: Mapping[str, Any], domain: Mapping[str, Any]) -> Any:
    """A rasa_sdk Tracker as Rasa sends it when the form validates a new user message."""
    from rasa_sdk import Tracker

    message = {
        "intent": parse.get("intent") or {},
        "entities": list(parse.get("entities") or []),
        "text": item.text,
        "intent_ranking": parse.get("intent_ranking") or [],
    }
    user = {"event": "user", "timestamp": 1.0, "text": item.text, "parse_data": message}
    return Tracker(
        sender_id=f"bench-{item.id}",
        slots=tracker_slots(item, domain),
        latest_message=message,
        events=[user],
        paused=False,
        followup_action=None,
        active_loop={"name": item.form},
        latest_action_name="action_listen",
    )


def _question_slots() -> frozenset[str]:
    from bot.knowledge import load_knowledge

    return frozenset(load_knowledge().questions)


async def run_item(
    item: Item, parse: Parse, domain: Mapping[str, Any], actions: Mapping[str, Any]
) -> Outcome:
    """Parse the text and run the form's validator on it."""
    from rasa_sdk.executor import CollectingDispatcher

    from bot.store.repository import repository_scope

    parsed = await parse(item.text)
    tracker = build_tracker(item, parsed, domain)
    dispatcher = CollectingDispatcher()
    run = actions[f"validate_{item.form}"]
    events = await run(dispatcher, tracker, dict(domain)) or []
    questions = _question_slots()
    slots = [e for e in events if e.get("event") == "slot"]
    recorded = {
        e["name"]: e["value"] for e in slots if e["name"] in questions and e["value"] is not None
    }
    confirmation = next(
        (e["value"] for e in slots if e["name"] == CONFIRM_SLOT and e["value"]), None
    )
    with repository_scope() as repository:
        stored = repository.answers(tracker.sender_id)
    said = [str(m.get("text") or m.get("response") or "") for m in dispatcher.messages]
    return Outcome(
        item=item,
        recorded=recorded,
        confirmation=dict(confirmation) if isinstance(confirmation, Mapping) else None,
        said=said,
        stored=stored,
        intent=(parsed.get("intent") or {}).get("name"),
        interrupted=not events,
    )


def registered_actions() -> dict[str, Any]:
    """The custom actions exactly as the action server registers them."""
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    return dict(executor.actions)


def temporary_store(directory: Path) -> str:
    """A migrated SQLite store of the project's own, used by the validators' ``store``."""
    from bot.store import db
    from bot.store.migrate import upgrade

    url = f"sqlite:///{directory / 'bench.db'}"
    os.environ["DATABASE_URL"] = url
    os.environ["TRACKER_STORE_URL"] = f"sqlite:///{directory / 'tracker.db'}"
    db.reset_engines()
    upgrade(url)
    return url


def model_parser(model: Path) -> Parse:
    """The whole NLU pipeline of the trained model, loaded once in this process."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    # Rasa's structured debug log prints every parsed text: never the held-out ones.
    configure_structlog(logging.ERROR)
    agent = Agent.load(str(model))
    configure_structlog(logging.ERROR)

    async def parse(text: str) -> dict[str, Any]:
        result: dict[str, Any] = await agent.parse_message(text)
        return result

    return parse


def latest_model() -> Path:
    from bot.runtime.training import MODEL_PATH

    if MODEL_PATH.exists():
        return MODEL_PATH
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        sys.exit("no trained model in models/: run 'make train'")
    return models[-1]


async def run_sets(
    sets: Mapping[str, Sequence[Item]], parse: Parse, domain: Mapping[str, Any]
) -> Report:
    actions = registered_actions()
    report = Report()
    for set_name, items in sets.items():
        outcomes = [await run_item(item, parse, domain, actions) for item in items]
        summarise(set_name, outcomes, report)
    return report


# --- output -------------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def markdown(report: Report, model: str) -> str:
    """A short table per set: the figures per kind."""
    lines = [
        "# Faithfulness benchmark (`make bench-dialogue`)",
        "",
        f"Measured {date.today().isoformat()}, model `{model}`. "
        "Precision: recorded (question, value) pairs that are right. "
        "Recall: expected pairs recorded (with confirmations: also asked to confirm). "
        "Confirm: share of turns that asked a confirmation. False: values recorded that "
        "nobody gave. The held-out sets are never used for tuning; only their figures are shown.",
        "",
        "| set | items | precision | recall | recall incl. confirm | confirm on clear answers "
        "| values recorded for question back, doubt, chat remark |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for set_name, line in headline(report).items():
        lines.append(
            f"| {set_name} | {line['items']} | {_fmt(line['precision'])} | {_fmt(line['recall'])} "
            f"| {_fmt(line['recall_with_confirmations'])} "
            f"| {_fmt(line['confirmation_rate_clear_answers'])} "
            f"| {line['values_recorded_for_question_back_doubt_chat_remark']} |"
        )
    lines.append("")
    for set_name, kinds in report.figures.items():
        lines += [
            f"## {set_name}",
            "",
            "| kind | items | precision | recall | recall incl. confirm | confirm | false |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for kind, figures in kinds.items():
            r = figures.rates()
            lines.append(
                f"| {kind} | {figures.items} | {_fmt(r['precision'])} | {_fmt(r['recall'])} "
                f"| {_fmt(r['recall_with_confirmations'])} | {_fmt(r['confirmation_rate'])} "
                f"| {figures.false_values} |"
            )
        lines.append("")
    return "\n".join(lines)


def as_json(report: Report, model: str) -> dict[str, Any]:
    return {
        "model": model,
        "headline": headline(report),
        "sets": {
            set_name: {kind: {**asdict(f), **f.rates()} for kind, f in kinds.items()}
            for set_name, kinds in report.figures.items()
        },
        "dev_misses": report.dev_misses,
    }


def print_report(report: Report) -> None:
    for miss_ in report.dev_misses:
        print(
            f"dev miss {miss_['id']} [{miss_['kind']}] at {miss_['requested']}: "
            f"{miss_['text']!r} (intent {miss_['intent']})\n"
            f"    expect {miss_['expect']}  recorded {miss_['recorded']}"
            + (f"  confirm {miss_['confirmation']}" if miss_["confirmation"] else "")
        )
    print()
    for set_name, kinds in report.figures.items():
        print(f"{set_name}:")
        print(
            f"  {'kind':<14}{'items':>6}{'prec':>8}{'recall':>8}{'+conf':>8}{'conf':>7}{'false':>7}"
        )
        for kind, figures in kinds.items():
            r = figures.rates()
            print(
                f"  {kind:<14}{figures.items:>6}{_fmt(r['precision']):>8}{_fmt(r['recall']):>8}"
                f"{_fmt(r['recall_with_confirmations']):>8}{_fmt(r['confirmation_rate']):>7}"
                f"{figures.false_values:>7}"
            )
    print(json.dumps(headline(report), indent=2))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="model archive (default: the one in models/)")
    parser.add_argument(
        "--set",
        action="append",
        dest="sets",
        help="set file(s); default dev and the three held-out sets",
    )
    parser.add_argument("--out-json", type=Path, default=OUT_JSON)
    parser.add_argument("--out-md", type=Path, default=OUT_MD)
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING)
    for noisy in ("rasa", "rasa_sdk", "tensorflow", "absl", "alembic"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

    paths = [Path(p) for p in args.sets] if args.sets else [SET_DIR / f"{s}.yml" for s in SETS]
    paths = [p for p in paths if p.exists() or args.sets]
    sets = {path.stem: load_items(path) for path in paths}
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    model = args.model or latest_model()
    with tempfile.TemporaryDirectory(prefix="bench-dialogue-") as tmp:
        temporary_store(Path(tmp))
        report = asyncio.run(run_sets(sets, model_parser(model), domain))
    print_report(report)
    args.out_json.parent.mkdir(parents=True, exist_ok=True)
    args.out_json.write_text(
        json.dumps(as_json(report, model.name), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    args.out_md.write_text(markdown(report, model.name), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
