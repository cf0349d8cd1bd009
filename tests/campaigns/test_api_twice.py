"""The API refuses the same round scheduled twice (an invitation by SMS and one by WhatsApp for the same
morning) with 409 and code "twice", naming the campaign already there; moving one onto the other's
round is refused the same way (tests/console/test_campaign_twice.py covers the console's words)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.campaigns.test_api import BASE, TOKEN, _guests


def test_the_same_round_twice_is_refused_naming_the_first(client: TestClient, engine: Engine) -> None:
    _guests(engine)
    first = client.post(BASE, json={"kind": "invitation", "send_at": "2026-11-23T11:00:00+02:00"}, headers=TOKEN)
    assert first.status_code == 201, first.text
    first_id = first.json()["campaign"]["id"]
    again = client.post(BASE, json={"kind": "invitation", "channel": "whatsapp",
                                    "send_at": "2026-11-23T12:00:00+02:00"}, headers=TOKEN)
    assert again.status_code == 409, again.text
    detail = again.json()["detail"]
    assert detail["code"] == "twice" and detail["campaign_id"] == first_id and detail["channel"] == "sms"
    later = client.post(BASE, json={"kind": "invitation", "send_at": "2026-11-30T11:00:00+02:00"}, headers=TOKEN)
    assert later.status_code == 201, later.text
    moved = client.post(f"{BASE}/{later.json()['campaign']['id']}/move", json={"send_at": "2026-11-23T15:00:00+02:00"},
                        headers=TOKEN)
    assert moved.status_code == 409 and moved.json()["detail"]["campaign_id"] == first_id
    assert client.post(f"{BASE}/{first_id}/move", json={"send_at": "2026-11-23T12:00:00+02:00"},
                       headers=TOKEN).status_code == 200  # a campaign never clashes with itself


def test_the_round_window_is_the_workspace_s_own(engine: Engine) -> None:
    """`rsvp.same_round_hours` in the workspace YAML decides what counts as the same round."""
    from datetime import UTC, datetime

    from sqlmodel import Session

    from bot.core.models import Event
    from bot.core.workspaces import load_workspaces
    from scheduler.campaigns.scheduling import CampaignConflict, create_campaign
    from tests.conftest import ROOT

    workspace = load_workspaces(ROOT / "workspaces").by_slug("event-rsvp")
    assert workspace is not None and workspace.rsvp.same_round_hours == 24
    short = workspace.model_copy(update={"rsvp": workspace.rsvp.model_copy(update={"same_round_hours": 2})})
    event_id = _guests(engine)
    now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    with Session(engine) as session:
        event = session.get(Event, event_id)
        assert event is not None
        create_campaign(session, short, event, kind="invitation", send_at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
                        now=now)
        three_hours_later = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
        create_campaign(session, short, event, kind="invitation", channel="sms", send_at=three_hours_later, now=now)
        try:
            create_campaign(session, workspace, event, kind="invitation", send_at=three_hours_later, now=now)
        except CampaignConflict as refused:
            assert refused.code == "twice"
        else:
            raise AssertionError("24 hours: a third invitation the same day is the same round")
