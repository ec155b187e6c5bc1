"""The inclusief-advies assistant: everything that is not Rasa training data.

Sub-packages: ``knowledge`` (routes, partners, terms and suggestion rules as data),
``store`` (SQLAlchemy models, repository, migrations), ``privacy`` (masking personal
data), ``handover`` (shared by the actions and the web service) and ``web`` (the
project's own web service: chat page, inbox and JSON API).
"""
