"""Personal data never reaches the logs."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from bot.core.logs import ScrubbingFormatter, masked, scrub
from bot.core.settings import Settings
from tests.utils.twilio import inbound_form, post_signed


def test_masked_text_keeps_only_length() -> None:
    assert masked("my secret order", kind="text") == "<text 15 chars>"


def test_scrub_masks_numbers_inside_free_text() -> None:
    line = scrub("failed to send to whatsapp:+972502345678 and 0502345678")
    assert "2345678" not in line and "+972******78" in line


def test_formatter_scrubs_json_lines() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "from %s", ("+972502345678",), None)
    assert "2345678" not in ScrubbingFormatter(as_json=True).format(record)


def test_a_turn_logs_no_phone_and_no_text(client: TestClient, settings: Settings,
                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    post_signed(client, settings, "/webhooks/twilio/messages", inbound_form("my card is 4580 1234"))
    joined = "\n".join(r.getMessage() for r in caplog.records)
    assert "turn workspace=msg-software" in joined
    assert "502345678" not in joined and "4580 1234" not in joined


def test_logging_follows_stderr_after_the_stream_it_was_configured_with_is_closed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A command configured under a test runner's stderr (closed afterwards) must not turn the next
    command's records into 'Logging error' tracebacks: they go to the stderr of the moment."""
    import io
    import sys

    from bot.core.logs import configure_logging

    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        first = io.StringIO()
        monkeypatch.setattr(sys, "stderr", first)
        configure_logging("INFO")
        first.close()
        second = io.StringIO()
        monkeypatch.setattr(sys, "stderr", second)
        logging.getLogger("bot.test").warning("turn for %s", "+972502345678")
        assert "turn for +972******78" in second.getvalue()
        assert "Logging error" not in second.getvalue()
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
