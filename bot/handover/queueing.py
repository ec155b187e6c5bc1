"""Queueing what a team must hear, in the caller's transaction; nothing is sent here.

The action (a new hand-over), casework (a reassigned one) and the reminders all queue
through these two functions, so a team is told on every channel it has, the same way;
:mod:`bot.handover.notify` sends the rows later.
"""

from __future__ import annotations

from bot.knowledge.teams import Team, Teams, load_teams
from bot.store.models import Handover
from bot.store.repository import Repository


def queue_for_team(
    repository: Repository,
    handover_id: int,
    team: Team,
    kind: str,
    recipient: str | None = None,
) -> None:
    """One row per channel the team has; nothing is sent here."""
    outbox = repository.outbox
    if team.email:
        outbox.queue(handover_id, team.key, "email", kind, recipient=recipient)
    if team.webhook:
        outbox.queue(handover_id, team.key, "webhook", kind, recipient=recipient)


def announce(repository: Repository, handover: Handover, teams: Teams | None = None) -> None:
    """Queue "a new hand-over waits" for the hand-over's team, once per hand-over."""
    teams = teams or load_teams()
    if handover.team not in teams.teams or repository.outbox.has(handover.id, "nieuw"):
        return
    queue_for_team(repository, handover.id, teams.teams[handover.team], "nieuw")
