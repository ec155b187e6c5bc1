"""Practice mode: fictional cases, feedback on which partners to involve, and cleanup.

Practice conversations are stored with ``practice = true``, never open a hand-over and
are deleted after ``PRACTICE_RETENTION_HOURS`` (default 24) by ``python -m bot.practice.cleanup``.
"""

from bot.practice.cases import Case, find_case, load_cases
from bot.practice.trainee_feedback import Feedback, compare_partners, feedback_text

__all__ = ["Case", "Feedback", "compare_partners", "feedback_text", "find_case", "load_cases"]
