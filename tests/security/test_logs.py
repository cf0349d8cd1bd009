"""Issue 13, item 10: no numbers, texts, link tokens or secrets in any log line, the access log included."""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.app import create_app
from bot.core.db import make_engine
from bot.core.logs import ScrubbingFormatter, configure_logging, scrub
from bot.services import Services
from tests.browser.conftest import free_port

LINK_TOKEN = "Zm9vYmFyLmJheg.c2lnbmF0dXJlLXRva2Vu"
TELEGRAM_SECRET = "tg-webhook-secret-0123456789abcdef"


@pytest.fixture
def captured_log() -> Iterator[io.StringIO]:
    """The root logger as `bot serve` sets it up, writing into a buffer; restored afterwards."""
    root = logging.getLogger()
    uvicorn_loggers = [logging.getLogger(name) for name in ("uvicorn", "uvicorn.access")]
    saved = (root.handlers[:], root.level, [(x.handlers[:], x.propagate) for x in uvicorn_loggers])
    buffer = io.StringIO()
    configure_logging("INFO")
    root.handlers[0].setStream(buffer)  # type: ignore[attr-defined]
    # as in a fresh `bot serve`: uvicorn's default logging config (other tests start uvicorn with it)
    # gives its loggers handlers of their own and stops them from reaching the root
    for logger in uvicorn_loggers:
        logger.handlers, logger.propagate = [], True
    yield buffer
    root.handlers[:], _ = saved[0], root.setLevel(saved[1])
    for logger, (handlers, propagate) in zip(uvicorn_loggers, saved[2], strict=True):
        logger.handlers, logger.propagate = handlers, propagate


def test_the_access_log_masks_link_tokens_and_webhook_secrets(services: Services, captured_log: io.StringIO) -> None:
    """A real uvicorn with the server's logging: the access line keeps the route, never the secret."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(services=services), host="127.0.0.1", port=port,
                                           log_config=None, access_log=True, lifespan="on", log_level="info"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 90
    while not server.started and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        base = f"http://127.0.0.1:{port}"
        httpx.get(f"{base}/r/{LINK_TOKEN}?lang=he")
        httpx.post(f"{base}/webhooks/telegram/{TELEGRAM_SECRET}", json={})
        httpx.get(f"{base}/api/workspaces/msg-software/customers",
                  headers={"Authorization": "Bearer demo-token-msg-software-0001"})
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    log = captured_log.getvalue()
    assert "GET /r/*** HTTP/1.1" in log or '"GET /r/***?lang=he HTTP/1.1"' in log, log
    assert "/webhooks/telegram/***" in log
    assert LINK_TOKEN not in log and TELEGRAM_SECRET not in log


@pytest.mark.parametrize("line, secret", [
    ("POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage",
     "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"),
    ("auth failed for Bearer bo_Q2hhbmdlTWVQbGVhc2VUaGlzSXNBVG9rZW4", "Q2hhbmdlTWVQbGVhc2VUaGlzSXNBVG9rZW4"),
    ("openai key sk-proj-0123456789abcdefghij rejected", "0123456789abcdefghij"),
    ("Authorization: Basic b3BzOnNlY3JldC1wYXNzd29yZA==", "b3BzOnNlY3JldC1wYXNzd29yZA"),
])
def test_secrets_in_free_text_are_masked(line: str, secret: str) -> None:
    assert secret not in scrub(line)
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, line, None, None)
    assert secret not in ScrubbingFormatter(as_json=True).format(record)


def test_client_libraries_do_not_log_request_urls(captured_log: io.StringIO) -> None:
    """httpx logs every request URL at INFO (the Bot API URL holds the bot token); twilio logs parameters."""
    for name in ("httpx", "twilio.http_client"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO)


def test_database_errors_carry_no_parameters(tmp_path: object) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/params.db")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (phone TEXT UNIQUE)"))
        connection.execute(text("INSERT INTO t VALUES (:p)"), {"p": "+972502345678"})
    with pytest.raises(IntegrityError) as caught, engine.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (:p)"), {"p": "+972502345678"})
    engine.dispose()
    assert "2345678" not in str(caught.value) and "hidden" in str(caught.value)
