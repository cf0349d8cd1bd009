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
