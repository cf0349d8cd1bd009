"""The webhook door sends what a turn asks besides its reply (the written cancellation confirmation)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.models import Message
from bot.core.settings import Settings
from bot.services import Services
from handlers.customers import CustomerIn, upsert_customer
from tests.conftest import FixedClock
from tests.utils.twilio import inbound_form, post_signed

PATH = "/webhooks/twilio/messages"
DANA = "+972502345601"


def test_cancellation_confirmation_goes_out_through_the_channel(
    client: TestClient, settings: Settings, services: Services, channel: ConsoleChannel, clock: FixedClock,
) -> None:
    clock.set(datetime(2026, 11, 22, 8, 0, tzinfo=UTC))
    workspace = services.workspaces.by_slug("saas-billing")
    assert workspace is not None
    with Session(services.engine) as session:
        upsert_customer(session, workspace, CustomerIn(
            phone=DANA, name="Dana", plan="pro", billing_period="monthly", language="en",
            paid_from="2026-11-17", paid_until="2026-12-17", email="dana@example.com",  # type: ignore[arg-type]
            balance=Decimal("0")), clock.now)
        session.commit()
    ask = post_signed(client, settings, PATH, inbound_form("I want to cancel my subscription", sender=DANA,
                                                           to="+972500000003"))
    assert "Reply yes or no" in ask.text
    assert channel.sent == []  # nothing is sent before the customer confirms
    confirm = post_signed(client, settings, PATH, inbound_form("yes", sender=DANA, to="+972500000003"))
    assert "cancellation is recorded" in confirm.text
    assert len(channel.sent) == 1
    letter = channel.sent[0]
    assert letter.to == DANA and letter.from_ == "+972500000003" and "17 Dec 2026" in letter.body
    with Session(services.engine) as session:
        stored = session.exec(select(Message).where(Message.provider_sid == letter.provider_sid)).one()
    assert stored.direction == "outbound" and stored.body == letter.body
