"""Hand-over to a human: opened by the actions, worked on by professionals through casework.

The assistant never decides. At a decision point it writes a hand-over with a summary and
the partner suggestions, tells the user what happens next and pauses (:mod:`.opening`); a
professional takes it, replies and records the decision (:mod:`.casework`, used by the
inbox and the API), which resumes the conversation.
"""

from bot.handover.start import (
    HandoverOutcome,
    decision_message,
    hand_over,
)

__all__ = [
    "HandoverOutcome",
    "decision_message",
    "hand_over",
]
