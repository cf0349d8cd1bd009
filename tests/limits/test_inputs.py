"""Issue 13, items 7 and 8: odd input from outside gets a clear 4xx or is kept, never a 500 or a lost message.

Before: on PostgreSQL a webhook Body or ProfileName with NUL, or a ProfileName over 200 characters,
was a 500 and the message was lost; API fields over the column widths, NUL and `balance=1e30` were
500s; `GET /r/ששש.ששש`, `party_size=²`, a 22-digit `offset` and a non-ASCII Telegram secret too.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Contact, Message
from bot.core.settings import Settings
from bot.staff.telegram import webhook_secret
from scheduler.rsvp.links import verify_token
from tests.limits.seed import SEEDED, seed
from tests.utils.twilio import inbound_form, post_signed

MS = {"Authorization": "Bearer demo-token-msg-software-0001"}
WEBHOOK = "/webhooks/twilio/messages"


def _stored(engine: Engine) -> list[Message]:
    with Session(engine) as session:
        return list(session.exec(select(Message).where(Message.direction == "inbound")).all())


@pytest.mark.parametrize(("body", "profile"), [
    ("hello\x00world", "Dana"),
    ("hello", "Da\x00na"),
    ("hello", "D" * 500),
])
def test_a_webhook_with_nul_or_a_long_profile_name_is_stored(api: TestClient, settings: Settings, engine: Engine,
                                                              body: str, profile: str) -> None:
    form = inbound_form(body, to="+972500000001", ProfileName=profile)
    response = post_signed(api, settings, WEBHOOK, form)
    assert response.status_code == 200, response.text
    stored = _stored(engine)
    assert [m.body for m in stored] == [body.replace("\x00", "")]
    with Session(engine) as session:
        names = [c.name for c in session.exec(select(Contact)).all()]
    assert names == [profile.replace("\x00", "")[:200]]


@pytest.mark.parametrize(("field", "value"), [
    ("name", "N" * 201), ("email", "e" * 195 + "@x.com"), ("name", "Da\x00na"), ("plan", "cloud\x00"),
    ("balance", 1e30), ("balance", "1e30"), ("balance", "NaN"), ("flags", ["vip\x00"]), ("flags", ["f" * 65]),
])
def test_api_fields_past_their_column_are_422(api: TestClient, field: str, value: object) -> None:
    body = {"phone": "+972502345678", "plan": "cloud", field: value}
    response = api.post("/api/workspaces/msg-software/customers", json=body, headers=MS)
    assert response.status_code == 422, response.text
    assert field in str(response.json()["detail"])
    assert api.get("/api/workspaces/msg-software/customers", headers=MS).json() == []


def test_fields_at_their_column_width_are_stored(api: TestClient) -> None:
    body = {"phone": "+972502345678", "plan": "cloud", "name": "N" * 200, "balance": "999999999.99"}
    response = api.post("/api/workspaces/msg-software/customers", json=body, headers=MS)
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "N" * 200


@pytest.mark.parametrize("path", ["/api/workspaces/msg-software/customers", "/api/workspaces/msg-software/tickets"])
def test_a_huge_offset_is_422(api: TestClient, path: str) -> None:
    response = api.get(path, params={"offset": "6696058566681677529088"}, headers=MS)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "offset"]
    assert api.get(path, params={"offset": "1000000"}, headers=MS).status_code == 200


def test_event_and_campaign_fields_are_bounded(api: TestClient) -> None:
    rsvp = {"Authorization": "Bearer demo-token-event-rsvp-00004"}
    event = {"key": "w1", "starts_at": "2027-03-12T19:30:00+02:00", "venue": "Hall\x00",
             "owner": {"name": "Dana", "phone": "+972522000001"}}
    assert api.post("/api/workspaces/event-rsvp/events", json=event, headers=rsvp).status_code == 422
    far = event | {"venue": "Hall", "starts_at": "0001-01-01T00:00:00+14:00"}
    assert api.post("/api/workspaces/event-rsvp/events", json=far, headers=rsvp).status_code == 422
    campaign = "/api/workspaces/event-rsvp/events/w1/campaigns/99999999999999999999999/report"
    assert api.get(campaign, headers=rsvp).status_code == 422


def test_non_ascii_links_and_party_sizes_are_pages_not_500s(api: TestClient, services, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    assert verify_token("secret", "ששש.ששש") is None
    page = api.get("/r/ששש.ששש")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    seed(services, engine)
    answered = api.post(f"/r/{SEEDED.rsvp_token}", data={"status": "coming", "party_size": "²"})
    assert answered.status_code == 422 and "text/html" in answered.headers["content-type"]
    fine = api.post(f"/r/{SEEDED.rsvp_token}", data={"status": "coming", "party_size": "2"}, follow_redirects=False)
    assert fine.status_code == 303


def test_a_non_ascii_telegram_secret_is_refused_not_500(api: TestClient) -> None:
    response = api.post("/webhooks/telegram/סוד", json={"update_id": 1})  # no bot configured: 404
    assert response.status_code == 404


def test_a_non_ascii_telegram_secret_is_403_when_the_bot_runs(staff_client: TestClient,
                                                              staff_settings: Settings) -> None:
    assert staff_client.post("/webhooks/telegram/סוד", json={"update_id": 1}).status_code == 403
    assert staff_client.post("/webhooks/telegram/" + "é" * 40, json={"update_id": 1}).status_code == 403
    secret = webhook_secret(staff_settings)
    right = staff_client.post(f"/webhooks/telegram/{secret}", json={"update_id": "x"},
                              headers={"X-Telegram-Bot-Api-Secret-Token": secret})
    assert right.status_code == 400  # past the secret: a malformed update


# Review of 2026-12 (docs/security-review-2026-12.md): FastAPI's own 422 echoes each field's input, and
# could not write a NaN or a lone UTF-16 surrogate as JSON, so the answer to a bad request was a 500.
@pytest.mark.parametrize("raw", [
    b'{"phone": "+972522345001", "plan": "essential", "balance": NaN}',
    b'{"phone": "+972522345001", "plan": "essential", "balance": Infinity}',
    b'{"phone": "+972522345001", "plan": "essential", "name": "\\ud800"}',
    b'{"phone": "+972522345001", "plan": "essential", "\\udfff": 1}',
])
def test_a_request_the_422_cannot_echo_is_still_a_422(api: TestClient, raw: bytes) -> None:
    response = api.post("/api/workspaces/msg-software/customers", content=raw,
                        headers=MS | {"content-type": "application/json"})
    assert response.status_code == 422, response.text
    errors = response.json()["detail"]
    assert isinstance(errors, list) and errors[0]["loc"][0] == "body"


@pytest.mark.parametrize(("fields", "expected"), [
    ({"MessageStatus": "delivered\x00"}, 204),     # PostgreSQL: a NUL was a 500 and a dropped connection
    ({"MessageStatus": "failed", "ErrorCode": "3\x000003"}, 204),
    ({"MessageSid": "SM" + "a" * 100}, 400),        # past the column: a 500 on PostgreSQL
    ({"ErrorCode": "9" * 100, "MessageStatus": "failed"}, 400),
    ({"MessageStatus": "d" * 100}, 400),
])
def test_a_status_callback_with_nul_or_long_fields_is_not_a_500(api: TestClient, settings: Settings,
                                                                fields: dict[str, str], expected: int) -> None:
    """Review of 2026-12 (R6): the status callback took its fields as they came, unlike the inbound door."""
    form = {"MessageSid": "SM" + "b" * 32, "MessageStatus": "delivered", "AccountSid": "AC" + "0" * 32} | fields
    response = post_signed(api, settings, "/webhooks/twilio/status", form)
    assert response.status_code == expected, response.text
