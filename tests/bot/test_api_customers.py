"""Owner API for customers, entitlement and tickets: bearer token per workspace, clear 4xx errors."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.core.settings import Settings
from tests.utils.twilio import inbound_form, post_signed

BASE = "/api/workspaces/msg-software"
TOKEN = {"Authorization": "Bearer demo-token-msg-software-0001"}


def test_create_update_and_read_a_customer(client: TestClient) -> None:
    created = client.post(f"{BASE}/customers", headers=TOKEN, json={
        "phone": "050-234-5678", "name": "Dana", "plan": "advanced", "paid_until": "2027-01-01",
        "balance": "12.5", "flags": []})
    assert created.status_code == 200, created.text
    assert created.json()["phone"] == "+972502345678" and created.json()["balance"] == "12.50"
    updated = client.post(f"{BASE}/customers", headers=TOKEN, json={
        "phone": "+972502345678", "plan": "cloud", "status": "frozen"})
    assert updated.json()["plan"] == "cloud" and updated.json()["status"] == "frozen"
    listed = client.get(f"{BASE}/customers", headers=TOKEN).json()
    assert [c["phone"] for c in listed] == ["+972502345678"]
    assert client.get(f"{BASE}/customers/0502345678", headers=TOKEN).json()["plan"] == "cloud"


def test_auth_is_per_workspace(client: TestClient) -> None:
    assert client.get(f"{BASE}/customers").status_code == 401
    assert client.get(f"{BASE}/customers", headers={"Authorization": "Bearer wrong-token-000000"}).status_code == 403
    other = {"Authorization": "Bearer demo-token-web-agency-000005"}
    assert client.get(f"{BASE}/customers", headers=other).status_code == 403
    assert client.get("/api/workspaces/nope/customers", headers=TOKEN).status_code == 403  # no slug oracle


def test_bad_input_gets_clear_4xx(client: TestClient) -> None:
    unknown_plan = client.post(f"{BASE}/customers", headers=TOKEN, json={"phone": "+972502345678", "plan": "gold"})
    assert unknown_plan.status_code == 422 and "gold" in unknown_plan.json()["detail"]
    bad_phone = client.post(f"{BASE}/customers", headers=TOKEN, json={"phone": "12", "plan": "cloud"})
    assert bad_phone.status_code == 422
    bad_status = client.post(f"{BASE}/customers", headers=TOKEN,
                             json={"phone": "+972502345678", "plan": "cloud", "status": "zombie"})
    assert bad_status.status_code == 422
    assert client.get(f"{BASE}/customers/not-a-phone", headers=TOKEN).status_code == 422
    assert client.get(f"{BASE}/customers/+972502345670", headers=TOKEN).status_code == 404
    naive = client.get(f"{BASE}/customers/+972502345678/entitlement", params={"at": "2026-11-22T10:00:00"},
                       headers=TOKEN)
    assert naive.status_code == 422


def test_entitlement_endpoint(client: TestClient) -> None:
    client.post(f"{BASE}/customers", headers=TOKEN, json={"phone": "+972502345678", "plan": "advanced"})
    inside = client.get(f"{BASE}/customers/+972502345678/entitlement", headers=TOKEN,
                        params={"at": "2026-11-22T10:00:00+02:00"}).json()
    assert inside["decision"] == "human" and inside["reason"] == "in_hours"
    outside = client.get(f"{BASE}/customers/+972502345678/entitlement", headers=TOKEN,
                         params={"at": "2026-11-22T20:00:00+02:00"}).json()
    assert outside["decision"] == "queued" and outside["next_opening"].startswith("2026-11-23T08:30:00")
    stranger = client.get(f"{BASE}/customers/+972502345679/entitlement", headers=TOKEN).json()
    assert stranger["decision"] == "denied" and stranger["reason"] == "not_customer"
    # Erev Yom Kippur 5787 (Sunday 2026-09-20): msg-software works until 13:00, then queues to Tuesday.
    eve = client.get(f"{BASE}/customers/+972502345678/entitlement", headers=TOKEN,
                     params={"at": "2026-09-20T14:00:00+03:00"}).json()
    assert (eve["decision"], eve["reason"], eve["eve"]) == ("queued", "holiday_eve", "Yom Kippur")
    assert eve["next_opening"].startswith("2026-09-22T08:30:00")
    assert inside["eve"] is None


def test_tickets_are_listed_with_transcripts(client: TestClient, settings: Settings) -> None:
    client.post(f"{BASE}/customers", headers=TOKEN, json={"phone": "+972502345678", "plan": "advanced"})
    post_signed(client, settings, "/webhooks/twilio/messages", inbound_form("I need a person"))
    listed = client.get(f"{BASE}/tickets", headers=TOKEN, params={"status": "live"}).json()
    assert [(t["number"], t["status"], t["handoff"]) for t in listed] == [("MS-00001", "open", "human")]
    assert client.get(f"{BASE}/tickets", headers=TOKEN, params={"status": "closed"}).json() == []
    detail = client.get(f"{BASE}/tickets/MS-00001", headers=TOKEN).json()
    assert [m["direction"] for m in detail["transcript"]] == ["inbound", "outbound"]
    assert "MS-00001" in detail["transcript"][1]["body"]
    assert client.get(f"{BASE}/tickets/MS-09999", headers=TOKEN).status_code == 404
    assert client.get(f"{BASE}/tickets", headers=TOKEN, params={"status": "weird"}).status_code == 422
