"""Item 6 of issue 11: no user text in any log, tokens never on the command line."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import structlog

from bot.rasa.launcher import rasa_arguments, rasa_token
from bot.runtime.logs import REDACTED, NoQueryString, install_rasa_redaction, redact_event
from bot.runtime.processes import child_environment, process_specs
from bot.settings import get_settings
from tests.conftest import RunningServers
from tests.runtime.test_runtime_processes import _children

SECRET_WORDS = "Ik ben Sanne de Vries, bel me op 0612345678"


def test_no_token_is_on_any_command_line(monkeypatch) -> None:
    monkeypatch.setenv("RASA_TOKEN", "rasa-geheim-1234567890")
    monkeypatch.setenv("BOT_API_TOKEN", "api-geheim-1234567890")
    settings = get_settings()
    for spec in process_specs(settings):
        line = " ".join(spec.command)
        assert "geheim" not in line and "--auth-token" not in line, spec.name
    assert child_environment(settings)["RASA_TOKEN"] == "rasa-geheim-1234567890"
    rasa = next(spec for spec in process_specs(settings) if spec.name == "rasa")
    assert rasa.command[1:3] == ["-m", "bot.rasa.launcher"]


def test_rasa_gets_its_token_inside_the_process(tmp_path) -> None:
    assert rasa_arguments(["run", "--enable-api"], "t0k3n") == [
        "rasa",
        "run",
        "--enable-api",
        "--auth-token",
        "t0k3n",
    ]
    with pytest.raises(SystemExit):
        rasa_arguments(["run", "--auth-token", "zichtbaar"], "t0k3n")
    token_file = tmp_path / "rasa-token"
    token_file.write_text("uit-een-bestand\n")
    assert rasa_token({"RASA_TOKEN_FILE": str(token_file), "RASA_TOKEN": "x"}) == "uit-een-bestand"


def test_rasa_s_timeout_line_keeps_no_user_text(caplog, monkeypatch) -> None:
    from rasa.utils import log_utils

    monkeypatch.setattr(log_utils, "_anonymizer", log_utils._anonymizer)  # restored after
    install_rasa_redaction()
    try:
        log_utils.configure_structlog(logging.DEBUG)
        with caplog.at_level(logging.DEBUG):
            logger = structlog.get_logger()
            logger.error("rest.message.received.timeout", text=SECRET_WORDS)
            logger.debug("processor.message.parse", parse_data_text=SECRET_WORDS, intent="x")
    finally:
        structlog.reset_defaults()
    logged = caplog.text
    assert "rest.message.received.timeout" in logged and "processor.message.parse" in logged
    assert "Sanne" not in logged and "0612345678" not in logged
    assert REDACTED in logged


def test_redaction_keeps_the_event_and_harmless_fields() -> None:
    event = redact_event(None, "error", {"event": "x", "text": SECRET_WORDS, "sender_id": "web-1"})
    assert event == {"event": "x", "text": REDACTED, "sender_id": "web-1"}


def test_the_access_log_drops_the_query_string() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:1", "GET", "/chat/api/stream?conversation_id=web-x&token=geheim", "1.1", 200),
        None,
    )
    assert NoQueryString().filter(record)
    assert "geheim" not in record.getMessage() and "/chat/api/stream" in record.getMessage()


@pytest.mark.servers
def test_no_token_is_visible_in_ps_of_the_running_processes(servers: RunningServers) -> None:
    """What ``ps`` shows of every process ``make run``'s code started: no token anywhere."""
    pending, lines = [servers.process.pid], []
    while pending:
        pid = pending.pop()
        pending.extend(_children(pid))
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        lines.append(" ".join(word.decode(errors="replace") for word in argv))
    assert any("bot.rasa.launcher" in line for line in lines), lines
    assert any("bot.runtime.web_server" in line for line in lines)  # uvicorn
    assert any("bot.runtime.action_server" in line for line in lines)  # rasa_sdk
    for line in lines:
        assert servers.rasa_token not in line and servers.bot_api_token not in line, line
    print(f"\nps: {len(lines)} running processes, no token on any command line")
