"""The Twilio channel: the real twilio client; `TWILIO_API_BASE` points it at a local fake in tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bot.channels.base import SendError, SendResult
from bot.core.phones import WHATSAPP_PREFIX

# Twilio error codes worth a retry: rate limits and concurrency, not content or number problems.
RETRYABLE_CODES = {20429, 63018, 30001}


@dataclass
class TwilioChannel:
    account_sid: str
    auth_token: str
    api_base: str = ""
    timeout: float = 15.0
    name: str = "twilio"
    client: Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = Client(self.account_sid, self.auth_token,
                             http_client=TwilioHttpClient(timeout=self.timeout))
        if self.api_base:
            # Every Twilio domain (api, messaging, ...) answers from the one fake server.
            self.client.api.base_url = self.api_base.rstrip("/")

    @staticmethod
    def _address(number: str, whatsapp: bool) -> str:
        bare = number.removeprefix(WHATSAPP_PREFIX)
        return f"{WHATSAPP_PREFIX}{bare}" if whatsapp else bare

    def _create(self, **params: object) -> SendResult:
        try:
            message = self.client.messages.create(**params)  # type: ignore[arg-type]
        except TwilioRestException as exc:
            code = exc.code
            raise SendError(f"twilio refused the message: {exc.msg}", code=str(code) if code else None,
                            retryable=(code in RETRYABLE_CODES) or exc.status >= 500) from exc
        except OSError as exc:  # connection refused, timeout
            raise SendError(f"twilio unreachable: {exc}", retryable=True) from exc
        return SendResult(provider_sid=message.sid or "", status=str(message.status or "queued"))

    def send_text(self, *, to: str, body: str, from_: str, whatsapp: bool,
                  status_callback: str | None = None) -> SendResult:
        params: dict[str, object] = {"to": self._address(to, whatsapp), "from_": self._address(from_, whatsapp),
                                     "body": body}
        if status_callback:
            params["status_callback"] = status_callback
        return self._create(**params)

    def send_template(self, *, to: str, from_: str, content_sid: str, variables: dict[str, str],
                      status_callback: str | None = None) -> SendResult:
        params: dict[str, object] = {"to": self._address(to, True), "from_": self._address(from_, True),
                                     "content_sid": content_sid,
                                     "content_variables": json.dumps(variables, ensure_ascii=False)}
        if status_callback:
            params["status_callback"] = status_callback
        return self._create(**params)
