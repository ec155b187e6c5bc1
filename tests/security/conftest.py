"""The security tests reuse the web tests' app with a fake Rasa (no servers started)."""

from __future__ import annotations

from tests.web.conftest import FakeRasa, web

__all__ = ["FakeRasa", "web"]
