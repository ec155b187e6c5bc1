"""Hand-over to a human: shared by the actions (opening it) and the web service (deciding).

The assistant never decides. At a decision point it writes a hand-over with a summary and
the partner suggestions, tells the user what happens next and pauses; a professional
records the decision through the API, which resumes the conversation.
"""

from bot.handover.service import (
    DECISION_POINT_FOR_FORM,
    DECISION_POINTS,
    PART_FOR_DECISION_POINT,
    HandoverOutcome,
    decision_message,
    hand_over,
)

__all__ = [
    "DECISION_POINTS",
    "DECISION_POINT_FOR_FORM",
    "PART_FOR_DECISION_POINT",
    "HandoverOutcome",
    "decision_message",
    "hand_over",
]
