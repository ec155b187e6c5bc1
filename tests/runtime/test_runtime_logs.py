"""Rasa's false alarm about a button payload's JSON is not logged; real template errors are."""

from __future__ import annotations

import logging

import structlog

from bot.runtime.logs import install_rasa_redaction

PAYLOAD = '/informeren{"waarde": "vervolg"}'


def test_payload_json_is_not_logged_and_a_missing_slot_still_is(caplog, monkeypatch) -> None:
    from rasa.core.nlg.interpolator import interpolate_text
    from rasa.utils import log_utils

    monkeypatch.setattr(log_utils, "_anonymizer", log_utils._anonymizer)  # restored after
    install_rasa_redaction()
    slots = {"toestemming": "ja", "naam": "Sanne de Vries"}
    try:
        log_utils.configure_structlog(logging.DEBUG)
        with caplog.at_level(logging.DEBUG):
            kept = interpolate_text(PAYLOAD, slots)
            assert "interpolator" not in caplog.text
            interpolate_text("Hoi {onbekend_slot}", slots)
    finally:
        structlog.reset_defaults()
    assert kept == PAYLOAD  # Rasa sends the payload unchanged, as before
    assert "interpolator.interpolate.text" in caplog.text  # a real mistake is still reported
    assert "Sanne" not in caplog.text


def test_tracebacks_keep_their_frames_but_not_the_variables(caplog, monkeypatch) -> None:
    from rasa.utils import log_utils

    monkeypatch.setattr(log_utils, "_anonymizer", log_utils._anonymizer)
    install_rasa_redaction()
    try:
        log_utils.configure_structlog(logging.DEBUG)
        with caplog.at_level(logging.DEBUG):
            naam = "Sanne de Vries"  # a local variable of the failing frame
            try:
                raise ValueError("kapot")
            except ValueError:
                structlog.get_logger().exception("actie.mislukt", naam_lengte=len(naam))
    finally:
        structlog.reset_defaults()
    assert "actie.mislukt" in caplog.text and "ValueError" in caplog.text
    assert "test_runtime_logs.py" in caplog.text  # where it failed is still there
    assert "Sanne" not in caplog.text
