"""Owner REST API: auth, preview, schedule (quiet hours refused), move, cancel, report, status callbacks."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.channels import ConsoleChannel
from bot.core.settings import Settings
from scheduler.campaigns.scheduling import CampaignRuntime, start_campaign
from scheduler.rsvp.links import verify_token
from tests.campaigns.factories import add_guests, make_event, mobile, opt_out
from tests.conftest import FixedClock
from tests.utils.twilio import post_signed

TOKEN = {"Authorization": "Bearer demo-token-event-rsvp-00004"}
BASE = "/api/workspaces/event-rsvp/events/wedding-1/campaigns"


def _guests(engine: Engine) -> int:
    account_id, event_id = make_event(engine, balance=3)
    add_guests(engine, event_id, [
        {"name": "Avi", "phone": mobile(1), "status": "not_invited"},
        {"name": "Noa", "phone": mobile(2), "status": "not_invited", "language": "en"},
        {"name": "Out", "phone": mobile(3), "status": "not_invited"},
        {"name": "Landline", "phone": "+97221234567", "status": "not_invited"},
        {"name": "Answered", "phone": mobile(5), "status": "coming"},
    ])
    opt_out(engine, mobile(3))
    return event_id


def _jobs(engine: Engine) -> dict[str, float]:
    from sqlalchemy import inspect

    if not inspect(engine).has_table("apscheduler_jobs"):
        return {}
    with engine.connect() as connection:
        return dict(connection.execute(text("SELECT id, next_run_time FROM apscheduler_jobs")).all())


def test_the_api_needs_the_workspace_token(client: TestClient, engine: Engine) -> None:
    _guests(engine)
    body = {"kind": "invitation"}
    assert client.post(f"{BASE}/preview", json=body).status_code == 401
    assert client.post(f"{BASE}/preview", json=body, headers={"Authorization": "Bearer wrong-token-123456"}
                       ).status_code == 403
    other = {"Authorization": "Bearer demo-token-event-rsvp-00004"}
    assert client.post("/api/workspaces/msg-software/events/wedding-1/campaigns/preview", json=body,
                       headers=other).status_code in (403, 404)
    assert client.post(f"{BASE}/preview", json={"kind": "spam"}, headers=TOKEN).status_code == 422
    assert client.post("/api/workspaces/event-rsvp/events/nope/campaigns/preview", json=body,
                       headers=TOKEN).status_code == 404


def test_preview_lists_recipients_cost_and_skips(client: TestClient, engine: Engine, settings: Settings) -> None:
    _guests(engine)
    response = client.post(f"{BASE}/preview", json={"kind": "invitation"}, headers=TOKEN)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["recipients_count"] == 2
    assert [r["name"] for r in data["recipients"]] == ["Avi", "Noa"]
    assert data["skipped_reasons"] == {"not_israeli_mobile": 1, "opted_out": 1, "wrong_status": 1}
    assert data["segments"]["billing_rule"] == "134 characters per segment"
    billed = [r["billed_segments"] for r in data["recipients"]]
    assert data["cost_segments"] == sum(billed) and data["balance"] == 3
    assert data["enough_balance"] is (sum(billed) <= 3)
    assert set(data["samples"]) == {"he", "en"}
    link = data["samples"]["en"].rsplit(" ", 1)[1]
    assert link.startswith(settings.public_base_url + "/r/")
    assert verify_token(settings.secret_key.get_secret_value(), link.rsplit("/", 1)[1])

    bad = client.post(f"{BASE}/preview", json={"kind": "invitation", "template": "Hi {{ nmae }}"}, headers=TOKEN)
    assert bad.status_code == 422 and "nmae" in bad.json()["detail"]["message"]
    thanks = client.post(f"{BASE}/preview", json={"kind": "thank_you"}, headers=TOKEN).json()
    assert thanks["recipients_count"] == 1 and "/r/" not in thanks["samples"]["he"]


def test_schedule_refuses_quiet_hours_with_the_next_allowed_time(client: TestClient, engine: Engine) -> None:
    _guests(engine)
    response = client.post(BASE, json={"kind": "invitation", "send_at": "2026-11-27T16:00:00+02:00"}, headers=TOKEN)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["reason"] == "shabbat"
    assert datetime.fromisoformat(detail["next_allowed"]) == datetime(2026, 11, 28, 18, 0, tzinfo=UTC)
    assert "2026-11-28T20:00:00+02:00" in detail["message"]
    assert _jobs(engine) == {}


def test_schedule_move_cancel_keep_one_job_with_a_fixed_id(client: TestClient, engine: Engine) -> None:
    _guests(engine)
    created = client.post(BASE, json={"kind": "invitation", "send_at": "2026-11-23T11:00:00+02:00"}, headers=TOKEN)
    assert created.status_code == 201, created.text
    campaign_id = created.json()["campaign"]["id"]
    assert created.json()["preview"]["recipients_count"] == 2
    assert _jobs(engine) == {f"campaign:{campaign_id}": datetime(2026, 11, 23, 9, 0, tzinfo=UTC).timestamp()}

    moved = client.post(f"{BASE}/{campaign_id}/move", json={"send_at": "2026-11-24T12:30:00+02:00"}, headers=TOKEN)
    assert moved.status_code == 200, moved.text
    assert _jobs(engine) == {f"campaign:{campaign_id}": datetime(2026, 11, 24, 10, 30, tzinfo=UTC).timestamp()}
    night = client.post(f"{BASE}/{campaign_id}/move", json={"send_at": "2026-11-24T23:30:00+02:00"}, headers=TOKEN)
    assert night.status_code == 422 and night.json()["detail"]["reason"] == "night"

    cancelled = client.post(f"{BASE}/{campaign_id}/cancel", headers=TOKEN)
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert _jobs(engine) == {}
    assert client.post(f"{BASE}/{campaign_id}/cancel", headers=TOKEN).status_code == 409
    assert client.post(f"{BASE}/999/cancel", headers=TOKEN).status_code == 404


def test_scheduled_campaign_runs_and_reports_and_callbacks_move_rows_forward(
        client: TestClient, engine: Engine, channel: ConsoleChannel, clock: FixedClock, settings: Settings) -> None:
    _guests(engine)
    created = client.post(BASE, json={"kind": "invitation", "send_at": "2026-11-22T10:30:00+02:00",
                                      "template": "Hi {{ name }}: {{ link }}"}, headers=TOKEN)
    campaign_id = created.json()["campaign"]["id"]
    runtime = CampaignRuntime(engine=engine, workspaces=client.app.state.services.workspaces,  # type: ignore[attr-defined]
                              channel=channel, clock=clock, public_base_url=settings.public_base_url,
                              secret=settings.secret_key.get_secret_value(), rate=1000)
    assert start_campaign(runtime, campaign_id) is None          # not due yet: nothing happens
    clock.set("2026-11-22T10:30:00+02:00")
    result = start_campaign(runtime, campaign_id)
    assert result is not None and result.outcome == "done"

    report = client.get(f"{BASE}/{campaign_id}/report", headers=TOKEN).json()
    assert report["counts"]["sent"] == 2 and report["counts"]["skipped"] == 2
    assert report["skipped_reasons"] == {"not_israeli_mobile": 1, "opted_out": 1}
    assert report["total"] == sum(report["counts"].values()) == 4
    sid = next(r for r in channel.sent if r.to == mobile(1)).provider_sid

    for status in ("delivered", "sent"):  # a late "sent" never moves a delivered row back
        form = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "0" * 32}
        assert post_signed(client, settings, "/webhooks/twilio/status", form).status_code == 204
    rows = {r["phone"]: r for r in client.get(f"{BASE}/{campaign_id}/report", headers=TOKEN).json()["rows"]}
    assert rows[mobile(1)]["state"] == "delivered" and rows[mobile(1)]["delivered_at"]
    other = next(r for r in channel.sent if r.to == mobile(2)).provider_sid
    form = {"MessageSid": other, "MessageStatus": "undelivered", "ErrorCode": "30005", "AccountSid": "AC" + "0" * 32}
    post_signed(client, settings, "/webhooks/twilio/status", form)
    rows = {r["phone"]: r for r in client.get(f"{BASE}/{campaign_id}/report", headers=TOKEN).json()["rows"]}
    assert (rows[mobile(2)]["state"], rows[mobile(2)]["error_code"]) == ("failed", "30005")
    listing = client.get(BASE, headers=TOKEN).json()
    assert listing[0]["state"] == "done" and listing[0]["counts"]["delivered"] == 1
    # In words, and only confirmed deliveries count as received (the other messages left, no receipt yet).
    report = client.get(f"{BASE}/{campaign_id}/report", headers=TOKEN).json()
    assert report["received"] == 1 and report["sent_unconfirmed"] == report["counts"]["sent"]
    assert report["failed_why"] == {"the number does not exist": 1}
    assert rows[mobile(2)]["why"] == "the number does not exist" and rows[mobile(2)]["text"]
    assert report["skipped_why"]["asked not to get messages"] == 1
    assert listing[0]["created_at"].endswith(("+02:00", "+03:00")), "times in the event's zone, as owners typed them"
