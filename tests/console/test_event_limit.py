"""An event owner holds at most `rsvp.max_upcoming_events` events not yet over (review N14: one account made 50
events in 0.6 s, each able to hold 20,000 guests and 8 co-hosts). The limit is the workspace's (its YAML), the
refusal is in the owner's language, and nothing is created beyond it."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from bot.core.models import Event
from bot.services import Services


def test_the_console_refuses_an_event_beyond_the_workspaces_limit(logged_in: tuple[TestClient, str], engine: Engine,
                                                                    services: Services) -> None:
    client, token = logged_in
    workspace = services.workspaces.by_slug("event-rsvp")
    assert workspace is not None
    limit = workspace.rsvp.max_upcoming_events
    assert limit == 20  # from workspaces/event-rsvp.yaml
    first = date(2027, 3, 1)
    for n in range(limit):
        made = client.post("/app/events", data={"title": f"Event {n}", "type": "private", "time": "19:30",
                                                "date": (first + timedelta(days=n)).isoformat(),
                                                "venue": "Example Hall", "csrf": token}, follow_redirects=False)
        assert made.status_code == 303, made.text
    refused = client.post("/app/events", data={"title": "One more", "type": "private", "time": "19:30",
                                               "date": "2027-06-01", "venue": "Example Hall", "csrf": token})
    assert refused.status_code == 422
    assert f"יש לך כבר {limit} אירועים" in refused.text and "Traceback" not in refused.text
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Event)).one() == limit
