"""SMS credit: the operator records a payment and the balance grows, once per receipt; scheduling warns."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from bot.core.workspaces import Workspace
from scheduler.rsvp.credit import CreditError, purchases, record_purchase
from scheduler.rsvp.events import account_of
from tests.rsvp.conftest import OWNER, make_event

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
AUTH = {"Authorization": "Bearer demo-token-event-rsvp-00004"}
BASE = "/api/workspaces/event-rsvp"


def test_a_package_adds_its_messages_and_unlocks_unlimited_answers(session: Session, workspace: Workspace) -> None:
    account = account_of(session, make_event(session, workspace))
    assert (account.sms_balance, account.plan, account.package_bought) == (0, "free", False)
    done = record_purchase(session, workspace, account, now=NOW, package="sms-300", reference="R-1")
    assert done.balance == 300 and done.purchase.amount == Decimal("129")
    again = record_purchase(session, workspace, account, now=NOW, messages=50)
    assert again.balance == 350
    session.refresh(account)
    assert (account.sms_balance, account.plan, account.package_bought) == (350, "digital", True)
    assert [p.messages for p in purchases(session, account)] == [300, 50]


def test_one_receipt_is_applied_once_and_bad_input_is_refused(session: Session, workspace: Workspace) -> None:
    account = account_of(session, make_event(session, workspace))
    record_purchase(session, workspace, account, now=NOW, package="sms-100", reference="R-7")
    with pytest.raises(CreditError, match="R-7"):
        record_purchase(session, workspace, account, now=NOW, package="sms-100", reference="R-7")
    with pytest.raises(CreditError, match="sms-100"):
        record_purchase(session, workspace, account, now=NOW, package="sms-9999")
    with pytest.raises(CreditError):
        record_purchase(session, workspace, account, now=NOW, messages=0)
    session.refresh(account)
    assert account.sms_balance == 100


def test_api_records_a_payment_and_scheduling_warns_when_it_does_not_cover(client: TestClient) -> None:
    event = {"key": "w1", "type": "wedding", "title": "Noa & Avi", "starts_at": "2027-03-12T19:30",
             "timezone": "Asia/Jerusalem", "venue": "Example Hall", "owner": {"name": "Noa", "phone": OWNER.phone}}
    assert client.post(f"{BASE}/events", json=event, headers=AUTH).status_code == 201
    body = "name,phone\n" + "\n".join(f"G{i},05234{i:05d}" for i in range(3))
    imported = client.post(f"{BASE}/events/w1/guests/import", headers=AUTH,
                           files={"file": ("g.csv", body.encode(), "text/csv")})
    assert imported.status_code == 200, imported.text
    campaign = {"kind": "invitation", "channel": "sms", "template": "", "send_at": "2027-01-10T10:00:00+02:00"}
    poor = client.post(f"{BASE}/events/w1/campaigns", json=campaign, headers=AUTH)
    assert poor.status_code == 201, poor.text
    assert poor.json()["warning"] and "0" in poor.json()["warning"]

    paid = client.post(f"{BASE}/credit", json={"owner_phone": "052-2000001", "package": "sms-100",
                                                "reference": "INV-1"}, headers=AUTH)
    assert paid.status_code == 201 and paid.json()["balance"] == 100 and paid.json()["unlimited_answers"]
    twice = client.post(f"{BASE}/credit", json={"owner_phone": "052-2000001", "package": "sms-100",
                                                 "reference": "INV-1"}, headers=AUTH)
    assert twice.status_code == 409
    assert client.get(f"{BASE}/credit", params={"owner_phone": "+972522000001"}, headers=AUTH).json()["balance"] == 100
    rich = client.post(f"{BASE}/events/w1/campaigns", json={**campaign, "kind": "invitation",
                                                            "send_at": "2027-01-11T10:00:00+02:00"}, headers=AUTH)
    assert rich.status_code == 201 and rich.json()["warning"] is None
    assert client.post(f"{BASE}/credit", json={"owner_phone": "052-9999999", "messages": 5},
                       headers=AUTH).status_code == 404
