"""Structured logging with personal data masked: phone numbers and message texts never reach logs."""

from __future__ import annotations

import json
import logging
import re
import sys
from typing import Any, Literal

from bot.core.phones import mask_phone

# Anything that looks like a phone number inside free text (e.g. an exception message): an
# international number (+ and 8-15 digits, maybe separated), a bare run of 9-15 digits, or an
# Israeli local number (05X-XXX-XXXX). Dates and times ("2026-11-22 03:51:45") do not match.
_PHONE_RE = re.compile(
    r"(?:whatsapp:)?\+\d(?:[\s\-()]?\d){7,14}"
    r"|(?<![\d.:-])\d{9,15}(?![\d.:-])"
    r"|(?<![\d.:-])0\d{1,2}-\d{3}-?\d{4}(?![\d.:-])"
)


# Secrets that travel in URLs or headers and so end up in access logs, client logs and tracebacks:
# the RSVP link token (/r/<token>), the Telegram webhook secret (its path) and bot token (the Bot
# API URL), owner API tokens, bearer headers and OpenAI keys.
_SECRET_RES = (
    (re.compile(r"(/r/)[^\s/?#\"']+"), r"\1***"),
    (re.compile(r"(/webhooks/telegram/)[^\s/?#\"']+"), r"\1***"),
    (re.compile(r"(/bot)\d{3,}:[\w-]{10,}"), r"\1***"),
    (re.compile(r"\bbo_[\w-]{8,}"), "bo_***"),
    (re.compile(r"(?i)\b(bearer|basic)\s+[\w.~+/=-]{8,}"), r"\1 ***"),
    (re.compile(r"\bsk-[\w-]{16,}"), "sk-***"),
)
# Client libraries that log whole request URLs (Bot API token) or parameters (numbers) at INFO.
_CHATTY_LOGGERS = ("httpx", "httpcore", "twilio.http_client", "twilio.async_http_client", "openai", "aiogram.event")


def masked(value: str | None, kind: Literal["phone", "text"] = "phone") -> str:
    """A log-safe stand-in: phones keep country code and last two digits; texts keep only a length."""
    if value is None:
        return "-"
    if kind == "text":
        return f"<text {len(value)} chars>"
    return mask_phone(value)


def scrub(message: str) -> str:
    """Mask phone numbers and secrets (link tokens, webhook secrets, API tokens) in a log line."""
    for pattern, replacement in _SECRET_RES:
        message = pattern.sub(replacement, message)
    return _PHONE_RE.sub(lambda m: mask_phone(m.group(0)), message)


class ScrubbingFormatter(logging.Formatter):
    def __init__(self, as_json: bool) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        message = scrub(record.getMessage())
        if not self.as_json:
            record = logging.makeLogRecord({**record.__dict__, "msg": message, "args": None})
            return scrub(super().format(record))
        payload = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name,
                   "message": message}
        if record.exc_info:
            payload["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False)


class CurrentStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a record is written, not when logging was configured:
    a command run inside another program (a test's CliRunner, an embedding process) swaps stderr and
    closes its stream afterwards, and a handler holding that stream turned every later record into
    a 'Logging error' traceback on the new stderr. A stream set with `setStream` is kept."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)  # StreamHandler's would fix today's sys.stderr as the stream
        self._fixed: Any = None

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return self._fixed if self._fixed is not None else sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        self._fixed = value


def configure_logging(level: str = "INFO", as_json: bool = False) -> None:
    handler = CurrentStderrHandler()
    handler.setFormatter(ScrubbingFormatter(as_json))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
