"""Output channels: one `send_text` per way of reaching a customer, plus a recorder.

Rasa's split: the input side (webhook parsing) lives with the route; the output side is here, so
dispatch and staff replies do not care whether a message leaves through Twilio or the console.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class SendResult:
    """What the provider said: its id for the message and the first status."""

    provider_sid: str
    status: str = "queued"


class SendError(RuntimeError):
    """The provider refused the message; `code` is its error code (e.g. Twilio 21610, 63016)."""

    def __init__(self, message: str, code: str | None = None, retryable: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable


class OutputChannel(Protocol):
    name: str

    def send_text(self, *, to: str, body: str, from_: str, whatsapp: bool,
                  status_callback: str | None = None) -> SendResult: ...

    def send_template(self, *, to: str, from_: str, content_sid: str, variables: dict[str, str],
                      status_callback: str | None = None) -> SendResult: ...


@dataclass
class SentRecord:
    to: str
    body: str
    from_: str
    whatsapp: bool
    content_sid: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    provider_sid: str = ""
