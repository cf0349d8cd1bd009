"""The Twilio doors: signatures, TwiML, idempotency, bad input, status callbacks."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from bot.core.models import Contact, Message
from bot.core.settings import Settings
from bot.services import Services
from tests.utils.twilio import inbound_form, new_sid, post_signed, sign

PATH = "/webhooks/twilio/messages"


def test_signed_request_gets_twiml_answer(client: TestClient, settings: Settings, services: Services) -> None:
    response = post_signed(client, settings, PATH, inbound_form("hello"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert "<Response><Message>" in response.text
    with Session(services.engine) as session:
        rows = session.exec(select(Message)).all()
        assert [r.direction for r in rows] == ["inbound", "outbound"]
        contact = session.exec(select(Contact)).one()
        assert contact.phone == "+972502345678" and contact.workspace == "msg-software"


def test_unsigned_or_wrongly_signed_request_is_refused(client: TestClient, settings: Settings,
                                                       services: Services) -> None:
    form = inbound_form("hello")
    assert client.post(PATH, data=form).status_code == 403
    bad = client.post(PATH, data=form, headers={"X-Twilio-Signature": "AAAA" + sign(settings, PATH, form)[4:]})
    assert bad.status_code == 403
    tampered = dict(form, Body="changed")
    headers = {"X-Twilio-Signature": sign(settings, PATH, form)}
    assert client.post(PATH, data=tampered, headers=headers).status_code == 403
    with Session(services.engine) as session:
        assert session.exec(select(Message)).all() == []


def test_signature_uses_public_base_url_not_internal_host(client: TestClient, settings: Settings) -> None:
    # TestClient calls http://testserver/..., Twilio signed https://bot.example.com/... (behind a proxy).
    form = inbound_form("hi")
    response = client.post(PATH, data=form, headers={"X-Twilio-Signature": sign(settings, PATH, form)})
    assert response.status_code == 200
    internal = client.post(PATH, data=form, headers={
        "X-Twilio-Signature": __import__("twilio.request_validator", fromlist=["x"]).RequestValidator(
            settings.twilio_token).compute_signature(f"http://testserver{PATH}", form)})
    assert internal.status_code == 403


def test_same_message_sid_is_processed_once(client: TestClient, settings: Settings, services: Services) -> None:
    form = inbound_form("hello there", sid=new_sid())
    first = post_signed(client, settings, PATH, form)
    second = post_signed(client, settings, PATH, form)
    assert first.status_code == second.status_code == 200
    assert "<Message>" in first.text
    # Twilio redelivers only when it never got our response: the same committed reply again, not a new turn
    assert second.text == first.text
    with Session(services.engine) as session:
        inbound = session.exec(select(Message).where(Message.direction == "inbound")).all()
        outbound = session.exec(select(Message).where(Message.direction == "outbound")).all()
    assert len(inbound) == 1 and len(outbound) == 1


def test_unknown_to_number_is_404(client: TestClient, settings: Settings) -> None:
    response = post_signed(client, settings, PATH, inbound_form("hi", to="+972509999999"))
    assert response.status_code == 404
    assert "workspace" in response.json()["detail"]


def test_missing_fields_and_bad_numbers_are_400(client: TestClient, settings: Settings) -> None:
    form = inbound_form("hi")
    del form["MessageSid"]
    assert post_signed(client, settings, PATH, form).status_code == 400
    assert post_signed(client, settings, PATH, inbound_form("hi", sender="not-a-number")).status_code == 400
    assert post_signed(client, settings, PATH, inbound_form("hi", sender="+97212")).status_code == 400


def test_body_over_limit_is_413(client: TestClient, settings: Settings) -> None:
    form = inbound_form("x" * (settings.max_body_bytes + 10))
    response = post_signed(client, settings, PATH, form)
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


def test_sms_and_whatsapp_channels_are_recorded(client: TestClient, settings: Settings, services: Services) -> None:
    post_signed(client, settings, PATH, inbound_form("hi", whatsapp=False, sender="0502345678"))
    with Session(services.engine) as session:
        message = session.exec(select(Message).where(Message.direction == "inbound")).one()
    assert message.channel == "sms" and message.sender == "+972502345678"


def _outbound_sid(services: Services, sid: str) -> None:
    with Session(services.engine) as session:
        contact = Contact(workspace="msg-software", phone="+972502345678")
        session.add(contact)
        session.flush()
        session.add(Message(workspace="msg-software", contact_id=contact.id, direction="outbound",
                            provider_sid=sid, status="queued", body="x"))
        session.commit()


def _status(services: Services, sid: str) -> str:
    with Session(services.engine) as session:
        return session.exec(select(Message).where(Message.provider_sid == sid)).one().status


def _callback(settings: Settings, sid: str, status: str) -> dict[str, str]:
    return {"AccountSid": settings.twilio_account_sid, "MessageSid": sid, "MessageStatus": status}


def test_status_callback_never_moves_backwards(client: TestClient, settings: Settings, services: Services) -> None:
    sid = new_sid()
    _outbound_sid(services, sid)
    path = "/webhooks/twilio/status"
    for status in ("sent", "delivered", "sent"):
        response = post_signed(client, settings, path, _callback(settings, sid, status))
        assert response.status_code == 204
    assert _status(services, sid) == "delivered"
    # redelivery of the same callback is a no-op
    assert post_signed(client, settings, path, _callback(settings, sid, "delivered")).status_code == 204
    assert _status(services, sid) == "delivered"
    assert post_signed(client, settings, path, _callback(settings, sid, "read")).status_code == 204
    assert _status(services, sid) == "read"


def test_status_callback_requires_fields_and_signature(client: TestClient, settings: Settings) -> None:
    path = "/webhooks/twilio/status"
    assert post_signed(client, settings, path, {"AccountSid": settings.twilio_account_sid,
                                               "MessageSid": new_sid()}).status_code == 400
    assert client.post(path, data={"MessageSid": new_sid(), "MessageStatus": "sent"}).status_code == 403


def test_healthz_and_metrics(client: TestClient, settings: Settings) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    post_signed(client, settings, PATH, inbound_form("hello"))
    metrics = client.get("/metrics").text
    assert "bot_inbound_messages_total" in metrics


@pytest.mark.parametrize("reply", [None, "", "plain", "שלום & <ברוכים> \"הבאים\" 'x'\nline 2", "Привет ]]> &amp;"])
def test_twiml_is_what_twilios_library_writes(reply: str | None) -> None:
    from twilio.twiml.messaging_response import MessagingResponse

    from bot.routes.twilio_webhooks import twiml

    expected = MessagingResponse()
    if reply:
        expected.message(reply)
    assert twiml(reply).body.decode() == str(expected)
