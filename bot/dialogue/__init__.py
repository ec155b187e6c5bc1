"""Dialogue logic shared by the custom actions: reading answers from a user turn, and
deciding what comes next. Pure functions, so they are tested without Rasa."""
