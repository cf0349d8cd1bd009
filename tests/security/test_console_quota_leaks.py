"""Answers the free quota hides stay hidden on the campaign pages too (security review of 2026-12-07).

Over the quota without a package the owner's table shows counted answers only up to the limit
(scheduler/rsvp/quota.py). The campaign pages still named the hidden guests and gave their texts: the
one-guest preview answered for any guest id of the event (whether a reminder reaches them, i.e. they
are coming or unsure, and the text with their personal link, whose page shows the answer), and the
report and its export listed every recipient's line with that text. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.channels import ConsoleChannel
from bot.core.models import Campaign, Guest, OutboxItem
from bot.services import Services
from scheduler.rsvp.events import EventIn, create_event
from scheduler.rsvp.links import new_token_id
from tests.console.conftest import OWNER_PHONE, log_in, make_user

ANSWERED = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def over_quota(client: TestClient, channel: ConsoleChannel, engine: Engine,
               services: Services) -> tuple[TestClient, str, int, list[int], int]:
    """A free owner's business event one answer past its quota, a sent reminder to every guest, logged in.
    Returns the client, the CSRF token, the event id, the guest ids in table order and the campaign id."""
    make_user(engine, services)
    workspace = services.workspaces.by_slug("event-rsvp")
    assert workspace is not None
    limit = workspace.rsvp.quota_for("business")
    with Session(engine, expire_on_commit=False) as session:
        event = create_event(session, workspace, EventIn(
            key="biz", type="business", starts_at=datetime(2027, 3, 12, 17, 30, tzinfo=UTC), venue="Hall",
            owner={"name": "Dana", "phone": OWNER_PHONE}))  # type: ignore[arg-type]
        assert event.id is not None
        guests = [Guest(workspace="event-rsvp", event_id=event.id, name=f"Guest{n:02d}", phone=f"+9725223{n:05d}",
                        status="coming", party_size=2, invited_count=2, answered_at=ANSWERED, answer_source="link",
                        token_id=new_token_id()) for n in range(limit + 1)]
        session.add_all(guests)
        session.flush()
        campaign = Campaign(workspace="event-rsvp", event_id=event.id, kind="reminder", state="done")
        session.add(campaign)
        session.flush()
        assert campaign.id is not None
        session.add_all(OutboxItem(workspace="event-rsvp", campaign_id=campaign.id, guest_id=g.id or 0, phone=g.phone,
                                   body=f"Hi {g.name}, see you: https://bot.example.com/r/{g.token_id}.sig",
                                   state="sent", sent_at=ANSWERED) for g in guests)
        session.commit()
        ids = [g.id or 0 for g in guests]
        event_id, campaign_id = event.id, campaign.id
    return client, log_in(client, channel, OWNER_PHONE), event_id, ids, campaign_id


def test_the_table_hides_the_last_answer(over_quota: tuple[TestClient, str, int, list[int], int]) -> None:
    client, _, event_id, ids, _ = over_quota
    page = client.get(f"/app/events/{event_id}/guests?status=coming&page=1")
    assert page.status_code == 200
    assert client.get(f"/app/events/{event_id}/guests/{ids[-1]}").status_code == 404  # the guest page: hidden


def test_the_one_guest_preview_refuses_a_hidden_guest(over_quota: tuple[TestClient, str, int, list[int], int]) -> None:
    client, csrf, event_id, ids, _ = over_quota
    form = {"kind": "reminder", "channel": "sms", "csrf": csrf}
    shown = client.post(f"/app/events/{event_id}/campaigns/guest-preview", data={**form, "guest_id": str(ids[0])})
    hidden = client.post(f"/app/events/{event_id}/campaigns/guest-preview", data={**form, "guest_id": str(ids[-1])})
    assert shown.status_code == 200 and "Guest00" in shown.text
    assert hidden.status_code == 404
    assert "Guest" + f"{len(ids) - 1:02d}" not in hidden.text


def test_the_campaign_pages_do_not_name_a_hidden_guest(over_quota: tuple[TestClient, str, int, list[int], int],
                                                       engine: Engine) -> None:
    client, _, event_id, ids, campaign_id = over_quota
    last = f"Guest{len(ids) - 1:02d}"
    with Session(engine) as session:
        token = session.exec(select(Guest.token_id).where(col(Guest.id) == ids[-1])).one()
    pages = {"page": client.get(f"/app/events/{event_id}/campaigns"),
             "report": client.get(f"/app/events/{event_id}/campaigns/{campaign_id}"),
             "csv": client.get(f"/app/events/{event_id}/campaigns/{campaign_id}/export?format=csv")}
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert last not in page.text and token not in page.text, name
    assert "Guest00" in pages["page"].text and "Guest00" in pages["csv"].text  # the visible ones still are
