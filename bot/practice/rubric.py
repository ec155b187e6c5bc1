"""The feedback on a rehearsal, point by point, decided from the conversation's readings.

The rubric follows the praatplaat and the domain notes: consent of the right person first,
the three questions, the hidden facts, partners with consent and a fitting reason, no
decision taken for the young person, open questions, B1 language, and the case's pitfalls.
Each point names the trainee's messages it comes from; a point is praise only when those
messages show it, never because words in a later message claim it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge.readability import measure
from bot.knowledge.responses import text as response_text
from bot.practice.cases import Case
from bot.practice.role import PARTS
from bot.practice.roleplay import CaseTurn
from bot.practice.trainee_reading import Reading, reason_fits

PRAISE = frozenset({"goed", "gevonden"})
OPEN_SHARE = 0.5  # at least half the questions open
MIN_QUESTIONS_FOR_STYLE = 3
# A question is above B1 when Flesch-Douma is below this with enough words, or a sentence
# is very long (see bot.knowledge.readability on why these two measures).
B1_FLESCH_FLOOR = 40.0
B1_MIN_WORDS = 8
B1_LONGEST_SENTENCE = 20


@dataclass(frozen=True)
class Point:
    """One rubric point: ``key`` (e.g. ``feit:schulden``), its verdict and the turns."""

    key: str
    verdict: str
    turns: tuple[int, ...]
    text: str

    @property
    def praise(self) -> bool:
        return self.verdict in PRAISE


def at(turns: Sequence[int]) -> str:
    """'bij je 5e bericht', 'bij je 2e en 5e bericht'."""
    numbers = [f"{n}e" for n in sorted(set(turns))]
    if not numbers:
        return ""
    joined = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} en {numbers[-1]}"
    return f"bij je {joined} bericht"


def _point(
    key: str, verdict: str, turns: Sequence[int], response: str | None = None, **values: object
) -> Point:
    name = response or f"utter_oefenpunt_{key.split(':')[0]}_{verdict}"
    if key.startswith("valkuil:") and response is None:
        name = f"utter_oefenpunt_{key.split(':')[1]}_{verdict}"
    words = response_text(name, bij=at(turns), **values)
    return Point(key, verdict, tuple(sorted(set(turns))), words[0].upper() + words[1:])


def score(case: Case, played: Sequence[CaseTurn]) -> list[Point]:
    """All rubric points for a rehearsal of ``case``."""
    role = case.role
    if role is None:
        raise ValueError(f"casus {case.key} heeft geen rol")
    readings = [turn.reading for turn in played]
    naam = case.naam
    points = [_consent(case, readings)]
    for part, topics in PARTS.items():
        turns = [r.number for r in readings if r.question and r.asked_topic in topics]
        points.append(_point(part, "goed" if turns else "gemist", turns[:3]))
    found = {turn.fact: turn.reading.number for turn in played if turn.fact}
    for fact, what in role.facts.items():
        if fact in found:
            points.append(_point(f"feit:{fact}", "gevonden", [found[fact]], feit=what))
        else:
            # Asked about, but closed: point to those turns, so the trainee sees where it hid.
            hiding = {t for t, a in role.answers.items() if a.fact == fact}
            near = [r.number for r in readings if r.asked_topic in hiding]
            response = "utter_oefenpunt_feit_gemist_gesloten" if near else None
            points.append(_point(f"feit:{fact}", "gemist", near, response, feit=what))
    points.append(_partners(case, readings))
    decisions = [r.number for r in readings if r.decision]
    if decisions:
        points.append(_point("besluit", "fout", decisions, naam=naam))
    # Asking consent is closed by nature; the style point looks at the questions about the case.
    questions = [r for r in readings if r.question and r.content and not r.consent]
    if len(questions) >= MIN_QUESTIONS_FOR_STYLE:
        closed = [r.number for r in questions if not r.open]
        share = 1 - len(closed) / len(questions)
        verdict = "goed" if share >= OPEN_SHARE else "te_gesloten"
        points.append(_point("open", verdict, closed[:4] if closed else [], naam=naam))
    asked = [r for r in readings if r.question and r.topic not in (None, "begroeting")]
    if asked:
        hard = [r.number for r in asked if _above_b1(r.text)]
        points.append(_point("b1", "te_moeilijk" if hard else "goed", hard))
    for pitfall in role.pitfalls:
        point = _pitfall(pitfall, case, played)
        if point is not None:
            points.append(point)
    unclear = [turn.reading.number for turn in played if turn.unclear]
    if unclear:
        points.append(_point("onduidelijk", "let_op", unclear, naam=naam))
    return points


def _above_b1(text: str) -> bool:
    measured = measure(text)
    return measured.longest_sentence > B1_LONGEST_SENTENCE or (
        measured.words >= B1_MIN_WORDS and measured.flesch_douma < B1_FLESCH_FLOOR
    )


def _consent(case: Case, readings: Sequence[Reading]) -> Point:
    role = case.role
    assert role is not None
    asks = [r for r in readings if r.consent]
    content = [r.number for r in readings if r.content or r.decision]
    first_content = min(content) if content else None
    names = case.naam if role.speaker == "jongere" else (role.parent or case.naam)
    if "ouder" in role.consent_from and role.speaker == "jongere":
        names = f"{case.naam} en {role.parent or 'de ouder'}"
    if not asks:
        return _point("toestemming", "gemist", [], naam=names)
    first = asks[0].number
    if first_content is not None and first > first_content:
        return _point("toestemming", "te_laat", [first_content, first], naam=names)
    if "ouder" in role.consent_from and role.speaker == "jongere":
        heard = {r.addressee for r in asks}
        if "beide" not in heard and not {"jongere", "ouder"} <= heard:
            return _point("toestemming", "half", [first], naam=names)
    return _point("toestemming", "goed", [first], naam=names)


def _partners(case: Case, readings: Sequence[Reading]) -> Point:
    naam = case.naam
    proposals = [
        r
        for r in readings
        if r.partners and (r.topic in ("partners", "toestemming") or r.decision or r.consent)
    ]
    if not proposals:
        return _point("partners", "niet_besproken", [], naam=naam)
    turns = [r.number for r in proposals]
    decisions = [r.number for r in proposals if r.decision]
    if decisions:
        return _point("partners", "geen_toestemming", decisions, naam=naam)
    numbers = {r.number: r for r in readings}
    for proposal in proposals:
        near = [numbers.get(proposal.number + d) for d in (-1, 0, 1)]
        if not any(r is not None and r.consent for r in near):
            return _point("partners", "geen_toestemming", [proposal.number], naam=naam)
    fitting = [
        r.number
        for r in readings
        if r.number in {n + d for n in turns for d in (-1, 0, 1)} and reason_fits(r, case)
    ]
    if not fitting:
        return _point("partners", "geen_reden", turns, naam=naam)
    return _point("partners", "goed", sorted(set(turns) | set(fitting)), naam=naam)


def _pitfall(pitfall: str, case: Case, played: Sequence[CaseTurn]) -> Point | None:
    readings = [turn.reading for turn in played]
    naam = case.naam
    key = f"valkuil:{pitfall}"

    def having(claim: str) -> list[int]:
        return [r.number for r in readings if claim in r.claims]

    if pitfall == "vmbo_startkwalificatie":
        if having("vmbo_is_sk"):
            return _point(key, "fout", having("vmbo_is_sk"), naam=naam)
        if having("vmbo_geen_sk"):
            return _point(key, "goed", having("vmbo_geen_sk"), naam=naam)
        asked = [r.number for r in readings if r.asked_topic == "diploma"]
        return _point(key, "gemist", asked, naam=naam)
    if pitfall == "geldzorgen":
        if having("geld_ontkend"):
            return _point(key, "fout", having("geld_ontkend"), naam=naam)
        money_fact = [
            t.reading.number for t in played if t.fact and t.reading.asked_topic == "leefsituatie"
        ]
        if money_fact:
            later = [n for n in having("geld_benoemd") if n > money_fact[0]]
            if later:
                return _point(key, "goed", [money_fact[0], *later], naam=naam)
        return _point(key, "gemist", money_fact, naam=naam)
    if pitfall == "banenafspraak_minimumloon":
        if having("wel_minimumloon") and having("banenafspraak"):
            return _point(key, "fout", having("wel_minimumloon"), naam=naam)
        if having("geen_minimumloon"):
            return _point(key, "goed", having("geen_minimumloon"), naam=naam)
        return _point(key, "gemist", having("banenafspraak"), naam=naam)
    if pitfall == "toestemming_jongere":
        own = [r.number for r in readings if r.about_young_person and r.consent]
        return _point(key, "goed" if own else "gemist", own, naam=naam)
    return None  # beslissen_voor is judged by the point "besluit"


def hints(case: Case, played: Sequence[CaseTurn]) -> list[str]:
    """Short tips on the latest message only, each the first time its reason appears."""
    if not played:
        return []
    readings = [turn.reading for turn in played]
    latest = readings[-1]
    naam = case.naam
    tips: list[str] = []
    if latest.decision:
        tips.append(response_text("utter_oefentip_besluit", naam=naam))
    content = [r for r in readings if r.content]
    if content and content[0] is latest and not any(r.consent for r in readings):
        tips.append(response_text("utter_oefentip_toestemming", naam=naam))
    questions = [r for r in readings if r.question and r.content and not r.consent]
    streak = 0
    for reading in reversed(questions):
        if reading.open:
            break
        streak += 1
    if streak == 3 and questions[-1] is latest:
        tips.append(response_text("utter_oefentip_open", naam=naam))
    if latest.claims & {"vmbo_is_sk", "geld_ontkend"} or (
        "wel_minimumloon" in latest.claims and any("banenafspraak" in r.claims for r in readings)
    ):
        tips.append(response_text("utter_oefentip_klopt", naam=naam))
    return tips


def summary(points: Sequence[Point]) -> tuple[int, int]:
    """(points done well, all points) for the report's score."""
    return sum(1 for p in points if p.praise), len(points)
