"""Thin rasa_sdk custom actions; the logic they call lives in the ``bot`` package."""
