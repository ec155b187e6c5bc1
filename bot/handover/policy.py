"""Who may do what with a hand-over: one table of role × relation to the case's team × action.

Before this table each surface decided for itself, and the three drifted apart: a
colleague of another team could open the intake team's case and read the applicant's
phone number, a beheerder could too, and a case could be handed to an account that
cannot open the inbox. Every surface (the inbox pages, the JSON API, the partner pages)
now asks :func:`allowed` and nothing else.

- ``role``: the account's role (``bot.store.models.PROFESSIONAL_ROLES``), or
  ``koppeling`` for a service account of the JSON API (a school's own system).
- ``relation``: how the account stands to the team the hand-over belongs to (``teams.yml``
  ``members``): ``lid`` (a member), ``ander_team`` (not a member), ``geen_team`` (the
  hand-over has no team, e.g. opened before teams were configured).
- ``action``: ``bekijken`` (open the case), ``behandelen`` (take, reply, decide, give back,
  hand on, invite a partner), ``ontvangen`` (be the colleague a case is handed to),
  ``contact_lezen`` (read a contact answer: the pre-intake's, which the chat promises only
  the intake team reads, or how a young person alone may be reached, which only the team
  of the hand-over reads).

Partners never see a hand-over through this table; they see a case only through an
invitation the young person said yes to (:mod:`bot.partners.service`), and never the
contact answer (:func:`without_contact`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.knowledge.teams import load_teams
from bot.store.refusals import Refusal
from bot.store.sealed import SEALED_QUESTIONS, is_private

SERVICE_ROLE = "koppeling"
CONTACT_QUESTION = "contact"
VIEW, WORK, RECEIVE, READ_CONTACT = "bekijken", "behandelen", "ontvangen", "contact_lezen"
MEMBER, OTHER_TEAM, NO_TEAM = "lid", "ander_team", "geen_team"

_ALL = frozenset({VIEW, WORK, RECEIVE, READ_CONTACT})
_NOTHING: frozenset[str] = frozenset()

# role -> relation -> actions. Anything not listed is refused.
TABLE: Mapping[str, Mapping[str, frozenset[str]]] = {
    "medewerker": {
        MEMBER: _ALL,
        OTHER_TEAM: frozenset({VIEW}),
        NO_TEAM: frozenset({VIEW, WORK, RECEIVE}),
    },
    # A beheerder can always act, so no case gets stuck; the contact answer only as a member.
    "beheerder": {
        MEMBER: _ALL,
        OTHER_TEAM: frozenset({VIEW, WORK, RECEIVE}),
        NO_TEAM: frozenset({VIEW, WORK, RECEIVE}),
    },
    # A school's own system acts for the school; it reads the contact only when teams.yml
    # names its account as a member of the team.
    SERVICE_ROLE: {
        MEMBER: frozenset({VIEW, WORK, READ_CONTACT}),
        OTHER_TEAM: frozenset({VIEW, WORK}),
        NO_TEAM: frozenset({VIEW, WORK}),
    },
    "kwaliteit": {MEMBER: _NOTHING, OTHER_TEAM: _NOTHING, NO_TEAM: _NOTHING},
    "partner": {MEMBER: _NOTHING, OTHER_TEAM: _NOTHING, NO_TEAM: _NOTHING},
}


@dataclass(frozen=True)
class Actor:
    """Who asks: the account name, its role, and whether it may log in at all now."""

    username: str
    role: str
    active: bool = True


class NotAllowed(Refusal, PermissionError):
    """This account may not do this with this case; ``action`` says what was refused."""

    status = 403
    code = "not_your_team"
    text_key = "ander_team"

    def __init__(self, actor: str, action: str, team: str | None) -> None:
        super().__init__(f"{actor} mag niet {action} bij team {team or '-'}")
        self.actor = actor
        self.action = action
        self.team = team


def relation(username: str, team: str | None) -> str:
    """``lid``, ``ander_team`` or ``geen_team`` for this account and the case's team."""
    if not team:
        return NO_TEAM
    found = load_teams().teams.get(team)
    if found is None:
        return NO_TEAM
    return MEMBER if username in found.members else OTHER_TEAM


def allowed(actor: Actor, action: str, team: str | None) -> bool:
    """The one answer to "may this account do this with a case of this team?"."""
    if not actor.active:
        return False
    return action in TABLE.get(actor.role, {}).get(relation(actor.username, team), _NOTHING)


def require(actor: Actor, action: str, team: str | None) -> None:
    """:class:`NotAllowed` unless :func:`allowed`."""
    if not allowed(actor, action, team):
        raise NotAllowed(actor.username, action, team)


def may_release_for_others(actor: Actor) -> bool:
    """A beheerder gives back a case taken by someone who cannot act on it any more."""
    return actor.active and actor.role == "beheerder"


def _field(handover: Any, name: str) -> Any:
    value = getattr(handover, name, None)
    if value is None and isinstance(handover, Mapping):
        value = handover.get(name)
    return value


def contact_team(handovers: Iterable[Any]) -> str | None:
    """The team that reads the contact answers: the team of the pre-intake hand-over, else
    (a young person or parent alone in the advice route) the team of the first hand-over."""
    listed = list(handovers)
    for handover in listed:
        team = _field(handover, "team")
        if _field(handover, "decision_point") == "pre_intake" and team:
            return str(team)
    dated = [h for h in listed if _field(h, "team")]
    if not dated:
        return None
    first = min(dated, key=lambda h: int(_field(h, "id") or 0))  # ids grow with time
    return str(_field(first, "team"))


def may_read_contact(actor: Actor | None, handovers: Iterable[Any]) -> bool:
    """Only members of the team of that hand-over; without one, nobody."""
    team = contact_team(handovers)
    return actor is not None and team is not None and allowed(actor, READ_CONTACT, team)


HIDDEN_CONTACT = "opgegeven (alleen het intaketeam kan dit lezen)"
HIDDEN = {CONTACT_QUESTION: HIDDEN_CONTACT}
HIDDEN_OTHER = "opgegeven (alleen het team van de overdracht kan dit lezen)"


def without_contact(answers: list[dict[str, Any]], keep: bool) -> list[dict[str, Any]]:
    """The answers with the contact answers' details hidden unless ``keep``."""
    if keep:
        return answers
    shown = []
    for answer in answers:
        question = str(answer.get("question"))
        if question in SEALED_QUESTIONS and is_private(question, answer.get("value")):
            answer = {**answer, "value": HIDDEN.get(question, HIDDEN_OTHER)}
            if "own_words" in answer:
                answer["own_words"] = None
        shown.append(answer)
    return shown
