"""Building Twilio webhook requests the way Twilio does, signed with twilio's RequestValidator."""

from __future__ import annotations

import itertools

from fastapi.testclient import TestClient
from httpx import Response
from twilio.request_validator import RequestValidator

from bot.core.settings import Settings

_sids = itertools.count(1)


def new_sid(prefix: str = "SM") -> str:
    return f"{prefix}{next(_sids):032x}"


def inbound_form(body: str, sender: str = "+972502345678", to: str = "+972500000001", *,
                 whatsapp: bool = True, sid: str | None = None, **extra: str) -> dict[str, str]:
    prefix = "whatsapp:" if whatsapp else ""
    form = {"MessageSid": sid or new_sid(), "AccountSid": "AC" + "0" * 32, "From": f"{prefix}{sender}",
            "To": f"{prefix}{to}", "Body": body, "NumMedia": "0", "ApiVersion": "2010-04-01"}
    form.update(extra)
    return form


def sign(settings: Settings, path: str, form: dict[str, str]) -> str:
    return RequestValidator(settings.twilio_token).compute_signature(f"{settings.public_base_url}{path}", form)


def post_signed(client: TestClient, settings: Settings, path: str, form: dict[str, str]) -> Response:
    return client.post(path, data=form, headers={"X-Twilio-Signature": sign(settings, path, form)})
