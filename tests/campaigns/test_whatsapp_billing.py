"""Fifth look, billing: WhatsApp campaign messages are charged to the owner's message balance the way SMS
are. Before, only SMS rows were charged (`charged = segments * sms`), so an owner with an empty balance
could send any number of WhatsApp invitations, and the preview, the counter and the schedule's warning
said nothing of a cost. The plans (`rsvp.sms_packages`) count messages and say nothing of WhatsApp, so a
WhatsApp message costs `rsvp.whatsapp_message_cost` of the balance (1 in the shipped file: one message).

Through the API (credit, preview, schedule, report), the real dispatcher and TwilioChannel, fake Twilio."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import TwilioChannel
from bot.core.models import OutboxItem, RsvpAccount
from tests.campaigns.factories import add_guests, event_rsvp, make_event, mobile
from tests.campaigns.helpers import dispatcher
from tests.conftest import FixedClock
from tests.fakes.fake_twilio import RunningFake

TOKEN = {"Authorization": "Bearer demo-token-event-rsvp-00004"}
API = "/api/workspaces/event-rsvp"


def _balance(engine: Engine, account_id: int) -> int:
    with Session(engine) as session:
        account = session.get(RsvpAccount, account_id)
        assert account is not None
        return account.sms_balance


def test_whatsapp_messages_are_charged_and_stop_when_the_balance_runs_out(
        client: TestClient, engine: Engine, clock: FixedClock, fake_twilio: RunningFake) -> None:
    cost = event_rsvp().rsvp.whatsapp_message_cost
    assert cost >= 1  # the shipped policy: a WhatsApp message is a message of the balance
    account_id, event_id = make_event(engine, balance=0)
    add_guests(engine, event_id, [{"name": f"Guest {i}", "phone": mobile(i)} for i in range(3)])
    with Session(engine) as session:
        owner_phone = session.get(RsvpAccount, account_id).owner_phone  # type: ignore[union-attr]
    paid = client.post(f"{API}/credit", headers=TOKEN, json={"owner_phone": owner_phone, "messages": 2 * cost})
    assert paid.status_code == 201 and paid.json()["balance"] == 2 * cost

    body = {"kind": "invitation", "channel": "whatsapp"}
    preview = client.post(f"{API}/events/wedding-1/campaigns/preview", headers=TOKEN, json=body).json()
    assert preview["recipients_count"] == 3 and preview["cost_segments"] == 3 * cost
    assert (preview["balance"], preview["enough_balance"], preview["would_send"]) == (2 * cost, False, 2)
    made = client.post(f"{API}/events/wedding-1/campaigns", headers=TOKEN,
                       json={**body, "send_at": (clock.now + timedelta(hours=1)).isoformat()})
    assert made.status_code == 201, made.text
    assert made.json()["warning"]  # the owner is told the balance will not cover everyone
    campaign_id = made.json()["campaign"]["id"]

    channel = TwilioChannel(account_sid="AC" + "7" * 32, auth_token="secret", api_base=fake_twilio.base_url)
    clock.set(clock.now + timedelta(hours=1))
    result = dispatcher(engine, channel, clock).dispatch(campaign_id)

    assert result.outcome == "balance" and fake_twilio.state.count() == 2
    assert _balance(engine, account_id) == 0
    with Session(engine) as session:
        rows = session.exec(select(OutboxItem).where(OutboxItem.campaign_id == campaign_id)
                            .order_by(OutboxItem.id)).all()
    assert [(r.state, r.charged) for r in rows] == [("sent", cost), ("sent", cost), ("skipped", 0)]
    report = client.get(f"{API}/events/wedding-1/campaigns/{campaign_id}/report", headers=TOKEN).json()
    assert report["billed_segments"] == 2 * cost


def test_a_whatsapp_message_that_did_not_go_out_is_given_back(client: TestClient, engine: Engine,
                                                             clock: FixedClock, fake_twilio: RunningFake) -> None:
    cost = event_rsvp().rsvp.whatsapp_message_cost
    account_id, event_id = make_event(engine, balance=10 * cost)
    add_guests(engine, event_id, [{"name": "Avi", "phone": mobile(1)}, {"name": "Noa", "phone": mobile(2)}])
    fake_twilio.state.fail(f"whatsapp:{mobile(2)}", 21610)  # the provider refuses: nothing was sent
    made = client.post(f"{API}/events/wedding-1/campaigns", headers=TOKEN,
                       json={"kind": "invitation", "channel": "whatsapp",
                             "send_at": (clock.now + timedelta(hours=1)).isoformat()})
    assert made.status_code == 201, made.text
    clock.set(clock.now + timedelta(hours=1))
    channel = TwilioChannel(account_sid="AC" + "7" * 32, auth_token="secret", api_base=fake_twilio.base_url)
    dispatcher(engine, channel, clock).dispatch(made.json()["campaign"]["id"])
    assert _balance(engine, account_id) == 9 * cost

