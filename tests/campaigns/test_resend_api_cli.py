"""`POST .../campaigns/{id}/resend` and `bot campaigns resend`: the follow-up once, then the same one again."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.models import RsvpAccount
from tests.campaigns.factories import add_guests, make_event, mobile
from tests.campaigns.helpers import Refusing, dispatcher, new_campaign
from tests.campaigns.test_cli import bot
from tests.conftest import FixedClock

TOKEN = {"Authorization": "Bearer demo-token-event-rsvp-00004"}
BASE = "/api/workspaces/event-rsvp/events/wedding-1/campaigns"


def _finished_with_one_failure(engine: Engine, clock: FixedClock) -> int:
    _, event_id = make_event(engine)
    add_guests(engine, event_id, [{"name": "Avi", "phone": mobile(1)}, {"name": "Noa", "phone": mobile(2)}])
    campaign_id = new_campaign(engine, event_id, send_at=clock.now)
    dispatcher(engine, Refusing(echo=False, refuse={mobile(2)}), clock).dispatch(campaign_id)
    return campaign_id


def test_resend_over_the_api(client: TestClient, engine: Engine, clock: FixedClock) -> None:
    campaign_id = _finished_with_one_failure(engine, clock)
    with Session(engine) as session:
        session.execute(update(RsvpAccount).values(sms_balance=0))  # type: ignore[arg-type]
        session.commit()
    first = client.post(f"{BASE}/{campaign_id}/resend", headers=TOKEN)
    assert first.status_code == 200, first.text
    assert (first.json()["created"], first.json()["recipients"]) == (True, 1)
    assert first.json()["cost_segments"] > 0 and "0" in first.json()["warning"]  # the balance will not cover it
    again = client.post(f"{BASE}/{campaign_id}/resend", headers=TOKEN, json={})
    assert again.json()["created"] is False and again.json()["campaign"]["id"] == first.json()["campaign"]["id"]
    quiet = client.post(f"{BASE}/{first.json()['campaign']['id']}/resend", headers=TOKEN)
    assert quiet.status_code == 409  # the follow-up itself has not finished
    assert client.post(f"{BASE}/{campaign_id}/resend", headers={}).status_code == 401


def test_resend_from_the_terminal(engine: Engine, clock: FixedClock, tmp_path: Path) -> None:
    campaign_id = _finished_with_one_failure(engine, clock)
    common = ("--workspace", "event-rsvp", "--event", "wedding-1", "--campaign", str(campaign_id))
    quiet = bot(engine, tmp_path, "resend", *common, "--at", "2027-01-01T23:00")
    said = " ".join(quiet.stderr.split())
    assert quiet.returncode == 2 and "next allowed time is 02.01.2027 20:00, Israel time" in said
    made = bot(engine, tmp_path, "resend", *common, "--at", "2027-01-03T10:00", "--json")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["recipients"] == 1
    same = bot(engine, tmp_path, "resend", *common, "--at", "2027-01-03T10:00")
    assert same.returncode == 0 and "already scheduled" in same.stdout
